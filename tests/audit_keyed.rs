//! The keyed audit chain against an attacker who can write the database but does not hold the
//! audit key: a re-chained trail (unkeyed, wrongly keyed, or passed off as an old unkeyed
//! one), a truncated trail and a deleted tail are each detected, the last two by the anchors.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use reviewgate::model::{Assessment, Decision, Post};
use reviewgate::queue::{Actor, Queue};
use reviewgate::store::{Anchor, KeySource, Store, StoreError, StoreKeys};
use sha2::{Digest, Sha256};

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
        matched: None,
        truncated: false,
    }
}

/// Turns a current store back into one of the version before the keyed chain (schema version
/// 3): the keying record and everything the later migrations added are removed.
const BEFORE_KEYING: &str = "
    DROP TABLE match_weights;
    DROP TABLE digests_posted;
    DROP TABLE audit_keying;
    DROP TABLE queue_duplicates_closed;
    DROP INDEX queue_items_one_open;
    DROP INDEX posts_never_matched;
    DROP TABLE match_candidates;
    DROP TABLE queue_flags;
    ALTER TABLE posts DROP COLUMN held_back;
    ALTER TABLE page_cache DROP COLUMN body_hash;
    ALTER TABLE posts DROP COLUMN content_hash;
    DROP INDEX queue_items_post;
    DROP TABLE publications;
    DROP TABLE publish_attempts;
    DROP INDEX posts_staff;
    ALTER TABLE posts DROP COLUMN staff;
    PRAGMA user_version = 3;
";

/// Appends `n` enqueue entries.
fn add_entries(store: &Store, n: usize) {
    let q = Queue::new(store);
    let a = Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: "Thanks.".into(),
    };
    // One open item per post: each entry answers a post of its own.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    for _ in 0..n {
        let mut p = post();
        p.id = format!(
            "p{}",
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        q.enqueue(&p, None, "Thanks.", &a, "bot:draft").unwrap();
    }
}

/// A database with six audit entries, its audit key in a file the config would name.
fn trail() -> (tempfile::TempDir, PathBuf, StoreKeys) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rg.sqlite3");
    let key_file = dir.path().join("audit.key");
    std::fs::write(&key_file, format!("{}\n", "5a".repeat(32))).unwrap();
    let keys = StoreKeys {
        encryption: None,
        audit: Some(KeySource::File {
            path: key_file,
            config_key: "[audit] key_file".into(),
        }),
    };
    let store = Store::open_with(&path, &keys).unwrap();
    add_entries(&store, 3);
    let q = Queue::new(&store);
    let reviewer = Actor::new("cli:alice", true, false);
    q.approve(1, 1, &reviewer, "").unwrap();
    q.record_details_view(1, &reviewer).unwrap();
    q.mark_posted(1, 1, &reviewer, "https://forum.example/p/2")
        .unwrap();
    assert_eq!(store.audit_verify().unwrap(), 6);
    (dir, path, keys)
}

/// Raw SQL past the append-only triggers, as an attacker with write access to the file could.
fn attacker(path: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(
        "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;
         DROP TRIGGER IF EXISTS audit_keying_no_update; DROP TRIGGER IF EXISTS audit_keying_no_delete;",
    )
    .unwrap();
    c
}

/// How the attacker links an entry to the previous one.
enum Forge {
    /// The unkeyed SHA-256 chain of older versions.
    Sha256,
    /// HMAC-SHA256 with a key of the attacker's own.
    WrongKey,
}

fn forge_link(how: &Forge, prev: &str, canonical: &str) -> String {
    match how {
        Forge::Sha256 => {
            let mut h = Sha256::new();
            h.update(prev.as_bytes());
            h.update(b"\n");
            h.update(canonical.as_bytes());
            hex::encode(h.finalize())
        }
        Forge::WrongKey => {
            let mut m = <Hmac<Sha256> as Mac>::new_from_slice(b"the attacker's own key").unwrap();
            for p in [
                &b"reviewgate audit entry"[..],
                prev.as_bytes(),
                canonical.as_bytes(),
            ] {
                m.update(p);
                m.update(b"\n");
            }
            hex::encode(m.finalize().into_bytes())
        }
    }
}

/// Recomputes the links of entries `from..` (after an edit) and the chain head, so the trail
/// is consistent again for anyone who does not check the key.
fn rechain(c: &rusqlite::Connection, from: u64, how: &Forge) {
    type Row = (
        u64,
        String,
        String,
        String,
        Option<i64>,
        Option<u32>,
        String,
    );
    let rows: Vec<Row> = c
        .prepare("SELECT id, at, actor, action, item_id, version, detail FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = String::new();
    for row in rows {
        let id = row.0;
        if id < from {
            prev = c
                .query_row("SELECT hash FROM audit WHERE id = ?1", [id], |r| r.get(0))
                .unwrap();
            continue;
        }
        let canonical = serde_json::to_string(&row).unwrap();
        let hash = forge_link(how, &prev, &canonical);
        c.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![prev, hash, id],
        )
        .unwrap();
        prev = hash;
    }
    let last: u64 = c
        .query_row("SELECT max(id) FROM audit", [], |r| r.get(0))
        .unwrap();
    c.execute(
        "UPDATE audit_head SET last_id = ?1, hash = ?2",
        rusqlite::params![last, prev],
    )
    .unwrap();
}

