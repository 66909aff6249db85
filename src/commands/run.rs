//! `run`: the service. The scheduler polls sources; Discord (gateway or HTTP interactions)
//! serves the review queue; Ctrl-C stops both after the current poll is committed. SIGHUP
//! reloads the config (`service::reload`); `metrics_listen` serves metrics and health.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
use reviewgate::config::LoadedConfig;
use reviewgate::discord::{self, DiscordDeps, Tuning};
use reviewgate::service::{control, digest, metrics, reload, scheduler, Pipeline};
use reviewgate::store::Store;
use tokio::sync::watch;
use tracing::{error, info, warn};

use super::scan::maybe_example_server;
use super::{load_config, runtime, shared_store, BadInput};

/// Anchors the audit chain head when it grew since the last anchor of this process.
fn anchor_job(cfg: Arc<LoadedConfig>, store: Arc<Store>) -> Arc<dyn Fn() + Send + Sync> {
    let last = Arc::new(AtomicU64::new(u64::MAX));
    Arc::new(move || {
        let head = match store.audit_head() {
            Ok(h) => h.seq,
            Err(error) => {
                error!(message = "Could not read the audit chain head.", %error);
                return;
            }
        };
        if last.load(Ordering::Relaxed) == head {
            return;
        }
        match super::audit::anchor_now(&cfg, &store) {
            Ok((anchor, to)) if to.is_empty() => {
                warn!(message = "Audit chain head not anchored: set [audit] anchor_file or [discord] admin_channel_id.", anchor = %anchor.short());
                last.store(anchor.seq, Ordering::Relaxed);
            }
            Ok((anchor, to)) => {
                info!(message = "Anchored the audit chain head.", entry = anchor.seq, to = %to.join(", "));
                last.store(anchor.seq, Ordering::Relaxed);
            }
            Err(error) => {
                error!(message = "Could not anchor the audit chain head.", error = %format!("{error:#}"))
            }
        }
    })
}

pub fn run(config: &Path) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let env = cfg.env_problems(|k| std::env::var(k).ok());
    if !env.is_empty() {
        for p in &env {
            eprintln!("{p}");
        }
        return Err(BadInput(format!("{} problem(s) with the environment", env.len())).into());
    }
    let store = shared_store(&cfg)?;
    runtime()?.block_on(async move {
        let _server = maybe_example_server(&cfg).await?;
        if let Some(file) = cfg.config.example_server.as_ref().and_then(|e| e.approvals.as_ref()) {
            warn!(message = "The example's recorded approvals are replayed by `scan` only; `run` leaves them to reviewers.", path = %cfg.resolve(file).display());
        }
        let pipeline = Arc::new(Pipeline::new(cfg.clone(), store.clone())?);
        let (stop_tx, stop_rx) = watch::channel(false);
        let stop_tx = Arc::new(stop_tx);
        let on_ctrl_c = stop_tx.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                info!(message = "Shutting down: finishing the current polls.");
                let _ = on_ctrl_c.send(true);
            }
        });
        // Alerts go to Discord's admin channel; without Discord the warn log is the alert.
        let on_poll: reload::OnPollFor = if cfg.config.discord.is_some() {
            Arc::new(|p: &Arc<Pipeline>| control::alert_on_poll(p.clone()))
        } else {
            Arc::new(|_: &Arc<Pipeline>| -> scheduler::OnPoll { Arc::new(|_| {}) })
        };
        let health = match &cfg.config.service.metrics_listen {
            Some(listen) => {
                let names = cfg.config.sources.iter().map(|s| s.name.clone()).collect();
                let health =
                    metrics::Health::new(store.clone(), cfg.config.discord.is_some(), names);
                metrics::serve(listen, health.clone(), stop_rx.clone()).await?;
                Some(health)
            }
            None => None,
        };
        let sighup = reload::on_sighup().context("listening for SIGHUP")?;
        // The publishers the "Publish" button uses; a SIGHUP reload updates them too.
        let publishing = Arc::new(reviewgate::publish::Publishing::from_process_env(Arc::new(
            cfg.config.clone(),
        )));
        let discord = match &cfg.config.discord {
            Some(d) => {
                let deps = DiscordDeps {
                    config: d.clone(),
                    token: std::env::var(&d.token_env).unwrap_or_default(),
                    store: store.clone(),
                    assess: control::item_assessor(store.clone(), pipeline.assessor.clone()),
                    sources: Arc::new(control::PipelineSources(pipeline.clone())),
                    tuning: Tuning::default(),
                    people: Arc::new(reviewgate::queue::People::from_config(
                        &cfg.config.reviewers,
                    )),
                    publishing: Some(publishing.clone()),
                };
                Some(tokio::spawn(discord::serve(deps, stop_rx.clone())))
            }
            None => {
                warn!(message = "No [discord] section: the queue is served by the CLI only.");
                None
            }
        };
        // The weekly digest to the admin channel (`[digest]`; it logs why when it is off).
        if cfg.config.discord.is_some() {
            let job = digest::DigestJob {
                config: cfg.clone(),
                store: store.clone(),
                token: cfg
                    .config
                    .discord
                    .as_ref()
                    .and_then(|d| std::env::var(&d.token_env).ok())
                    .unwrap_or_default(),
            };
            tokio::spawn(digest::run(job, stop_rx.clone()));
        }
        tokio::spawn(scheduler::every(
            cfg.config.audit.anchor_interval,
            stop_rx.clone(),
            anchor_job(cfg.clone(), store.clone()),
        ));
        let scheduler = tokio::spawn(reload::supervise_with(
            config.to_path_buf(),
            pipeline,
            sighup,
            stop_rx.clone(),
            on_poll,
            health,
            Some(publishing),
        ));
        let Some(mut discord) = discord else {
            return scheduler.await.context("the scheduler task");
        };
        // A Discord side that stops on its own (bad token, port taken, gateway refused) stops
        // the service: polling on with nobody able to review would only fill the queue.
        let mut stopping = stop_rx.clone();
        let discord_result = tokio::select! {
            r = &mut discord => Some(r),
            _ = stopping.wait_for(|stop| *stop) => None,
        };
        if discord_result.is_some() {
            error!(message = "Discord stopped; stopping the service.");
        }
        let _ = stop_tx.send(true);
        scheduler.await.context("the scheduler task")?;
        match discord_result {
            Some(r) => r.context("the Discord task")?.context("Discord stopped")?,
            None => discord
                .await
                .context("the Discord task")?
                .context("Discord")?,
        }
        anyhow::Ok(())
    })
}
