//! Polls committed to a real database file: posts stored once, edits recorded not duplicated,
//! a failing commit leaves nothing behind, page cache and source health kept with the posts.

use chrono::{Duration, TimeZone, Utc};
use reviewgate::model::{Evidence, EvidenceKind, ExtractedPost, Match, MatchStatus};
use reviewgate::store::{PageRecord, PollRecord, PolledPost, Store, StoreError};

fn post(id: &str, text: &str) -> PolledPost {
    PolledPost {
        post: ExtractedPost {
            id: id.into(),
            url: Some(format!("https://forum.example/t/1#{id}")),
            author: format!("user-{id}"),
            published_at: Some(Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()),
            text: text.into(),
            quotes: vec![],
            truncated: false,
            details: Default::default(),
        },
        relevant: true,
    }
}

fn poll(posts: Vec<PolledPost>) -> PollRecord {
    let items = posts.len() as u64;
    PollRecord {
        source: "forum".into(),
        at: Utc::now(),
        posts,
        pages: vec![PageRecord {
            url: "https://forum.example/t/1".into(),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            next: Some("https://forum.example/t/1?page=2".into()),
            body_hash: None,
        }],
        items_found: items,
        pages_fetched: 1,
        ..PollRecord::default()
    }
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db/rg.sqlite3")).unwrap();
    (dir, store)
}

#[test]
fn repolled_and_reordered_posts_are_stored_once() {
    let (_d, store) = open();
    let first = store
        .commit_poll(&poll(vec![
            post("a", "one"),
            post("b", "two"),
            post("a", "one"),
        ]))
        .unwrap();
    let ids: Vec<_> = first.new_posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(first.new_posts[0].source, "forum");
    let again = store
        .commit_poll(&poll(vec![post("b", "two"), post("a", "one")]))
        .unwrap();
    assert!(again.new_posts.is_empty() && again.edited.is_empty());
    assert_eq!(store.post_count().unwrap(), 2);
}

#[test]
fn edited_post_is_updated_and_old_text_kept() {
    let (_d, store) = open();
    store
        .commit_poll(&poll(vec![post("a", "first words")]))
        .unwrap();
    let m = Match {
        customer_id: "C-1".into(),
        confidence: 0.95,
        status: MatchStatus::Linked,
        evidence: vec![Evidence {
            kind: EvidenceKind::Email,
            detail: "a@b.example".into(),
        }],
    };
    store.set_post_match("forum", "a", Some(&m)).unwrap();
    let commit = store
        .commit_poll(&poll(vec![post("a", "second words")]))
        .unwrap();
    assert!(commit.new_posts.is_empty());
    assert_eq!(commit.edited.len(), 1);
    assert_eq!(commit.edited[0].text, "second words");
    assert_eq!(
        commit.edited[0].matched.as_ref(),
        Some(&m),
        "the edited post keeps its match"
    );
    assert_eq!(store.post_count().unwrap(), 1);
    let edits = store.post_edits("forum", "a").unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].old_text, "first words");
    // The same text again is not another edit.
    let same = store
        .commit_poll(&poll(vec![post("a", "second words")]))
        .unwrap();
    assert!(same.edited.is_empty());
    assert_eq!(store.post_edits("forum", "a").unwrap().len(), 1);
}

#[test]
fn failed_commit_lands_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rg.sqlite3");
    let store = Store::open(&path).unwrap();
    store.commit_poll(&poll(vec![post("a", "kept")])).unwrap();
    // Make the database fail part-way through the next poll: inserting post "boom" aborts.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(
        "CREATE TRIGGER fail_boom BEFORE INSERT ON posts WHEN NEW.id = 'boom'
         BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
    )
    .unwrap();
    drop(raw);
    let mut rec = poll(vec![
        post("b", "new"),
        post("a", "edited"),
        post("boom", "x"),
    ]);
    rec.pages[0].etag = Some("\"v2\"".into());
    let err = store.commit_poll(&rec).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
    assert!(err.to_string().contains("rg.sqlite3"), "{err}");
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.post_count().unwrap(), 1, "post b must not land");
    assert_eq!(store.post("forum", "a").unwrap().unwrap().text, "kept");
    assert!(store.post_edits("forum", "a").unwrap().is_empty());
    let cache = store.page_cache("forum").unwrap();
    assert_eq!(
        cache["https://forum.example/t/1"].etag.as_deref(),
        Some("\"v1\"")
    );
    let health = store.source_health().unwrap();
    assert_eq!(
        health[0].last_items_found, 1,
        "health is from the first poll only"
    );
}

