//! `queue stats`: per source and period, replies approved, published, verified on the site,
//! unreviewed publications, and the median time from a post to its published reply.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::store::{LoopEvent, LoopEventKind};

/// How events are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    /// Weeks start on Monday (ISO 8601).
    Week,
    Month,
}

impl std::str::FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            other => Err(format!("{other:?} is not a period: day, week or month")),
        }
    }
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The first day of the period holding `at` (UTC).
    pub fn start(self, at: DateTime<Utc>) -> NaiveDate {
        let d = at.date_naive();
        match self {
            Period::Day => d,
            Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
            Period::Month => d.with_day(1).unwrap_or(d),
        }
    }
}

/// One row of `queue stats`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StatsRow {
    pub source: String,
    pub period: &'static str,
    /// First day of the period (UTC).
    pub period_start: String,
    /// Items whose reply was approved in the period.
    pub approved: u64,
    /// Items marked posted in the period (by hand, the publisher or the watcher).
    pub published: u64,
    /// Staff posts found equal to an approved version.
    pub verified: u64,
    /// Staff posts no approved version accounts for.
    pub unreviewed: u64,
    /// Median seconds from a customer's post to its verified published reply; null without one.
    pub median_post_to_reply_secs: Option<i64>,
}

/// Groups events per source and period, sources by name and periods oldest first.
pub fn aggregate(events: &[LoopEvent], period: Period) -> Vec<StatsRow> {
    group(events, period.as_str(), |at| period.start(at))
}

/// One row per source for all of `events`, a window starting on `first_day` (the weekly
/// digest's seven days).
pub fn totals(events: &[LoopEvent], first_day: NaiveDate) -> Vec<StatsRow> {
    group(events, "window", |_| first_day)
}

/// The lines of the weekly digest on closing the loop, for `events` of the window starting on
/// `first_day`: all sources together, then each source with events when there are several.
pub fn digest_lines(events: &[LoopEvent], first_day: NaiveDate) -> Vec<String> {
    let line = |r: &StatsRow| {
        let median = r
            .median_post_to_reply_secs
            .map_or("none verified".to_string(), |s| {
                humantime::format_duration(std::time::Duration::from_secs(s.max(0) as u64))
                    .to_string()
            });
        format!(
            "{} approved, {} published, {} verified on the site, {} unreviewed publications; \
             median post to published reply: {median}",
            r.approved, r.published, r.verified, r.unreviewed
        )
    };
    let rows = totals(events, first_day);
    let merged: Vec<LoopEvent> = events
        .iter()
        .map(|e| LoopEvent {
            source: String::new(),
            ..e.clone()
        })
        .collect();
    let all = totals(&merged, first_day).pop().unwrap_or_default();
    let mut lines = vec![format!("replies out: {}", line(&all))];
    if rows.len() > 1 {
        lines.extend(rows.iter().map(|r| format!("  {}: {}", r.source, line(r))));
    }
    lines
}

fn group(
    events: &[LoopEvent],
    period: &'static str,
    start_of: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> Vec<StatsRow> {
    let mut rows: BTreeMap<(String, NaiveDate), (StatsRow, Vec<i64>)> = BTreeMap::new();
    for e in events {
        let start = start_of(e.at);
        let (row, delays) = rows.entry((e.source.clone(), start)).or_insert_with(|| {
            (
                StatsRow {
                    source: e.source.clone(),
                    period,
                    period_start: start.to_string(),
                    ..StatsRow::default()
                },
                Vec::new(),
            )
        });
        match e.kind {
            LoopEventKind::Approved => row.approved += 1,
            LoopEventKind::Published => row.published += 1,
            LoopEventKind::Verified { post_to_reply_secs } => {
                row.verified += 1;
                delays.extend(post_to_reply_secs);
            }
            LoopEventKind::Unreviewed => row.unreviewed += 1,
        }
    }
    rows.into_values()
        .map(|(mut row, mut delays)| {
            row.median_post_to_reply_secs = median(&mut delays);
            row
        })
        .collect()
}

/// The median (the mean of the middle two for an even count), or None for no values.
fn median(v: &mut [i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_tells_the_loop_over_the_window_and_per_source() {
        let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
        let ev = |source: &str, kind, t: &str| LoopEvent {
            source: source.into(),
            kind,
            at: at(t),
        };
        let verified = |s| LoopEventKind::Verified {
            post_to_reply_secs: Some(s),
        };
        // Two ISO weeks inside one seven-day window still make one line per source.
        let events = [
            ev("forum", LoopEventKind::Approved, "2026-11-01T10:00:00Z"),
            ev("forum", verified(3_600), "2026-11-02T10:00:00Z"),
            ev("forum", verified(7_200), "2026-11-03T10:00:00Z"),
            ev("reviews", LoopEventKind::Unreviewed, "2026-11-04T10:00:00Z"),
            ev("reviews", verified(10_800), "2026-11-05T10:00:00Z"),
        ];
        let first = NaiveDate::from_ymd_opt(2026, 10, 30).unwrap();
        let lines = digest_lines(&events, first);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].starts_with("replies out: 1 approved, 0 published, 3 verified on the site, 1 unreviewed publications; median post to published reply: 2h"), "{lines:?}");
        assert!(
            lines[1].starts_with("  forum: 1 approved, 0 published, 2 verified"),
            "{lines:?}"
        );
        assert!(lines[2].contains("reviews: 0 approved, 0 published, 1 verified on the site, 1 unreviewed publications; median post to published reply: 3h"), "{lines:?}");
        // A quiet week says so.
        assert_eq!(
            digest_lines(&[], first),
            vec!["replies out: 0 approved, 0 published, 0 verified on the site, 0 unreviewed publications; median post to published reply: none verified".to_string()]
        );
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn groups_per_source_and_week_with_the_median_delay() {
        let ev = |source: &str, kind, t: &str| LoopEvent {
            source: source.into(),
            kind,
            at: at(t),
        };
        let verified = |s| LoopEventKind::Verified {
            post_to_reply_secs: Some(s),
        };
        let events = [
            ev("a", LoopEventKind::Approved, "2026-11-02T10:00:00Z"),
            ev("a", LoopEventKind::Published, "2026-11-03T10:00:00Z"),
            ev("a", verified(100), "2026-11-03T11:00:00Z"),
            ev("a", verified(300), "2026-11-04T11:00:00Z"),
            ev("a", verified(200), "2026-11-08T23:59:00Z"),
            ev("a", LoopEventKind::Unreviewed, "2026-11-09T00:00:00Z"),
            ev("b", LoopEventKind::Unreviewed, "2026-11-05T00:00:00Z"),
        ];
        let rows = aggregate(&events, Period::Week);
        assert_eq!(rows.len(), 3);
        assert_eq!(
            (rows[0].source.as_str(), rows[0].period_start.as_str()),
            ("a", "2026-11-02")
        );
        assert_eq!(
            (
                rows[0].approved,
                rows[0].published,
                rows[0].verified,
                rows[0].unreviewed
            ),
            (1, 1, 3, 0)
        );
        assert_eq!(rows[0].median_post_to_reply_secs, Some(200));
        assert_eq!(rows[1].period_start, "2026-11-09");
        assert_eq!(
            (rows[1].unreviewed, rows[1].median_post_to_reply_secs),
            (1, None)
        );
        assert_eq!((rows[2].source.as_str(), rows[2].unreviewed), ("b", 1));
        let mut even = [4, 1, 3, 2];
        assert_eq!(median(&mut even), Some(2));
    }
}
