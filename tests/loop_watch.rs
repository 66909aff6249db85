//! Closing the loop, end to end through the CLI: a staff account's reply on a watched page is
//! checked against the approved version of the item it answers. Equal: the item is posted by
//! `system:watcher`. Changed, or answering an item not approved: an unreviewed publication,
//! assessed, alerted to the admin channel, listed by `queue unreviewed`.

mod gate_support;

use std::path::{Path, PathBuf};

use chrono::Utc;
use gate_support::{config, items, rg, serve, store_path, thread, Site};
use reviewgate::queue::State;
use reviewgate::store::{OutboxKind, Store};

const STAFF: &str = "SSS Support";

fn post(id: &str, author: &str, text: &str) -> (String, String, String) {
    (id.into(), author.into(), text.into())
}

/// A forum with one thread per name, a config naming the staff account, and an admin channel
/// (so alerts land in the outbox; no token is needed to scan).
fn setup(dir: &Path, threads: &[&str]) -> (Site, PathBuf) {
    let site = Site::default();
    let addr = serve(site.clone());
    let names: Vec<String> = threads.iter().map(|s| s.to_string()).collect();
    let discord = "\n[discord]\ntoken_env = \"RG_LOOP_TEST_TOKEN\"\nreview_channel_id = 1\nadmin_channel_id = 2\nreviewer_role_id = 3\nadmin_role_id = 4\napi_base = \"http://127.0.0.1:9\"\n";
    let cfg = config(dir, addr, &names, discord);
    let text = std::fs::read_to_string(&cfg).unwrap().replacen(
        "reply_window = \"0s\"\n",
        &format!("reply_window = \"0s\"\nstaff_authors = [\"{STAFF}\"]\n"),
        1,
    );
    std::fs::write(&cfg, text).unwrap();
    (site, cfg)
}

const QUESTION: &str = "Is Smart Security Scan worth it? My scans keep timing out since Monday.";

