//! The delivery loop: sends the store's outbox to Discord (new review messages, edits, admin
//! alerts), retrying failures with backoff. Pending deliveries live in SQLite, so they resume
//! after a restart.
//!
//! Exactly one review message per item: the message id is stored with the item when Discord
//! confirms the post, and the store never hands out a `Post` for an item that has one. The
//! dangerous case is an answer lost after Discord created the message (timeout, 5xx). Two
//! guards cover it: every post carries the nonce `rg-item-<id>` with `enforce_nonce`, so
//! Discord itself returns the existing message for a retry within its dedup window; and before
//! any retry of a post whose earlier attempt may have reached Discord, the loop reads the
//! channel's recent messages and adopts one whose footer names the item instead of posting again.
//! "May have reached Discord" means: a failed attempt is recorded, or the entry is older than
//! this run (the previous process may have stopped between sending and recording).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::Value;
use tokio::sync::Notify;
use tracing::{info, warn};

use super::card::card;
use super::render::{alert_message, footer_marker, item_edit, item_message};
use super::rest::{snowflake, Rest, RestError};
use super::Tuning;
use crate::queue::{Queue, State};
use crate::store::{DiscordRef, OutboxEntry, OutboxKind, Store};

/// Why one delivery failed; both kinds are retried.
#[derive(Debug, thiserror::Error)]
enum DeliveryError {
    /// The Discord call failed.
    #[error(transparent)]
    Discord(#[from] RestError),
    /// The item could not be read from the store.
    #[error("reading the queue: {0}")]
    Store(String),
}

impl DeliveryError {
    fn retry_after(&self) -> Option<Duration> {
        match self {
            DeliveryError::Discord(e) => e.retry_after(),
            DeliveryError::Store(_) => None,
        }
    }
}

/// Entries handled per round.
const BATCH: usize = 25;

pub struct Delivery {
    pub store: Arc<Store>,
    pub rest: Rest,
    pub review_channel_id: u64,
    pub admin_channel_id: u64,
    pub tuning: Tuning,
    pub wake: Arc<Notify>,
    /// Entries older than this may have been in flight when an earlier run stopped.
    pub started_at: chrono::DateTime<Utc>,
    /// The sources' publishers: an approved item of such a source shows "Publish".
    pub publishing: Option<Arc<crate::publish::Publishing>>,
}

/// The wait before the next attempt: Discord's `retry_after` if it gave one, else exponential.
pub fn backoff(tuning: &Tuning, attempts: u32, retry_after: Option<Duration>) -> Duration {
    let exp = tuning
        .retry_base
        .saturating_mul(1u32 << attempts.min(16))
        .min(tuning.retry_max);
    match retry_after {
        Some(wait) => wait.max(tuning.retry_base),
        None => exp,
    }
}

async fn blocking<T: Send + 'static>(
    store: &Arc<Store>,
    f: impl FnOnce(&Store) -> Result<T, crate::store::StoreError> + Send + 'static,
) -> Result<T, String> {
    let store = store.clone();
    match tokio::task::spawn_blocking(move || f(&store)).await {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

impl Delivery {
    /// Runs until `shutdown` turns true.
    pub async fn run(self, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        let mut last_sync: Option<tokio::time::Instant> = None;
        while !*shutdown.borrow() {
            if last_sync.map_or(true, |t| t.elapsed() >= self.tuning.sync_interval) {
                self.sync_posts().await;
                last_sync = Some(tokio::time::Instant::now());
            }
            let handled = self.round().await;
            if handled >= BATCH {
                continue;
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.tuning.poll_interval) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// Makes sure every open item has a `Post` in the outbox (the store keeps one per item),
    /// so items enqueued by any process reach the channel.
    pub async fn sync_posts(&self) {
        let result = blocking(&self.store, |store| {
            let q = Queue::new(store);
            let mut pushed = 0;
            for state in [State::Pending, State::Approved] {
                let items = q.list(Some(state)).map_err(|e| match e {
                    crate::queue::QueueError::Store(s) => s,
                    other => crate::store::StoreError::Corrupt {
                        path: store.path().to_path_buf(),
                        what: "queue".into(),
                        detail: other.to_string(),
                    },
                })?;
                for item in items {
                    if store.item_discord_message(item.id)?.is_none() {
                        store.outbox_push(OutboxKind::Post, Some(item.id), "{}")?;
                        pushed += 1;
                    }
                }
            }
            Ok(pushed)
        })
        .await;
        if let Err(error) = result {
            warn!(message = "Failed to check the queue for unposted items.", %error);
        }
    }

    /// One round over the due entries; returns how many were handled.
    pub async fn round(&self) -> usize {
        let due = match blocking(&self.store, |s| s.outbox_due(Utc::now(), BATCH)).await {
            Ok(d) => d,
            Err(error) => {
                warn!(message = "Failed to read the Discord outbox.", %error);
                return 0;
            }
        };
        let mut updated = HashMap::new();
        for entry in &due {
            let outcome = match entry.kind {
                OutboxKind::Post => self.post(entry).await,
                OutboxKind::Update => self.update(entry, &mut updated).await,
                OutboxKind::Alert => self.alert(entry).await,
            };
            let stored = match outcome {
                Ok(message) => {
                    metrics::counter!("reviewgate_discord_deliveries_total", "outcome" => "ok")
                        .increment(1);
                    if entry.kind == OutboxKind::Post && message.is_some() {
                        let waited = (Utc::now() - entry.created_at).num_milliseconds() as f64;
                        metrics::histogram!("reviewgate_post_to_review_message_seconds")
                            .record(waited / 1000.0);
                    }
                    blocking(&self.store, {
                        let id = entry.id;
                        move |s| s.outbox_done(id, message)
                    })
                    .await
                }
                Err(error) => {
                    metrics::counter!("reviewgate_discord_deliveries_total", "outcome" => "retry")
                        .increment(1);
                    let wait = backoff(&self.tuning, entry.attempts, error.retry_after());
                    warn!(message = "Discord delivery failed; will retry.", %error, entry = entry.id, kind = entry.kind.as_str(), retry_in = ?wait);
                    let next = Utc::now()
                        + chrono::Duration::from_std(wait)
                            .unwrap_or_else(|_| chrono::Duration::minutes(5));
                    let text = error.to_string();
                    blocking(&self.store, {
                        let id = entry.id;
                        move |s| s.outbox_failed(id, &text, next)
                    })
                    .await
                }
            };
            if let Err(error) = stored {
                warn!(message = "Failed to record a Discord delivery.", %error, entry = entry.id);
            }
        }
        due.len()
    }

    async fn card(&self, item: i64) -> Result<Option<super::render::Card>, DeliveryError> {
        let publishing = self.publishing.clone();
        let loaded = blocking(&self.store, move |s| {
            let view = match Queue::new(s).show(item) {
                Ok(v) => v,
                Err(crate::queue::QueueError::NotFound(_)) => return Ok(None),
                Err(crate::queue::QueueError::Store(e)) => return Err(e),
                Err(other) => {
                    return Err(crate::store::StoreError::Corrupt {
                        path: s.path().to_path_buf(),
                        what: format!("item {item}"),
                        detail: other.to_string(),
                    })
                }
            };
            let audit = s.audit_entries(Some(item))?;
            let mut card = card(&view, &audit);
            card.publishable = publishing
                .as_ref()
                .is_some_and(|p| p.configured_for(&view.source));
            Ok(Some(card))
        })
        .await;
        loaded.map_err(DeliveryError::Store)
    }

    async fn post(&self, entry: &OutboxEntry) -> Result<Option<DiscordRef>, DeliveryError> {
        let Some(item) = entry.item_id else {
            return Ok(None);
        };
        let channel_id = self.review_channel_id;
        if entry.attempts > 0 || entry.created_at < self.started_at {
            // An earlier attempt (failed, or cut off by a stop) may have created the message
            // although its answer never got recorded.
            if let Some(found) = self.find_posted(item).await? {
                info!(
                    message = "Adopted an already posted review message.",
                    item,
                    message_id = found
                );
                // It shows the state of the lost attempt: bring it up to date.
                let store = self.store.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    store.outbox_push(OutboxKind::Update, Some(item), "{}")
                })
                .await;
                return Ok(Some(DiscordRef {
                    channel_id,
                    message_id: found,
                }));
            }
        }
        let Some(card) = self.card(item).await? else {
            return Ok(None);
        };
        let message_id = self
            .rest
            .create_message(channel_id, &item_message(&card, &format!("rg-item-{item}")))
            .await?;
        Ok(Some(DiscordRef {
            channel_id,
            message_id,
        }))
    }

    async fn find_posted(&self, item: i64) -> Result<Option<u64>, RestError> {
        let marker = footer_marker(item);
        let recent = self
            .rest
            .recent_messages(self.review_channel_id, 100)
            .await?;
        Ok(recent
            .iter()
            .find(|m| has_footer(m, &marker))
            .and_then(|m| snowflake(&m["id"])))
    }

    /// `updated` remembers this round's edit per item: later entries for the same item share its
    /// outcome, since an edit always renders the current state.
    async fn update(
        &self,
        entry: &OutboxEntry,
        updated: &mut HashMap<i64, Option<String>>,
    ) -> Result<Option<DiscordRef>, DeliveryError> {
        let Some(item) = entry.item_id else {
            return Ok(None);
        };
        if let Some(earlier) = updated.get(&item) {
            return match earlier {
                None => Ok(None),
                Some(message) => Err(DeliveryError::Discord(RestError::Retryable {
                    what: "edit (same item as a failed edit this round)".into(),
                    status: None,
                    retry_after: None,
                    message: message.clone(),
                })),
            };
        }
        let Some(message) = entry.item_message else {
            return Ok(None); // never posted: its post (if any) will show the current state
        };
        let Some(card) = self.card(item).await? else {
            return Ok(None);
        };
        let result = match self
            .rest
            .edit_message(message.channel_id, message.message_id, &item_edit(&card))
            .await
        {
            Err(RestError::Permanent { status: 404, .. }) => {
                warn!(
                    message = "Review message was deleted in Discord; not edited.",
                    item,
                    message_id = message.message_id
                );
                Ok(None)
            }
            Err(e) => Err(DeliveryError::Discord(e)),
            Ok(()) => Ok(None),
        };
        updated.insert(item, result.as_ref().err().map(|e| e.to_string()));
        result
    }

    async fn alert(&self, entry: &OutboxEntry) -> Result<Option<DiscordRef>, DeliveryError> {
        if self.admin_channel_id == 0 {
            warn!(message = "Dropped a source alert: no admin_channel_id configured.", payload = %entry.payload);
            return Ok(None);
        }
        let payload: Value = serde_json::from_str(&entry.payload).unwrap_or(Value::Null);
        let source = payload["source"].as_str().unwrap_or("unknown source");
        let text = payload["text"].as_str().unwrap_or(&entry.payload);
        let msg = alert_message(source, text)
            .nonce(serenity::all::Nonce::String(format!(
                "rg-alert-{}",
                entry.id
            )))
            .enforce_nonce(true);
        let message_id = self
            .rest
            .create_message(self.admin_channel_id, &msg)
            .await?;
        Ok(Some(DiscordRef {
            channel_id: self.admin_channel_id,
            message_id,
        }))
    }
}

fn has_footer(message: &Value, marker: &str) -> bool {
    message["embeds"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|e| e["footer"]["text"].as_str() == Some(marker))
}

/// Queues the review message of a newly enqueued item (the loop also finds unposted items by
/// itself every `sync_interval`; this makes it appear within `poll_interval`).
pub fn announce_item(store: &Store, item_id: i64) -> Result<i64, crate::store::StoreError> {
    store.outbox_push(OutboxKind::Post, Some(item_id), "{}")
}

/// Queues an edit of an item's review message after a change made outside Discord (the CLI).
pub fn refresh_item(store: &Store, item_id: i64) -> Result<i64, crate::store::StoreError> {
    store.outbox_push(OutboxKind::Update, Some(item_id), "{}")
}

/// Queues a source-health alert for the admin channel (delivered by the loop, retried like posts).
pub fn push_alert(
    store: &Store,
    source: &str,
    text: &str,
) -> Result<i64, crate::store::StoreError> {
    let payload = serde_json::json!({ "source": source, "text": text }).to_string();
    store.outbox_push(OutboxKind::Alert, None, &payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_caps_and_honours_retry_after() {
        let t = Tuning {
            retry_base: Duration::from_secs(1),
            retry_max: Duration::from_secs(60),
            ..Tuning::default()
        };
        assert_eq!(backoff(&t, 0, None), Duration::from_secs(1));
        assert_eq!(backoff(&t, 3, None), Duration::from_secs(8));
        assert_eq!(backoff(&t, 30, None), Duration::from_secs(60));
        assert_eq!(
            backoff(&t, 0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            backoff(&t, 0, Some(Duration::from_millis(1))),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn finds_review_messages_by_footer() {
        let m =
            serde_json::json!({"id": "5", "embeds": [{"footer": {"text": "reviewgate item #3"}}]});
        assert!(has_footer(&m, "reviewgate item #3"));
        assert!(!has_footer(&m, "reviewgate item #30"));
        assert!(!has_footer(
            &serde_json::json!({"id": "5"}),
            "reviewgate item #3"
        ));
    }
}
