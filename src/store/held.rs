//! Posts held back by the reply window: marked when stored, left alone by the repair
//! sweep, counted for `scan` and `sources list`, and queued on purpose by `queue backfill`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::posts::{post_from_row, POST_COLS};
use super::{ts, At, Result, Store, Tx};
use crate::model::Post;

impl Store {
    /// Whether any post of `source` is stored: a source without one is on its first poll.
    pub fn source_has_posts(&self, source: &str) -> Result<bool> {
        self.read(|c| {
            c.prepare_cached("SELECT EXISTS (SELECT 1 FROM posts WHERE source = ?1)")?
                .query_row([source], |r| r.get(0))
        })
    }

    /// Per source, how many held-back posts still have no queue item.
    pub fn held_back_counts(&self) -> Result<HashMap<String, u64>> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT p.source, COUNT(*) FROM posts p WHERE p.held_back = 1
                 AND NOT EXISTS (SELECT 1 FROM queue_items q WHERE q.source = p.source AND q.post_id = p.id)
                 GROUP BY p.source",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
        })
    }
}

impl Tx<'_> {
    /// Marks a stored post as held back by the reply window: no draft is queued for it.
    pub fn hold_post(&self, source: &str, post_id: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE posts SET held_back = 1 WHERE source = ?1 AND id = ?2")
            .and_then(|mut s| s.execute(params![source, post_id]))
            .at(self.path)?;
        Ok(())
    }

    /// Relevant posts of `source` without a queue item that were published at or after
    /// `since` (or, lacking a date, first seen then), oldest first: what a backfill queues.
    pub fn posts_to_backfill(&self, source: &str, since: DateTime<Utc>) -> Result<Vec<Post>> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {POST_COLS} FROM posts p WHERE p.source = ?1 AND p.relevant = 1 AND p.staff = 0
                 AND COALESCE(p.published_at, p.first_seen) >= ?2
                 AND NOT EXISTS (SELECT 1 FROM queue_items q WHERE q.source = p.source AND q.post_id = p.id)
                 ORDER BY COALESCE(p.published_at, p.first_seen), p.id"
            ))
            .and_then(|mut s| {
                s.query_map(params![source, ts(since)], post_from_row)?
                    .collect()
            })
            .at(self.path)
    }
}
