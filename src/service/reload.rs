//! SIGHUP for `run`: re-read the config and restart the scheduler on the new sources, or
//! refuse a bad config with every problem logged and keep polling with the old one.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tracing::{error, info, warn};

use super::metrics::Health;
use super::pipeline::Pipeline;
use super::scheduler::{self, OnPoll};
use crate::config::{self, LoadedConfig};
use crate::publish::Publishing;

/// Builds the per-poll callback for a pipeline (alerts use the pipeline they run with).
pub type OnPollFor = Arc<dyn Fn(&Arc<Pipeline>) -> OnPoll + Send + Sync>;

/// Runs the scheduler until `shutdown`; each message on `reload` re-reads `config_path`.
///
/// A good config replaces the pipeline: the running polls finish and commit, then every
/// source of the new config (added, changed or unchanged) is polled on its new settings.
/// What needs a restart (`[store]`, `[discord]`, `[digest]`) is kept as it was, with a warning.
pub async fn supervise(
    config_path: PathBuf,
    pipeline: Arc<Pipeline>,
    reload: mpsc::Receiver<()>,
    shutdown: watch::Receiver<bool>,
    on_poll: OnPollFor,
    health: Option<Arc<Health>>,
) {
    supervise_with(
        config_path,
        pipeline,
        reload,
        shutdown,
        on_poll,
        health,
        None,
    )
    .await
}

/// [`supervise`], and each good config also goes to `publishing`, the publishers the Discord
/// side's "Publish" button uses, so they follow a reload as the CLI's `queue publish` does.
pub async fn supervise_with(
    config_path: PathBuf,
    mut pipeline: Arc<Pipeline>,
    mut reload: mpsc::Receiver<()>,
    mut shutdown: watch::Receiver<bool>,
    on_poll: OnPollFor,
    health: Option<Arc<Health>>,
    publishing: Option<Arc<Publishing>>,
) {
    loop {
        let (stop_tx, stop_rx) = watch::channel(false);
        let task = tokio::spawn(scheduler::run(
            pipeline.clone(),
            stop_rx,
            on_poll(&pipeline),
        ));
        if let Some(h) = &health {
            *h.sources.write().unwrap_or_else(|p| p.into_inner()) = source_names(&pipeline.config);
            h.sources_loaded
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let next = loop {
            let got = tokio::select! {
                _ = shutdown.wait_for(|s| *s) => break None,
                got = reload.recv() => got,
            };
            if got.is_none() {
                // Nobody can ask for a reload any more: run until shutdown.
                let _ = shutdown.wait_for(|s| *s).await;
                break None;
            }
            if let Some(p) = reloaded(&config_path, &pipeline) {
                break Some(p);
            }
        };
        let _ = stop_tx.send(true);
        let _ = task.await;
        match next {
            Some(p) => {
                if let Some(publishing) = &publishing {
                    publishing.update(Arc::new(p.config.config.clone()));
                }
                info!(
                    message =
                        "Config reloaded; sources take their new settings from their next poll.",
                    sources = p.config.config.sources.len()
                );
                pipeline = p;
            }
            None => return,
        }
    }
}

/// The new pipeline, or None (logged) if the config is bad or the pipeline can't be built.
fn reloaded(path: &std::path::Path, old: &Arc<Pipeline>) -> Option<Arc<Pipeline>> {
    info!(message = "SIGHUP: reloading the config.", path = %path.display());
    let loaded = match config::load(path) {
        Ok(c) => c,
        Err(e) => {
            for problem in &e.problems {
                error!(message = "Config reload refused.", problem = %problem);
            }
            error!(
                message = "Config reload refused; the old config stays in force.",
                problems = e.problems.len()
            );
            return None;
        }
    };
    let mut loaded = loaded;
    keep_restart_only(&old.config, &mut loaded);
    match Pipeline::new(Arc::new(loaded), old.store.clone()) {
        Ok(p) => Some(Arc::new(p)),
        Err(error) => {
            error!(message = "Config reload refused; the old config stays in force.", %error);
            None
        }
    }
}

/// Keeps the settings a running service can not change (the store it has open, the
/// Discord connection) as they were, warning when the file asks for a change.
fn keep_restart_only(old: &LoadedConfig, new: &mut LoadedConfig) {
    if old.store_path() != new.store_path() {
        warn!(message = "[store] changed; it takes effect at the next restart.");
    }
    let discord = |c: &LoadedConfig| serde_json::to_string(&c.config.discord).unwrap_or_default();
    if discord(old) != discord(new) {
        warn!(message = "[discord] changed; it takes effect at the next restart.");
    }
    let listen = &old.config.service.metrics_listen;
    if *listen != new.config.service.metrics_listen {
        warn!(message = "service.metrics_listen changed; it takes effect at the next restart.");
    }
    if old.config.digest != new.config.digest {
        warn!(message = "[digest] changed; it takes effect at the next restart.");
    }
    new.config.store = old.config.store.clone();
    new.config.discord = old.config.discord.clone();
    new.config.digest = old.config.digest.clone();
    new.config.service.metrics_listen = listen.clone();
}

fn source_names(c: &LoadedConfig) -> Vec<String> {
    c.config.sources.iter().map(|s| s.name.clone()).collect()
}

/// Sends a reload request on every SIGHUP (Unix; elsewhere there is no SIGHUP).
pub fn on_sighup() -> std::io::Result<mpsc::Receiver<()>> {
    let (tx, rx) = mpsc::channel(1);
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut hup = signal(SignalKind::hangup())?;
        tokio::spawn(async move {
            while hup.recv().await.is_some() {
                // A reload already waiting covers this one too.
                let _ = tx.try_send(());
            }
        });
    }
    #[cfg(not(unix))]
    drop(tx);
    Ok(rx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::load_str;

    #[test]
    fn the_digest_schedule_waits_for_a_restart() {
        let head = "[service]\nname = \"x\"\n";
        let old = load_str(std::path::Path::new("a.toml"), head).unwrap();
        let text = format!("{head}[digest]\nweekday = \"friday\"\nenabled = false\n");
        let mut new = load_str(std::path::Path::new("a.toml"), &text).unwrap();
        assert_ne!(old.config.digest, new.config.digest);
        keep_restart_only(&old, &mut new);
        assert_eq!(new.config.digest, old.config.digest);
    }
}
