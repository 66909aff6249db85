//! Discord: the review channel, buttons, modals, slash commands, gateway and HTTP interactions. Only this module knows serenity.
//!
//! The lead's `run` calls [`serve`] with [`DiscordDeps`]; everything else here is internal.
//! Messages go out through the store's outbox (see `delivery`), interactions come in through
//! one handler (see `handler`) from either the gateway or `POST /interactions`.

mod card;
mod commands;
mod delivery;
mod digest;
mod dispatch;
mod embed;
mod gateway;
mod gateway_conn;
mod gateway_proto;
mod guard;
mod handler;
mod http_mode;
mod ids;
mod render;
mod respond;
mod rest;
mod signature;
pub mod status;
mod text;
mod wire;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tracing::{info, warn};

pub use delivery::{announce_item, push_alert, refresh_item};
pub use digest::{digest_file_name, digest_payload, post_digest, DigestPostError};
pub use gateway_proto::GatewayTuning;

use crate::config::DiscordConfig;
use crate::model::Assessment;
use crate::publish::Publishing;
use crate::queue::{ItemView, People};
use crate::store::Store;

/// Assesses a reply text for an item (rewrites, redacted versions, "not this account").
/// For "not this account" the view passed has `customer_id` and `matched` cleared.
pub type AssessFn = Arc<dyn Fn(&ItemView, &str) -> Assessment + Send + Sync>;

/// A future returned by [`SourceControl::test`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One source as `/source list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    pub name: String,
    pub paused: bool,
    /// One line: last success, last error, items found.
    pub health: String,
}

/// What `/source` needs from the service; the lead implements it over the scheduler.
pub trait SourceControl: Send + Sync {
    /// Every configured source.
    fn list(&self) -> Vec<SourceSummary>;
    /// Pauses or resumes polling; `Err` names why not (e.g. unknown source).
    fn set_paused(&self, name: &str, paused: bool) -> Result<(), String>;
    /// Fetches the source now without storing anything; returns a short summary.
    fn test<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<String, String>>;
}

/// Timing knobs; the defaults suit Discord, tests shorten them.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// First retry delay after a failed delivery; doubles per attempt.
    pub retry_base: Duration,
    /// Longest retry delay (a 429's `retry_after` may exceed it).
    pub retry_max: Duration,
    /// How often the delivery loop looks at the outbox when nothing wakes it.
    pub poll_interval: Duration,
    /// How often open items without a review message are queued for posting.
    pub sync_interval: Duration,
    /// Answers slower than this are deferred (Discord allows 3 s).
    pub defer_after: Duration,
    /// Timeout of one Discord REST call.
    pub http_timeout: Duration,
    /// Register `/queue` and `/source` at start.
    pub register_commands: bool,
    /// The gateway client's waits and limits (gateway mode only).
    pub gateway: GatewayTuning,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            retry_base: Duration::from_secs(2),
            retry_max: Duration::from_secs(300),
            poll_interval: Duration::from_secs(5),
            sync_interval: Duration::from_secs(60),
            defer_after: Duration::from_millis(2500),
            http_timeout: Duration::from_secs(15),
            register_commands: true,
            gateway: GatewayTuning::default(),
        }
    }
}

/// Everything [`serve`] needs.
pub struct DiscordDeps {
    pub config: DiscordConfig,
    /// The bot token (read by the caller from `config.token_env`).
    pub token: String,
    pub store: Arc<Store>,
    pub assess: AssessFn,
    pub sources: Arc<dyn SourceControl>,
    pub tuning: Tuning,
    /// The configured reviewers (`[[reviewers]]`): a Discord user mapped to a reviewer is the
    /// same person as that reviewer on the CLI.
    pub people: Arc<People>,
    /// The sources' publishers ("Publish" button); `None`: publishing stays manual.
    pub publishing: Option<Arc<Publishing>>,
}

