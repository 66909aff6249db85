//! What operating the service reads from the store: the health probe, the gauges behind
//! `/metrics`, and online backups (SQLite's backup API, safe while the service writes).

use std::path::Path;

use rusqlite::DatabaseName;

use super::{At, Result, Store, StoreError};

/// Queue items counted by state and by the decision of their current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    pub state: String,
    pub decision: String,
    pub items: i64,
}

impl Store {
    /// Proves the database is writable without changing it: a write in a transaction that
    /// is rolled back. Fails if the file is read-only, locked past the busy timeout or gone.
    pub fn probe_write(&self) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .at(&self.path)?;
        tx.execute_batch(
            "CREATE TABLE main.healthz_probe (x INTEGER); INSERT INTO main.healthz_probe VALUES (1);",
        )
        .at(&self.path)?;
        // Dropping the transaction rolls it back: nothing of the probe is kept.
        drop(tx);
        Ok(())
    }

    /// How many queue items there are in each state, by the decision of their current version.
    pub fn queue_counts(&self) -> Result<Vec<QueueCount>> {
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT i.state, v.decision, COUNT(*) FROM queue_items i
                 JOIN queue_versions v ON v.item_id = i.id AND v.version = i.version
                 GROUP BY i.state, v.decision ORDER BY i.state, v.decision",
            )?;
            let rows = st.query_map([], |r| {
                Ok(QueueCount {
                    state: r.get(0)?,
                    decision: r.get(1)?,
                    items: r.get(2)?,
                })
            })?;
            rows.collect()
        })
    }

    /// The length of the audit chain (the id of its last entry; entries are never deleted).
    pub fn audit_length(&self) -> Result<i64> {
        self.read(|c| c.query_row("SELECT last_id FROM audit_head", [], |r| r.get(0)))
    }

    /// Copies the whole database to `dest` with SQLite's online backup API: a consistent
    /// snapshot even while the service writes. The copy is written beside `dest` and renamed
    /// into place, so `dest` is either the old file or a complete new one.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let io = |source: std::io::Error| StoreError::Backup {
            path: dest.to_path_buf(),
            source,
        };
        let mut partial = dest.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        match std::fs::remove_file(&partial) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
        let copied = self
            .lock()
            .backup(DatabaseName::Main, &partial, None)
            .map_err(|source| StoreError::Sqlite {
                path: dest.to_path_buf(),
                source,
            });
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, dest).map_err(io)
    }
}