fn broken(path: &Path, keys: &StoreKeys, anchors: &[Anchor]) -> (u64, String) {
    match Store::open_with(path, keys)
        .unwrap()
        .audit_verify_with(anchors)
    {
        Err(StoreError::AuditBroken { brk, .. }) => (brk.entry_id, brk.reason),
        other => panic!("expected a broken trail, got {other:?}"),
    }
}

#[test]
fn rechained_trail_without_the_key_is_detected() {
    for how in [Forge::Sha256, Forge::WrongKey] {
        let (_d, path, keys) = trail();
        let c = attacker(&path);
        c.execute("UPDATE audit SET actor = 'cli:bob' WHERE id = 4", [])
            .unwrap();
        rechain(&c, 4, &how);
        drop(c);
        let (id, reason) = broken(&path, &keys, &[]);
        assert_eq!(id, 4, "{reason}");
        assert!(reason.contains("without the audit key"), "{reason}");
    }
}

#[test]
fn trail_passed_off_as_an_old_unkeyed_one_is_detected() {
    // Moving where the keyed chain starts, to pass a re-chained trail off as entries of an
    // older unkeyed version, breaks the MAC of that record.
    let (_d, path, keys) = trail();
    let c = attacker(&path);
    c.execute("UPDATE audit SET actor = 'cli:bob' WHERE id = 4", [])
        .unwrap();
    rechain(&c, 1, &Forge::Sha256);
    let mac: String = c
        .query_row("SELECT mac FROM audit_keying", [], |r| r.get(0))
        .unwrap();
    c.execute("UPDATE audit_keying SET keyed_from = 7, mac = ?1", [mac])
        .unwrap();
    drop(c);
    let (_, reason) = broken(&path, &keys, &[]);
    assert!(reason.contains("keyed chain starts"), "{reason}");

    // Removing that record is detected too (it is never re-created on open).
    let c = attacker(&path);
    c.execute("DELETE FROM audit_keying", []).unwrap();
    drop(c);
    let (_, reason) = broken(&path, &keys, &[]);
    assert!(reason.contains("was removed"), "{reason}");

    // Dropping the table and rewinding the schema version so the migration records a new
    // start: only an anchor made before can tell, and it does.
    let (_d, path, keys) = trail();
    let anchor = Store::open_with(&path, &keys)
        .unwrap()
        .audit_head()
        .unwrap();
    let c = attacker(&path);
    c.execute("UPDATE audit SET actor = 'cli:bob' WHERE id = 4", [])
        .unwrap();
    rechain(&c, 1, &Forge::Sha256);
    c.execute_batch(BEFORE_KEYING).unwrap();
    drop(c);
    let (_, reason) = broken(&path, &keys, &[anchor]);
    assert!(reason.contains("re-chained"), "{reason}");
}

#[test]
fn truncated_trail_is_detected_by_its_anchor() {
    let (_d, path, keys) = trail();
    let anchor = Store::open_with(&path, &keys)
        .unwrap()
        .audit_head()
        .unwrap();
    assert_eq!(anchor.seq, 6);
    // Cut the trail back to entry 3 and rewind the head to it: internally consistent.
    let c = attacker(&path);
    let hash3: String = c
        .query_row("SELECT hash FROM audit WHERE id = 3", [], |r| r.get(0))
        .unwrap();
    c.execute("DELETE FROM audit WHERE id > 3", []).unwrap();
    c.execute(
        "UPDATE audit_head SET last_id = 3, hash = ?1",
        rusqlite::params![hash3],
    )
    .unwrap();
    drop(c);
    // Without an anchor nothing inside the database can tell...
    let store = Store::open_with(&path, &keys).unwrap();
    assert_eq!(store.audit_verify().unwrap(), 3);
    // ...with one, the missing entries are named.
    let (id, reason) = broken(&path, &keys, &[anchor]);
    assert_eq!(id, 6, "{reason}");
    assert!(reason.contains("truncated"), "{reason}");
}