#[test]
fn page_cache_keeps_validators_and_next() {
    let (_d, store) = open();
    store.commit_poll(&poll(vec![post("a", "x")])).unwrap();
    let cache = store.page_cache("forum").unwrap();
    let row = &cache["https://forum.example/t/1"];
    assert_eq!(row.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        row.next.as_deref(),
        Some("https://forum.example/t/1?page=2")
    );
    assert!(store.page_cache("other").unwrap().is_empty());
}

#[test]
fn a_quiet_feed_is_not_unhealthy() {
    let (_d, store) = open();
    for _ in 0..5 {
        let quiet = PollRecord {
            source: "feed".into(),
            at: Utc::now(),
            pages_fetched: 1,
            empty_is_normal: true,
            ..PollRecord::default()
        };
        assert!(store.commit_poll(&quiet).unwrap().health.healthy);
    }
    assert_eq!(store.source_health().unwrap()[0].consecutive_empty, 0);
}

#[test]
fn three_empty_polls_make_a_source_unhealthy_once() {
    let (_d, store) = open();
    let empty = || PollRecord {
        source: "forum".into(),
        at: Utc::now(),
        pages_fetched: 1,
        ..PollRecord::default()
    };
    let mut turned = Vec::new();
    for _ in 0..4 {
        let c = store.commit_poll(&empty()).unwrap();
        turned.push((c.health.healthy, c.became_unhealthy));
    }
    assert_eq!(
        turned,
        [(true, false), (true, false), (false, true), (false, false)]
    );
    let h = &store.source_health().unwrap()[0];
    assert_eq!((h.consecutive_empty, h.healthy), (4, false));
    // Unchanged pages (304) are not empty pages; items found make it healthy again.
    let not_modified = PollRecord {
        pages_not_modified: 1,
        ..empty()
    };
    assert!(store.commit_poll(&not_modified).unwrap().health.healthy);
    let h = store
        .record_poll_error("forum", "connection refused")
        .unwrap();
    assert_eq!(
        (h.consecutive_errors, h.last_error.as_deref()),
        (1, Some("connection refused"))
    );
}

#[test]
fn pause_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rg.sqlite3");
    let store = Store::open(&path).unwrap();
    assert!(!store.source_paused("forum").unwrap());
    store.set_source_paused("forum", true).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert!(store.source_paused("forum").unwrap());
    store
        .set_source_paused_by("forum", false, "discord:42")
        .unwrap();
    assert!(!store.source_paused("forum").unwrap());
    let last = store.audit_entries(None).unwrap().pop().unwrap();
    assert_eq!(
        (
            last.actor.as_str(),
            last.action.as_str(),
            last.detail.as_str()
        ),
        ("discord:42", "source_resume", "forum")
    );
}

#[test]
fn matches_are_set_cleared_and_unmatched_posts_listed() {
    let (_d, store) = open();
    let before = Utc::now() - Duration::seconds(1);
    store
        .commit_poll(&poll(vec![post("a", "x"), post("b", "y")]))
        .unwrap();
    let m = Match {
        customer_id: "C-9".into(),
        confidence: 0.6,
        status: MatchStatus::Candidate,
        evidence: vec![],
    };
    store.set_post_match("forum", "a", Some(&m)).unwrap();
    assert_eq!(store.post("forum", "a").unwrap().unwrap().matched, Some(m));
    let unmatched: Vec<_> = store
        .posts_unmatched_since(before)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(unmatched, ["b"]);
    assert!(store
        .posts_unmatched_since(Utc::now() + Duration::hours(1))
        .unwrap()
        .is_empty());
    store.set_post_match("forum", "a", None).unwrap();
    assert_eq!(store.posts_unmatched_since(before).unwrap().len(), 2);
    assert!(matches!(
        store.set_post_match("forum", "zzz", None),
        Err(StoreError::NotFound { .. })
    ));
}

