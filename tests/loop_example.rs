//! The README's first command on the bundled example shows both outcomes of the watcher on
//! its first `scan --once`: a staff reply that passed the gate (identical to the approved
//! version: verified, the item posted with the reply's URL) and one that did not (a sentence
//! changed after approval, drawing on the customer's mailbox: an unreviewed publication).

mod cli_support;

use assert_cmd::Command;
use cli_support::example_config;

#[test]
fn the_example_scan_shows_a_verified_reply_and_an_unreviewed_publication() {
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
    // The reply identical to the approved version: verified, the item posted with its URL.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("VERIFIED, item posted") && l.ends_with("#p80102")),
        "{lines:?}"
    );
    // The reply with a changed sentence: an unreviewed publication, blocked, with findings.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("UNREVIEWED PUBLICATION (decision blocked)")
                && l.ends_with("#p80104")),
        "{lines:?}"
    );
    assert!(
        printed.contains("differs from the approved version 1"),
        "{printed}"
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
    assert_eq!(list.len(), 1, "{list:?}");
    let blocked = &list[0];
    assert_eq!(blocked["post_id"], "p80104");
    assert_eq!(blocked["assessment"]["decision"], "blocked");
    assert!(
        !blocked["assessment"]["findings"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{blocked}"
    );
    assert!(
        blocked["reason"]
            .as_str()
            .unwrap()
            .contains("differs from the approved version"),
        "{blocked}"
    );

    // The README's third step: the verified item is posted (with the reply's URL), the one
    // answered with a changed text stays approved; the staff posts were never drafted for.
    let items = rg().args(["queue", "list", "--json"]).output().unwrap();
    let items: Vec<serde_json::Value> = String::from_utf8(items.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |post: &str| {
        items
            .iter()
            .find(|i| i["post_id"] == post)
            .unwrap_or_else(|| panic!("no item for {post}"))
    };
    assert_eq!(of("p80101")["state"], "posted");
    assert_eq!(of("p80103")["state"], "approved");
    assert!(!items
        .iter()
        .any(|i| i["post_id"] == "p80102" || i["post_id"] == "p80104"));
    let shown = rg()
        .args(["queue", "show", &of("p80101")["id"].to_string(), "--json"])
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains("#p80102"), "{shown}");
}
