//! The polling loop of `run`: each source on its own interval with jitter, until shutdown.
//! A poll in progress is finished and committed before the loop stops.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::sync::watch;
use tracing::{error, info};

use super::pipeline::{Pipeline, PollReport};

/// Called after every poll, e.g. to alert the admin channel about an unhealthy source.
pub type OnPoll = Arc<dyn Fn(&PollReport) + Send + Sync>;

/// Polls every source on its interval until `shutdown` turns true.
pub async fn run(pipeline: Arc<Pipeline>, mut shutdown: watch::Receiver<bool>, on_poll: OnPoll) {
    let mut tasks = Vec::new();
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

fn jitter(max: Duration) -> Duration {
    if max.is_zero() {
        return max;
    }
    Duration::from_millis(
        rand::thread_rng().gen_range(0..=max.as_millis().min(u64::MAX as u128) as u64),
    )
}
