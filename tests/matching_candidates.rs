//! Ranked candidates end to end through the CLI: a post two namesakes fit is queued with both
//! as candidates; the gate holds a reply that discloses either one's data; a reviewer confirms
//! one (`queue confirm-match ID CUSTOMER`) or rejects all (`queue reject-matches`); posts the
//! repair sweep matches get their candidates too.

use std::path::Path;

use chrono::Utc;
use predicates::prelude::*;
use reviewgate::model::{Decision, ExtractedPost};
use reviewgate::queue::MatchState;
use reviewgate::store::{PollRecord, PolledPost, Store};

#[allow(dead_code)]
mod cli_support;
mod gate_support;

use gate_support::{config, items, rg, serve, store_path, thread, Site, ACCOUNTS_HEADER};

const ACCOUNTS: &str = "\
C-1,Ada Okonkwo,ada@okonkwo-consulting.example,okonkwo-consulting.example,active,business,2021-03-01,
C-2,Ada Okonkwo,ada.o@gmail.com,adabakes.example,active,pro,2019-06-12,
C-3,Sven Holm,sven@holm-it.example,holm-it.example,active,starter,2022-01-10,
";

const POST: &str = "Smart Security Scan flagged nothing while my shop was serving spam for a week. Very disappointed.<br>Ada Okonkwo | Owner";

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

/// A forum with the namesake's post, the accounts imported and one scan done.
fn scanned(dir: &Path) -> std::path::PathBuf {
    let site = Site::default();
    site.set(
        "forum",
        thread(&[("p1".into(), "Ada Okonkwo".into(), POST.into())]),
    );
    let addr = serve(site);
    let cfg = config(
        dir,
        addr,
        &["forum".into()],
        &extra(&cli_support::os_user()),
    );
    let accounts = dir.join("accounts.csv");
    std::fs::write(&accounts, format!("{ACCOUNTS_HEADER}{ACCOUNTS}")).unwrap();
    rg(&cfg)
        .args(["customers", "import"])
        .arg(&accounts)
        .assert()
        .success();
    rg(&cfg).args(["scan", "--once"]).assert().success();
    cfg
}

fn candidate_ids(cfg: &Path) -> Vec<String> {
    let item = &items(cfg)[0];
    item.candidates
        .iter()
        .map(|c| c.customer_id.clone())
        .collect()
}

