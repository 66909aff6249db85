//! Anchors of the audit chain kept outside the database: the head (entry number and MAC) as
//! JSON lines appended to a file, or as a `SEQ:MAC` pair copied from the admin channel.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The audit chain's head at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The number of the newest entry (0: an empty trail).
    pub seq: u64,
    /// That entry's MAC (its `hash` column).
    pub mac: String,
    /// The first entry of the keyed chain when the anchor was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyed_from: Option<u64>,
    /// Fingerprint of the audit key that made the MAC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    pub at: DateTime<Utc>,
    /// Where the anchor was read from, for messages (`FILE:LINE`, `--anchor`).
    #[serde(skip)]
    pub origin: String,
}

/// Why anchors could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum AnchorError {
    /// The anchor file could not be read, created or appended to.
    #[error("anchor file {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line of the anchor file is not an anchor.
    #[error("anchor file {}:{line}: not an anchor: {detail}", path.display())]
    BadLine {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    /// An `--anchor` argument is not `SEQ:MAC`.
    #[error("--anchor {0:?}: expected ENTRY:MAC, as posted to the admin channel (e.g. 42:3fa9…)")]
    BadArg(String),
}

impl Anchor {
    /// `SEQ:MAC`, as printed by `audit anchor` and posted to the admin channel.
    pub fn parse_arg(s: &str) -> Result<Anchor, AnchorError> {
        let bad = || AnchorError::BadArg(s.to_string());
        let (seq, mac) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq: u64 = seq.trim().parse().map_err(|_| bad())?;
        let mac = mac.trim();
        if mac.len() != 64 || !mac.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Anchor {
            seq,
            mac: mac.to_ascii_lowercase(),
            keyed_from: None,
            key_id: None,
            at: Utc::now(),
            origin: format!("--anchor {seq}"),
        })
    }

    /// `SEQ:MAC`.
    pub fn short(&self) -> String {
        format!("{}:{}", self.seq, self.mac)
    }

    /// Appends this anchor as one JSON line, flushed to disk before returning.
    pub fn append_to(&self, path: &Path) -> Result<(), AnchorError> {
        let io = |source| AnchorError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(io)?;
        let line = serde_json::to_string(self).expect("plain data always serialises");
        writeln!(f, "{line}").map_err(io)?;
        f.sync_all().map_err(io)
    }
}

/// Every anchor in the file, oldest first; a missing file holds none.
pub fn read_anchors(path: &Path) -> Result<Vec<Anchor>, AnchorError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(AnchorError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut a: Anchor = serde_json::from_str(line).map_err(|e| AnchorError::BadLine {
            path: path.to_path_buf(),
            line: i + 1,
            detail: e.to_string(),
        })?;
        a.origin = format!("{}:{}", path.display(), i + 1);
        out.push(a);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_round_trip_through_the_file_with_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("anchors.jsonl");
        assert!(read_anchors(&path).unwrap().is_empty());
        let a = Anchor::parse_arg(&format!("7:{}", "Ab".repeat(32))).unwrap();
        a.append_to(&path).unwrap();
        a.append_to(&path).unwrap();
        let back = read_anchors(&path).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].seq, 7);
        assert_eq!(back[1].mac, "ab".repeat(32));
        assert!(
            back[1].origin.ends_with("anchors.jsonl:2"),
            "{}",
            back[1].origin
        );
        std::fs::write(&path, "{\"seq\":1}\n").unwrap();
        let e = read_anchors(&path).unwrap_err().to_string();
        assert!(e.contains("anchors.jsonl:1"), "{e}");
    }

    #[test]
    fn bad_arguments_are_refused() {
        for bad in ["7", "x:ab", "7:abc"] {
            assert!(Anchor::parse_arg(bad).is_err(), "{bad}");
        }
    }
}
