//! Closing the loop in the store: posts by the company's own accounts, the outcome of checking
//! each against the approved version it answers (verified or unreviewed), and the publisher's
//! attempts, one per item and version, recorded before and after the platform is called.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::posts::{post_from_row, POST_COLS};
use super::{col_json, col_ts, to_json, ts, At, Result, Store, Tx};
use crate::model::review::{ItemId, State};
use crate::model::{Assessment, Post};

/// A post of the source a staff post may answer, with the newest queue item about it.
#[derive(Debug, Clone)]
pub struct ThreadPost {
    pub post: Post,
    pub first_seen: DateTime<Utc>,
    /// The newest item about this post, if any.
    pub item: Option<ThreadItem>,
}

/// A queue item as the watcher needs it: its state and its current version's text.
#[derive(Debug, Clone)]
pub struct ThreadItem {
    pub id: ItemId,
    pub state: State,
    pub version: u32,
    pub text: String,
}

/// What checking one staff post found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The text is the approved version of the item it answers.
    Verified,
    /// No approved version accounts for it: it bypassed the gate.
    Unreviewed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Verified => "verified",
            Outcome::Unreviewed => "unreviewed",
        }
    }
}

/// One staff post as checked: what it answers and what the watcher concluded.
#[derive(Debug, Clone, Serialize)]
pub struct Publication {
    /// Row id (0 before it is stored).
    pub id: i64,
    pub source: String,
    /// The staff post.
    pub post_id: String,
    pub url: Option<String>,
    pub author: String,
    pub published_at: Option<DateTime<Utc>>,
    pub seen_at: DateTime<Utc>,
    /// The post it answers, when one was found.
    pub answers_post_id: Option<String>,
    /// The item about that post, and the version compared with.
    pub item_id: Option<ItemId>,
    pub item_version: Option<u32>,
    pub outcome: Outcome,
    /// Why, in words (which version it equals, or why none accounts for it).
    pub reason: String,
    /// The gate's verdict on the published text (unreviewed publications only).
    pub assessment: Option<Assessment>,
}

/// One event counted by `queue stats`.
#[derive(Debug, Clone, PartialEq)]
pub struct LoopEvent {
    pub source: String,
    pub kind: LoopEventKind,
    pub at: DateTime<Utc>,
}

/// What happened; a verified publication carries the time from the customer's post to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LoopEventKind {
    Approved,
    Published,
    Verified { post_to_reply_secs: Option<i64> },
    Unreviewed,
}

/// The publisher's record of one item version, written before and after the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishRecord {
    /// Nothing was sent for this version yet (or the last attempt failed for sure).
    Fresh,
    /// A send started at this time and its outcome was never recorded (a crash, a kill):
    /// the platform may or may not hold the reply.
    InProgress { started_at: DateTime<Utc> },
    /// Sent; the platform answered with this URL.
    Sent { url: String },
}

const PUB_COLS: &str = "id, source, post_id, url, author, published_at, seen_at, answers_post_id,
    item_id, item_version, outcome, reason, assessment";

fn publication_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Publication> {
    let outcome: String = r.get(10)?;
    let assessment: Option<String> = r.get(12)?;
    let assessment = match assessment {
        Some(_) => Some(col_json(r, 12)?),
        None => None,
    };
    Ok(Publication {
        id: r.get(0)?,
        source: r.get(1)?,
        post_id: r.get(2)?,
        url: r.get(3)?,
        author: r.get(4)?,
        published_at: col_ts(r, 5)?,
        seen_at: col_ts(r, 6)?.unwrap_or_default(),
        answers_post_id: r.get(7)?,
        item_id: r.get(8)?,
        item_version: r.get(9)?,
        outcome: if outcome == "verified" {
            Outcome::Verified
        } else {
            Outcome::Unreviewed
        },
        reason: r.get(11)?,
        assessment,
    })
}

