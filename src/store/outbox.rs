//! The outbox of Discord deliveries: messages to post or edit, kept until Discord confirms them,
//! retried with the caller's backoff, and surviving restarts. Each item's review message is posted once.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{col_ts, queue::load_item, ts, At, Result, Store, StoreError, Tx};
use crate::model::review::ItemId;

/// Where an item's review message is; plain data, so it lives in `model`.
pub use crate::model::review::DiscordRef;

/// What a delivery does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxKind {
    /// Post an item's review message (at most once per item).
    Post,
    /// Edit an item's review message after a change (sent after its `Post`).
    Update,
    /// A message to the admin channel, e.g. a source turned unhealthy.
    Alert,
}

impl OutboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Post => "post",
            OutboxKind::Update => "update",
            OutboxKind::Alert => "alert",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "post" => Some(OutboxKind::Post),
            "update" => Some(OutboxKind::Update),
            "alert" => Some(OutboxKind::Alert),
            _ => None,
        }
    }
}

/// One pending delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: OutboxKind,
    pub item_id: Option<ItemId>,
    /// JSON chosen by the Discord side.
    pub payload: String,
    /// Failed attempts so far.
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    /// The item's review message, once posted (what an `Update` edits).
    pub item_message: Option<DiscordRef>,
}

impl Tx<'_> {
    /// Queues a delivery in this transaction. A second `Post` for the same item returns the first one's id.
    pub fn outbox_push(
        &self,
        kind: OutboxKind,
        item_id: Option<ItemId>,
        payload_json: &str,
    ) -> Result<i64> {
        let now = ts(Utc::now());
        let n = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO outbox (kind, item_id, payload, created_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            )
            .and_then(|mut s| s.execute(params![kind.as_str(), item_id, payload_json, now]))
            .at(self.path)?;
        if n == 1 {
            return Ok(self.tx.last_insert_rowid());
        }
        self.tx
            .query_row(
                "SELECT id FROM outbox WHERE kind = 'post' AND item_id = ?1",
                [item_id],
                |r| r.get(0),
            )
            .at(self.path)
    }
}

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(OutboxEntry, Option<ItemId>)> {
    let kind: String = r.get(1)?;
    let kind = OutboxKind::parse(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Text,
            format!("unknown kind {kind:?}").into(),
        )
    })?;
    let item_id: Option<ItemId> = r.get(2)?;
    Ok((
        OutboxEntry {
            id: r.get(0)?,
            kind,
            item_id,
            payload: r.get(3)?,
            attempts: r.get(4)?,
            created_at: col_ts(r, 5)?.unwrap_or_default(),
            next_attempt_at: col_ts(r, 6)?.unwrap_or_default(),
            last_error: r.get(7)?,
            item_message: None,
        },
        item_id,
    ))
}

impl Store {
    /// Queues a delivery. A second `Post` for the same item returns the first one's id.
    pub fn outbox_push(
        &self,
        kind: OutboxKind,
        item_id: Option<ItemId>,
        payload_json: &str,
    ) -> Result<i64> {
        self.write(|tx| tx.outbox_push(kind, item_id, payload_json))
    }

    /// Deliveries due at `now`, oldest first. An item's `Update`s wait until its `Post` is done,
    /// and a `Post` for an item already in Discord is never handed out again.
    pub fn outbox_due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<OutboxEntry>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT o.id, o.kind, o.item_id, o.payload, o.attempts, o.created_at, o.next_attempt_at, o.last_error
                 FROM outbox o
                 WHERE o.done_at IS NULL AND o.next_attempt_at <= ?1
                   AND NOT (o.kind = 'update' AND EXISTS (
                       SELECT 1 FROM outbox p WHERE p.kind = 'post' AND p.item_id = o.item_id AND p.done_at IS NULL))
                   AND NOT (o.kind = 'post' AND EXISTS (
                       SELECT 1 FROM queue_items q WHERE q.id = o.item_id AND q.discord_message_id IS NOT NULL))
                 ORDER BY o.id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![ts(now), limit as i64], entry_from_row)?;
            let mut out = Vec::new();
            for row in rows {
                let (mut entry, item_id) = row?;
                if let Some(id) = item_id {
                    entry.item_message = load_item(c, id)?.and_then(|i| i.discord);
                }
                out.push(entry);
            }
            Ok(out)
        })
    }

    /// Marks a delivery done. For a `Post`, `message` is stored on the item so it is never posted again.
    pub fn outbox_done(&self, id: i64, message: Option<DiscordRef>) -> Result<()> {
        self.write(|tx| {
            let c = &*tx.tx;
            let found: Option<(String, Option<ItemId>)> = c
                .query_row(
                    "SELECT kind, item_id FROM outbox WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .at(tx.path)?;
            let (kind, item_id) = found.ok_or_else(|| StoreError::NotFound {
                path: tx.path.to_path_buf(),
                what: format!("outbox entry {id}"),
            })?;
            c.execute(
                "UPDATE outbox SET done_at = ?2, discord_message_id = ?3 WHERE id = ?1",
                params![
                    id,
                    ts(Utc::now()),
                    message.map(|m| m.message_id.to_string())
                ],
            )
            .at(tx.path)?;
            if let (Some(item), Some(m), "post") = (item_id, message, kind.as_str()) {
                c.execute(
                    "UPDATE queue_items SET discord_channel_id = ?2, discord_message_id = ?3
                     WHERE id = ?1 AND discord_message_id IS NULL",
                    params![item, m.channel_id.to_string(), m.message_id.to_string()],
                )
                .at(tx.path)?;
            }
            Ok(())
        })
    }

    /// Records a failed attempt and when to try again.
    pub fn outbox_failed(
        &self,
        id: i64,
        error: &str,
        next_attempt_at: DateTime<Utc>,
    ) -> Result<()> {
        self.write(|tx| {
            let n = tx
                .tx
                .execute(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
                    params![id, error, ts(next_attempt_at)],
                )
                .at(tx.path)?;
            if n == 0 {
                return Err(StoreError::NotFound { path: tx.path.to_path_buf(), what: format!("outbox entry {id}") });
            }
            Ok(())
        })
    }

    /// The item's review message in Discord, if posted.
    pub fn item_discord_message(&self, item_id: ItemId) -> Result<Option<DiscordRef>> {
        self.read(|c| load_item(c, item_id))
            .map(|i| i.and_then(|i| i.discord))
    }

    /// The item whose review message this is (for interactions on it).
    pub fn item_by_discord_message(&self, message_id: u64) -> Result<Option<ItemId>> {
        self.read(|c| {
            c.query_row(
                "SELECT id FROM queue_items WHERE discord_message_id = ?1",
                [message_id.to_string()],
                |r| r.get(0),
            )
            .optional()
        })
    }
}
