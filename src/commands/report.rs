//! `report [--since 7d] [--png FILE] [--json]`: the weekly digest from the store, as text
//! (or one JSON object) on stdout and, with `--png`, the chart image.

use std::path::Path;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use reviewgate::report::{render_png, Digest, Window, MAX_DAYS};

use super::{load_config, open_existing_store, BadInput};

pub fn report(config: &Path, since: &str, png: Option<&Path>, json: bool) -> anyhow::Result<()> {
    let window = parse_since(since)?;
    let cfg = load_config(config)?;
    let store = open_existing_store(&cfg)?;
    let rows = store.report_rows(window.start())?;
    let sources: Vec<String> = cfg.config.sources.iter().map(|s| s.name.clone()).collect();
    let digest = Digest::build(window, &sources, &rows);
    if let Some(file) = png {
        let bytes = render_png(&digest)?;
        write_file(file, &bytes)?;
    }
    if json {
        println!("{}", serde_json::to_string(&digest)?);
    } else {
        for line in digest.summary() {
            println!("{line}");
        }
        // What reached the sites, as the digest `run` posts tells it.
        let events = store.loop_events(window.start())?;
        for line in reviewgate::service::stats::digest_lines(&events, window.first_day) {
            println!("{line}");
        }
        if let Some(file) = png {
            println!("chart: {}", file.display());
        }
    }
    Ok(())
}

/// `7d`, `36h`, `2w` (the days ending today) or a first day `2026-11-01`.
fn parse_since(since: &str) -> anyhow::Result<Window> {
    let now = Utc::now();
    if let Ok(day) = NaiveDate::parse_from_str(since, "%Y-%m-%d") {
        let days = (now.date_naive() - day).num_days() + 1;
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(BadInput(format!(
                "--since {since}: the first day must be between {MAX_DAYS} days ago and today"
            ))
            .into());
        }
        return Ok(Window::from_day(day, now));
    }
    let span = humantime::parse_duration(since).map_err(|e| {
        BadInput(format!(
            "--since {since:?}: expected a duration such as 7d or a date such as 2026-11-01 ({e})"
        ))
    })?;
    let secs = span.as_secs();
    let days = secs.div_ceil(86_400) as i64;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(BadInput(format!(
            "--since {since}: the digest covers 1 to {MAX_DAYS} days"
        ))
        .into());
    }
    Ok(Window::last_days(now, days))
}

/// Written beside `file` and renamed into place, so a reader never sees half an image.
fn write_file(file: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, file))
        .with_context(|| format!("writing the chart to {}", file.display()))
}
