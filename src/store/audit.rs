//! The append-only audit trail: each entry is chained to the one before by an HMAC-SHA256
//! keyed from outside the database, and the chain head is stored apart and anchored outside it,
//! so editing, re-chaining, removing or truncating entries is detected.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::anchor::Anchor;
use super::keys::AuditKey;
use super::{col_ts, ts, At, Result, Store, StoreError, Tx};

/// One audit entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// 1, 2, 3, ... with no gaps.
    pub id: u64,
    pub at: DateTime<Utc>,
    /// Who acted: `discord:1234`, `cli:alice`, `system:retention`, ...
    pub actor: String,
    /// What was done or refused: `enqueue`, `approve`, `refuse:approve`, `view_details`, ...
    pub action: String,
    pub item_id: Option<i64>,
    pub version: Option<u32>,
    /// Reason, note or refusal message. Never reply texts or account data.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Where and why the chain does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit entry {entry_id}: {reason}")]
pub struct AuditBreak {
    /// The first entry that is wrong or missing.
    pub entry_id: u64,
    pub reason: String,
}

/// The hashed fields of an entry: id, at (as stored), actor, action, item, version, detail.
type Canonical<'a> = (
    u64,
    &'a str,
    &'a str,
    &'a str,
    Option<i64>,
    Option<u32>,
    &'a str,
);

/// The unkeyed link of entries written before the chain was keyed: SHA-256 over the previous
/// hash and a canonical (JSON array) encoding of the entry's fields.
fn entry_hash(prev_hash: &str, fields: Canonical<'_>) -> String {
    let canonical =
        serde_json::to_string(&fields).expect("tuples of plain values always serialise");
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
}

/// The keyed link: HMAC-SHA256 over the same input, so only the key's holder can chain entries.
fn entry_mac(key: &AuditKey, prev_hash: &str, fields: Canonical<'_>) -> String {
    let canonical =
        serde_json::to_string(&fields).expect("tuples of plain values always serialise");
    key.mac(&[
        b"reviewgate audit entry",
        prev_hash.as_bytes(),
        canonical.as_bytes(),
    ])
}

/// The MAC that fixes where the keyed chain starts, so moving the start (to pass re-chained
/// entries off as old unkeyed ones) is detected.
fn keying_mac(key: &AuditKey, keyed_from: u64) -> String {
    key.mac(&[
        b"reviewgate audit keyed from",
        keyed_from.to_string().as_bytes(),
    ])
}

/// Where the keyed chain starts and with which key (by fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Keying {
    keyed_from: u64,
    key_id: String,
    mac: String,
}

fn read_keying(c: &Connection) -> rusqlite::Result<Option<Keying>> {
    c.query_row(
        "SELECT keyed_from, key_id, mac FROM audit_keying WHERE one = 1",
        [],
        |r| {
            Ok(Keying {
                keyed_from: r.get(0)?,
                key_id: r.get(1)?,
                mac: r.get(2)?,
            })
        },
    )
    .optional()
}

/// Records where the keyed chain starts, once, when the migration that adds `audit_keying`
/// runs: entries already written (by older versions) keep their unkeyed hashes.
pub(super) fn record_keyed_start(
    tx: &rusqlite::Transaction<'_>,
    key: &AuditKey,
) -> rusqlite::Result<()> {
    let has_table: bool = tx.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'audit_keying'",
        [],
        |r| r.get(0),
    )?;
    if !has_table || read_keying(tx)?.is_some() {
        return Ok(());
    }
    let last_id: u64 = tx.query_row("SELECT last_id FROM audit_head WHERE one = 1", [], |r| {
        r.get(0)
    })?;
    let keyed_from = last_id + 1;
    tx.execute(
        "INSERT INTO audit_keying (one, keyed_from, key_id, mac) VALUES (1, ?1, ?2, ?3)",
        params![keyed_from, key.id(), keying_mac(key, keyed_from)],
    )?;
    if last_id > 0 {
        tracing::warn!(
            message =
                "The audit trail is keyed from now on; older entries keep their unkeyed hashes.",
            unkeyed_entries = last_id
        );
    }
    Ok(())
}

/// What `audit verify` found on an intact trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Entries checked.
    pub entries: u64,
    /// The first entry of the keyed chain; the ones before it use the unkeyed hash of
    /// older versions of reviewgate.
    pub keyed_from: u64,
    /// Fingerprint of the audit key.
    pub key_id: String,
    /// Anchors compared with the trail.
    pub anchors_checked: usize,
    /// The newest anchor (highest entry), if any.
    pub latest_anchor: Option<u64>,
}

