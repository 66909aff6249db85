//! `match weights --apply` end to end: reviewers' decisions on namesakes become labelled pairs,
//! the re-estimated weights are applied only when there are enough pairs and precision on them
//! does not fall, the change is audited, and the matcher reads the applied weights when it is
//! built: `match --json` then ranks the namesakes as reviewers did.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use reviewgate::store::Store;

#[allow(dead_code)]
mod cli_support;
mod gate_support;

use gate_support::{config, items, rg, serve, store_path, thread, Site, ACCOUNTS_HEADER};

/// Two namesakes, one with a country on file, and an account of its own in the same country.
const ACCOUNTS: &str = "id,name,email,hosts,status,plan,created_at,cancelled_at,country
C-1,Ada Okonkwo,ada@okonkwo-consulting.example,okonkwo-consulting.example,active,business,2021-03-01,,Nigeria
C-2,Ada Okonkwo,ada.o@gmail.com,adabakes.example,active,pro,2019-06-12,,
C-3,Bola Adeyemi,bola@adeyemi.example,,active,pro,2019-06-12,,Nigeria
";

fn text(i: usize) -> String {
    format!("Smart Security Scan flagged nothing while my shop in Nigeria was serving spam (week {i}). Very disappointed.")
}

fn extra(me: &str) -> String {
    format!(
        r#"
[[drafts.templates]]
name = "thanks"
text = "Thank you for the feedback, {{author}}. We read every review and pass it on to the team."

[[reviewers]]
name = "alice"
discord_user_id = "111"
os_users = ["{me}"]
"#
    )
}

/// A forum with `posts` (author, text), the accounts imported and one scan done.
fn scanned(dir: &Path, posts: &[(&str, String)]) -> PathBuf {
    let site = Site::default();
    let posts: Vec<(String, String, String)> = posts
        .iter()
        .enumerate()
        .map(|(i, (a, t))| (format!("p{i}"), a.to_string(), t.clone()))
        .collect();
    site.set("forum", thread(&posts));
    let addr = serve(site);
    let cfg = config(
        dir,
        addr,
        &["forum".into()],
        &extra(&cli_support::os_user()),
    );
    let accounts = dir.join("accounts.csv");
    std::fs::write(&accounts, ACCOUNTS).unwrap();
    assert!(ACCOUNTS.starts_with(ACCOUNTS_HEADER.trim_end()));
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();
    rg(&cfg).args(["scan", "--once"]).assert().success();
    cfg
}

/// The reviewer's decision on the item of post `post_id`: confirm an account, or reject all.
fn decide(cfg: &Path, post_id: &str, confirm: Option<&str>) {
    let item = items(cfg)
        .into_iter()
        .find(|i| i.post_id == post_id)
        .unwrap_or_else(|| panic!("{post_id} was queued"));
    let id = item.id.to_string();
    let version = item.version.to_string();
    match confirm {
        Some(c) => rg(cfg)
            .args(["queue", "confirm-match", &id, c, "--version", &version])
            .assert()
            .success(),
        None => rg(cfg)
            .args(["queue", "reject-matches", &id, "--version", &version])
            .assert()
            .success(),
    };
}

