//! The audit trail's hash chain: verifies after real queue actions, and names the entry after
//! tampering through raw SQL (an edited entry, a deleted middle entry, a deleted last entry).

use std::path::{Path, PathBuf};

use reviewgate::model::{Assessment, Decision, Post};
use reviewgate::queue::{Actor, Queue};
use reviewgate::store::{Store, StoreError};

fn post() -> Post {
    Post {
        source: "forum".into(),
        id: "p1".into(),
        url: None,
        author: "a".into(),
        published_at: None,
        text: "t".into(),
        quotes: vec![],
        relevant: true,
        truncated: false,
        matched: None,
    }
}

/// A database with five audit entries: enqueue, a refusal, approve, a details view, mark posted.
fn trail() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rg.sqlite3");
    let store = Store::open(&path).unwrap();
    let q = Queue::new(&store);
    let a = Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: "Thanks.".into(),
    };
    let id = q
        .enqueue(&post(), None, "Thanks.", &a, "bot:draft")
        .unwrap();
    let reviewer = Actor::new("cli:alice", true, false);
    q.approve(id, 1, &Actor::new("cli:mallory", false, false), "")
        .unwrap_err();
    q.approve(id, 1, &reviewer, "").unwrap();
    q.record_details_view(id, &reviewer).unwrap();
    q.mark_posted(id, 1, &reviewer, "https://forum.example/p/2")
        .unwrap();
    assert_eq!(store.audit_verify().unwrap(), 5);
    (dir, path)
}

/// Runs raw SQL past the append-only triggers, as an attacker with file access could.
fn tamper(path: &Path, sql: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    c.execute_batch(sql).unwrap();
}

fn broken_at(path: &Path) -> (u64, String) {
    match Store::open(path).unwrap().audit_verify() {
        Err(StoreError::AuditBroken { brk, .. }) => (brk.entry_id, brk.reason),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[test]
fn triggers_refuse_updates_and_deletes() {
    let (_d, path) = trail();
    let c = rusqlite::Connection::open(&path).unwrap();
    let err = c
        .execute("UPDATE audit SET detail = 'x' WHERE id = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(c.execute("DELETE FROM audit WHERE id = 5", []).is_err());
}

#[test]
fn edited_entry_is_named() {
    let (_d, path) = trail();
    tamper(&path, "UPDATE audit SET actor = 'cli:bob' WHERE id = 3");
    let (id, reason) = broken_at(&path);
    assert_eq!(id, 3);
    assert!(reason.contains("altered"), "{reason}");
}

#[test]
fn deleted_middle_entry_is_named() {
    let (_d, path) = trail();
    tamper(&path, "DELETE FROM audit WHERE id = 2");
    assert_eq!(broken_at(&path).0, 2);
}

#[test]
fn deleted_last_entry_is_named() {
    let (_d, path) = trail();
    tamper(&path, "DELETE FROM audit WHERE id = 5");
    let (id, reason) = broken_at(&path);
    assert_eq!(id, 5);
    assert!(reason.contains("missing"), "{reason}");
    let msg = Store::open(&path)
        .unwrap()
        .audit_verify()
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("entry 5") && msg.contains("rg.sqlite3"),
        "{msg}"
    );
}

#[test]
fn recomputed_entry_still_breaks_the_next_link() {
    let (_d, path) = trail();
    // Rewriting an entry together with its own hash still breaks the following entry's link.
    tamper(&path, "UPDATE audit SET hash = 'ff' WHERE id = 2");
    let (id, _) = broken_at(&path);
    assert_eq!(id, 2);
}

#[test]
fn two_handles_on_one_file_keep_one_chain() {
    // The CLI and the running service open the same database; their entries interleave safely.
    let (_d, path) = trail();
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let store = Store::open(&path).unwrap();
                let q = Queue::new(&store);
                let a = Assessment {
                    decision: Decision::Routine,
                    findings: vec![],
                    redacted: "Hi.".into(),
                };
                for i in 0..10 {
                    // One open item per post: each enqueue is about its own post.
                    let p = Post {
                        id: format!("w{w}p{i}"),
                        ..post()
                    };
                    q.enqueue(&p, None, "Hi.", &a, &format!("cli:worker{w}"))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(Store::open(&path).unwrap().audit_verify().unwrap(), 25);
}
