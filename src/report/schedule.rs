//! When the weekly digest is due: one slot per ISO week at a configured weekday and hour
//! (UTC), posted late within a grace period, covering the seven whole days before its day.
//! Pure: the caller passes the time, so tests need no clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

use super::Window;

/// How long after its hour a digest is still posted (the service was down at the hour, or
/// Discord failed every try): late by up to a day is still news, a digest days late is not.
pub const LATE_BY_HOURS: i64 = 24;

/// One week's digest: which week it is, when it was due and the days it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The ISO week of its day, e.g. "2026-W50": the key that is posted once.
    pub week: String,
    pub due_at: DateTime<Utc>,
    /// The seven whole days before the slot's day.
    pub window: Window,
}

/// The slot `now` falls in: the latest `weekday` at `hour`:00 UTC at or before `now`, if
/// `now` is less than [`LATE_BY_HOURS`] past it. `hour` is 0 to 23 (checked by the config).
pub fn due_slot(now: DateTime<Utc>, weekday: Weekday, hour: u8) -> Option<Slot> {
    let today = now.date_naive();
    let back = (today.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    let mut day = today - Duration::days(back.into());
    let mut due_at = at_hour(day, hour)?;
    if due_at > now {
        day -= Duration::days(7);
        due_at -= Duration::days(7);
    }
    if now - due_at >= Duration::hours(LATE_BY_HOURS) {
        return None;
    }
    let week = day.iso_week();
    Some(Slot {
        week: format!("{}-W{:02}", week.year(), week.week()),
        due_at,
        window: Window {
            first_day: day - Duration::days(7),
            last_day: day - Duration::days(1),
        },
    })
}

/// The first wait after a failed try of a week's digest; each further failure doubles it.
pub const FIRST_RETRY: Duration = Duration::minutes(1);
/// The longest wait: a lasting outage is tried hourly, not every minute for a day.
pub const MAX_RETRY: Duration = Duration::hours(1);

/// Waiting between tries of one week's digest after failures: [`FIRST_RETRY`] doubling up to
/// [`MAX_RETRY`]; a success, or another week, starts afresh. Pure: the caller passes the time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backoff {
    week: Option<String>,
    failures: u32,
    retry_at: Option<DateTime<Utc>>,
}

impl Backoff {
    /// Until when the digest of `week` must wait at `now`, if it must.
    pub fn waiting(&mut self, week: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.week.as_deref() != Some(week) {
            self.reset();
            return None;
        }
        self.retry_at.filter(|t| *t > now)
    }

    /// Records a failed try of `week` at `now`; returns when the next try may be made.
    pub fn failed(&mut self, week: &str, now: DateTime<Utc>) -> DateTime<Utc> {
        if self.week.as_deref() != Some(week) {
            *self = Backoff {
                week: Some(week.to_string()),
                ..Backoff::default()
            };
        }
        self.failures = self.failures.saturating_add(1);
        // 2^6 minutes already passes the cap; the shift stays small.
        let doubled = FIRST_RETRY * (1 << (self.failures - 1).min(10));
        let at = now + doubled.min(MAX_RETRY);
        self.retry_at = Some(at);
        at
    }

    /// Failures in a row for the current week.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// A success, or nothing due: the next failure waits [`FIRST_RETRY`] again.
    pub fn reset(&mut self) {
        *self = Backoff::default();
    }
}

fn at_hour(day: NaiveDate, hour: u8) -> Option<DateTime<Utc>> {
    Some(Utc.from_utc_datetime(&day.and_hms_opt(hour.into(), 0, 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(day: u32, hour: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, min, 0).unwrap()
    }

    #[test]
    fn due_from_the_hour_for_a_day_then_not_until_next_week() {
        // 2026-12-07 is a Monday (ISO week 50).
        assert_eq!(due_slot(t(7, 7, 59), Weekday::Mon, 8), None);
        let slot = due_slot(t(7, 8, 0), Weekday::Mon, 8).unwrap();
        assert_eq!(slot.week, "2026-W50");
        assert_eq!(slot.due_at, t(7, 8, 0));
        assert_eq!(slot.window.first_day.to_string(), "2026-11-30");
        assert_eq!(slot.window.last_day.to_string(), "2026-12-06");
        assert_eq!(slot.window.days().len(), 7);
        assert_eq!(
            due_slot(t(8, 7, 59), Weekday::Mon, 8).unwrap().week,
            "2026-W50"
        );
        assert_eq!(due_slot(t(8, 8, 0), Weekday::Mon, 8), None);
        assert_eq!(due_slot(t(13, 23, 0), Weekday::Mon, 8), None);
        assert_eq!(
            due_slot(t(14, 8, 30), Weekday::Mon, 8).unwrap().week,
            "2026-W51"
        );
    }

    #[test]
    fn backoff_doubles_to_an_hour_and_starts_afresh_for_a_success_or_another_week() {
        let mut b = Backoff::default();
        let start = t(7, 8, 0);
        assert_eq!(b.waiting("2026-W50", start), None);
        let mut now = start;
        let mut waits = Vec::new();
        for _ in 0..9 {
            let at = b.failed("2026-W50", now);
            waits.push((at - now).num_minutes());
            assert_eq!(b.waiting("2026-W50", now), Some(at));
            assert_eq!(b.waiting("2026-W50", at - Duration::seconds(1)), Some(at));
            assert_eq!(b.waiting("2026-W50", at), None);
            now = at;
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(b.failures(), 9);
        // Another week's digest does not wait for this one's failures.
        assert_eq!(b.waiting("2026-W51", now), None);
        assert_eq!(b.failures(), 0);
        b.failed("2026-W51", now);
        b.failed("2026-W51", now);
        b.reset();
        assert_eq!(
            (b.failed("2026-W51", now) - now).num_minutes(),
            1,
            "a success resets it"
        );
        // Thousands of failures neither overflow nor wait past the cap.
        for _ in 0..5000 {
            b.failed("2026-W51", now);
        }
        assert_eq!(b.failed("2026-W51", now) - now, MAX_RETRY);
    }

    #[test]
    fn other_days_and_hours_and_the_turn_of_the_year() {
        // Sunday 2026-12-06 at 23:00 belongs to ISO week 49; its slot lasts into Monday.
        let slot = due_slot(t(7, 1, 0), Weekday::Sun, 23).unwrap();
        assert_eq!((slot.week.as_str(), slot.due_at), ("2026-W49", t(6, 23, 0)));
        assert_eq!(
            due_slot(t(11, 0, 0), Weekday::Fri, 0).unwrap().week,
            "2026-W50"
        );
        // Monday 2029-12-31 is in ISO week 1 of 2030.
        let new_year = Utc.with_ymd_and_hms(2029, 12, 31, 9, 0, 0).unwrap();
        assert_eq!(
            due_slot(new_year, Weekday::Mon, 8).unwrap().week,
            "2030-W01"
        );
    }
}
