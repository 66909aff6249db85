//! The store's two secrets: the audit trail's HMAC key and the SQLCipher encryption key. Both
//! come from a file or an environment variable the config names and never enter the database;
//! without a configured audit key one is generated once into a file beside the store.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Shortest accepted secret: 16 bytes (a passphrase) or 32 hex digits.
const MIN_SECRET_BYTES: usize = 16;

/// Where a secret is read from, with the config key that named it (for messages).
#[derive(Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A file holding hex digits (64 = 32 bytes, the generated form) or a passphrase.
    File { path: PathBuf, config_key: String },
    /// An environment variable holding the same.
    Env { var: String, config_key: String },
}

impl fmt::Debug for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::File { path, config_key } => {
                write!(f, "{config_key} = {:?}", path.display().to_string())
            }
            KeySource::Env { var, config_key } => write!(f, "{config_key} = {var:?}"),
        }
    }
}

/// Why a secret could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_desc}: {problem}")]
pub struct KeyError {
    /// The config key and its value, e.g. `[audit] key_file = "/etc/rg/audit.key"`.
    pub source_desc: String,
    pub problem: String,
}

/// Secret bytes; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>, Form);

/// How the secret was written, which decides how SQLCipher is given it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Hex digits: the decoded bytes are the key.
    Hex,
    /// Anything else: a passphrase.
    Passphrase,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// Decodes the text of a key file or variable: hex digits are the key's bytes, anything
    /// else is a passphrase used as it is (without surrounding white space).
    fn parse(text: &[u8]) -> Result<Secret, String> {
        let trimmed = text.trim_ascii();
        let (bytes, form) = match std::str::from_utf8(trimmed) {
            Ok(s) if s.len() % 2 == 0 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (hex::decode(s).map_err(|e| e.to_string())?, Form::Hex)
            }
            _ => (trimmed.to_vec(), Form::Passphrase),
        };
        if bytes.len() < MIN_SECRET_BYTES {
            return Err(format!(
                "the key is too short ({} bytes; at least {MIN_SECRET_BYTES}): generate one with `openssl rand -hex 32`",
                bytes.len()
            ));
        }
        Ok(Secret(bytes, form))
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The value for SQLCipher's `PRAGMA key`: a 32-byte hex key in its raw form `x'…'`
    /// (no passphrase derivation), anything else as a passphrase (non-UTF-8 bytes as hex text).
    pub(crate) fn sqlcipher_value(&self) -> String {
        match (self.1, std::str::from_utf8(&self.0)) {
            (Form::Hex, _) if self.0.len() == 32 => format!("x'{}'", hex::encode(&self.0)),
            (Form::Hex, _) => hex::encode(&self.0),
            (Form::Passphrase, Ok(s)) => s.to_string(),
            (Form::Passphrase, Err(_)) => hex::encode(&self.0),
        }
    }
}

impl KeySource {
    /// Reads and decodes the secret; a missing file or variable is an error naming the config key.
    pub fn read(&self) -> Result<Secret, KeyError> {
        let err = |problem: String| KeyError {
            source_desc: self.to_string(),
            problem,
        };
        let raw = match self {
            KeySource::File { path, .. } => {
                std::fs::read(path).map_err(|e| err(format!("cannot read the key file: {e}")))?
            }
            KeySource::Env { var, .. } => std::env::var_os(var)
                .ok_or_else(|| err(format!("environment variable {var} is not set")))?
                .into_encoded_bytes(),
        };
        Secret::parse(&raw).map_err(err)
    }
}

/// Checks a secret's text as `source` would hold it (`check-config` with a chosen environment).
pub fn check_secret_text(source: &KeySource, text: &[u8]) -> Result<(), KeyError> {
    Secret::parse(text).map(|_| ()).map_err(|problem| KeyError {
        source_desc: source.to_string(),
        problem,
    })
}

/// The audit trail's key: an HMAC-SHA256 key and where it came from.
#[derive(Clone)]
pub struct AuditKey {
    secret: Secret,
    /// Where the key lives, for messages (`[audit] key_file = …`, `generated …`).
    pub origin: String,
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditKey")
            .field("origin", &self.origin)
            .field("id", &self.id())
            .finish()
    }
}

