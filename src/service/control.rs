//! The service side of Discord's `/source` commands and of source-health alerts: pausing,
//! resuming and testing sources over the pipeline, and alerting when a source breaks.

use std::sync::Arc;

use crate::discord::{self, BoxFuture, SourceControl, SourceSummary};
use crate::sources;
use crate::store::SourceHealth;

pub use super::assessing::item_assessor;
use super::pipeline::{OnPoll, Pipeline, PollReport};

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

/// After each poll: a source that just became unhealthy is reported to the admin channel.
pub fn alert_on_poll(pipeline: Arc<Pipeline>) -> OnPoll {
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
