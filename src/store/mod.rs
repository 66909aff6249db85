//! The SQLite store: the only place that holds SQL (posts, accounts, links, queue, audit trail, outbox).
//! Every multi-row change runs in one transaction, so a crash leaves either all of it or none.

mod anchor;
mod audit;
mod candidates;
mod customers;
mod digests;
mod encryption;
mod flags;
mod held;
mod keys;
mod ops;
mod outbox;
mod posts;
mod publications;
mod queue;
mod report;
mod schema;
mod weights;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use anchor::{read_anchors, Anchor, AnchorError};
pub use audit::{AuditBreak, AuditEntry, AuditReport};
pub use customers::{ImportCounts, PurgeCounts, RETENTION_DAYS};
pub use keys::{
    check_secret_text, default_audit_key_path, AuditKey, KeyError, KeySource, StoreKeys,
};
pub use ops::QueueCount;
pub use outbox::{DiscordRef, OutboxEntry, OutboxKind};
pub use posts::{
    BatchCommit, MatchAtInsert, PageCacheRow, PageRecord, PollCommit, PollRecord, PolledPost,
    PostEdit, SourceHealth, UNHEALTHY_AFTER,
};
pub use publications::{
    LoopEvent, LoopEventKind, Outcome, Publication, PublishRecord, ThreadItem, ThreadPost,
};
pub use queue::{ItemRecord, NewItem, VersionRecord};
pub use report::{ReportItem, ReportPost, ReportRows};

/// Why the store could not do what was asked. Every variant names the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database's folder could not be created.
    #[error("cannot create the folder for database {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// SQLite reported an error (open, query, constraint, locked, corrupt file).
    #[error("database {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer reviewgate whose schema this one does not know.
    #[error("database {} has schema version {found}; this reviewgate knows up to {supported}", path.display())]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A stored value could not be decoded (hand-edited or corrupt row).
    #[error("database {}: bad stored value in {what}: {detail}", path.display())]
    Corrupt {
        path: PathBuf,
        what: String,
        detail: String,
    },
    /// The thing asked for does not exist.
    #[error("database {}: {what} not found", path.display())]
    NotFound { path: PathBuf, what: String },
    /// A row given to `import_customers` was invalid; nothing of the import was stored.
    #[error("database {}: customer import stopped, nothing was imported: {source}", path.display())]
    ImportInput {
        path: PathBuf,
        /// Accounts stored: always 0, the import is one transaction.
        imported: u64,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A backup file could not be written or moved into place.
    #[error("backup {}: {source}", path.display())]
    Backup {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Another process (a scan, an import, `run`) held the write lock longer than the busy
    /// timeout; nothing of this change was written.
    #[error("database {}: busy: another reviewgate process held its write lock for more than {} s; nothing was written, try again", path.display(), BUSY_TIMEOUT.as_secs())]
    Busy { path: PathBuf },
    /// The audit trail's hash chain does not verify.
    #[error("database {}: audit trail broken at entry {}: {}", path.display(), brk.entry_id, brk.reason)]
    AuditBroken { path: PathBuf, brk: AuditBreak },
    /// A key (audit or encryption) could not be read.
    #[error("database {}: {source}", path.display())]
    Key {
        path: PathBuf,
        #[source]
        source: KeyError,
    },
    /// The encryption key does not open the database (wrong key, or a database that is not
    /// encrypted), or the database is encrypted and no key is configured.
    #[error("database {}: {detail}", path.display())]
    Encryption { path: PathBuf, detail: String },
    /// The configured audit key is not the one the trail was written with.
    #[error("database {}: the audit key ({origin}, fingerprint {configured}) is not the key this audit trail was written with (fingerprint {stored}): check [audit] key_file / key_env", path.display())]
    AuditKeyMismatch {
        path: PathBuf,
        origin: String,
        configured: String,
        stored: String,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Attaches the database path to rusqlite errors.
pub(crate) trait At<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|source| {
            if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
                return StoreError::Busy {
                    path: path.to_path_buf(),
                };
            }
            StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            }
        })
    }
}

/// How long a writer waits for another process's write transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The database. Cheap to share behind an `Arc`: calls are serialised on one connection.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// Keys the audit chain; read from outside the database.
    audit_key: AuditKey,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// One open write transaction; typed operations only (the SQL stays in this module).
pub struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    path: &'c Path,
    audit_key: &'c AuditKey,
}

