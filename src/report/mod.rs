//! The weekly digest: the store's posts and queue items of a window, counted per day and per
//! source, with a few lines of text and one chart image (`chart`). Pure: the caller reads the
//! rows and writes the image.

mod chart;
pub mod schedule;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::store::ReportRows;

pub use chart::{render_png, ChartError, HEIGHT, WIDTH};

/// The decisions in the order the digest shows them.
pub const DECISIONS: [&str; 3] = ["routine", "needs_review", "blocked"];

/// The most days one digest covers: a chart of more bars is unreadable.
pub const MAX_DAYS: i64 = 366;

/// The days a digest covers: whole UTC days, the last one today's (so far).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Window {
    /// The `days` whole UTC days ending with `now`'s (1 to [`MAX_DAYS`]).
    pub fn last_days(now: DateTime<Utc>, days: i64) -> Window {
        let days = days.clamp(1, MAX_DAYS);
        let last_day = now.date_naive();
        Window {
            first_day: last_day - Duration::days(days - 1),
            last_day,
        }
    }

    /// From `first_day` to `now`'s day (at most [`MAX_DAYS`], ending today).
    pub fn from_day(first_day: NaiveDate, now: DateTime<Utc>) -> Window {
        let last_day = now.date_naive();
        let days = (last_day - first_day).num_days() + 1;
        Window::last_days(now, days)
    }

    /// Midnight UTC at the start of the first day: rows from here on are counted.
    pub fn start(&self) -> DateTime<Utc> {
        Utc.from_utc_datetime(
            &self
                .first_day
                .and_hms_opt(0, 0, 0)
                .expect("midnight exists"),
        )
    }

    pub fn days(&self) -> Vec<NaiveDate> {
        self.first_day
            .iter_days()
            .take_while(|d| *d <= self.last_day)
            .collect()
    }

    fn index(&self, t: DateTime<Utc>) -> Option<usize> {
        let day = t.date_naive();
        (day >= self.first_day && day <= self.last_day)
            .then(|| (day - self.first_day).num_days() as usize)
    }
}

/// One source's posts in the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceLine {
    pub source: String,
    /// Posts first seen on each day of the window.
    pub per_day: Vec<u64>,
    pub posts: u64,
    pub relevant: u64,
    pub matched: u64,
}

/// Replies queued in the window with one decision, by the state they are in now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionLine {
    pub decision: String,
    pub pending: u64,
    pub approved: u64,
    pub posted: u64,
    pub rejected: u64,
    pub total: u64,
}

/// What the digest says about one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    pub window: Window,
    pub days: Vec<NaiveDate>,
    /// Every configured source (quiet ones too), then any other source found in the store.
    pub sources: Vec<SourceLine>,
    /// All sources together, per day.
    pub posts_per_day: Vec<u64>,
    pub relevant_per_day: Vec<u64>,
    /// Relevant posts linked to a customer or with a candidate, per day.
    pub matched_per_day: Vec<u64>,
    pub posts: u64,
    pub relevant: u64,
    pub matched: u64,
    /// One line per decision, in [`DECISIONS`] order, then any other decision found.
    pub replies: Vec<DecisionLine>,
    pub queued: u64,
    /// Replies queued in the window and decided (approved or rejected) by now.
    pub decided: u64,
    /// Median hours from queueing to decision of those, by the day they were decided.
    pub median_hours_per_day: Vec<Option<f64>>,
    /// Median hours from queueing to decision over the whole window.
    pub median_hours: Option<f64>,
}