fn scan(cfg: &Path) -> String {
    let out = rg(cfg).args(["scan", "--once"]).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The draft queued for the question, approved at version 1 through the CLI.
fn approve_first(cfg: &Path) -> (i64, String) {
    let item = items(cfg)
        .into_iter()
        .find(|i| i.source == "t1")
        .expect("the question is queued");
    rg(cfg)
        .args(["queue", "approve", &item.id.to_string(), "--version", "1"])
        .assert()
        .success();
    (item.id, item.reply)
}

#[test]
fn a_staff_reply_identical_to_the_approved_version_marks_the_item_posted() {
    let dir = tempfile::tempdir().unwrap();
    let (site, cfg) = setup(dir.path(), &["t1"]);
    site.set("t1", thread(&[post("p1", "nkim_dev", QUESTION)]));
    scan(&cfg);
    let (id, approved) = approve_first(&cfg);

    // As the forum renders it: smart quotes, re-wrapped lines, bold.
    let rendered = approved
        .replace('\'', "\u{2019}")
        .replacen(", ", ",\n  ", 1);
    site.set(
        "t1",
        thread(&[
            post("p1", "nkim_dev", QUESTION),
            post("p2", STAFF, &format!("<b>{rendered}</b>")),
        ]),
    );
    let printed = scan(&cfg);
    assert!(printed.contains("VERIFIED"), "{printed}");

    let all = items(&cfg);
    assert_eq!(all.len(), 1, "a staff post is never drafted for: {all:?}");
    let item = &all[0];
    assert_eq!(item.id, id);
    assert_eq!(item.state, State::Posted);
    let posted = item.posted.as_ref().expect("posted");
    assert_eq!(posted.by, "system:watcher");
    assert!(
        posted.place.ends_with("/t/t1#p2"),
        "the staff post's URL: {}",
        posted.place
    );

    let store = Store::open(&store_path(&cfg)).unwrap();
    let staff_post = store.post("t1", "p2").unwrap().unwrap();
    assert_eq!(staff_post.matched, None, "a staff post is never matched");
    let trail = store.audit_entries(None).unwrap();
    assert!(trail.iter().any(|e| e.actor == "system:watcher"
        && e.action == "mark_posted"
        && e.item_id == Some(id)));
    assert!(store.unreviewed_publications().unwrap().is_empty());
    drop(store);

    let out = rg(&cfg)
        .args(["queue", "unreviewed", "--json"])
        .assert()
        .success();
    assert!(out.get_output().stdout.is_empty());
    let out = rg(&cfg)
        .args(["queue", "stats", "--json"])
        .assert()
        .success();
    let row: serde_json::Value = serde_json::from_slice(
        out.get_output()
            .stdout
            .split(|b| *b == b'\n')
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(row["source"], "t1");
    assert_eq!(
        (
            &row["approved"],
            &row["published"],
            &row["verified"],
            &row["unreviewed"]
        ),
        (&1.into(), &1.into(), &1.into(), &0.into())
    );
    assert!(row["median_post_to_reply_secs"].is_number(), "{row}");
    // Checked once: a rescan prints nothing.
    assert_eq!(scan(&cfg), "");

    // Edited after it was verified: the new text is a publication nobody approved.
    let edited = format!("{approved} Your server's mailbox was full, by the way.");
    site.set(
        "t1",
        thread(&[post("p1", "nkim_dev", QUESTION), post("p2", STAFF, &edited)]),
    );
    let printed = scan(&cfg);
    assert!(printed.contains("UNREVIEWED PUBLICATION"), "{printed}");
    let store = Store::open(&store_path(&cfg)).unwrap();
    let unreviewed = store.unreviewed_publications().unwrap();
    assert_eq!(unreviewed.len(), 1, "{unreviewed:?}");
    assert!(unreviewed[0]
        .reason
        .contains("differs from the approved version 1"));
    assert!(store
        .audit_entries(Some(id))
        .unwrap()
        .iter()
        .any(|e| e.action == "publication_edited"));
}

#[test]
fn a_staff_reply_with_a_changed_sentence_is_an_urgent_unreviewed_publication() {
    let dir = tempfile::tempdir().unwrap();
    let (site, cfg) = setup(dir.path(), &["t1", "t2"]);
    site.set("t1", thread(&[post("p1", "nkim_dev", QUESTION)]));
    site.set(
        "t2",
        thread(&[post(
            "q1",
            "marta_k",
            "Smart Security Scan flagged my shop twice this week.",
        )]),
    );
    scan(&cfg);
    let (id, approved) = approve_first(&cfg);
    let pending = items(&cfg).into_iter().find(|i| i.source == "t2").unwrap();

    // One sentence changed: it now discloses what the company saw on the customer's server.
    let (head, _) = approved
        .split_once(". ")
        .expect("the draft has several sentences");
    let changed = format!("{head}. We checked the mailbox on your server and found the problem.");
    site.set(
        "t1",
        thread(&[
            post("p1", "nkim_dev", QUESTION),
            post("p2", STAFF, &changed),
        ]),
    );
    // And a reply past the gate entirely: the pending draft, never approved, posted by hand.
    site.set(
        "t2",
        thread(&[
            post(
                "q1",
                "marta_k",
                "Smart Security Scan flagged my shop twice this week.",
            ),
            post("q2", STAFF, &pending.reply),
        ]),
    );
    let printed = scan(&cfg);
    assert!(printed.contains("UNREVIEWED PUBLICATION"), "{printed}");

    let all = items(&cfg);
    let item = all.iter().find(|i| i.id == id).unwrap();
    assert_eq!(
        item.state,
        State::Approved,
        "a changed text does not mark the item posted"
    );
    assert!(item.posted.is_none());

    let store = Store::open(&store_path(&cfg)).unwrap();
    let unreviewed = store.unreviewed_publications().unwrap();
    assert_eq!(unreviewed.len(), 2, "{unreviewed:?}");
    let changed_pub = unreviewed.iter().find(|p| p.post_id == "p2").unwrap();
    assert_eq!(changed_pub.item_id, Some(id));
    assert!(
        changed_pub
            .reason
            .contains("differs from the approved version 1"),
        "{}",
        changed_pub.reason
    );
    let a = changed_pub.assessment.as_ref().unwrap();
    assert_eq!(a.decision.as_str(), "blocked", "{a:?}");
    assert!(!a.findings.is_empty());
    let bypass = unreviewed.iter().find(|p| p.post_id == "q2").unwrap();
    assert_eq!(bypass.item_id, Some(pending.id));
    assert!(bypass.reason.contains("pending"), "{}", bypass.reason);

    let alerts: Vec<serde_json::Value> = store
        .outbox_due(Utc::now() + chrono::Duration::days(1), 100)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == OutboxKind::Alert)
        .map(|e| serde_json::from_str(&e.payload).unwrap())
        .collect();
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    let urgent = alerts
        .iter()
        .find(|a| a["urgent"] == true)
        .expect("an urgent alert");
    let text = urgent["text"].as_str().unwrap();
    assert!(text.starts_with("URGENT"), "{text}");
    assert!(text.contains("Findings: entrusted"), "{text}");
    assert!(
        !text.contains("mailbox on your server"),
        "findings are masked: {text}"
    );
    assert_eq!(alerts.iter().filter(|a| a["urgent"] == true).count(), 1);
    let trail = store.audit_entries(None).unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.actor == "system:watcher" && e.action == "unreviewed_publication")
            .count(),
        2
    );
    drop(store);

    let out = rg(&cfg)
        .args(["queue", "unreviewed", "--json"])
        .assert()
        .success();
    let lines: Vec<serde_json::Value> = String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines
        .iter()
        .any(|l| l["post_id"] == "p2" && l["assessment"]["decision"] == "blocked"));
}

#[test]
fn staff_names_are_whole_author_names_and_a_source_may_override_them() {
    use reviewgate::config::is_staff_author;
    let staff = vec![STAFF.to_string()];
    assert!(is_staff_author(&staff, "sss support"));
    assert!(is_staff_author(&staff, " SSS Support "));
    assert!(!is_staff_author(&staff, "SSS Support Fan"));
    assert!(!is_staff_author(&staff, "SSS"));
    let cfg = reviewgate::config::load_str(
        Path::new("t.toml"),
        "[service]\nname = \"S\"\nstaff_authors = [\"A\"]\n[[sources]]\nname = \"x\"\nkind = \"feed\"\nurl = \"https://x.example/f\"\nstaff_authors = [\"B\"]\n[[sources]]\nname = \"y\"\nkind = \"feed\"\nurl = \"https://y.example/f\"\n",
    )
    .unwrap();
    let c = &cfg.config;
    assert_eq!(c.staff_authors_for(&c.sources[0]), ["B".to_string()]);
    assert_eq!(c.staff_authors_for(&c.sources[1]), ["A".to_string()]);
}
