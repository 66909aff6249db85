//! `queue backfill`: queue on purpose the relevant posts the reply window held back.

use chrono::{DateTime, Utc};

use super::pipeline::{Pipeline, PipelineError};
use crate::queue::Actor;

impl Pipeline {
    /// Drafts, assesses and queues every relevant post of `source` published (or, lacking a
    /// date, first seen) at or after `since` that has no queue item, in one transaction with
    /// one `backfill` audit entry by `actor`. Returns how many were queued; a second run
    /// over the same posts queues nothing.
    pub fn backfill(
        &self,
        source: &str,
        since: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<usize, PipelineError> {
        self.store.write(|tx| {
            let mut queued = 0;
            for post in tx.posts_to_backfill(source, since)? {
                if self.queue_draft_in(tx, &post)? {
                    queued += 1;
                }
            }
            if queued > 0 {
                let detail = serde_json::json!({
                    "source": source, "since": since.to_rfc3339(), "queued": queued,
                })
                .to_string();
                tx.append_audit(&actor.id, "backfill", None, None, &detail)?;
            }
            Ok(queued)
        })
    }
}
