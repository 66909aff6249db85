//! The append-only audit trail: each entry is chained to the one before by SHA-256, and the
//! chain head is stored apart, so editing, removing or truncating entries is detected.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};

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

/// SHA-256 over the previous hash and a canonical (JSON array) encoding of the entry's fields.
fn entry_hash(prev_hash: &str, fields: Canonical<'_>) -> String {
    let canonical =
        serde_json::to_string(&fields).expect("tuples of plain values always serialise");
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical.as_bytes());
    hex::encode(h.finalize())
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
        let (last_id, prev_hash): (u64, String) = conn
            .query_row(
                "SELECT last_id, hash FROM audit_head WHERE one = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .at(self.path)?;
        let id = last_id + 1;
        let now = Utc::now();
        let at = ts(now);
        let hash = entry_hash(
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
        conn.execute(
            "UPDATE audit_head SET last_id = ?1, hash = ?2 WHERE one = 1",
            params![id, hash],
        )
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
    /// Checks the whole chain; returns the number of entries, or [`StoreError::AuditBroken`]
    /// naming the first entry that was edited, removed or added outside reviewgate.
    pub fn audit_verify(&self) -> Result<u64> {
        let outcome = self.read(|c| {
            let (head_id, head_hash): (u64, String) =
                c.query_row("SELECT last_id, hash FROM audit_head WHERE one = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let mut stmt = c.prepare(&format!("SELECT {AUDIT_COLS} FROM audit ORDER BY id"))?;
            let mut rows = stmt.query([])?;
            let mut expected = 1u64;
            let mut prev = String::new();
            while let Some(row) = rows.next()? {
                let (e, at_raw) = match audit_from_row(row) {
                    Ok(v) => v,
                    Err(err) => {
                        let id: u64 = row.get(0)?;
                        return Ok(Err(AuditBreak { entry_id: id, reason: format!("unreadable: {err}") }));
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
                let h = entry_hash(&prev, (e.id, &at_raw, &e.actor, &e.action, e.item_id, e.version, &e.detail));
                if h != e.hash {
                    return Ok(Err(AuditBreak {
                        entry_id: e.id,
                        reason: "its content was altered (hash does not match)".into(),
                    }));
                }
                prev = e.hash;
                expected += 1;
            }
            let count = expected - 1;
            if head_id > count {
                return Ok(Err(AuditBreak {
                    entry_id: count + 1,
                    reason: format!("entry is missing: the chain head records {head_id} entries, {count} remain"),
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
            Ok(Ok(count))
        })?;
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