/// A batch builds its new posts in memory instead of reading each back (twice, before): what
/// it reports, and what `on_new` sees, must still be exactly what the store holds.
#[test]
fn new_posts_are_reported_as_stored_with_their_match() {
    let (_d, store) = open();
    let m = |id: &str| Match {
        customer_id: format!("C-{id}"),
        confidence: 0.9,
        status: MatchStatus::Linked,
        evidence: vec![],
    };
    let mut quoted = post("q", "with a quote");
    quoted.post.quotes = vec!["someone wrote: hi".into()];
    quoted.post.published_at = Some(
        Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap() + Duration::nanoseconds(123_456_789),
    );
    let undated = {
        let mut p = post("u", "no date");
        p.post.published_at = None;
        p.relevant = false;
        p
    };
    let commit = store
        .commit_poll_with(
            &poll(vec![
                post("a", "first text"),
                quoted,
                undated,
                post("bad", "its matching fails"),
                // Seen again later in the same poll, edited in between.
                post("a", "second text"),
            ]),
            |tx, p| {
                p.matched = Some(m(&p.id));
                tx.set_post_match(&p.source, &p.id, p.matched.as_ref())?;
                if p.id == "bad" {
                    return Err(StoreError::NotFound {
                        path: "x".into(),
                        what: "a failing matcher".into(),
                    });
                }
                Ok::<_, StoreError>(())
            },
        )
        .unwrap();
    let ids: Vec<_> = commit.new_posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "q", "u", "bad"]);
    assert!(
        commit.edited.is_empty(),
        "a post new in this poll is not an edit"
    );
    for reported in &commit.new_posts {
        let stored = store.post("forum", &reported.id).unwrap().unwrap();
        assert_eq!(reported, &stored, "post {} as reported", reported.id);
    }
    assert_eq!(commit.new_posts[0].text, "second text");
    assert_eq!(commit.new_posts[0].matched, Some(m("a")));
    assert_eq!(
        commit.new_posts[3].matched, None,
        "its match was rolled back"
    );
}

/// Set in the child process of `process_killed_mid_commit_lands_all_or_nothing`.
const CRASH_CHILD_ENV: &str = "REVIEWGATE_TEST_CRASH_DB";

#[test]
fn process_killed_mid_commit_lands_all_or_nothing() {
    const BIG: usize = 300_000;
    if let Ok(path) = std::env::var(CRASH_CHILD_ENV) {
        // Child: start a large poll commit and abort the process while it runs (by then SQLite
        // has spilled uncommitted pages to the WAL, so recovery really has something to undo).
        let store = Store::open(std::path::Path::new(&path)).unwrap();
        let rec = poll((0..BIG).map(|i| post(&format!("n{i}"), "new")).collect());
        std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(700));
            std::process::abort();
        });
        let _ = store.commit_poll(&rec);
        std::process::abort();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rg.sqlite3");
    Store::open(&path)
        .unwrap()
        .commit_poll(&poll(vec![post("a", "kept")]))
        .unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "process_killed_mid_commit_lands_all_or_nothing",
            "--exact",
            "--test-threads=1",
        ])
        .env(CRASH_CHILD_ENV, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must have been aborted");
    let store = Store::open(&path).unwrap();
    let count = store.post_count().unwrap();
    assert!(
        count == 1 || count == 1 + BIG as u64,
        "a partial poll landed: {count} posts"
    );
    assert_eq!(store.post("forum", "a").unwrap().unwrap().text, "kept");
}