impl AuditKey {
    /// A random key held only in memory (in-memory stores).
    pub fn ephemeral() -> AuditKey {
        AuditKey {
            secret: Secret(rand::random::<[u8; 32]>().to_vec(), Form::Hex),
            origin: "a random in-memory key".into(),
        }
    }

    /// The key from a configured source.
    pub fn from_source(source: &KeySource) -> Result<AuditKey, KeyError> {
        Ok(AuditKey {
            secret: source.read()?,
            origin: source.to_string(),
        })
    }

    /// The default key file beside the store, generated (mode 0600) when it does not exist.
    pub fn beside_store(path: &Path) -> Result<AuditKey, KeyError> {
        let file = default_audit_key_path(path);
        let source = KeySource::File {
            path: file.clone(),
            config_key: "the generated audit key file".into(),
        };
        if !file.exists() {
            generate_key_file(&file).map_err(|e| KeyError {
                source_desc: source.to_string(),
                problem: format!("cannot create the key file: {e}"),
            })?;
            tracing::warn!(
                message = "Generated the audit trail's key beside the store; back it up, or set [audit] key_file or key_env.",
                path = %file.display()
            );
        }
        AuditKey::from_source(&source)
    }

    /// HMAC-SHA256 of `parts`, each followed by a newline, as hex.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> String {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(self.secret.bytes())
            .expect("HMAC takes keys of any length");
        for p in parts {
            m.update(p);
            m.update(b"\n");
        }
        hex::encode(m.finalize().into_bytes())
    }

    /// A public fingerprint of the key (16 hex digits), so a wrong key is told apart from a
    /// rewritten trail. It reveals nothing usable about the key.
    pub fn id(&self) -> String {
        self.mac(&[b"reviewgate audit key id"])[..16].to_string()
    }
}

/// `data/reviewgate.sqlite3` -> `data/reviewgate.sqlite3.audit-key`.
pub fn default_audit_key_path(store: &Path) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".audit-key");
    store.with_file_name(name)
}

/// Writes 32 random bytes as hex to a new file readable by its owner only.
fn generate_key_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    // create_new: two processes racing to create it must not overwrite each other's key.
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = match opts.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(e),
    };
    let key: [u8; 32] = rand::random();
    writeln!(f, "{}", hex::encode(key))?;
    f.sync_all()
}

/// Which secrets a store is opened with.
#[derive(Debug, Clone, Default)]
pub struct StoreKeys {
    /// SQLCipher key; `None`: the database is not encrypted.
    pub encryption: Option<KeySource>,
    /// Audit key; `None`: the key file beside the store (generated on first use).
    pub audit: Option<KeySource>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_decode_hex_or_passphrase_and_refuse_short_ones() {
        assert_eq!(
            Secret::parse(b"00ff".repeat(8).as_slice()).unwrap().0.len(),
            16
        );
        let p = Secret::parse(b"  correct horse battery staple\n").unwrap();
        assert_eq!(p.0, b"correct horse battery staple");
        let e = Secret::parse(b"short").unwrap_err();
        assert!(e.contains("too short"), "{e}");
    }

    #[test]
    fn generated_key_file_is_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("db.sqlite3");
        let a = AuditKey::beside_store(&store).unwrap();
        let b = AuditKey::beside_store(&store).unwrap();
        assert_eq!(a.id(), b.id());
        let file = default_audit_key_path(&store);
        assert_eq!(file, dir.path().join("db.sqlite3.audit-key"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn missing_sources_name_the_config_key() {
        let e = KeySource::Env {
            var: "RG_TEST_NO_SUCH_VAR".into(),
            config_key: "[store] encryption_key_env".into(),
        }
        .read()
        .unwrap_err();
        assert!(e.to_string().contains("[store] encryption_key_env"), "{e}");
        assert!(
            e.to_string().contains("RG_TEST_NO_SUCH_VAR is not set"),
            "{e}"
        );
    }
}
