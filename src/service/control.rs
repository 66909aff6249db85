//! The service side of Discord's `/source` commands and of source-health alerts: pausing,
//! resuming and testing sources over the pipeline, and alerting when a source breaks.

use std::sync::Arc;

use crate::assess::{AssessInput, Assessor};
use crate::discord::{self, BoxFuture, SourceControl, SourceSummary};
use crate::queue::{ItemView, MatchState};
use crate::sources;
use crate::store::{SourceHealth, Store};

use super::pipeline::{linked_customer, Pipeline, PollReport};

/// `/source list|pause|resume|test` over the running pipeline.
pub struct PipelineSources(pub Arc<Pipeline>);

impl SourceControl for PipelineSources {
    fn list(&self) -> Vec<SourceSummary> {
        let health = self.0.store.source_health().unwrap_or_default();
        self.0
            .config
            .config
            .sources
            .iter()
            .map(|s| {
                let h = health.iter().find(|h| h.source == s.name);
                SourceSummary {
                    name: s.name.clone(),
                    paused: h.is_some_and(|h| h.paused),
                    health: h.map_or_else(|| "never polled".to_string(), health_summary),
                }
            })
            .collect()
    }

    fn set_paused(&self, name: &str, paused: bool) -> Result<(), String> {
        if self.0.config.source(name).is_none() {
            return Err(format!("no source named {name:?}"));
        }
        self.0
            .store
            .set_source_paused(name, paused)
            .map_err(|e| e.to_string())
    }

    fn test<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async move {
            let (source, compiled) = self
                .0
                .config
                .source(name)
                .ok_or_else(|| format!("no source named {name:?}"))?;
            let outcome =
                sources::poll(&self.0.client, source, compiled, &Default::default()).await;
            let relevant = outcome.posts.iter().filter(|(_, r)| *r).count();
            let summary = format!(
                "{name}: {} page(s), {} item(s), {} post(s), {relevant} relevant",
                outcome.pages_fetched,
                outcome.items_found,
                outcome.posts.len()
            );
            match outcome.error {
                Some(e) => Err(format!("{summary}; stopped: {e}")),
                None if outcome.items_found == 0 => {
                    Err(format!("{summary}; the item selector matched nothing"))
                }
                None => Ok(summary),
            }
        })
    }
}

/// The assessor for rewrites (Discord and CLI): the reply is checked against the item's post
/// and the account it is matched to (none after "Not this account").
/// The queue calls it outside its write transaction, so it may read the store.
pub fn item_assessor(reader: Arc<Store>, assessor: Arc<Assessor>) -> discord::AssessFn {
    Arc::new(move |item: &ItemView, reply: &str| {
        // The stored post: its full text, so values the poster wrote stay public (the excerpt
        // stands in only if the post is gone), and its current match, which a customers
        // import may have found after the item was queued.
        let post = reader.post(&item.source, &item.post_id).ok().flatten();
        let post_text = post
            .as_ref()
            .map_or_else(|| item.post_excerpt.clone(), |p| p.text.clone());
        let matched = match (&item.matched, item.match_state) {
            (Some(m), _) => Some(m.clone()),
            // "Not this account" is final for the item: no account, whatever the post says.
            (None, MatchState::Rejected) => None,
            (None, _) => post.and_then(|p| p.matched),
        };
        let customer = match linked_customer(&reader, matched.as_ref()) {
            Ok(c) => c,
            Err(error) => {
                // Without the account its values can't be looked for: hold the reply.
                tracing::error!(message = "Could not read the account for an assessment; holding the reply.", %error);
                return unreadable_account(reply);
            }
        };
        assessor.assess(&AssessInput {
            customer: customer.as_ref(),
            post_author: &item.post_author,
            post_text: &post_text,
            reply,
        })
    })
}

/// The gate holds when unsure: an assessment that could not see the account needs review.
fn unreadable_account(reply: &str) -> crate::model::Assessment {
    crate::model::Assessment {
        decision: crate::model::Decision::NeedsReview,
        findings: vec![crate::model::Finding {
            kind: "unverified".into(),
            field: None,
            start: 0,
            end: reply.chars().count(),
        }],
        redacted: crate::assess::REDACTION_MARKER.to_string(),
    }
}

/// After each poll: a source that just became unhealthy is reported to the admin channel.
pub fn alert_on_poll(pipeline: Arc<Pipeline>) -> super::scheduler::OnPoll {
    Arc::new(move |r: &PollReport| {
        if !r.became_unhealthy {
            return;
        }
        let text = match &r.error {
            Some(e) => format!("Source {} is failing: {e}", r.source),
            None => format!("Source {} found no posts for several polls in a row; its selectors may no longer fit the page.", r.source),
        };
        if let Err(error) = discord::push_alert(&pipeline.store, &r.source, &text) {
            tracing::error!(message = "Could not queue a source-health alert.", source = %r.source, %error);
        }
    })
}

/// One line on a source's health, for `sources list` and `/source list`.
pub fn health_summary(h: &SourceHealth) -> String {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(
            || "never".to_string(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    let mut s = format!(
        "{}{}, last success {}, {} item(s) last poll",
        if h.healthy { "healthy" } else { "UNHEALTHY" },
        if h.paused { " (paused)" } else { "" },
        when(h.last_success),
        h.last_items_found
    );
    if h.consecutive_empty > 0 {
        s.push_str(&format!(", {} empty poll(s) in a row", h.consecutive_empty));
    }
    if let Some(e) = &h.last_error {
        s.push_str(&format!(", last error at {}: {e}", when(h.last_error_at)));
    }
    s
}
