//! Encryption at rest with SQLCipher: the key is applied before the first read, and a key that
//! does not open the file is reported naming the config key, not as "file is not a database".

use std::path::Path;

use rusqlite::{Connection, ErrorCode};

use super::keys::{KeySource, Secret};
use super::{Result, StoreError};

/// The first bytes of every unencrypted SQLite file; SQLCipher files look random instead.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Applies the key (if any) and proves it opens the file with a first read.
pub(super) fn unlock(
    conn: &Connection,
    path: &Path,
    key: Option<(Secret, &KeySource)>,
) -> Result<()> {
    if let Some((secret, _)) = &key {
        // The raw-key form skips SQLCipher's passphrase derivation for generated (hex) keys;
        // a passphrase is derived with PBKDF2 by SQLCipher itself.
        conn.pragma_update(None, "key", secret.sqlcipher_value())
            .map_err(|source| StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            })?;
    }
    let probe = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    match probe {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            Err(StoreError::Encryption {
                path: path.to_path_buf(),
                detail: not_a_database(path, key.map(|(_, s)| s)),
            })
        }
        Err(source) => Err(StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn not_a_database(path: &Path, key: Option<&KeySource>) -> String {
    match key {
        Some(k) if is_plain(path) => {
            format!("the database is not encrypted, but {k} is set")
        }
        Some(k) => format!(
            "the key from {k} does not decrypt this database: wrong key (or not a reviewgate store)"
        ),
        None => "the file is encrypted (or not a database): set [store] encryption_key_file \
                 or encryption_key_env to its key"
            .to_string(),
    }
}

/// Whether the file is an unencrypted SQLite database.
pub(super) fn is_plain(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == PLAIN_HEADER)
}

/// Encrypts an unencrypted store in place, for an admin who turns encryption on for an
/// existing store: an encrypted copy is written beside it and renamed over it.
pub(super) fn encrypt_in_place(path: &Path, key: &KeySource) -> Result<()> {
    let secret = key.read().map_err(|source| StoreError::Key {
        path: path.to_path_buf(),
        source,
    })?;
    let at = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".encrypting");
    let tmp = path.with_file_name(name);
    let _ = std::fs::remove_file(&tmp);
    {
        let conn = Connection::open(path).map_err(at)?;
        // Leaving WAL mode folds the WAL into the file and needs every other connection
        // closed, so a running service is never left writing to a replaced file.
        let mode: Option<String> = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .ok();
        if !mode.is_some_and(|m| m.eq_ignore_ascii_case("delete")) {
            return Err(StoreError::Encryption {
                path: path.to_path_buf(),
                detail: "cannot encrypt the existing store while another process has it open: \
                         stop `reviewgate run` and try again"
                    .into(),
            });
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(at)?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![tmp.display().to_string(), secret.sqlcipher_value()],
        )
        .map_err(at)?;
        // sqlcipher_export copies the schema and rows but not the user version.
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .map_err(at)?;
        conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))
            .map_err(at)?;
        conn.execute_batch("DETACH DATABASE encrypted")
            .map_err(at)?;
    }
    std::fs::rename(&tmp, path).map_err(|e| StoreError::Encryption {
        path: path.to_path_buf(),
        detail: format!(
            "cannot replace the store with its encrypted copy {}: {e}",
            tmp.display()
        ),
    })?;
    tracing::warn!(
        message = "Encrypted the existing store in place; the old unencrypted bytes may remain in free disk blocks and backups.",
        path = %path.display(),
        key = %key
    );
    Ok(())
}
