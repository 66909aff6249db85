//! The bundled example shows both outcomes of the watcher on its first `scan --once`: a staff
//! reply that passes the gate's assessment (the bot's routine draft, posted before anyone
//! approved it) and one that does not (it draws on the customer's mailbox: urgent).

mod cli_support;

use assert_cmd::Command;
use cli_support::example_config;

#[test]
fn the_example_scan_reports_the_staff_replies_that_bypassed_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = example_config(dir.path());
    let rg = || {
        let mut c = Command::cargo_bin("reviewgate").unwrap();
        c.arg("--config").arg(&cfg);
        c
    };
    rg().args([
        "customers",
        "import",
        &format!("{}/fixtures/customers.csv", cli_support::ROOT),
    ])
    .assert()
    .success();
    let out = rg().args(["scan", "--once"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = printed
        .lines()
        .filter(|l| l.contains("staff reply by SSS_Support"))
        .collect();
    assert_eq!(lines.len(), 2, "{printed}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("UNREVIEWED PUBLICATION (decision routine)")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("UNREVIEWED PUBLICATION (decision blocked)")),
        "{lines:?}"
    );

    let out = rg()
        .args(["queue", "unreviewed", "--json"])
        .output()
        .unwrap();
    let list: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(list.len(), 2);
    let blocked = list.iter().find(|p| p["post_id"] == "p80104").unwrap();
    assert_eq!(blocked["assessment"]["decision"], "blocked");
    assert!(
        blocked["url"].as_str().unwrap().ends_with("#p80104"),
        "{blocked}"
    );
    let routine = list.iter().find(|p| p["post_id"] == "p80102").unwrap();
    assert!(
        routine["reason"].as_str().unwrap().contains("pending"),
        "{routine}"
    );
    // Never drafted for, never matched.
    let items = rg().args(["queue", "list", "--json"]).output().unwrap();
    assert!(!String::from_utf8(items.stdout)
        .unwrap()
        .contains("\"p80104\""));
}
