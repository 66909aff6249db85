//! Post times as sites write them (RFC 3339, RFC 2822, XenForo's `+0100` offsets, Hacker News'
//! `title="2026-11-01T09:00:00 1793523600"`, Unix seconds, bare text dates in English, German,
//! French, Spanish and Italian, relative times such as "3 hours ago" or "vor 2 Stunden") into
//! UTC. A time without an offset is read in the page's stated timezone, else as UTC, and says so.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

pub(crate) mod text;

pub use text::page_offset;

const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
];

const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    // phpBB's default display form and WordPress' "January 2, 2026 at 10:00 am".
    "%a %b %d, %Y %I:%M %p",
    "%B %d, %Y at %I:%M %p",
    "%B %d, %Y %I:%M %p",
    "%d.%m.%Y %H:%M",
];

const DATES: &[&str] = &["%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d.%m.%Y"];

/// How to read the times of one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateContext {
    /// When the page was fetched: relative times ("3 hours ago", "yesterday") count from it.
    pub fetched_at: Option<DateTime<Utc>>,
    /// The timezone the page states for its times ("All times are UTC-06:00").
    pub offset: Option<FixedOffset>,
}

/// A time read from a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadTime {
    pub at: DateTime<Utc>,
    /// The text had no timezone and the page stated none, so it was read as UTC.
    pub assumed_utc: bool,
}

/// Parses a time in any of the supported forms; `None` if it is none of them. Times without
/// an offset are taken as UTC; relative times are not read (there is no fetch time).
pub fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    read_time(raw, &DateContext::default()).map(|t| t.at)
}

/// Reads a time as a page prints it, in the page's context.
pub fn read_time(raw: &str, ctx: &DateContext) -> Option<ReadTime> {
    // phpBB 3.0/3.1 print "by name » Wed Mar 16, 2016 3:10 am": the date follows the last "»".
    let s = raw.rsplit('»').next().unwrap_or(raw).trim();
    if s.is_empty() {
        return None;
    }
    let exact = |at| ReadTime {
        at,
        assumed_utc: false,
    };
    if let Some(t) = parse_exact(s) {
        return Some(exact(t));
    }
    // "2026-11-01T09:00:00 1793523600" (Hacker News): the Unix time is exact.
    let mut words = s.split_whitespace();
    if let (Some(first), Some(last), None) = (words.next(), words.next(), words.next()) {
        if last.len() >= 9 && last.bytes().all(|b| b.is_ascii_digit()) {
            return last.parse().ok().and_then(unix).map(exact);
        }
        if let Some(t) = parse_exact(first) {
            return Some(exact(t));
        }
    }
    if let Some(naive) = parse_naive(s) {
        return Some(local(naive, ctx));
    }
    if let Some(at) = ctx.fetched_at.and_then(|now| text::relative(s, now)) {
        return Some(exact(at));
    }
    text::text_date(s, ctx).map(|naive| local(naive, ctx))
}

/// Whether `raw` reads as a calendar date without a time of day ("2020-12-24",
/// "December 24, 2020"): a less precise reading than one with the time.
pub fn is_date_only(raw: &str) -> bool {
    let s = raw.trim();
    !s.contains(':')
        && !s.bytes().all(|b| b.is_ascii_digit())
        && read_time(s, &DateContext::default())
            .is_some_and(|t| t.at.time() == chrono::NaiveTime::MIN)
}

/// A local time in the page's timezone, or UTC (assumed) when the page states none.
fn local(naive: NaiveDateTime, ctx: &DateContext) -> ReadTime {
    match ctx
        .offset
        .and_then(|o| o.from_local_datetime(&naive).single())
    {
        Some(t) => ReadTime {
            at: t.with_timezone(&Utc),
            assumed_utc: false,
        },
        None => ReadTime {
            at: Utc.from_utc_datetime(&naive),
            assumed_utc: true,
        },
    }
}

/// Forms that carry their own offset (or are Unix time).
fn parse_exact(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return unix(s.parse().ok()?);
    }
    for f in WITH_OFFSET {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t.with_timezone(&Utc));
        }
    }
    None
}

/// Fixed formats without an offset.
fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    for f in NAIVE {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    for f in DATES {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    None
}

/// Unix time in seconds, or in milliseconds when it is too large to be seconds.
pub fn unix(n: i64) -> Option<DateTime<Utc>> {
    if n.abs() >= 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> Option<DateTime<Utc>> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn common_forms() {
        assert_eq!(
            parse_time("2026-11-01T10:15:00+01:00"),
            utc("2026-11-01T09:15:00Z")
        );
        assert_eq!(
            parse_time("2026-11-01T10:15:00+0100"),
            utc("2026-11-01T09:15:00Z")
        );
        assert_eq!(
            parse_time("Sun, 01 Nov 2026 09:15:00 GMT"),
            utc("2026-11-01T09:15:00Z")
        );
        assert_eq!(
            parse_time("Sun, 01 Nov 2026 10:15:00 +0100"),
            utc("2026-11-01T09:15:00Z")
        );
        assert_eq!(
            parse_time("2026-11-01T09:15:00 1793524500"),
            utc("2026-11-01T09:15:00Z")
        );
        assert_eq!(
            parse_time("2026-11-01 09:15:00"),
            utc("2026-11-01T09:15:00Z")
        );
        assert_eq!(parse_time("2026-11-01"), utc("2026-11-01T00:00:00Z"));
        assert_eq!(parse_time("1793524500"), utc("2026-11-01T09:15:00Z"));
        assert_eq!(parse_time("1793524500000"), utc("2026-11-01T09:15:00Z"));
        assert_eq!(
            parse_time("Sun Nov 01, 2026 9:15 am"),
            utc("2026-11-01T09:15:00Z")
        );
        assert_eq!(
            parse_time("November 1, 2026 at 9:15 pm"),
            utc("2026-11-01T21:15:00Z")
        );
        assert_eq!(parse_time("yesterday"), None);
        assert!(is_date_only("2020-12-24"));
        assert!(is_date_only("December 24, 2020"));
        assert!(!is_date_only("December 24, 2020 at 3:53 am"));
        assert!(!is_date_only("2020-12-24T00:00:00Z"));
        assert!(!is_date_only("1793524500"));
        assert_eq!(parse_time(""), None);
    }
}
