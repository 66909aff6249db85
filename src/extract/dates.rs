//! Post times as sites write them (RFC 3339, RFC 2822, XenForo's `+0100` offsets, Hacker News'
//! `title="2026-11-01T09:00:00 1793523600"`, Unix seconds, a few human forms) into UTC.
//! Times without an offset are taken as UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

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

/// Parses a time in any of the supported forms; `None` if it is none of them.
pub fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(t) = parse_one(s) {
        return Some(t);
    }
    // "2026-11-01T09:00:00 1793523600": the first token is enough.
    let first = s.split_whitespace().next()?;
    if first.len() < s.len() {
        return parse_one(first);
    }
    None
}

fn parse_one(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t.with_timezone(&Utc));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return unix(s.parse().ok()?);
    }
    for f in WITH_OFFSET {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for f in NAIVE {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    for f in DATES {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?));
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
        assert_eq!(parse_time(""), None);
    }
}