impl Digest {
    /// Counts `rows` (read from [`Window::start`] on) into the window's days; `sources` are
    /// the configured source names, shown even when they posted nothing.
    pub fn build(window: Window, sources: &[String], rows: &ReportRows) -> Digest {
        let days = window.days();
        let n = days.len();
        let mut by_source: BTreeMap<&str, SourceLine> = BTreeMap::new();
        let mut order: Vec<&str> = sources.iter().map(String::as_str).collect();
        let mut digest = Digest {
            window,
            days,
            sources: Vec::new(),
            posts_per_day: vec![0; n],
            relevant_per_day: vec![0; n],
            matched_per_day: vec![0; n],
            posts: 0,
            relevant: 0,
            matched: 0,
            replies: Vec::new(),
            queued: 0,
            decided: 0,
            median_hours_per_day: vec![None; n],
            median_hours: None,
        };
        for p in &rows.posts {
            let Some(day) = window.index(p.first_seen) else {
                continue;
            };
            if !order.contains(&p.source.as_str()) {
                order.push(&p.source);
            }
            let line = by_source
                .entry(&p.source)
                .or_insert_with(|| SourceLine::empty(&p.source, n));
            line.per_day[day] += 1;
            line.posts += 1;
            digest.posts_per_day[day] += 1;
            digest.posts += 1;
            if p.relevant {
                line.relevant += 1;
                digest.relevant_per_day[day] += 1;
                digest.relevant += 1;
            }
            // Matched counts the relevant posts with a customer: the ones a reply may answer.
            if p.relevant && p.matched {
                line.matched += 1;
                digest.matched_per_day[day] += 1;
                digest.matched += 1;
            }
        }
        digest.sources = order
            .iter()
            .map(|s| {
                by_source
                    .remove(s)
                    .unwrap_or_else(|| SourceLine::empty(s, n))
            })
            .collect();
        digest.count_replies(rows);
        digest
    }

    fn count_replies(&mut self, rows: &ReportRows) {
        let mut lines: Vec<DecisionLine> =
            DECISIONS.iter().map(|d| DecisionLine::empty(d)).collect();
        let mut waits: Vec<f64> = Vec::new();
        let mut waits_per_day: Vec<Vec<f64>> = vec![Vec::new(); self.days.len()];
        for item in &rows.items {
            if self.window.index(item.created_at).is_none() {
                continue;
            }
            let line = match lines.iter().position(|l| l.decision == item.decision) {
                Some(i) => &mut lines[i],
                None => {
                    lines.push(DecisionLine::empty(&item.decision));
                    lines.last_mut().expect("just pushed")
                }
            };
            match item.state.as_str() {
                "pending" => line.pending += 1,
                "approved" => line.approved += 1,
                "posted" => line.posted += 1,
                _ => line.rejected += 1,
            }
            line.total += 1;
            self.queued += 1;
            if let Some(decided) = item.decided_at {
                let hours = (decided - item.created_at).num_milliseconds().max(0) as f64 / 3.6e6;
                waits.push(hours);
                self.decided += 1;
                if let Some(day) = self.window.index(decided) {
                    waits_per_day[day].push(hours);
                }
            }
        }
        self.replies = lines;
        self.median_hours = median(&mut waits);
        self.median_hours_per_day = waits_per_day.iter_mut().map(|w| median(w)).collect();
    }

    /// The few lines of text that go beside the chart.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "reviewgate digest {} to {} (UTC)",
            self.window.first_day, self.window.last_day
        )];
        lines.push(format!(
            "posts: {} seen, {} relevant, {} of them matched to a customer",
            self.posts, self.relevant, self.matched
        ));
        for s in &self.sources {
            lines.push(format!(
                "  {}: {} posts, {} relevant, {} matched",
                s.source, s.posts, s.relevant, s.matched
            ));
        }
        let by_decision: Vec<String> = self
            .replies
            .iter()
            .map(|d| format!("{} {}", d.total, d.decision))
            .collect();
        lines.push(format!(
            "replies queued: {} ({})",
            self.queued,
            by_decision.join(", ")
        ));
        let states = self.replies.iter().fold([0u64; 4], |mut a, d| {
            a[0] += d.pending;
            a[1] += d.approved;
            a[2] += d.posted;
            a[3] += d.rejected;
            a
        });
        lines.push(format!(
            "now: {} pending, {} approved, {} posted, {} rejected",
            states[0], states[1], states[2], states[3]
        ));
        lines.push(match self.median_hours {
            Some(h) => format!(
                "median time to decision: {} ({} decided)",
                hours_text(h),
                self.decided
            ),
            None => "median time to decision: none decided yet".to_string(),
        });
        lines
    }
}

impl SourceLine {
    fn empty(source: &str, days: usize) -> SourceLine {
        SourceLine {
            source: source.to_string(),
            per_day: vec![0; days],
            posts: 0,
            relevant: 0,
            matched: 0,
        }
    }
}

