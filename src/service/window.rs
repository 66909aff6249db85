//! The reply window's rule (pure, no IO): which relevant posts are too old to answer, so
//! they are stored and matched but not queued.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Whether a post is held back rather than queued. `published` is the post's date;
/// `first_poll` says whether this is the source's first poll (no post of it stored before).
/// A post published before `now - window` is held; a post without a date is held on the
/// first poll (it may be years old) and new on later ones. A zero window holds nothing.
pub fn holds_back(
    published: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    first_poll: bool,
    window: Duration,
) -> bool {
    if window.is_zero() {
        return false;
    }
    match published {
        Some(at) => match chrono::Duration::from_std(window) {
            Ok(w) => now.checked_sub_signed(w).is_some_and(|start| at < start),
            // A window too large to represent reaches back before any date.
            Err(_) => false,
        },
        None => first_poll,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);

    fn day(d: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
    }

    #[test]
    fn old_posts_are_held_recent_ones_are_not() {
        let now = day(20);
        assert!(holds_back(Some(day(1)), now, false, WEEK));
        assert!(!holds_back(Some(day(14)), now, false, WEEK));
        assert!(
            !holds_back(Some(day(25)), now, true, WEEK),
            "a future date is recent"
        );
    }

    #[test]
    fn undated_posts_are_held_on_the_first_poll_only() {
        assert!(holds_back(None, day(20), true, WEEK));
        assert!(!holds_back(None, day(20), false, WEEK));
    }

    #[test]
    fn a_zero_or_huge_window_holds_nothing() {
        assert!(!holds_back(Some(day(1)), day(20), true, Duration::ZERO));
        assert!(!holds_back(None, day(20), true, Duration::ZERO));
        assert!(!holds_back(Some(day(1)), day(20), false, Duration::MAX));
    }
}