impl Tx<'_> {
    fn err(&self, what: impl Into<String>, detail: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            path: self.path.to_path_buf(),
            what: what.into(),
            detail: detail.to_string(),
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database file and its folder, and migrates the schema.
    /// Unencrypted, with the audit key file beside the store (generated on first use).
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, &StoreKeys::default())
    }

    /// Opens the database with the configured keys: SQLCipher encryption when
    /// `keys.encryption` is set, and the audit chain keyed from `keys.audit`.
    pub fn open_with(path: &Path, keys: &StoreKeys) -> Result<Store> {
        let key_err = |source| StoreError::Key {
            path: path.to_path_buf(),
            source,
        };
        let audit_key = match &keys.audit {
            Some(source) => AuditKey::from_source(source).map_err(key_err)?,
            None => AuditKey::beside_store(path).map_err(key_err)?,
        };
        let encryption = match &keys.encryption {
            Some(source) => {
                let secret = source.read().map_err(key_err)?;
                if encryption::is_plain(path) {
                    encryption::encrypt_in_place(path, source)?;
                }
                Some((secret, source))
            }
            None => None,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: path.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).at(path)?;
        encryption::unlock(&conn, path, encryption)?;
        Self::setup(conn, path.to_path_buf(), true, audit_key)
    }

    /// A private database in memory (tests, `sources test`), its audit chain keyed in memory.
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().at(&path)?;
        Self::setup(conn, path, false, AuditKey::ephemeral())
    }

    fn setup(mut conn: Connection, path: PathBuf, wal: bool, audit_key: AuditKey) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT).at(&path)?;
        if wal {
            let mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .at(&path)?;
            if !mode.eq_ignore_ascii_case("wal") {
                tracing::warn!(message = "SQLite refused WAL mode.", mode = %mode, path = %path.display());
            }
            // In WAL mode NORMAL still never corrupts; a power cut may lose only the last commits.
            conn.pragma_update(None, "synchronous", "NORMAL")
                .at(&path)?;
        }
        conn.pragma_update(None, "foreign_keys", true).at(&path)?;
        // Deleted rows (purged accounts, replaced values) are overwritten, not left in free space.
        conn.pragma_update(None, "secure_delete", true).at(&path)?;
        conn.set_prepared_statement_cache_capacity(64);
        // The keyed chain's start is recorded in the same transaction as the migration that
        // adds its table, exactly once: a record missing later was removed, never "not yet made".
        schema::migrate(&mut conn, |tx| audit::record_keyed_start(tx, &audit_key)).map_err(
            |e| match e {
                schema::MigrateError::Sql(source) => StoreError::Sqlite {
                    path: path.clone(),
                    source,
                },
                schema::MigrateError::TooNew { found, supported } => StoreError::TooNew {
                    path: path.clone(),
                    found,
                    supported,
                },
            },
        )?;
        let store = Store {
            conn: Mutex::new(conn),
            path,
            audit_key,
        };
        store.audit_keying()?;
        store.audit_closed_duplicates()?;
        Ok(store)
    }

    /// The audit key's public fingerprint.
    pub fn audit_key_id(&self) -> String {
        self.audit_key.id()
    }

    /// The database file (or `:memory:`).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this database is at.
    pub fn schema_version(&self) -> Result<i64> {
        self.lock()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .at(&self.path)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolled its transaction back (Transaction drops), so
        // the connection is still consistent.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` in one write transaction: committed if it returns `Ok`, rolled back otherwise.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(&self.path)?;
        let tx = Tx {
            tx,
            path: &self.path,
            audit_key: &self.audit_key,
        };
        let out = f(&tx)?;
        tx.tx.commit().at(&self.path)?;
        Ok(out)
    }

    /// Runs `f` with the connection for reads (each statement sees a consistent snapshot).
    fn read<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T> {
        f(&self.lock()).at(&self.path)
    }
}

/// Timestamps are stored as RFC 3339 UTC with microseconds, so text order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_ts(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Reads an optional timestamp column, mapping a bad value to a conversion error.
pub(crate) fn col_ts(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(idx)?;
    match s {
        None => Ok(None),
        Some(s) => parse_ts(&s).map(Some).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                idx,
                rusqlite::types::Type::Text,
                format!("{s:?} is not an RFC 3339 timestamp").into(),
            )
        }),
    }
}

/// Reads a JSON column into a value, mapping bad JSON to a conversion error.
pub(crate) fn col_json<T: serde::de::DeserializeOwned>(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_folder_and_migrates_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/dir/db.sqlite3");
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            schema::MIGRATIONS.len() as i64
        );
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            schema::MIGRATIONS.len() as i64
        );
    }

    #[test]
    fn store_can_be_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Store>();
    }

    #[test]
    fn refuses_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("db.sqlite3"));
    }
}