/// Why the Discord side stopped.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// `[discord]` is unusable (e.g. `interactions_listen` without a valid `public_key`).
    #[error("[discord] config: {0}")]
    Config(String),
    /// The HTTP client could not be built.
    #[error("Discord HTTP client: {0}")]
    Client(String),
    /// `interactions_listen` could not be bound or served.
    #[error("HTTP interactions on {listen}: {source}")]
    Listen {
        /// The configured address.
        listen: String,
        #[source]
        source: std::io::Error,
    },
    /// The gateway connection failed.
    #[error("Discord gateway: {0}")]
    Gateway(String),
}

fn build(deps: DiscordDeps) -> Result<(Arc<handler::Handler>, delivery::Delivery), DiscordError> {
    let rest = rest::Rest::new(&deps.config.api_base, &deps.token, deps.tuning.http_timeout)
        .map_err(|e| DiscordError::Client(e.to_string()))?;
    let wake = Arc::new(Notify::new());
    let delivery = delivery::Delivery {
        store: deps.store.clone(),
        rest: rest.clone(),
        review_channel_id: deps.config.review_channel_id,
        admin_channel_id: deps.config.admin_channel_id,
        tuning: deps.tuning.clone(),
        wake: wake.clone(),
        started_at: chrono::Utc::now(),
        publishing: deps.publishing.clone(),
    };
    let handler = Arc::new(handler::Handler {
        store: deps.store,
        config: deps.config,
        assess: deps.assess,
        sources: deps.sources,
        people: deps.people,
        publishing: deps.publishing,
        rest,
        wake,
        defer_after: deps.tuning.defer_after,
    });
    Ok((handler, delivery))
}

async fn register_commands(handler: &handler::Handler) {
    let rest = handler.rest();
    let app = match handler.config.application_id {
        Some(id) => Ok(id),
        None => rest.application_id().await,
    };
    let result = match app {
        Ok(app) => rest.put_commands(app, None, &commands::definitions()).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => info!(message = "Registered slash commands."),
        Err(error) => {
            warn!(message = "Failed to register slash commands; /queue and /source may be missing.", %error)
        }
    }
}

/// Runs the Discord side until `shutdown` turns true: the delivery loop plus the gateway, or
/// HTTP interactions when `interactions_listen` is set.
pub async fn serve(
    deps: DiscordDeps,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> Result<(), DiscordError> {
    match deps.config.interactions_listen.clone() {
        Some(listen) => {
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .map_err(|source| DiscordError::Listen { listen, source })?;
            status::set_connected(true);
            serve_interactions(deps, listener, shutdown).await
        }
        None => {
            let token = deps.token.clone();
            let gateway_tuning = deps.tuning.gateway.clone();
            let register = deps.tuning.register_commands;
            let (handler, delivery) = build(deps)?;
            if register {
                register_commands(&handler).await;
            }
            // The gateway returns on shutdown or when Discord refuses the bot for good (a bad
            // token); the delivery loop stops with it either way, so `serve` returns the error.
            let (stop_loop, loop_shutdown) = tokio::sync::watch::channel(false);
            let loop_task = tokio::spawn(delivery.run(loop_shutdown));
            let result = gateway::run(&token, handler, gateway_tuning, shutdown).await;
            let _ = stop_loop.send(true);
            let _ = loop_task.await;
            result
        }
    }
}

/// HTTP interactions mode on an already bound listener (what [`serve`] does after binding
/// `interactions_listen`; tests bind port 0).
pub async fn serve_interactions(
    deps: DiscordDeps,
    listener: tokio::net::TcpListener,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> Result<(), DiscordError> {
    let key_hex = deps.config.public_key.clone().ok_or_else(|| {
        DiscordError::Config("public_key is required with interactions_listen".into())
    })?;
    let key = signature::parse_public_key(&key_hex).map_err(DiscordError::Config)?;
    let listen = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let register = deps.tuning.register_commands;
    let (handler, delivery) = build(deps)?;
    if register {
        register_commands(&handler).await;
    }
    let loop_task = tokio::spawn(delivery.run(shutdown.clone()));
    let result = http_mode::serve(listener, handler, key, shutdown)
        .await
        .map_err(|source| DiscordError::Listen { listen, source });
    let _ = loop_task.await;
    result
}
