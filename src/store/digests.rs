//! The weekly digests `run` has posted, one row per week, so a restart never posts a week's
//! digest twice.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

use super::{col_ts, ts, At, Result, Store};

impl Store {
    /// When the digest of `week` (e.g. "2026-W50") was posted, if it was.
    pub fn digest_posted_at(&self, week: &str) -> Result<Option<DateTime<Utc>>> {
        self.read(|c| {
            c.query_row(
                "SELECT posted_at FROM digests_posted WHERE week = ?1",
                [week],
                |r| col_ts(r, 0),
            )
            .optional()
            .map(Option::flatten)
        })
    }

    /// Records that the digest of `week` was posted as Discord message `message_id`. The
    /// first record of a week stands; a second one is ignored (returns false).
    pub fn record_digest_posted(
        &self,
        week: &str,
        at: DateTime<Utc>,
        message_id: u64,
    ) -> Result<bool> {
        let n = self
            .lock()
            .execute(
                "INSERT OR IGNORE INTO digests_posted (week, posted_at, message_id)
                 VALUES (?1, ?2, ?3)",
                (week, ts(at), message_id.to_string()),
            )
            .at(&self.path)?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_week_is_recorded_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let store = Store::open(&path).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap();
        assert_eq!(store.digest_posted_at("2026-W50").unwrap(), None);
        assert!(store.record_digest_posted("2026-W50", at, 7).unwrap());
        assert!(!store
            .record_digest_posted("2026-W50", at + chrono::Duration::hours(1), 8)
            .unwrap());
        assert_eq!(store.digest_posted_at("2026-W50").unwrap(), Some(at));
        assert_eq!(store.digest_posted_at("2026-W51").unwrap(), None);
        drop(store);
        let reopened = Store::open(&path).unwrap();
        assert_eq!(reopened.digest_posted_at("2026-W50").unwrap(), Some(at));
    }
}
