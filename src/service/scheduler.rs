//! The polling loop of `run`: each source on its own interval with jitter, until shutdown,
//! after finishing any match and queue work left undone; and the daily retention purge.
//! A poll in progress is finished and committed before the loop stops.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::sync::watch;
use tracing::{error, info, warn};

use super::pipeline::{Pipeline, PollReport};

/// Called after every poll, e.g. to alert the admin channel about an unhealthy source.
pub type OnPoll = Arc<dyn Fn(&PollReport) + Send + Sync>;

/// How often `run` applies retention itself (cron running `customers purge` stays possible).
pub const PURGE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Applies retention (`Store::purge_cancelled`) and asks Discord to edit the review messages
/// of the items it unlinked; logged. Shared by `customers purge` and the daily purge of `run`.
pub fn purge_retention(
    config: &crate::config::LoadedConfig,
    store: &crate::store::Store,
    today: chrono::NaiveDate,
) -> Result<crate::store::PurgeCounts, crate::store::StoreError> {
    let counts = store.purge_cancelled(today)?;
    if config.config.discord.is_some() {
        for id in &counts.items {
            crate::discord::refresh_item(store, *id)?;
        }
    }
    info!(
        message = "Retention purge done.",
        accounts = counts.accounts,
        links = counts.links,
        wal_truncated = counts.wal_truncated
    );
    if !counts.wal_truncated {
        warn!(message = "The WAL could not be truncated after the purge (another process was reading); the next purge tries again.", store = %store.path().display());
    }
    Ok(counts)
}

/// Polls every source on its interval until `shutdown` turns true. First finishes the work a
/// crash left undone; purges by retention at start and then once a day.
pub async fn run(pipeline: Arc<Pipeline>, mut shutdown: watch::Receiver<bool>, on_poll: OnPoll) {
    let repair = pipeline.clone();
    if let Err(error) = tokio::task::spawn_blocking(move || repair.repair_all()).await {
        error!(message = "The start-up repair failed.", %error);
    }
    let mut tasks = vec![tokio::spawn(purge_daily(
        pipeline.clone(),
        shutdown.clone(),
    ))];
    for (index, source) in pipeline.config.config.sources.iter().enumerate() {
        let pipeline = pipeline.clone();
        let mut shutdown = shutdown.clone();
        let interval = source.interval;
        let name = source.name.clone();
        let on_poll = on_poll.clone();
        tasks.push(tokio::spawn(async move {
            // Spread the first polls so sources on one host don't all start at once.
            let mut wait = jitter(Duration::from_secs(2).min(interval));
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => break,
                }
                if *shutdown.borrow() {
                    break;
                }
                if pipeline.is_paused(&name) {
                    info!(message = "Source is paused; skipping poll.", source = %name);
                } else {
                    // Not raced against shutdown: the poll finishes and commits.
                    match pipeline.poll_source(index).await {
                        Ok(report) => on_poll(&report),
                        Err(err) => error!(message = "Poll could not be committed.", source = %name, error = %err),
                    }
                }
                wait = interval + jitter(interval / 10);
            }
        }));
    }
    let _ = shutdown.wait_for(|stop| *stop).await;
    for t in tasks {
        let _ = t.await;
    }
    info!(message = "Scheduler stopped.");
}

/// Runs `job` on the blocking pool every `interval` (the first time after one interval) until
/// `shutdown` turns true; `run` anchors the audit chain this way.
pub async fn every(
    interval: Duration,
    mut shutdown: watch::Receiver<bool>,
    job: Arc<dyn Fn() + Send + Sync>,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = shutdown.changed() => break,
        }
        if *shutdown.borrow() {
            break;
        }
        let job = job.clone();
        if let Err(err) = tokio::task::spawn_blocking(move || job()).await {
            error!(message = "A scheduled job failed.", error = %err);
        }
    }
}

/// The retention purge of `run`: now, then every [`PURGE_EVERY`], until shutdown.
async fn purge_daily(pipeline: Arc<Pipeline>, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            break;
        }
        let p = pipeline.clone();
        let purged = tokio::task::spawn_blocking(move || {
            purge_retention(&p.config, &p.store, chrono::Utc::now().date_naive())
        })
        .await;
        match purged {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => error!(message = "The retention purge failed.", %error),
            Err(error) => error!(message = "The retention purge failed.", %error),
        }
        tokio::select! {
            _ = tokio::time::sleep(PURGE_EVERY) => {}
            _ = shutdown.changed() => break,
        }
    }
}

fn jitter(max: Duration) -> Duration {
    if max.is_zero() {
        return max;
    }
    Duration::from_millis(
        rand::thread_rng().gen_range(0..=max.as_millis().min(u64::MAX as u128) as u64),
    )
}
