//! `queue backfill SOURCE --since DATE`: queue the posts the reply window held back.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use reviewgate::queue::{Actor, People, Queue};
use reviewgate::service::Pipeline;

use super::{load_config, open_existing_store, queue::real_os_user, BadInput};

pub fn queue_backfill(
    config: &Path,
    source: &str,
    since: &str,
    claimed: Option<&str>,
) -> anyhow::Result<()> {
    let cfg = load_config(config)?;
    if cfg.source(source).is_none() {
        let names: Vec<&str> = cfg.config.sources.iter().map(|s| s.name.as_str()).collect();
        return Err(BadInput(format!(
            "no source named {source:?} in {} (have: {})",
            cfg.path.display(),
            names.join(", ")
        ))
        .into());
    }
    let since = parse_since(since)?;
    let store = Arc::new(open_existing_store(&cfg)?);
    let actor = backfill_actor(&store, &cfg.config.reviewers, claimed)?;
    let pipeline = Pipeline::new(cfg.clone(), store)?;
    let queued = pipeline.backfill(source, since, &actor)?;
    println!(
        "{queued} post(s) of {source} since {} queued",
        since.to_rfc3339()
    );
    Ok(())
}

/// `--since`: an RFC 3339 time or a date (midnight UTC).
fn parse_since(s: &str) -> anyhow::Result<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()),
        Err(_) => Err(BadInput(format!(
            "--since {s:?} is not a date: write e.g. 2026-11-01 or 2026-11-01T00:00:00Z"
        ))
        .into()),
    }
}

/// The reviewer mapped to the calling OS account, as for every other CLI action; a refusal
/// is audited as `os:ACCOUNT`.
fn backfill_actor(
    store: &reviewgate::store::Store,
    reviewers: &[reviewgate::config::ReviewerConfig],
    claimed: Option<&str>,
) -> anyhow::Result<Actor> {
    let people = People::from_config(reviewers);
    let queue = Queue::with_people(store, &people);
    let os_user = real_os_user()?;
    queue.people().cli_actor(&os_user, claimed).or_else(|e| {
        let who = Actor::new(format!("os:{os_user}"), false, false);
        queue.record_refusal(None, &who, "backfill", &e.to_string())?;
        Err(BadInput(e.to_string()).into())
    })
}

/// What `scan` says of a source's posts the reply window held back, and how to queue them.
pub(super) fn held_note(source: &str, n: usize) -> String {
    format!("note: {source}: {n} relevant post(s) older than the reply window stored and matched, not queued (queue them with `reviewgate queue backfill {source} --since DATE`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_a_date_or_a_time_and_names_a_bad_one() {
        assert_eq!(
            parse_since("2026-11-01").unwrap().to_rfc3339(),
            "2026-11-01T00:00:00+00:00"
        );
        assert_eq!(
            parse_since("2026-11-01T10:00:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-01T08:00:00+00:00"
        );
        let err = parse_since("last week").unwrap_err().to_string();
        assert!(err.contains("--since \"last week\""), "{err}");
    }
}
