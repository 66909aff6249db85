//! The CLI's side of the two-person rule: every decision names the version it was made on,
//! and the CLI acts only as the reviewer that `[[reviewers]]` maps to the calling OS account.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

mod cli_support;

use cli_support::{add_reviewer, example_config, os_user, ROOT};

fn rg(cfg: &Path) -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.arg("--config").arg(cfg).env_remove("REVIEWGATE_ACTOR");
    c
}

fn show(cfg: &Path, id: &str) -> serde_json::Value {
    let out = rg(cfg)
        .args(["queue", "show", id, "--json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The bundled example scanned with its demo accounts: returns the config and the id of the
/// item answering the linked post of customer C-10429.
fn scanned(dir: &Path) -> (std::path::PathBuf, String) {
    let cfg = example_config(dir);
    rg(&cfg)
        .args([
            "customers",
            "import",
            &format!("{ROOT}/fixtures/customers.csv"),
        ])
        .assert()
        .success();
    rg(&cfg).args(["scan", "--once"]).assert().success();
    let out = rg(&cfg).args(["queue", "list", "--json"]).output().unwrap();
    let id = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|i| i["customer_id"] == "C-10429")
        .expect("an item for the linked post")["id"]
        .to_string();
    (cfg, id)
}

#[test]
fn a_cli_decision_names_the_version_it_was_made_on_and_a_stale_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, id) = scanned(dir.path());
    rg(&cfg)
        .args(["queue", "show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("--version 1"));
    assert_eq!(show(&cfg, &id)["version"], 1);
    // A reviewer reads version 1; meanwhile someone rewrites it.
    rg(&cfg)
        .args(["queue", "rewrite", &id, "--text"])
        .arg("Thanks for the report, bytewarden941; we are looking into it.")
        .assert()
        .success()
        .stdout(predicate::str::contains("version 2"));
    // Approving what they read is refused: it is no longer the text that would go out.
    rg(&cfg)
        .args(["queue", "approve", &id, "--version", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("version 1"))
        .stderr(predicate::str::contains("now at version 2"));
    // Naming no version is refused too, saying which one is current and how to pass it.
    rg(&cfg)
        .args(["queue", "approve", &id])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--version 2"));
    for edit in [
        vec!["use-redacted"],
        vec!["confirm-match"],
        vec!["not-this-account"],
        vec!["reject", "--version", "1"],
        vec!["not-this-account", "--version", "1"],
    ] {
        let mut args = vec!["queue", edit[0], id.as_str()];
        args.extend(&edit[1..]);
        rg(&cfg)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("version 2"));
    }
    let item = show(&cfg, &id);
    assert_eq!(item["state"], "pending", "{item}");
    assert_eq!(item["approvals"].as_array().unwrap().len(), 0);
    // The version read is the current one: approved (routine, one reviewer).
    rg(&cfg)
        .args(["queue", "approve", &id, "--version", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("approved (version 2"));
    // Publishing names the approved version as well.
    rg(&cfg)
        .args([
            "queue",
            "mark-posted",
            &id,
            "--version",
            "1",
            "--where",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("now at version 2"));
    rg(&cfg)
        .args([
            "queue",
            "mark-posted",
            &id,
            "--version",
            "2",
            "--where",
            "x",
        ])
        .assert()
        .success();
}

#[test]
fn the_cli_acts_only_as_the_reviewer_mapped_to_the_real_os_user() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, id) = scanned(dir.path());
    rg(&cfg)
        .args(["queue", "rewrite", &id, "--text"])
        .arg("Hi bytewarden941, our records show your account was suspended after an abuse report in October.")
        .assert()
        .success()
        .stdout(predicate::str::contains("decision needs_review"));
    let me = os_user();
    // Reviewers are configured, but not for this account: it can not act at all.
    add_reviewer(&cfg, "bob", "222", &["someone-else"]);
    rg(&cfg)
        .args(["queue", "approve", &id, "--version", "2", "--reason", "r"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "OS user {me:?} is not in the os_users"
        )));
    // Mapped to alice: the CLI is alice, whatever --as, REVIEWGATE_ACTOR or $USER say.
    add_reviewer(&cfg, "Alice", "111", &[&me.to_uppercase()]);
    rg(&cfg)
        .args([
            "queue",
            "approve",
            &id,
            "--version",
            "2",
            "--as",
            "bob",
            "--reason",
            "r",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not match who is calling"));
    rg(&cfg)
        .env("REVIEWGATE_ACTOR", "bob")
        .args(["queue", "approve", &id, "--version", "2", "--reason", "r"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not match who is calling"));
    rg(&cfg)
        .env("USER", "bob")
        .env("LOGNAME", "bob")
        .args([
            "queue",
            "approve",
            &id,
            "--version",
            "2",
            "--reason",
            "first",
        ])
        .assert()
        .success();
    // The same person again, spelled differently, is still one person.
    rg(&cfg)
        .env("USER", "carol")
        .args([
            "queue",
            "approve",
            &id,
            "--version",
            "2",
            "--as",
            "ALICE",
            "--reason",
            "second",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("different reviewer"));
    let item = show(&cfg, &id);
    assert_eq!(item["state"], "pending", "{item}");
    assert_eq!(item["approvals"][0]["by"], "cli:alice");
    // Trying to act as someone else left a trace in the audit trail.
    let store = reviewgate::store::Store::open(&dir.path().join("example.sqlite3")).unwrap();
    let audit = store.audit_entries(id.parse().ok()).unwrap();
    assert!(
        audit.iter().any(|e| e.actor == format!("os:{me}")
            && e.action == "refuse:approve"
            && e.detail.contains("--as \"bob\"")),
        "{audit:?}"
    );
    assert_eq!(item["approvals"].as_array().unwrap().len(), 1);
}
