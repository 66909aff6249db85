//! Reviewers' corrections from the CLI: `queue flag` records and audits a flag on a version,
//! refuses stale versions and malformed flags, and `assess flags --json` exports each flag as
//! a labelled `assess` input that `assess --json` reads back.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use reviewgate::store::Store;

mod cli_support;

use cli_support::{add_reviewer, example_config, os_user, ROOT};

fn rg(cfg: &Path) -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.arg("--config").arg(cfg).env_remove("REVIEWGATE_ACTOR");
    c
}

fn json_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn show(cfg: &Path, id: &str) -> serde_json::Value {
    let out = rg(cfg)
        .args(["queue", "show", id, "--json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The bundled example scanned with its demo accounts and the calling OS user mapped to
/// reviewer alice: the config, its database and the item answering customer C-10429's post.
fn scanned(dir: &Path) -> (PathBuf, PathBuf, String) {
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
    add_reviewer(&cfg, "alice", "111", &[&os_user()]);
    let out = rg(&cfg).args(["queue", "list", "--json"]).output().unwrap();
    let id = json_lines(&out.stdout)
        .into_iter()
        .find(|i| i["customer_id"] == "C-10429")
        .expect("an item for the linked post")["id"]
        .to_string();
    (cfg, dir.join("example.sqlite3"), id)
}

fn flags(cfg: &Path) -> Vec<serde_json::Value> {
    let out = rg(cfg)
        .args(["assess", "flags", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    json_lines(&out.stdout)
}

#[test]
fn a_flag_is_audited_and_exported_as_a_labelled_assess_input() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, db, id) = scanned(dir.path());
    let item = show(&cfg, &id);
    assert_eq!(item["decision"], "routine", "{item}");
    assert!(flags(&cfg).is_empty());

    let note = "it tells them their plan between the lines";
    rg(&cfg)
        .args(["queue", "flag", &id, "--missed", "--note", note])
        .assert()
        .success()
        .stdout(predicate::str::contains("flagged missed"))
        .stdout(predicate::str::contains("expect needs_review"));

    // Audited as alice, on version 1, in the hash chain.
    let store = Store::open(&db).unwrap();
    let audit = store.audit_entries(Some(id.parse().unwrap())).unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "flag")
        .expect("an audit entry for the flag");
    assert_eq!(entry.actor, "cli:alice");
    assert_eq!(entry.version, Some(1));
    assert!(entry.detail.contains("missed"), "{}", entry.detail);
    assert!(
        entry.detail.contains("expects needs_review"),
        "{}",
        entry.detail
    );
    // The trail can not be purged, so it holds no note (which may quote account data).
    assert!(!entry.detail.contains("plan"), "{}", entry.detail);
    drop(store);
    rg(&cfg).args(["audit", "verify"]).assert().success();

    // Exported in the assess input format plus the reviewer's label.
    let lines = flags(&cfg);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let f = &lines[0];
    assert_eq!(f["customer_id"], "C-10429");
    assert_eq!(f["post_author"], item["post_author"]);
    assert!(!f["post_text"].as_str().unwrap().is_empty());
    assert_eq!(f["reply"], item["reply"]);
    assert_eq!(f["expected"], "needs_review");
    assert_eq!(f["flag"], "missed");
    assert_eq!(f["note"], note);
    assert_eq!(f["by"], "cli:alice");
    assert!(f["at"].as_str().unwrap().len() >= 20);
    assert_eq!(f["item_id"].to_string(), id);
    assert_eq!(f["version"], 1);
    assert_eq!(f["decision"], "routine");
    assert_eq!(f["findings"], item["findings"]);
    // The item itself is unchanged: a flag is a correction of the gate, not a decision.
    let after = show(&cfg, &id);
    assert_eq!(after["state"], "pending");
    assert_eq!(after["version"], 1);

    // The exported line is an `assess` input: assessing it again keeps the label beside the
    // new decision, so a team sees which corrections the gate now gets right.
    let out = rg(&cfg)
        .args(["assess", "--json"])
        .write_stdin(format!("{f}\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let again = json_lines(&out.stdout);
    assert_eq!(again.len(), 1);
    assert_eq!(again[0]["expected"], "needs_review");
    assert_eq!(again[0]["reply"], f["reply"]);
    assert!(again[0]["decision"].is_string());
}

#[test]
fn a_flag_names_the_version_it_is_about_and_too_strict_lowers_by_one_level() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, _db, id) = scanned(dir.path());
    rg(&cfg)
        .args(["queue", "rewrite", &id, "--text"])
        .arg("Hi bytewarden941, our records show your account was suspended after an abuse report in October.")
        .assert()
        .success()
        .stdout(predicate::str::contains("decision needs_review"));
    // Flagging the version one read, after someone rewrote it, is refused.
    rg(&cfg)
        .args([
            "queue",
            "flag",
            &id,
            "--too-strict",
            "--note",
            "fine",
            "--version",
            "1",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("now at version 2"));
    assert!(flags(&cfg).is_empty());
    // Without --version it is the current one.
    rg(&cfg)
        .args([
            "queue",
            "flag",
            &id,
            "--too-strict",
            "--note",
            "they said so",
        ])
        .assert()
        .success();
    let lines = flags(&cfg);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["version"], 2);
    assert_eq!(lines[0]["decision"], "needs_review");
    assert_eq!(lines[0]["expected"], "routine");
    assert_eq!(lines[0]["flag"], "too_strict");
    assert!(lines[0]["reply"]
        .as_str()
        .unwrap()
        .contains("suspended after an abuse report"));
    assert!(!lines[0]["findings"].as_array().unwrap().is_empty());
}

#[test]
fn malformed_flags_are_refused_as_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let (cfg, _db, id) = scanned(dir.path());
    // Exactly one of --missed / --too-strict.
    rg(&cfg)
        .args([
            "queue",
            "flag",
            &id,
            "--missed",
            "--too-strict",
            "--note",
            "x",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    rg(&cfg)
        .args(["queue", "flag", &id, "--note", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--missed"));
    // A note is required, and must say something.
    rg(&cfg)
        .args(["queue", "flag", &id, "--missed"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--note"));
    rg(&cfg)
        .args(["queue", "flag", &id, "--missed", "--note", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a note"));
    // Nothing is looser than routine.
    rg(&cfg)
        .args(["queue", "flag", &id, "--too-strict", "--note", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already routine"));
    rg(&cfg)
        .args(["queue", "flag", "999", "--missed", "--note", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no queue item 999"));
    assert!(flags(&cfg).is_empty());
    // `assess --json` still reads replies from stdin.
    rg(&cfg)
        .args(["assess", "--json"])
        .write_stdin("{\"customer_id\": null, \"post_author\": \"a\", \"post_text\": \"b\", \"reply\": \"Thanks!\"}\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"decision\":\"routine\""));
}
