//! Gateway mode: reviewgate's own Discord gateway client (Guilds intent only; see
//! `gateway_conn` for one connection, `gateway_proto` for the protocol) keeps one session
//! alive, resuming it on READY's `resume_gateway_url`, and forwards every interaction from the
//! review channels (see `guard`) to the shared [`Handler`], answering through the callback.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{error, warn};

use super::gateway_conn::{self as conn, Link, Outcome};
use super::gateway_proto::{self as proto, GatewayTuning, Session};
use super::guard::{refuse_elsewhere, Guard, Verdict};
use super::handler::Handler;
use super::respond::{answer, follow_up};
use super::wire::{Incoming, PING};
use super::DiscordError;

/// A failed resume this many times in a row gives the session up for a fresh IDENTIFY on the
/// first URL (the resume host may be gone).
const RESUME_ATTEMPTS: u32 = 3;

/// How long answers in flight may take to finish after shutdown.
const DRAIN: Duration = Duration::from_secs(10);

struct Forward {
    handler: Arc<Handler>,
    guard: Guard,
}

impl Forward {
    /// One INTERACTION_CREATE: the same reading as HTTP mode, the guard, the answer within
    /// Discord's 3 seconds and a follow-up when it was deferred.
    async fn interaction(self: Arc<Self>, raw: Value) {
        let incoming = match Incoming::parse(raw.to_string().as_bytes()) {
            Ok(i) => i,
            Err(error) => {
                warn!(message = "Ignored unreadable gateway interaction.", %error);
                return;
            }
        };
        if incoming.kind == PING {
            return;
        }
        match self.guard.check(&incoming, std::time::Instant::now()) {
            Verdict::Admit => {}
            Verdict::Replay => {
                warn!(message = "Ignored replayed gateway interaction.", id = %incoming.id);
                return;
            }
            Verdict::Elsewhere(why) => {
                let answer = refuse_elsewhere(&self.handler, &incoming, why).await;
                let rest = self.handler.rest();
                if let Err(error) = rest
                    .interaction_callback(&incoming.id, &incoming.token, &answer)
                    .await
                {
                    warn!(message = "Failed to answer interaction.", %error);
                }
                return;
            }
        }
        let handler = self.handler.clone();
        let work_incoming = incoming.clone();
        let ans = answer(&incoming, self.handler.defer_after(), async move {
            handler.handle(work_incoming).await
        })
        .await;
        let rest = self.handler.rest();
        if let Err(error) = rest
            .interaction_callback(&incoming.id, &incoming.token, &ans.first)
            .await
        {
            warn!(message = "Failed to answer interaction.", %error);
            return;
        }
        if let Some(later) = ans.later {
            if let Ok(late) = later.await {
                follow_up(rest, &incoming, late).await;
            }
        }
    }
}

/// Sleeps for `wait`; true if shutdown came first.
async fn sleep_or_stop(wait: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    if wait.is_zero() {
        return *shutdown.borrow();
    }
    let stopped = tokio::select! {
        _ = tokio::time::sleep(wait) => false,
        _ = shutdown.wait_for(|stop| *stop) => true,
    };
    stopped || *shutdown.borrow()
}

/// Where the next connection goes: the session's resume URL, or the one `GET /gateway` names
/// (asked once and again after a failed connection to it; never a built-in default, so a
/// client pointed at a fake never reaches Discord).
async fn next_url(
    handler: &Handler,
    session: &Option<Session>,
    first_url: &mut Option<String>,
) -> Result<String, String> {
    let base = match (session, first_url.as_ref()) {
        (Some(s), _) => s.resume_url.clone(),
        (None, Some(url)) => url.clone(),
        (None, None) => {
            let url = handler
                .rest()
                .gateway_url()
                .await
                .map_err(|e| format!("asking for the gateway URL: {e}"))?;
            *first_url = Some(url.clone());
            url
        }
    };
    proto::connect_url(&base)
}

/// Connects to the gateway and runs until `shutdown` turns true, or until Discord refuses the
/// connection for good (a bad token: close code 4004, named in the error).
pub async fn run(
    token: &str,
    handler: Arc<Handler>,
    tuning: GatewayTuning,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), DiscordError> {
    let token_env = handler.config.token_env.clone();
    let guard = Guard::new(&handler.config);
    let forward = Arc::new(Forward { handler, guard });
    let link = Link {
        token,
        token_env: &token_env,
        tuning: &tuning,
        seq: Arc::new(AtomicU64::new(0)),
    };
    let mut answers = JoinSet::new();
    let mut session: Option<Session> = None;
    let mut first_url: Option<String> = None;
    // Connections in a row that never got ready: they set the backoff.
    let mut failures: u32 = 0;
    let result = loop {
        let wait = proto::reconnect_wait(&tuning, failures, 0.5 + rand::random::<f64>() / 2.0);
        if sleep_or_stop(wait, &mut shutdown).await {
            break Ok(());
        }
        if session.is_some() && failures >= RESUME_ATTEMPTS {
            warn!(
                message =
                    "Giving up the Discord gateway session after failed resumes; identifying anew.",
                failures
            );
            session = None;
        }
        if session.is_none() {
            link.seq.store(0, Ordering::Relaxed);
        }
        let url = match next_url(&forward.handler, &session, &mut first_url).await {
            Ok(url) => url,
            Err(error) => {
                warn!(message = "No Discord gateway URL; retrying.", %error);
                failures = failures.saturating_add(1);
                session = None;
                first_url = None;
                continue;
            }
        };
        let ended = conn::run(&url, &link, &mut session, &mut shutdown, |raw| {
            answers.spawn(forward.clone().interaction(raw));
        })
        .await;
        while answers.try_join_next().is_some() {}
        if ended.ready {
            failures = 0;
        } else {
            failures = failures.saturating_add(1);
            if session.is_none() {
                first_url = None;
            }
        }
        match ended.outcome {
            Outcome::Resume => {}
            Outcome::Identify(wait) => {
                // Discord's own wait replaces the backoff: a refused resume is not a failure.
                failures = 0;
                session = None;
                if sleep_or_stop(wait, &mut shutdown).await {
                    break Ok(());
                }
            }
            Outcome::Stop(why) => {
                error!(message = "The Discord gateway refused the bot for good.", reason = %why);
                break Err(DiscordError::Gateway(why));
            }
            Outcome::Shutdown => break Ok(()),
        }
    };
    super::status::set_connected(false);
    // Answers already admitted may be writing the store: let them finish.
    let _ = tokio::time::timeout(DRAIN, async {
        while answers.join_next().await.is_some() {}
    })
    .await;
    result
}
