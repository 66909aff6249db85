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

#[test]
fn products_are_checked_and_the_plans_accounts_share_are_products() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write_config(dir.path(), "products = [\"Mail Shield\", \"x\"]", "");
    reviewgate()
        .arg("--config")
        .arg(&bad)
        .arg("check-config")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("service.products[1]"));

    // A plan two accounts share is a product: its name's words are not the policy's.
    let line = r#"{"customer_id": null, "post_author": "x", "post_text": "", "reply": "Dès janvier, l'offre Mail Vault inclut l'archivage."}"#;
    let decision = |plans: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let cfg = write_config(dir.path(), "", "");
        let mut csv = String::from("id,name,email,hosts,status,plan,created_at,cancelled_at\n");
        for (i, plan) in plans.iter().enumerate() {
            csv.push_str(&format!(
                "C-{i},Person {i},p{i}@example.org,host{i}.example.org,active,{plan},2024-01-0{},\n",
                i + 1
            ));
        }
        let file = dir.path().join("accounts.csv");
        std::fs::write(&file, csv).unwrap();
        reviewgate()
            .current_dir(dir.path())
            .arg("--config")
            .arg(&cfg)
            .args(["customers", "import"])
            .arg(&file)
            .assert()
            .success();
        let out = reviewgate()
            .current_dir(dir.path())
            .arg("--config")
            .arg(&cfg)
            .args(["assess", "--json"])
            .write_stdin(format!("{line}\n"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        v["decision"].as_str().unwrap().to_string()
    };
    assert_eq!(
        decision(&["Mail Vault", "Mail Vault", "Starter"]),
        "routine"
    );
    // One account's plan alone may be a bespoke deal: it stays words.
    assert_eq!(
        decision(&["Mail Vault", "Starter", "Starter"]),
        "needs_review"
    );
}