impl Tx<'_> {
    /// Appends one entry in this transaction, so it lands together with the change it records.
    pub fn append_audit(
        &self,
        actor: &str,
        action: &str,
        item_id: Option<i64>,
        version: Option<u32>,
        detail: &str,
    ) -> Result<AuditEntry> {
        let conn = &*self.tx;
        // Prepared once per connection: a batch of a first scan appends an entry per item.
        let (last_id, prev_hash): (u64, String) = conn
            .prepare_cached("SELECT last_id, hash FROM audit_head WHERE one = 1")
            .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?))))
            .at(self.path)?;
        let id = last_id + 1;
        let now = Utc::now();
        let at = ts(now);
        let hash = entry_mac(
            self.audit_key,
            &prev_hash,
            (id, &at, actor, action, item_id, version, detail),
        );
        conn.prepare_cached(
            "INSERT INTO audit (id, at, actor, action, item_id, version, detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .and_then(|mut s| {
            s.execute(params![
                id, at, actor, action, item_id, version, detail, prev_hash, hash
            ])
        })
        .at(self.path)?;
        conn.prepare_cached("UPDATE audit_head SET last_id = ?1, hash = ?2 WHERE one = 1")
            .and_then(|mut s| s.execute(params![id, hash]))
            .at(self.path)?;
        Ok(AuditEntry {
            id,
            at: now,
            actor: actor.into(),
            action: action.into(),
            item_id,
            version,
            detail: detail.into(),
            prev_hash,
            hash,
        })
    }
}

fn audit_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(AuditEntry, String)> {
    let at_raw: String = r.get(1)?;
    Ok((
        AuditEntry {
            id: r.get(0)?,
            at: col_ts(r, 1)?.unwrap_or_default(),
            actor: r.get(2)?,
            action: r.get(3)?,
            item_id: r.get(4)?,
            version: r.get(5)?,
            detail: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        },
        at_raw,
    ))
}

const AUDIT_COLS: &str = "id, at, actor, action, item_id, version, detail, prev_hash, hash";

impl Store {
    /// Refuses an audit key that is not the one the trail was written with.
    pub(super) fn audit_keying(&self) -> Result<()> {
        let key_id = self.audit_key.id();
        // A missing record is tampering; `audit_verify` reports it, naming the entry.
        if let Some(stored) = self.read(read_keying)? {
            if stored.key_id != key_id {
                return Err(StoreError::AuditKeyMismatch {
                    path: self.path.clone(),
                    origin: self.audit_key.origin.clone(),
                    configured: key_id,
                    stored: stored.key_id,
                });
            }
        }
        Ok(())
    }

    /// The chain head as an anchor to keep outside the database.
    pub fn audit_head(&self) -> Result<Anchor> {
        let (seq, mac, keyed_from) = self.read(|c| {
            let (seq, mac): (u64, String) = c.query_row(
                "SELECT last_id, hash FROM audit_head WHERE one = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let keyed_from = read_keying(c)?.map_or(1, |k| k.keyed_from);
            Ok((seq, mac, keyed_from))
        })?;
        Ok(Anchor {
            seq,
            mac,
            keyed_from: Some(keyed_from),
            key_id: Some(self.audit_key.id()),
            at: Utc::now(),
            origin: String::new(),
        })
    }

    /// Checks the whole chain; returns the number of entries, or [`StoreError::AuditBroken`]
    /// naming the first entry that was edited, removed or added outside reviewgate.
    pub fn audit_verify(&self) -> Result<u64> {
        self.audit_verify_with(&[]).map(|r| r.entries)
    }

    /// Checks the whole chain with the audit key, then each anchor: an anchored entry that is
    /// missing means a truncated trail, one whose MAC differs a rewritten one.
    pub fn audit_verify_with(&self, anchors: &[Anchor]) -> Result<AuditReport> {
        let key = &self.audit_key;
        let outcome = self.read(|c| verify_on(c, key, anchors))?;
        outcome.map_err(|brk| StoreError::AuditBroken {
            path: self.path.clone(),
            brk,
        })
    }

    /// Audit entries, oldest first: all of them, or those of one queue item.
    pub fn audit_entries(&self, item_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {AUDIT_COLS} FROM audit WHERE ?1 IS NULL OR item_id = ?1 ORDER BY id"
            ))?;
            let rows = stmt.query_map([item_id], |r| audit_from_row(r).map(|(e, _)| e))?;
            rows.collect()
        })
    }
}

