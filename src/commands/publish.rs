//! `queue publish`, `queue unreviewed` and `queue stats`: closing the loop from the CLI.

use std::io::Write;
use std::path::Path;

use reviewgate::publish::{self, PublishError};
use reviewgate::queue::{People, Queue};
use reviewgate::service::stats::{aggregate, Period};
use reviewgate::store::{Outcome, Publication};

use super::queue::{cli_actor, refresh_discord};
use super::{load_config, open_existing_store, runtime, BadInput};

/// Publishes `version` of item `id` through its source's publisher: refused (exit 2) before
/// any network call when the item is not approved, the version is not the approved one, or a
/// send's outcome is unknown (unless `resend_unconfirmed`).
pub fn queue_publish(
    config: &Path,
    id: i64,
    version: u32,
    actor: Option<&str>,
    resend_unconfirmed: bool,
) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let people = People::from_config(&cfg.config.reviewers);
    let queue = Queue::with_people(&store, &people);
    let actor = cli_actor(&queue, id, "publish", actor)?;
    let refused = |e: PublishError| -> anyhow::Error {
        if e.is_refusal() {
            BadInput(format!("#{id}: {e}")).into()
        } else {
            e.into()
        }
    };
    let prepared = publish::prepare(&store, &cfg.config, id, version, &actor, resend_unconfirmed)
        .map_err(refused)?;
    let outcome = runtime()?.block_on(publish::send(&prepared, &cfg.config.http, |k| {
        std::env::var(k).ok()
    }));
    let url = publish::finish(&store, &prepared, &outcome, &actor).map_err(refused)?;
    refresh_discord(&cfg, &store, id)?;
    println!("#{id} version {version} published: {url}");
    Ok(())
}

/// Lists every staff post no approved version accounts for.
pub fn queue_unreviewed(config: &Path, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let list = store.unreviewed_publications()?;
    let mut out = std::io::stdout().lock();
    for p in &list {
        if json {
            serde_json::to_writer(&mut out, p)?;
            writeln!(out)?;
            continue;
        }
        let decision = p.assessment.as_ref().map_or("-", |a| a.decision.as_str());
        writeln!(
            out,
            "[{}] {} by {} at {}: {}",
            p.source,
            p.url.as_deref().unwrap_or(&p.post_id),
            p.author,
            p.published_at.unwrap_or(p.seen_at),
            decision
        )?;
        writeln!(out, "    {}", p.reason)?;
    }
    if !json && list.is_empty() {
        writeln!(out, "no unreviewed publications")?;
    }
    Ok(())
}

/// Per source and period: approved, published, verified, unreviewed, median post to reply.
pub fn queue_stats(config: &Path, since: &str, period: &str, json: bool) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let back = humantime::parse_duration(since).map_err(|e| {
        BadInput(format!(
            "--since {since:?}: {e} (write e.g. \"7d\", \"30d\")"
        ))
    })?;
    let period: Period = period
        .parse()
        .map_err(|e: String| BadInput(format!("--period: {e}")))?;
    let from = chrono::Utc::now()
        - chrono::Duration::from_std(back)
            .map_err(|e| BadInput(format!("--since {since:?}: {e}")))?;
    let rows = aggregate(&store.loop_events(from)?, period);
    let mut out = std::io::stdout().lock();
    if json {
        for r in &rows {
            serde_json::to_writer(&mut out, r)?;
            writeln!(out)?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{:<20} {:<11} {:>8} {:>9} {:>8} {:>10}  median post->reply",
        "source",
        period.as_str(),
        "approved",
        "published",
        "verified",
        "unreviewed"
    )?;
    for r in &rows {
        let median = r.median_post_to_reply_secs.map_or("-".to_string(), |s| {
            humantime::format_duration(std::time::Duration::from_secs(s as u64)).to_string()
        });
        writeln!(
            out,
            "{:<20} {:<11} {:>8} {:>9} {:>8} {:>10}  {median}",
            r.source, r.period_start, r.approved, r.published, r.verified, r.unreviewed
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "nothing approved, published or seen since {from}")?;
    }
    Ok(())
}

/// One checked staff post, as `scan` prints it after the new posts.
pub fn print_publication(out: &mut impl Write, p: &Publication) -> anyhow::Result<()> {
    let place = p.url.as_deref().unwrap_or(&p.post_id);
    match p.outcome {
        Outcome::Verified => writeln!(
            out,
            "[{}] staff reply by {} VERIFIED, item posted: {place}\n    {}",
            p.source, p.author, p.reason
        )?,
        Outcome::Unreviewed => {
            let decision = p.assessment.as_ref().map_or("-", |a| a.decision.as_str());
            writeln!(
                out,
                "[{}] staff reply by {} UNREVIEWED PUBLICATION (decision {decision}): {place}\n    {}",
                p.source, p.author, p.reason
            )?
        }
    }
    Ok(())
}