#[test]
fn deleted_tail_after_an_older_anchor_is_detected_by_the_newest() {
    let (_d, path, keys) = trail();
    let store = Store::open_with(&path, &keys).unwrap();
    let first = store.audit_head().unwrap();
    add_entries(&store, 2);
    let newest = store.audit_head().unwrap();
    assert_eq!((first.seq, newest.seq), (6, 8));
    drop(store);
    // Remove the two newest entries and rewind the head to the first anchor's entry: the
    // trail matches the older anchor exactly.
    let c = attacker(&path);
    c.execute("DELETE FROM audit WHERE id > 6", []).unwrap();
    c.execute(
        "UPDATE audit_head SET last_id = 6, hash = ?1",
        rusqlite::params![first.mac],
    )
    .unwrap();
    drop(c);
    let store = Store::open_with(&path, &keys).unwrap();
    assert_eq!(
        store
            .audit_verify_with(std::slice::from_ref(&first))
            .unwrap()
            .entries,
        6
    );
    let (id, reason) = broken(&path, &keys, &[first, newest]);
    assert_eq!(id, 8, "{reason}");
    assert!(reason.contains("missing"), "{reason}");
}

#[test]
fn rewritten_entry_differs_from_its_anchor() {
    // An anchor pasted from the admin channel (ENTRY:MAC) that the trail does not match.
    let (_d, path, keys) = trail();
    let real = Store::open_with(&path, &keys)
        .unwrap()
        .audit_head()
        .unwrap();
    let other = Anchor::parse_arg(&format!("{}:{}", real.seq, "0".repeat(64))).unwrap();
    let (id, reason) = broken(&path, &keys, &[other]);
    assert_eq!(id, real.seq);
    assert!(reason.contains("rewritten"), "{reason}");
    let report = Store::open_with(&path, &keys)
        .unwrap()
        .audit_verify_with(&[real])
        .unwrap();
    assert_eq!((report.entries, report.latest_anchor), (6, Some(6)));
}

#[test]
fn a_different_key_is_refused_before_it_writes() {
    let (dir, path, _keys) = trail();
    let other = dir.path().join("other.key");
    std::fs::write(&other, "7b".repeat(32)).unwrap();
    let keys = StoreKeys {
        encryption: None,
        audit: Some(KeySource::File {
            path: other,
            config_key: "[audit] key_file".into(),
        }),
    };
    let err = Store::open_with(&path, &keys).unwrap_err().to_string();
    assert!(
        err.contains("is not the key this audit trail was written with"),
        "{err}"
    );
}

#[test]
fn an_unkeyed_trail_of_an_older_version_is_keyed_from_its_next_entry() {
    // A store written before the keyed chain: schema 2, SHA-256 links. Its old entries keep
    // verifying with the old hash; new ones are keyed.
    let (_d, path, keys) = trail();
    let c = attacker(&path);
    rechain(&c, 1, &Forge::Sha256);
    c.execute_batch(BEFORE_KEYING).unwrap();
    drop(c);
    let store = Store::open_with(&path, &keys).unwrap();
    add_entries(&store, 1);
    let r = store.audit_verify_with(&[]).unwrap();
    assert_eq!((r.entries, r.keyed_from), (7, 7));
    // An edit in the old part is still found, with the old hash.
    drop(store);
    let c = attacker(&path);
    c.execute("UPDATE audit SET detail = 'x' WHERE id = 2", [])
        .unwrap();
    drop(c);
    assert_eq!(broken(&path, &keys, &[]).0, 2);
}

#[test]
fn rotating_the_key_re_macs_the_trail_and_old_anchors_still_prove_its_length() {
    let (dir, path, keys) = trail();
    let old_anchor = Store::open_with(&path, &keys)
        .unwrap()
        .audit_head()
        .unwrap();
    let new_file = dir.path().join("audit-2.key");
    std::fs::write(&new_file, "e1".repeat(32)).unwrap();
    let new_source = KeySource::File {
        path: new_file,
        config_key: "[audit] key_file".into(),
    };
    let new = reviewgate::store::AuditKey::from_source(&new_source).unwrap();
    let head = Store::open_with(&path, &keys)
        .unwrap()
        .audit_rotate_key(&new, std::slice::from_ref(&old_anchor))
        .unwrap();
    assert_eq!(head.seq, 7);
    // The old key is refused now; the new one verifies everything, old anchor included.
    assert!(Store::open_with(&path, &keys).is_err());
    let new_keys = StoreKeys {
        encryption: None,
        audit: Some(new_source),
    };
    let store = Store::open_with(&path, &new_keys).unwrap();
    let r = store
        .audit_verify_with(&[old_anchor.clone(), head.clone()])
        .unwrap();
    assert_eq!((r.entries, r.anchors_checked), (7, 2));
    let last = store.audit_entries(None).unwrap().pop().unwrap();
    assert_eq!(last.action, "rotate_audit_key");
    drop(store);
    // A truncation below the old anchor is still caught by it.
    let c = attacker(&path);
    let hash3: String = c
        .query_row("SELECT hash FROM audit WHERE id = 3", [], |r| r.get(0))
        .unwrap();
    c.execute("DELETE FROM audit WHERE id > 3", []).unwrap();
    c.execute(
        "UPDATE audit_head SET last_id = 3, hash = ?1",
        rusqlite::params![hash3],
    )
    .unwrap();
    drop(c);
    let (id, _) = broken(&path, &new_keys, &[old_anchor]);
    assert_eq!(id, 6);
}