/// Compares each anchor with the verified trail; the first one that does not hold, by entry.
fn check_anchors(
    anchors: &[Anchor],
    stored: &std::collections::HashMap<u64, String>,
    count: u64,
    keying: &Keying,
    key_id: &str,
) -> Option<AuditBreak> {
    let mut sorted: Vec<&Anchor> = anchors.iter().filter(|a| a.seq > 0).collect();
    sorted.sort_by_key(|a| a.seq);
    for a in sorted {
        if a.seq > count {
            return Some(AuditBreak {
                entry_id: a.seq,
                reason: format!(
                    "entry is missing: the anchor {} records {} entries, {count} remain (the trail was truncated)",
                    a.origin, a.seq
                ),
            });
        }
        // An anchor made with an earlier key (before a rotation) proves the length only.
        if a.key_id.as_deref().is_some_and(|id| id != key_id) {
            continue;
        }
        if a.keyed_from.is_some_and(|k| k != keying.keyed_from) {
            return Some(AuditBreak {
                entry_id: keying.keyed_from.min(a.keyed_from.unwrap_or(1)),
                reason: format!(
                    "the keyed chain starts at entry {}, but the anchor {} recorded {} (the trail was re-chained)",
                    keying.keyed_from,
                    a.origin,
                    a.keyed_from.unwrap_or(1)
                ),
            });
        }
        if stored.get(&a.seq).is_some_and(|h| *h != a.mac) {
            return Some(AuditBreak {
                entry_id: a.seq,
                reason: format!(
                    "it differs from the anchor {} (the trail was rewritten)",
                    a.origin
                ),
            });
        }
    }
    None
}

