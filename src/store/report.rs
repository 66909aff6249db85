//! What the weekly digest reads from the store: the posts first seen in a window and the
//! queue items created in it, with when each was decided. `report` turns them into numbers.

use chrono::{DateTime, Utc};

use super::{col_ts, ts, Result, Store};

/// A post as the digest counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPost {
    pub source: String,
    /// When reviewgate first saw it (the day it is counted on).
    pub first_seen: DateTime<Utc>,
    /// It passed the source's keyword filter.
    pub relevant: bool,
    /// The matcher linked it to a customer, or proposed one as a candidate.
    pub matched: bool,
}

/// A queue item as the digest counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportItem {
    pub id: i64,
    pub source: String,
    /// The decision of its current version: `routine`, `needs_review` or `blocked`.
    pub decision: String,
    /// `pending`, `approved`, `posted` or `rejected`.
    pub state: String,
    pub created_at: DateTime<Utc>,
    /// When it was approved (the last approval of the approved version) or rejected; `None`
    /// while pending, or for an item closed without a reviewer (a duplicate).
    pub decided_at: Option<DateTime<Utc>>,
}

/// Everything the digest needs about one window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportRows {
    pub posts: Vec<ReportPost>,
    pub items: Vec<ReportItem>,
}

impl Store {
    /// Posts first seen and queue items created at or after `since`, oldest first.
    pub fn report_rows(&self, since: DateTime<Utc>) -> Result<ReportRows> {
        let since = ts(since);
        self.read(|c| {
            let mut st = c.prepare_cached(
                "SELECT source, first_seen, relevant, match_customer_id IS NOT NULL
                 FROM posts WHERE first_seen >= ?1 ORDER BY first_seen, source, id",
            )?;
            let posts = st
                .query_map([&since], |r| {
                    Ok(ReportPost {
                        source: r.get(0)?,
                        first_seen: required_ts(r, 1)?,
                        relevant: r.get(2)?,
                        matched: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // An approval completes an item when its version's last approval is given; a
            // rejection is the audit entry that made it. Timestamps sort as text (RFC 3339 UTC).
            let mut st = c.prepare_cached(
                "SELECT i.id, i.source, v.decision, i.state, i.created_at,
                    CASE
                      WHEN i.state IN ('approved', 'posted') THEN
                        (SELECT MAX(a.at) FROM queue_approvals a
                         WHERE a.item_id = i.id AND a.version = i.version)
                      WHEN i.state = 'rejected' THEN
                        (SELECT MIN(e.at) FROM audit e WHERE e.item_id = i.id AND e.action = 'reject')
                    END
                 FROM queue_items i
                 JOIN queue_versions v ON v.item_id = i.id AND v.version = i.version
                 WHERE i.created_at >= ?1 ORDER BY i.created_at, i.id",
            )?;
            let items = st
                .query_map([&since], |r| {
                    Ok(ReportItem {
                        id: r.get(0)?,
                        source: r.get(1)?,
                        decision: r.get(2)?,
                        state: r.get(3)?,
                        created_at: required_ts(r, 4)?,
                        decided_at: col_ts(r, 5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(ReportRows { posts, items })
        })
    }
}

fn required_ts(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    col_ts(r, idx)?.ok_or(rusqlite::Error::InvalidColumnType(
        idx,
        "timestamp".into(),
        rusqlite::types::Type::Null,
    ))
}
