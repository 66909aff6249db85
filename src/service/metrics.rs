//! Metrics and health for operators: the Prometheus recorder the service counts into, and the
//! `/metrics`, `/healthz` and `/readyz` endpoints served on `[service] metrics_listen`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::http::FetchError;
use crate::sources::{PollError, PollOutcome};
use crate::store::Store;

/// Buckets for the post-to-review and post-to-decision times: seconds to a week.
const LATENCY_BUCKETS: &[f64] = &[
    1.0, 5.0, 30.0, 60.0, 300.0, 900.0, 3600.0, 14400.0, 43200.0, 86400.0, 259200.0, 604800.0,
];

/// Why the metrics endpoint could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    /// The recorder could not be built or installed.
    #[error("metrics recorder: {0}")]
    Recorder(String),
    /// `metrics_listen` could not be bound.
    #[error("service.metrics_listen {listen}: {source}")]
    Listen {
        listen: String,
        #[source]
        source: std::io::Error,
    },
}

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide Prometheus recorder (once; later calls return the same handle).
/// Until it is installed, the counters the service records cost next to nothing.
pub fn install() -> Result<PrometheusHandle, MetricsError> {
    if let Some(h) = HANDLE.get() {
        return Ok(h.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
        .map_err(|e| MetricsError::Recorder(e.to_string()))?
        .build_recorder();
    let handle = recorder.handle();
    metrics::set_global_recorder(recorder).map_err(|e| MetricsError::Recorder(e.to_string()))?;
    describe();
    let _ = HANDLE.set(handle.clone());
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!("reviewgate_polls_total", "Polls of a source, by outcome.");
    describe_counter!(
        "reviewgate_pages_fetched_total",
        "Pages fetched and parsed."
    );
    describe_counter!(
        "reviewgate_posts_seen_total",
        "Posts extracted, new or not."
    );
    describe_counter!(
        "reviewgate_posts_new_total",
        "Posts stored for the first time."
    );
    describe_counter!(
        "reviewgate_fetch_errors_total",
        "Polls stopped by an error, by kind."
    );
    describe_gauge!(
        "reviewgate_source_healthy",
        "1 if the source is healthy, else 0."
    );
    describe_gauge!(
        "reviewgate_queue_items",
        "Queue items by state and decision."
    );
    describe_counter!(
        "reviewgate_decisions_total",
        "Queue actions taken, by decision."
    );
    describe_counter!(
        "reviewgate_refusals_total",
        "Queue actions refused, by reason."
    );
    describe_counter!(
        "reviewgate_discord_deliveries_total",
        "Discord outbox deliveries."
    );
    describe_gauge!("reviewgate_audit_entries", "Entries in the audit chain.");
    describe_histogram!(
        "reviewgate_post_to_review_message_seconds",
        Unit::Seconds,
        "From a post being queued to its review message in Discord."
    );
    describe_histogram!(
        "reviewgate_post_to_decision_seconds",
        Unit::Seconds,
        "From a post being queued to its approval or rejection."
    );
    // Series that exist from the start, so dashboards and alerts see zero, not nothing.
    for outcome in ["ok", "retry"] {
        metrics::counter!("reviewgate_discord_deliveries_total", "outcome" => outcome).absolute(0);
    }
    for action in ["approve", "reject"] {
        for decision in ["routine", "needs_review", "blocked"] {
            metrics::counter!("reviewgate_decisions_total", "action" => action, "decision" => decision)
                .absolute(0);
        }
    }
    let _ = metrics::histogram!("reviewgate_post_to_review_message_seconds");
    let _ = metrics::histogram!("reviewgate_post_to_decision_seconds");
}

/// Counts one committed poll of `source`.
pub fn poll_committed(source: &str, outcome: &PollOutcome, new_posts: usize) {
    let source = source.to_string();
    let result = match &outcome.error {
        None => "ok",
        Some(_) => "error",
    };
    metrics::counter!("reviewgate_polls_total", "source" => source.clone(), "outcome" => result)
        .increment(1);
    metrics::counter!("reviewgate_pages_fetched_total", "source" => source.clone())
        .increment(outcome.pages_fetched as u64);
    metrics::counter!("reviewgate_posts_seen_total", "source" => source.clone())
        .increment(outcome.posts_seen as u64);
    metrics::counter!("reviewgate_posts_new_total", "source" => source.clone())
        .increment(new_posts as u64);
    if let Some(error) = &outcome.error {
        metrics::counter!("reviewgate_fetch_errors_total", "source" => source, "kind" => error_kind(error))
            .increment(1);
    }
}

/// A short, fixed label for what stopped a poll.
pub fn error_kind(error: &PollError) -> &'static str {
    match error {
        PollError::MissingEnv { .. } => "missing_env",
        PollError::BadUrl { .. } => "bad_url",
        PollError::NotFollowed { .. } => "not_followed",
        PollError::Extract { .. } => "extract",
        PollError::Hollow { .. } => "hollow",
        PollError::Interrupted { .. } => "interrupted",
        PollError::Fetch { error, .. } => match **error {
            FetchError::Timeout { .. } => "timeout",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::RobotsDisallowed { .. } | FetchError::RobotsUnreachable { .. } => "robots",
            FetchError::TooManyRedirects { .. } => "redirects",
            FetchError::Status { .. } => "status",
            FetchError::Network { .. } => "network",
            _ => "other",
        },
    }
}

/// What `/healthz` and `/readyz` look at.
pub struct Health {
    pub store: Arc<Store>,
    /// `[discord]` is configured: ready only once it is connected.
    pub discord_configured: bool,
    /// The config's sources are loaded and the scheduler runs them.
    pub sources_loaded: AtomicBool,
    /// Source names, for the per-source health gauge.
    pub sources: std::sync::RwLock<Vec<String>>,
}

impl Health {
    pub fn new(store: Arc<Store>, discord_configured: bool, sources: Vec<String>) -> Arc<Health> {
        Arc::new(Health {
            store,
            discord_configured,
            sources_loaded: AtomicBool::new(false),
            sources: std::sync::RwLock::new(sources),
        })
    }
}

struct Served {
    handle: PrometheusHandle,
    health: Arc<Health>,
}

/// Binds `listen` and serves the endpoints until `shutdown` turns true.
pub async fn serve(
    listen: &str,
    health: Arc<Health>,
    shutdown: watch::Receiver<bool>,
) -> Result<tokio::task::JoinHandle<()>, MetricsError> {
    let handle = install()?;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|source| MetricsError::Listen {
            listen: listen.to_string(),
            source,
        })?;
    tracing::info!(message = "Serving metrics and health.", listen = %listen);
    let app = Router::new()
        .route("/metrics", get(metrics_page))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(Arc::new(Served { handle, health }));
    let mut shutdown = shutdown;
    Ok(tokio::spawn(async move {
        let stop = async move {
            let _ = shutdown.wait_for(|s| *s).await;
        };
        if let Err(error) = axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::error!(message = "The metrics listener failed.", %error);
        }
    }))
}

