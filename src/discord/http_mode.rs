//! HTTP interactions mode: an axum server answering Discord's `POST /interactions`, after
//! checking the Ed25519 signature and the timestamp's freshness (anything else gets 401), then
//! refusing replayed ids (401) and interactions from outside the review channels (see `guard`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use ed25519_dalek::VerifyingKey;
use serenity::builder::CreateInteractionResponse;
use tracing::{info, warn};

use super::guard::{refuse_elsewhere, Guard, Verdict};
use super::handler::Handler;
use super::respond::{answer, follow_up};
use super::signature::verify;
use super::wire::{Incoming, PING};

struct AppState {
    handler: Arc<Handler>,
    key: VerifyingKey,
    guard: Guard,
}

/// The router serving `POST /interactions`.
pub fn router(handler: Arc<Handler>, key: VerifyingKey) -> Router {
    let guard = Guard::new(&handler.config);
    Router::new()
        .route("/interactions", post(interactions))
        .with_state(Arc::new(AppState {
            handler,
            key,
            guard,
        }))
}

/// Serves until `shutdown` turns true.
pub async fn serve(
    listener: tokio::net::TcpListener,
    handler: Arc<Handler>,
    key: VerifyingKey,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    info!(message = "Serving Discord HTTP interactions.", listen = %listener.local_addr()?);
    axum::serve(listener, router(handler, key))
        .with_graceful_shutdown(async move {
            while !*shutdown.borrow() {
                if shutdown.changed().await.is_err() {
                    break;
                }
            }
        })
        .await
}

async fn interactions(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let now = chrono::Utc::now().timestamp();
    if let Err(error) = verify(
        &app.key,
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
        &body,
        now,
    ) {
        warn!(message = "Refused interaction request.", %error);
        return (
            StatusCode::UNAUTHORIZED,
            format!("invalid request signature: {error}"),
        )
            .into_response();
    }
    let incoming = match Incoming::parse(&body) {
        Ok(i) => i,
        Err(error) => {
            warn!(message = "Refused malformed interaction.", %error);
            return (StatusCode::BAD_REQUEST, error).into_response();
        }
    };
    if incoming.kind == PING {
        return Json(CreateInteractionResponse::Pong).into_response();
    }
    match app.guard.check(&incoming, std::time::Instant::now()) {
        Verdict::Admit => {}
        Verdict::Replay => {
            warn!(message = "Refused replayed interaction.", id = %incoming.id, user = incoming.user_id);
            return (
                StatusCode::UNAUTHORIZED,
                "invalid request: interaction already received (replay)",
            )
                .into_response();
        }
        Verdict::Elsewhere(why) => {
            return Json(refuse_elsewhere(&app.handler, &incoming, why).await).into_response();
        }
    }
    let handler = app.handler.clone();
    let work_incoming = incoming.clone();
    let ans = answer(&incoming, handler.defer_after(), async move {
        handler.handle(work_incoming).await
    })
    .await;
    if let Some(later) = ans.later {
        let rest = app.handler.rest().clone();
        tokio::spawn(async move {
            if let Ok(late) = later.await {
                follow_up(&rest, &incoming, late).await;
            }
        });
    }
    Json(ans.first).into_response()
}