/// A match known before the INSERT (the pipeline matched the batch before its commit turn) is
/// stored with the row: one write, read back exactly as a match set after the insert, the
/// post counted as matched, its hold kept; posts without one still go through `on_new`.
#[test]
fn a_match_given_before_the_insert_is_stored_with_the_row() {
    use reviewgate::store::MatchAtInsert;
    let (dir, store) = open();
    let m = |id: &str| Match {
        customer_id: format!("C-{id}"),
        confidence: 0.93,
        status: MatchStatus::Candidate,
        evidence: vec![Evidence {
            kind: EvidenceKind::Email,
            detail: format!("{id}@shop.example"),
        }],
    };
    let mut irrelevant = post("i", "nothing to answer");
    irrelevant.relevant = false;
    let mut handed = Vec::new();
    let commit = store
        .commit_poll_prematched(
            &poll(vec![
                post("h", "old and held"),
                post("b", "matched after its insert"),
                irrelevant,
                post("r", "first sighting"),
                post("r", "second sighting, edited"),
            ]),
            |_, p| {
                Ok::<_, StoreError>(match p.id.as_str() {
                    "h" | "r" => Some(MatchAtInsert {
                        matched: Some(m(&p.id)),
                        held: p.id == "h",
                    }),
                    "i" => Some(MatchAtInsert {
                        matched: None,
                        held: false,
                    }),
                    _ => None,
                })
            },
            |tx, p| {
                handed.push(p.id.clone());
                p.matched = Some(m(&format!("{}-late", p.id)));
                tx.set_post_match(&p.source, &p.id, p.matched.as_ref())?;
                Ok::<_, StoreError>(())
            },
        )
        .unwrap();
    // Only the post without a match, and the one a later sighting changed, are handed over.
    assert_eq!(handed, ["b", "r"]);
    let ids: Vec<_> = commit.new_posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["h", "b", "i", "r"]);
    for reported in &commit.new_posts {
        let stored = store.post("forum", &reported.id).unwrap().unwrap();
        assert_eq!(reported, &stored, "post {} as reported", reported.id);
    }
    assert_eq!(commit.new_posts[0].matched, Some(m("h")));
    assert_eq!(commit.new_posts[2].matched, None);
    assert_eq!(commit.new_posts[3].text, "second sighting, edited");
    assert_eq!(commit.new_posts[3].matched, Some(m("r-late")));
    assert!(
        store.posts_never_matched(None, 10).unwrap().is_empty(),
        "a post stored with its match (or with none found) went through the matcher"
    );
    assert_eq!(store.held_back_counts().unwrap().get("forum"), Some(&1));
    // The account column the store looks links up by is written with the row too.
    let raw = rusqlite::Connection::open(dir.path().join("db/rg.sqlite3")).unwrap();
    let customer: Option<String> = raw
        .query_row(
            "SELECT match_customer_id FROM posts WHERE id = 'h'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(customer.as_deref(), Some("C-h"));
}

/// A failure while giving a match before the insert fails the whole commit: nothing of it lands.
#[test]
fn a_failure_before_an_insert_lands_nothing() {
    use reviewgate::store::MatchAtInsert;
    let (_d, store) = open();
    store.commit_poll(&poll(vec![post("a", "kept")])).unwrap();
    let err = store
        .commit_batch_prematched(
            &poll(vec![post("b", "new"), post("boom", "x")]),
            |_, p| {
                if p.id == "boom" {
                    return Err(StoreError::NotFound {
                        path: "x".into(),
                        what: "the accounts version".into(),
                    });
                }
                Ok(Some(MatchAtInsert {
                    matched: None,
                    held: true,
                }))
            },
            |_, _| Ok::<_, StoreError>(()),
        )
        .unwrap_err();
    assert!(err.to_string().contains("accounts version"), "{err}");
    assert_eq!(store.post_count().unwrap(), 1);
    assert!(store.post("forum", "b").unwrap().is_none());
    assert!(store.held_back_counts().unwrap().is_empty());
}