/// The accounts `match --json` offers for a post, best first.
fn ranked(cfg: &Path, author: &str, text: &str) -> Vec<String> {
    let line = serde_json::json!({"author": author, "text": text}).to_string();
    let out = rg(cfg)
        .args(["match", "--json"])
        .write_stdin(format!("{line}\n"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids = vec![v["match"]["customer_id"].as_str().unwrap().to_string()];
    for c in v["candidates"].as_array().unwrap() {
        let id = c["customer_id"].as_str().unwrap().to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn weight_actions(cfg: &Path) -> Vec<(String, String, String)> {
    let store = Store::open(&store_path(cfg)).unwrap();
    store
        .audit_entries(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action.contains("match_weights"))
        .map(|e| (e.actor, e.action, e.detail))
        .collect()
}

#[test]
fn too_few_pairs_are_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = scanned(dir.path(), &[("Ada Okonkwo", text(0))]);
    // The matcher ranks the namesake with the stated country first.
    assert_eq!(ranked(&cfg, "Ada Okonkwo", &text(0)), ["C-1", "C-2"]);
    decide(&cfg, "p0", Some("C-2"));
    rg(&cfg)
        .args(["match", "weights", "--apply"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("too few labelled pairs"))
        .stderr(predicate::str::contains("2 pairs from 1 decided post"));
    assert_eq!(ranked(&cfg, "Ada Okonkwo", &text(0)), ["C-1", "C-2"]);
    let store = Store::open(&store_path(&cfg)).unwrap();
    assert!(store.match_weights().unwrap().is_empty());
    drop(store);
    let audited = weight_actions(&cfg);
    assert_eq!(audited.len(), 1, "{audited:?}");
    assert_eq!(audited[0].0, "cli:alice");
    assert_eq!(audited[0].1, "refuse:apply_match_weights");
}

#[test]
fn weights_that_raise_precision_are_applied_audited_and_rank_namesakes() {
    let dir = tempfile::tempdir().unwrap();
    let posts: Vec<(&str, String)> = (0..10).map(|i| ("Ada Okonkwo", text(i))).collect();
    let cfg = scanned(dir.path(), &posts);
    assert_eq!(ranked(&cfg, "Ada Okonkwo", &text(0)), ["C-1", "C-2"]);
    // Each time, the reviewer found the post was by the namesake with no country on file.
    for i in 0..10 {
        decide(&cfg, &format!("p{i}"), Some("C-2"));
    }
    // Without --apply: the report, and nothing applied.
    rg(&cfg)
        .args(["match", "weights"])
        .assert()
        .success()
        .stdout(predicate::str::contains("precision 0.000"))
        .stdout(predicate::str::contains("precision 1.000"))
        .stdout(predicate::str::contains("nothing was applied"));
    assert_eq!(ranked(&cfg, "Ada Okonkwo", &text(0)), ["C-1", "C-2"]);
    rg(&cfg)
        .args(["match", "weights", "--apply"])
        .assert()
        .success()
        .stdout(predicate::str::contains("applied"));
    // The matcher reads them when it is built: the namesake reviewers chose comes first now.
    assert_eq!(ranked(&cfg, "Ada Okonkwo", &text(11)), ["C-2", "C-1"]);
    // They order candidates only: a single candidate stays one, and nothing becomes a link.
    assert_eq!(ranked(&cfg, "Bola Adeyemi", &text(12)), ["C-3"]);
    let store = Store::open(&store_path(&cfg)).unwrap();
    let applied = store.match_weights().unwrap();
    let country = applied
        .iter()
        .find(|w| w.feature == "context:country")
        .expect("the country feature is applied");
    assert!(country.weight < 0.0, "{country:?}");
    assert_eq!((country.in_matches, country.in_non_matches), (0, 10));
    drop(store);
    let audited = weight_actions(&cfg);
    assert_eq!(audited.len(), 1, "{audited:?}");
    let (actor, action, detail) = &audited[0];
    assert_eq!(
        (actor.as_str(), action.as_str()),
        ("cli:alice", "apply_match_weights")
    );
    assert!(detail.contains("20 pairs"), "{detail}");
    assert!(detail.contains("precision 0.000 -> 1.000"), "{detail}");
}

#[test]
fn weights_that_lower_precision_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut posts: Vec<(&str, String)> = (0..5).map(|i| ("Ada Okonkwo", text(i))).collect();
    posts.extend((5..15).map(|i| ("Bola Adeyemi", text(i))));
    let cfg = scanned(dir.path(), &posts);
    // The matcher is right on three of five namesake posts; the ten posts signed by the other
    // account's name were not by it. Counting then sees the stated country mostly in
    // non-matches, and the namesake with the country on file would drop to second place.
    for i in 0..5 {
        decide(
            &cfg,
            &format!("p{i}"),
            Some(if i < 3 { "C-1" } else { "C-2" }),
        );
    }
    for i in 5..15 {
        decide(&cfg, &format!("p{i}"), None);
    }
    rg(&cfg)
        .args(["match", "weights", "--apply"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "precision on the labelled pairs would fall",
        ))
        .stderr(predicate::str::contains("0.200 -> 0.133"));
    let store = Store::open(&store_path(&cfg)).unwrap();
    assert!(store.match_weights().unwrap().is_empty());
    drop(store);
    assert_eq!(ranked(&cfg, "Ada Okonkwo", &text(20)), ["C-1", "C-2"]);
    let audited = weight_actions(&cfg);
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].1, "refuse:apply_match_weights");
}