impl DecisionLine {
    fn empty(decision: &str) -> DecisionLine {
        DecisionLine {
            decision: decision.to_string(),
            pending: 0,
            approved: 0,
            posted: 0,
            rejected: 0,
            total: 0,
        }
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// `1.5 h`, `12 min`, `2.3 d`: a duration in hours as a person reads it.
pub fn hours_text(hours: f64) -> String {
    if hours < 1.0 {
        format!("{:.0} min", hours * 60.0)
    } else if hours < 48.0 {
        format!("{hours:.1} h")
    } else {
        format!("{:.1} d", hours / 24.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ReportItem, ReportPost};

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn post(source: &str, day: u32, relevant: bool, matched: bool) -> ReportPost {
        ReportPost {
            source: source.into(),
            first_seen: at(day, 10),
            relevant,
            matched,
        }
    }

    fn item(
        decision: &str,
        state: &str,
        created: DateTime<Utc>,
        decided: Option<DateTime<Utc>>,
    ) -> ReportItem {
        ReportItem {
            id: 1,
            source: "forum".into(),
            decision: decision.into(),
            state: state.into(),
            created_at: created,
            decided_at: decided,
        }
    }

    #[test]
    fn a_window_of_seven_days_ends_today() {
        let w = Window::last_days(at(30, 15), 7);
        assert_eq!(w.first_day, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        assert_eq!(w.days().len(), 7);
        assert_eq!(w.start(), at(24, 0));
        assert_eq!(
            Window::last_days(at(30, 15), 100_000).days().len(),
            MAX_DAYS as usize
        );
    }

    #[test]
    fn posts_are_counted_per_source_and_day_quiet_sources_included() {
        let w = Window::last_days(at(30, 15), 7);
        let rows = ReportRows {
            posts: vec![
                post("forum", 23, true, true), // before the window
                post("forum", 24, true, true),
                post("forum", 24, true, false),
                post("feed", 30, false, false),
            ],
            items: vec![],
        };
        let d = Digest::build(w, &["quiet".into(), "forum".into()], &rows);
        let names: Vec<_> = d.sources.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(names, ["quiet", "forum", "feed"]);
        assert_eq!(d.sources[0].posts, 0);
        assert_eq!(d.sources[1].per_day, [2, 0, 0, 0, 0, 0, 0]);
        assert_eq!(d.sources[2].per_day, [0, 0, 0, 0, 0, 0, 1]);
        assert_eq!((d.posts, d.relevant, d.matched), (3, 2, 1));
        assert_eq!(d.relevant_per_day[0], 2);
        assert_eq!(d.matched_per_day[0], 1);
    }

    #[test]
    fn replies_by_decision_and_the_median_time_to_decision() {
        let w = Window::last_days(at(30, 15), 7);
        let rows = ReportRows {
            posts: vec![],
            items: vec![
                item("routine", "approved", at(25, 0), Some(at(25, 1))),
                item("routine", "posted", at(25, 0), Some(at(25, 3))),
                item("needs_review", "rejected", at(26, 0), Some(at(26, 8))),
                item("blocked", "pending", at(27, 0), None),
                item("routine", "rejected", at(27, 0), None), // closed as a duplicate
            ],
        };
        let d = Digest::build(w, &[], &rows);
        assert_eq!(d.replies[0].decision, "routine");
        assert_eq!(
            (
                d.replies[0].approved,
                d.replies[0].posted,
                d.replies[0].rejected
            ),
            (1, 1, 1)
        );
        assert_eq!(d.replies[1].rejected, 1);
        assert_eq!(d.replies[2].pending, 1);
        assert_eq!((d.queued, d.decided), (5, 3));
        assert_eq!(d.median_hours, Some(3.0));
        assert_eq!(d.median_hours_per_day[1], Some(2.0));
        assert_eq!(d.median_hours_per_day[2], Some(8.0));
        assert_eq!(d.median_hours_per_day[0], None);
        let text = d.summary().join("\n");
        assert!(
            text.contains("replies queued: 5 (3 routine, 1 needs_review, 1 blocked)"),
            "{text}"
        );
        assert!(
            text.contains("median time to decision: 3.0 h (3 decided)"),
            "{text}"
        );
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