#[test]
fn namesakes_are_queued_as_candidates_and_a_reviewer_confirms_one() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = scanned(dir.path());
    let all = items(&cfg);
    assert_eq!(all.len(), 1);
    let item = &all[0];
    assert_eq!(item.match_state, MatchState::Candidate);
    let mut ids = candidate_ids(&cfg);
    ids.sort();
    assert_eq!(ids, ["C-1", "C-2"]);
    let id = item.id.to_string();
    // `queue show` lists them, with how to choose.
    rg(&cfg)
        .args(["queue", "show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("1. C-"))
        .stdout(predicate::str::contains("2. C-"))
        .stdout(predicate::str::contains("confirm-match"));
    // An account that is not a candidate is refused (exit 2), naming no account.
    rg(&cfg)
        .args(["queue", "confirm-match", &id, "C-3", "--version", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not one of this item's candidates",
        ));
    rg(&cfg)
        .args(["queue", "confirm-match", &id, "C-2", "--version", "1"])
        .assert()
        .success();
    let item = &items(&cfg)[0];
    assert_eq!(item.match_state, MatchState::Confirmed);
    assert_eq!(item.customer_id.as_deref(), Some("C-2"));
    // Nothing left to choose.
    rg(&cfg)
        .args(["queue", "confirm-match", &id, "C-1", "--version", "1"])
        .assert()
        .code(2);
    // The decision is two labelled pairs: the confirmed namesake and the other one.
    let out = rg(&cfg)
        .args(["match", "pairs", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let pairs: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(pairs.len(), 2, "{pairs:?}");
    for p in &pairs {
        let expected = if p["customer_id"] == "C-2" {
            "match"
        } else {
            "non_match"
        };
        assert_eq!(p["label"], expected, "{p}");
        assert_eq!(p["by"], "cli:alice");
        assert_eq!(p["author"], "Ada Okonkwo");
        assert!(p["text"].as_str().unwrap().contains("serving spam"));
        assert!(!p["evidence"].as_array().unwrap().is_empty());
    }
    let out = rg(&cfg)
        .args(["match", "weights", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["method"], "counting");
    assert_eq!(
        (r["matches"].as_u64(), r["non_matches"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(r["before"]["precision"].is_number() && r["after"]["recall"].is_number());
    // `match --json` still reads posts from stdin.
    rg(&cfg)
        .args(["match", "--json"])
        .write_stdin("{\"author\": \"Ada Okonkwo\", \"text\": \"hi\"}\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"candidates\""));
}

#[test]
fn the_gate_holds_a_reply_that_discloses_any_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = scanned(dir.path());
    let item = items(&cfg).remove(0);
    let id = item.id.to_string();
    let best = item.customer_id.clone().unwrap();
    // The host of whichever namesake is NOT the best candidate.
    let other_host = if best == "C-1" {
        "adabakes.example"
    } else {
        "okonkwo-consulting.example"
    };
    rg(&cfg)
        .args(["queue", "rewrite", &id, "--text"])
        .arg(format!(
            "Hello Ada, we scanned {other_host} again and it is clean now."
        ))
        .assert()
        .success();
    let item = items(&cfg).remove(0);
    assert_eq!(item.version, 2);
    assert_ne!(
        item.decision,
        Decision::Routine,
        "a candidate's host in the reply: {item:?}"
    );
    assert!(!item.redacted.contains(other_host), "{}", item.redacted);
    // Rejecting all candidates keeps the bar: the reply still discloses a real account.
    rg(&cfg)
        .args(["queue", "reject-matches", &id, "--version", "2"])
        .assert()
        .success();
    let item = items(&cfg).remove(0);
    assert_eq!(item.match_state, MatchState::Rejected);
    assert_eq!(item.version, 3);
    assert_ne!(item.decision, Decision::Routine);
    // Rejecting all labels every candidate a non-match.
    let out = rg(&cfg)
        .args(["match", "pairs", "--json"])
        .output()
        .unwrap();
    let labels: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["label"].to_string())
        .collect();
    assert_eq!(labels, ["\"non_match\"", "\"non_match\""]);
}

#[test]
fn posts_the_repair_sweep_matches_get_their_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = scanned(dir.path());
    // A post stored by a poll that died before matching (an older reviewgate, a crash).
    {
        let store = Store::open(&store_path(&cfg)).unwrap();
        store
            .commit_poll(&PollRecord {
                source: "forum".into(),
                at: Utc::now(),
                posts: vec![PolledPost {
                    post: ExtractedPost {
                        id: "p2".into(),
                        url: None,
                        author: "Ada Okonkwo".into(),
                        published_at: None,
                        text: POST.replace("<br>", "\n"),
                        quotes: vec![],
                        truncated: false,
                        details: Default::default(),
                    },
                    relevant: true,
                }],
                ..PollRecord::default()
            })
            .unwrap();
        assert!(store
            .post("forum", "p2")
            .unwrap()
            .unwrap()
            .matched
            .is_none());
    }
    rg(&cfg).args(["scan", "--once"]).assert().success();
    let store = Store::open(&store_path(&cfg)).unwrap();
    let mut ids: Vec<String> = store
        .post_candidates("forum", "p2")
        .unwrap()
        .into_iter()
        .map(|c| c.customer_id)
        .collect();
    ids.sort();
    assert_eq!(ids, ["C-1", "C-2"], "the sweep stores the candidates too");
    let queued = items(&cfg)
        .into_iter()
        .find(|i| i.post_id == "p2")
        .expect("the sweep queues the post");
    assert_eq!(queued.candidates.len(), 2);
}
