//! The assessment's config end to end: `[service]` company facts and `[[assess.entries]]` are
//! checked by `check-config` (every problem with file, line and key; exit 2), and
//! `assess --explain` prints why a reply was held.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn reviewgate() -> Command {
    let mut c = Command::cargo_bin("reviewgate").unwrap();
    c.env_remove("REVIEWGATE_CONFIG")
        .env_remove("DISCORD_TOKEN");
    c
}

fn write_config(dir: &Path, extra_service: &str, extra: &str) -> std::path::PathBuf {
    let text = format!(
        "[service]\nname = \"Smart Security Scan\"\ndomains = [\"smartsecurityscan.com\"]\n{extra_service}\n\
         [store]\npath = \"data/test.sqlite3\"\n{extra}\n"
    );
    let p = dir.join("cfg.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn bad_company_facts_and_policy_entries_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        "address_ranges = [\"198.18.40.0/24\", \"198.18.40/99\"]\nphones = [\"12\"]\ncontact_emails = [\"dpo\"]",
        "[assess]\nprofile = \"strict\"\n[[assess.entries]]\nlanguage = \"it\"\nid = \"x\"\nrole = \"account\"\nterms = [\"conto\"]",
    );
    reviewgate()
        .arg("--config")
        .arg(&cfg)
        .arg("check-config")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cfg.toml:4: service.address_ranges[1]",
        ))
        .stderr(predicate::str::contains("service.phones[0]"))
        .stderr(predicate::str::contains("service.contact_emails[0]"))
        .stderr(predicate::str::contains("assess.entries[0]"))
        .stderr(predicate::str::contains("\"it\" has no stemmer"));
}

#[test]
fn explain_names_class_entry_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write_config(
        dir.path(),
        "phones = [\"+49 89 2555 3000\"]",
        "[[assess.entries]]\nlanguage = \"en\"\nid = \"billing.local\"\nrole = \"account\"\nclass = \"billing\"\nterms = [\"overdraft notice\"]",
    );
    let line = r#"{"customer_id": null, "post_author": "x", "post_text": "", "reply": "Thanks! Your overdraft notice went out twice. Call +49 89 2555 3000."}"#;
    reviewgate()
        .arg("--config")
        .arg(&cfg)
        .args(["assess", "--explain"])
        .write_stdin(format!("{line}\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains("reply 1: needs_review"))
        .stdout(predicate::str::contains(
            "billing by en.billing.local: \"overdraft notice\"",
        ))
        // Each sentence lists the policy terms it was read by.
        .stdout(predicate::str::contains(
            "account_fact \"overdraft notice\" (en.billing.local)",
        ));
    reviewgate()
        .arg("--config")
        .arg(&cfg)
        .args(["assess", "--json"])
        .write_stdin(format!("{line}\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""entry":"en.billing.local""#))
        .stdout(predicate::str::contains(r#""class":"billing""#));
}