/// Checks the chain on `c` with `key`, then the anchors: the report, or the first break.
fn verify_on(
    c: &Connection,
    key: &AuditKey,
    anchors: &[Anchor],
) -> rusqlite::Result<std::result::Result<AuditReport, AuditBreak>> {
    let (head_id, head_hash): (u64, String) = c.query_row(
        "SELECT last_id, hash FROM audit_head WHERE one = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let keying = read_keying(c)?;
    let Some(keying) = keying else {
        return Ok(Err(AuditBreak {
            entry_id: 1,
            reason: "the record of where the keyed chain starts was removed".into(),
        }));
    };
    if keying.mac != keying_mac(key, keying.keyed_from) {
        return Ok(Err(AuditBreak {
            entry_id: keying.keyed_from,
            reason:
                "the record of where the keyed chain starts was altered (its MAC does not match)"
                    .into(),
        }));
    }
    let mut stmt = c.prepare(&format!("SELECT {AUDIT_COLS} FROM audit ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut expected = 1u64;
    let mut prev = String::new();
    // The stored link of each anchored entry, to compare with its anchor.
    let mut anchored: std::collections::HashMap<u64, String> =
        anchors.iter().map(|a| (a.seq, String::new())).collect();
    while let Some(row) = rows.next()? {
        let (e, at_raw) = match audit_from_row(row) {
            Ok(v) => v,
            Err(err) => {
                let id: u64 = row.get(0)?;
                return Ok(Err(AuditBreak {
                    entry_id: id,
                    reason: format!("unreadable: {err}"),
                }));
            }
        };
        if e.id != expected {
            return Ok(Err(AuditBreak {
                entry_id: expected,
                reason: format!("entry is missing (the next stored entry is {})", e.id),
            }));
        }
        if e.prev_hash != prev {
            return Ok(Err(AuditBreak {
                entry_id: e.id,
                reason: "its link to the previous entry does not match".into(),
            }));
        }
        let fields = (
            e.id,
            at_raw.as_str(),
            e.actor.as_str(),
            e.action.as_str(),
            e.item_id,
            e.version,
            e.detail.as_str(),
        );
        let h = if e.id >= keying.keyed_from {
            entry_mac(key, &prev, fields)
        } else {
            entry_hash(&prev, fields)
        };
        if h != e.hash {
            let reason = if e.id >= keying.keyed_from {
                "its content was altered or re-chained without the audit key (MAC does not match)"
            } else {
                "its content was altered (hash does not match)"
            };
            return Ok(Err(AuditBreak {
                entry_id: e.id,
                reason: reason.into(),
            }));
        }
        if let Some(slot) = anchored.get_mut(&e.id) {
            slot.clone_from(&e.hash);
        }
        prev = e.hash;
        expected += 1;
    }
    let count = expected - 1;
    if let Some(brk) = check_anchors(anchors, &anchored, count, &keying, &key.id()) {
        return Ok(Err(brk));
    }
    if head_id > count {
        return Ok(Err(AuditBreak {
            entry_id: count + 1,
            reason: format!(
                "entry is missing: the chain head records {head_id} entries, {count} remain"
            ),
        }));
    }
    if head_id < count {
        return Ok(Err(AuditBreak {
            entry_id: head_id + 1,
            reason: "entry was added outside reviewgate (not in the chain head)".into(),
        }));
    }
    if head_hash != prev {
        return Ok(Err(AuditBreak {
            entry_id: head_id,
            reason: "the chain head's hash does not match the last entry".into(),
        }));
    }
    Ok(Ok(AuditReport {
        entries: count,
        keyed_from: keying.keyed_from,
        key_id: keying.key_id,
        anchors_checked: anchors.len(),
        latest_anchor: anchors.iter().map(|a| a.seq).max(),
    }))
}

/// The append-only triggers of `audit` (as in schema migration 1), dropped and re-created only
/// while a key rotation re-MACs the chain inside one transaction.
const AUDIT_TRIGGERS: &str = "
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_keying_no_update BEFORE UPDATE ON audit_keying
        BEGIN SELECT RAISE(ABORT, 'the audit keying record is fixed'); END;
    CREATE TRIGGER audit_keying_no_delete BEFORE DELETE ON audit_keying
        BEGIN SELECT RAISE(ABORT, 'the audit keying record is fixed'); END;
";

impl Store {
    /// Rotates the audit key: verifies the whole trail with the current key (and `anchors`),
    /// then re-MACs the keyed chain with `new` in one transaction and records the rotation as
    /// an entry. Anchors made before keep proving the trail's length (their key differs).
    /// Returns the new chain head; the store must then be opened with the new key.
    pub fn audit_rotate_key(&self, new: &AuditKey, anchors: &[Anchor]) -> Result<Anchor> {
        let old = &self.audit_key;
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .at(&self.path)?;
        let report = verify_on(&tx, old, anchors)
            .at(&self.path)?
            .map_err(|brk| StoreError::AuditBroken {
                path: self.path.clone(),
                brk,
            })?;
        let rows: Vec<(AuditEntry, String)> = tx
            .prepare(&format!(
                "SELECT {AUDIT_COLS} FROM audit WHERE id >= ?1 ORDER BY id"
            ))
            .and_then(|mut st| st.query_map([report.keyed_from], audit_from_row)?.collect())
            .at(&self.path)?;
        let mut prev: String = if report.keyed_from > 1 {
            tx.query_row(
                "SELECT hash FROM audit WHERE id = ?1",
                [report.keyed_from - 1],
                |r| r.get(0),
            )
            .at(&self.path)?
        } else {
            String::new()
        };
        let mut rechain = || -> rusqlite::Result<String> {
            tx.execute_batch(
                "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
                 DROP TRIGGER audit_keying_no_update; DROP TRIGGER audit_keying_no_delete;",
            )?;
            for (e, at_raw) in &rows {
                let fields = (
                    e.id,
                    at_raw.as_str(),
                    e.actor.as_str(),
                    e.action.as_str(),
                    e.item_id,
                    e.version,
                    e.detail.as_str(),
                );
                let mac = entry_mac(new, &prev, fields);
                tx.execute(
                    "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
                    params![prev, mac, e.id],
                )?;
                prev = mac;
            }
            tx.execute("UPDATE audit_head SET hash = ?1 WHERE one = 1", [&prev])?;
            tx.execute(
                "UPDATE audit_keying SET key_id = ?1, mac = ?2 WHERE one = 1",
                params![new.id(), keying_mac(new, report.keyed_from)],
            )?;
            tx.execute_batch(AUDIT_TRIGGERS)?;
            Ok(prev.clone())
        };
        rechain().at(&self.path)?;
        let t = Tx {
            tx,
            path: &self.path,
            audit_key: new,
        };
        let entry = t.append_audit(
            "system:audit",
            "rotate_audit_key",
            None,
            None,
            &format!(
                "audit key rotated: fingerprint {} replaced by {}",
                old.id(),
                new.id()
            ),
        )?;
        t.tx.commit().at(&self.path)?;
        Ok(Anchor {
            seq: entry.id,
            mac: entry.hash,
            keyed_from: Some(report.keyed_from),
            key_id: Some(new.id()),
            at: Utc::now(),
            origin: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_covers_every_field() {
        let base = entry_hash("p", (1, "t", "a", "x", Some(1), Some(2), "d"));
        assert_eq!(base.len(), 64);
        assert_ne!(
            base,
            entry_hash("q", (1, "t", "a", "x", Some(1), Some(2), "d"))
        );
        assert_ne!(
            base,
            entry_hash("p", (2, "t", "a", "x", Some(1), Some(2), "d"))
        );
        assert_ne!(
            base,
            entry_hash("p", (1, "t", "a", "x", None, Some(2), "d"))
        );
        assert_ne!(
            base,
            entry_hash("p", (1, "t", "a", "x", Some(1), Some(3), "d"))
        );
        assert_ne!(
            base,
            entry_hash("p", (1, "t", "a", "x", Some(1), Some(2), "e"))
        );
        // Field boundaries are unambiguous: moving text between fields changes the hash.
        let a = entry_hash("p", (1, "t", "ab", "c", None, None, ""));
        assert_ne!(a, entry_hash("p", (1, "t", "a", "bc", None, None, "")));
    }
}
