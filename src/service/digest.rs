//! The weekly digest of `run`: once the configured weekday and hour have come (UTC), the
//! digest of the seven days before is built from the store and posted to the Discord admin
//! channel, once per ISO week: the store records the week, so a restart does not repeat it. A
//! failed try is repeated after a backoff (`report::schedule::Backoff`), not at every tick.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tracing::{debug, error, info, warn};

use crate::config::LoadedConfig;
use crate::discord::{post_digest, DigestPostError};
use crate::report::schedule::{due_slot, Backoff, Slot};
use crate::report::{render_png, ChartError, Digest};
use crate::store::{Store, StoreError};

/// How often `run` asks whether the digest is due.
pub const TICK_EVERY: Duration = Duration::from_secs(60);

/// Timeout of the upload (the chart is about 100 KB).
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// Why one tick could not post a due digest; the next tick tries again.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    /// The store could not be read or the posted week recorded.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// Discord refused the message or could not be reached.
    #[error(transparent)]
    Post(#[from] DigestPostError),
    /// The blocking task that reads the store and draws the chart did not finish.
    #[error("building the weekly digest: {0}")]
    Interrupted(String),
}

/// What one tick did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    /// `[digest] enabled = false`, or no `[discord]` section.
    Off,
    /// No week's digest is due at this time.
    NotDue,
    /// This week's digest went out before (by this process or an earlier one).
    AlreadyPosted { week: String },
    /// Posted now as this Discord message.
    Posted { week: String, message_id: u64 },
}

/// The digest poster of `run`: the config, the store and the bot token.
pub struct DigestJob {
    pub config: Arc<LoadedConfig>,
    pub store: Arc<Store>,
    pub token: String,
}

impl DigestJob {
    /// Posts the digest due at `now`, unless it is off, not due or already posted.
    pub async fn tick(&self, now: DateTime<Utc>) -> Result<Tick, DigestError> {
        let cfg = &self.config.config;
        let (Some(discord), true) = (&cfg.discord, cfg.digest.enabled) else {
            return Ok(Tick::Off);
        };
        let Some(slot) = due_slot(now, cfg.digest.weekday, cfg.digest.hour) else {
            return Ok(Tick::NotDue);
        };
        let (store, config, week) = (self.store.clone(), self.config.clone(), slot.week.clone());
        let built = tokio::task::spawn_blocking(move || build(&config, &store, &slot))
            .await
            .map_err(|e| DigestError::Interrupted(e.to_string()))??;
        let Some((lines, png)) = built else {
            return Ok(Tick::AlreadyPosted { week });
        };
        let message_id =
            post_digest(discord, &self.token, UPLOAD_TIMEOUT, &week, &lines, png).await?;
        let (store, w) = (self.store.clone(), week.clone());
        tokio::task::spawn_blocking(move || store.record_digest_posted(&w, now, message_id))
            .await
            .map_err(|e| DigestError::Interrupted(e.to_string()))??;
        info!(message = "Posted the weekly digest.", %week, message_id);
        Ok(Tick::Posted { week, message_id })
    }
}

/// What one step of [`DigestPoster`] did.
#[derive(Debug)]
pub enum Step {
    /// The job ran (posted, or found nothing to post): failures are forgotten.
    Ticked(Tick),
    /// The try failed; the next one waits until `retry_at` (the `failures`-th in a row).
    Failed {
        error: DigestError,
        retry_at: DateTime<Utc>,
        failures: u32,
    },
    /// Waiting out the backoff after a failure; nothing was tried.
    Waiting { until: DateTime<Utc> },
}

/// The digest job with a backoff between failed tries ([`Backoff`]: one minute doubling to an
/// hour), so a lasting Discord failure is tried about 30 times in the day a digest may be
/// late, not 1,440 times. Time is passed in, so tests need no clock.
pub struct DigestPoster {
    job: DigestJob,
    backoff: Backoff,
}

impl DigestPoster {
    pub fn new(job: DigestJob) -> DigestPoster {
        DigestPoster {
            job,
            backoff: Backoff::default(),
        }
    }

    /// Runs the job at `now` unless a failure of the same week's digest asks to wait.
    pub async fn step(&mut self, now: DateTime<Utc>) -> Step {
        let cfg = &self.job.config.config;
        let week = due_slot(now, cfg.digest.weekday, cfg.digest.hour).map(|s| s.week);
        match &week {
            Some(w) => {
                if let Some(until) = self.backoff.waiting(w, now) {
                    return Step::Waiting { until };
                }
            }
            None => self.backoff.reset(),
        }
        match self.job.tick(now).await {
            Ok(tick) => {
                self.backoff.reset();
                Step::Ticked(tick)
            }
            Err(error) => {
                let retry_at = self
                    .backoff
                    .failed(week.as_deref().unwrap_or_default(), now);
                Step::Failed {
                    error,
                    retry_at,
                    failures: self.backoff.failures(),
                }
            }
        }
    }
}

/// The digest's lines of text and its chart as PNG.
type Built = (Vec<String>, Vec<u8>);

/// The digest's lines and chart for `slot`, or `None` when its week was posted already.
fn build(config: &LoadedConfig, store: &Store, slot: &Slot) -> Result<Option<Built>, DigestError> {
    if store.digest_posted_at(&slot.week)?.is_some() {
        return Ok(None);
    }
    let rows = store.report_rows(slot.window.start())?;
    let sources: Vec<String> = config
        .config
        .sources
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let digest = Digest::build(slot.window, &sources, &rows);
    let png = render_png(&digest)?;
    // What reached the sites: approved, published, verified, unreviewed (`queue stats`).
    let events = store.loop_events(slot.window.start())?;
    let mut lines = digest.summary();
    lines.extend(super::stats::digest_lines(&events, slot.window.first_day));
    Ok(Some((lines, png)))
}

/// Ticks every [`TICK_EVERY`] with the current time until `shutdown` turns true.
pub async fn run(job: DigestJob, mut shutdown: watch::Receiver<bool>) {
    let d = &job.config.config.digest;
    match &job.config.config.discord {
        Some(discord) if d.enabled && discord.admin_channel_id == 0 => {
            warn!(message = "The weekly digest is on but [discord] admin_channel_id is not set; it is not posted.");
            return;
        }
        Some(_) if d.enabled => {
            info!(message = "The weekly digest is posted to the admin channel.", weekday = %d.weekday, hour_utc = d.hour)
        }
        _ => return,
    }
    let mut poster = DigestPoster::new(job);
    loop {
        match poster.step(Utc::now()).await {
            Step::Failed {
                error,
                retry_at,
                failures,
            } => error!(
                message = "The weekly digest could not be posted; trying again later.",
                %error,
                failures,
                retry_at = %retry_at.to_rfc3339()
            ),
            Step::Ticked(Tick::AlreadyPosted { week }) => {
                debug!(message = "The weekly digest of this week was posted before.", %week)
            }
            Step::Ticked(_) | Step::Waiting { .. } => {}
        }
        tokio::select! {
            _ = tokio::time::sleep(TICK_EVERY) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            break;
        }
    }
}