async fn metrics_page(State(s): State<Arc<Served>>) -> impl IntoResponse {
    let health = s.health.clone();
    // SQLite runs off the async threads.
    let refreshed = tokio::task::spawn_blocking(move || refresh_gauges(&health)).await;
    if let Ok(Err(error)) = refreshed {
        tracing::warn!(message = "Could not read the store for the metrics gauges.", %error);
    }
    s.handle.run_upkeep();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        s.handle.render(),
    )
}

/// Sets the gauges that mirror the store: queue depth, audit length, source health.
fn refresh_gauges(health: &Health) -> Result<(), crate::store::StoreError> {
    let counts = health.store.queue_counts()?;
    // Every state and decision is set, so a count that dropped to nothing reads 0, not its
    // last value.
    for state in ["pending", "approved", "posted", "rejected"] {
        for decision in ["routine", "needs_review", "blocked"] {
            let items = counts
                .iter()
                .filter(|c| c.state == state && c.decision == decision)
                .map(|c| c.items)
                .sum::<i64>();
            metrics::gauge!("reviewgate_queue_items", "state" => state, "decision" => decision)
                .set(items as f64);
        }
    }
    metrics::gauge!("reviewgate_audit_entries").set(health.store.audit_length()? as f64);
    let known = health.store.source_health()?;
    let names = health
        .sources
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    for name in names {
        // Never polled yet counts as healthy: nothing has failed.
        let healthy = known
            .iter()
            .find(|h| h.source == name)
            .map_or(true, |h| h.healthy);
        metrics::gauge!("reviewgate_source_healthy", "source" => name)
            .set(f64::from(u8::from(healthy)));
    }
    Ok(())
}

async fn healthz(State(s): State<Arc<Served>>) -> (StatusCode, String) {
    let store = s.health.store.clone();
    match tokio::task::spawn_blocking(move || store.probe_write()).await {
        Ok(Ok(())) => (StatusCode::OK, "ok\n".into()),
        Ok(Err(error)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("store not writable: {error}\n"),
        ),
        Err(error) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("health probe failed: {error}\n"),
        ),
    }
}

async fn readyz(State(s): State<Arc<Served>>) -> (StatusCode, String) {
    let mut missing = Vec::new();
    if !s.health.sources_loaded.load(Ordering::Relaxed) {
        missing.push("sources not loaded");
    }
    if s.health.discord_configured && !crate::discord::status::connected() {
        missing.push("Discord not connected");
    }
    if missing.is_empty() {
        (StatusCode::OK, "ready\n".into())
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {}\n", missing.join(", ")),
        )
    }
}