impl Tx<'_> {
    /// Marks a stored post as the company's own: it is never matched (noted as gone through
    /// the matcher with no match) and never drafted for. `held_back` keeps a staff post older
    /// than the reply window out of the watcher's checks (history from before reviewgate).
    pub fn mark_staff_post(&self, source: &str, post_id: &str, held_back: bool) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE posts SET staff = 1, match_json = NULL, match_customer_id = NULL,
                 matched_at = ?3, held_back = MAX(held_back, ?4) WHERE source = ?1 AND id = ?2",
            )
            .and_then(|mut s| s.execute(params![source, post_id, ts(Utc::now()), held_back]))
            .at(self.path)?;
        Ok(())
    }

    /// Stores the outcome of checking a staff post, with its audit entry (`system:watcher`;
    /// the trail holds the URL and the reason, never the text). False when it was already
    /// stored (another process checked it first).
    pub fn insert_publication(&self, p: &Publication, actor: &str) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO publications (source, post_id, url, author, published_at, seen_at,
                 answers_post_id, item_id, item_version, outcome, reason, decision, assessment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    p.source,
                    p.post_id,
                    p.url,
                    p.author,
                    p.published_at.map(ts),
                    ts(p.seen_at),
                    p.answers_post_id,
                    p.item_id,
                    p.item_version,
                    p.outcome.as_str(),
                    p.reason,
                    p.assessment.as_ref().map(|a| a.decision.as_str()),
                    p.assessment.as_ref().map(to_json),
                ])
            })
            .at(self.path)?;
        if n == 0 {
            return Ok(false);
        }
        let action = match p.outcome {
            Outcome::Verified => "publication_verified",
            Outcome::Unreviewed => "unreviewed_publication",
        };
        let mut detail = format!(
            "staff post {}/{} ({}): {}",
            p.source,
            p.post_id,
            p.url.as_deref().unwrap_or("no URL"),
            p.reason
        );
        if let Some(a) = &p.assessment {
            detail.push_str(&format!("; decision {}", a.decision.as_str()));
        }
        self.append_audit(actor, action, p.item_id, p.item_version, &detail)?;
        Ok(true)
    }

    /// Forgets the check of a staff post whose text was edited, so the watcher checks the new
    /// text: a reply changed after it was verified is a publication nobody approved. Audited.
    pub fn forget_publication(&self, source: &str, post_id: &str, actor: &str) -> Result<bool> {
        let item: Option<(Option<ItemId>, Option<u32>)> = self
            .tx
            .prepare_cached(
                "SELECT item_id, item_version FROM publications WHERE source = ?1 AND post_id = ?2",
            )
            .and_then(|mut s| {
                s.query_row(params![source, post_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .at(self.path)?;
        let Some((item_id, version)) = item else {
            return Ok(false);
        };
        self.tx
            .prepare_cached("DELETE FROM publications WHERE source = ?1 AND post_id = ?2")
            .and_then(|mut s| s.execute(params![source, post_id]))
            .at(self.path)?;
        let detail = format!("staff post {source}/{post_id} was edited; it is checked again");
        self.append_audit(actor, "publication_edited", item_id, version, &detail)?;
        Ok(true)
    }

    /// The publisher's record of one item version.
    pub fn publish_record(&self, item: ItemId, version: u32) -> Result<PublishRecord> {
        let row: Option<(String, String, Option<String>)> = self
            .tx
            .prepare_cached(
                "SELECT state, started_at, url FROM publish_attempts WHERE item_id = ?1 AND version = ?2",
            )
            .and_then(|mut s| {
                s.query_row(params![item, version], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
            })
            .at(self.path)?;
        Ok(match row {
            None => PublishRecord::Fresh,
            Some((state, _, url)) if state == "sent" => PublishRecord::Sent {
                url: url.unwrap_or_default(),
            },
            Some((state, started, _)) if state == "sending" => PublishRecord::InProgress {
                started_at: super::parse_ts(&started).unwrap_or_default(),
            },
            Some(_) => PublishRecord::Fresh,
        })
    }

    /// Records that a send of this version starts now, under `key`, before any network call.
    pub fn publish_begin(
        &self,
        item: ItemId,
        version: u32,
        key: &str,
        publisher: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO publish_attempts (item_id, version, key, publisher, state, started_at)
                 VALUES (?1, ?2, ?3, ?4, 'sending', ?5)
                 ON CONFLICT (item_id, version) DO UPDATE SET state = 'sending', started_at = ?5,
                     finished_at = NULL, error = NULL, publisher = ?4",
            )
            .and_then(|mut s| s.execute(params![item, version, key, publisher, ts(Utc::now())]))
            .at(self.path)?;
        Ok(())
    }

    /// Records the platform's answer: `Ok(url)` sent, `Err(reason)` refused for sure.
    pub fn publish_end(
        &self,
        item: ItemId,
        version: u32,
        outcome: Result<&str, &str>,
    ) -> Result<()> {
        let (state, url, error) = match outcome {
            Ok(url) => ("sent", Some(url), None),
            Err(e) => ("failed", None, Some(e)),
        };
        self.tx
            .prepare_cached(
                "UPDATE publish_attempts SET state = ?3, url = ?4, error = ?5, finished_at = ?6
                 WHERE item_id = ?1 AND version = ?2",
            )
            .and_then(|mut s| s.execute(params![item, version, state, url, error, ts(Utc::now())]))
            .at(self.path)?;
        Ok(())
    }
}

impl Store {
    /// Staff posts of `source` not checked yet (and not held back by the reply window),
    /// oldest first.
    pub fn staff_posts_unchecked(&self, source: &str, limit: usize) -> Result<Vec<Post>> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {POST_COLS} FROM posts p WHERE p.source = ?1 AND p.staff = 1 AND p.held_back = 0
                 AND NOT EXISTS (SELECT 1 FROM publications u WHERE u.source = p.source AND u.post_id = p.id)
                 ORDER BY COALESCE(p.published_at, p.first_seen), p.first_seen, p.id LIMIT ?2"
            ))?
            .query_map(params![source, limit as i64], post_from_row)?
            .collect()
        })
    }

    /// The newest `limit` posts of `source` that are not the company's own, oldest first,
    /// each with its newest queue item: what a staff post may answer.
    pub fn thread_posts(&self, source: &str, limit: usize) -> Result<Vec<ThreadPost>> {
        let cols = POST_COLS
            .split(", ")
            .map(|c| format!("p.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut rows: Vec<ThreadPost> = self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {cols}, p.first_seen, q.id, q.state, q.version, v.text
                 FROM posts p
                 LEFT JOIN queue_items q ON q.id = (SELECT MAX(id) FROM queue_items x WHERE x.source = p.source AND x.post_id = p.id)
                 LEFT JOIN queue_versions v ON v.item_id = q.id AND v.version = q.version
                 WHERE p.source = ?1 AND p.staff = 0
                 ORDER BY COALESCE(p.published_at, p.first_seen) DESC, p.first_seen DESC, p.id DESC LIMIT ?2"
            ))?
            .query_map(params![source, limit as i64], |r| {
                let post = post_from_row(r)?;
                let first_seen = col_ts(r, 10)?.unwrap_or_default();
                let id: Option<ItemId> = r.get(11)?;
                let item = match id {
                    Some(id) => {
                        let state: String = r.get(12)?;
                        Some(ThreadItem {
                            id,
                            state: state.parse().map_err(|e: String| {
                                rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, e.into())
                            })?,
                            version: r.get(13)?,
                            text: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
                        })
                    }
                    None => None,
                };
                Ok(ThreadPost { post, first_seen, item })
            })?
            .collect()
        })?;
        rows.reverse();
        Ok(rows)
    }

    /// One checked staff post.
    pub fn publication(&self, source: &str, post_id: &str) -> Result<Option<Publication>> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {PUB_COLS} FROM publications WHERE source = ?1 AND post_id = ?2"
            ))?
            .query_row(params![source, post_id], publication_from_row)
            .optional()
        })
    }

    /// Every unreviewed publication, oldest first (`queue unreviewed`).
    pub fn unreviewed_publications(&self) -> Result<Vec<Publication>> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {PUB_COLS} FROM publications WHERE outcome = 'unreviewed' ORDER BY seen_at, id"
            ))?
            .query_map([], publication_from_row)?
            .collect()
        })
    }

    /// What `queue stats` counts, since `since`: items approved (their completing approval)
    /// and published (marked posted), staff posts verified (with the time from the answered
    /// post to the reply) and unreviewed.
    pub fn loop_events(&self, since: DateTime<Utc>) -> Result<Vec<LoopEvent>> {
        let since = ts(since);
        self.read(|c| {
            let mut out = Vec::new();
            // An item's approval time is that of the last approval of its current version.
            let mut s = c.prepare_cached(
                "SELECT q.source, MAX(a.at) FROM queue_items q
                 JOIN queue_approvals a ON a.item_id = q.id AND a.version = q.version
                 WHERE q.state IN ('approved', 'posted') GROUP BY q.id HAVING MAX(a.at) >= ?1",
            )?;
            for row in s.query_map([&since], |r| Ok((r.get(0)?, col_ts(r, 1)?)))? {
                let (source, at): (String, _) = row?;
                if let Some(at) = at {
                    out.push(LoopEvent { source, kind: LoopEventKind::Approved, at });
                }
            }
            let mut s = c.prepare_cached(
                "SELECT source, posted_at FROM queue_items WHERE state = 'posted' AND posted_at >= ?1",
            )?;
            for row in s.query_map([&since], |r| Ok((r.get(0)?, col_ts(r, 1)?)))? {
                let (source, at): (String, _) = row?;
                if let Some(at) = at {
                    out.push(LoopEvent { source, kind: LoopEventKind::Published, at });
                }
            }
            let mut s = c.prepare_cached(
                "SELECT u.source, u.outcome, COALESCE(u.published_at, u.seen_at), COALESCE(p.published_at, p.first_seen)
                 FROM publications u
                 LEFT JOIN posts p ON p.source = u.source AND p.id = u.answers_post_id
                 WHERE u.seen_at >= ?1",
            )?;
            for row in s.query_map([&since], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, col_ts(r, 2)?, col_ts(r, 3)?))
            })? {
                let (source, outcome, at, asked) = row?;
                let Some(at) = at else { continue };
                let kind = if outcome == "verified" {
                    LoopEventKind::Verified {
                        post_to_reply_secs: asked.map(|a| (at - a).num_seconds().max(0)),
                    }
                } else {
                    LoopEventKind::Unreviewed
                };
                out.push(LoopEvent { source, kind, at });
            }
            Ok(out)
        })
    }

    /// The publisher's record of one item version (see [`Tx::publish_record`]).
    pub fn publish_record(&self, item: ItemId, version: u32) -> Result<PublishRecord> {
        self.read_tx(|tx| tx.publish_record(item, version))
    }
}
