//! Incident dates as context: the days a post says something happened ("the outage on 14
//! January", "am 14. Januar", "le 3 mars", "el 5 de marzo", "2026-01-14") against the days an
//! account was hit by or reported an incident (its `incidents` fact). A date many accounts share
//! (a vendor-wide outage) says little, so the weight falls with how many accounts have it.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::extract::dates::text::MONTHS;

/// Log2 weight of a stated day that one account alone has on record; `log2(n)` less when `n`
/// accounts share it.
pub(crate) const INCIDENT_AGREE: f64 = 3.0;

/// A day a post states: month and day, and the year when written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StatedDay {
    pub(crate) year: Option<i32>,
    pub(crate) month: u32,
    pub(crate) day: u32,
}

/// Accounts' incident days, kept only for the accounts that have any, with how many accounts
/// share each day.
#[derive(Default)]
pub(crate) struct Incidents {
    by_account: HashMap<u32, Vec<NaiveDate>>,
    sharing: HashMap<NaiveDate, u32>,
}

impl Incidents {
    /// Records account `acct`'s incident days from its `incidents` fact: ISO dates separated by
    /// `;` or `,`. Values that are not dates are ignored (the fact is free text to the importer).
    pub(crate) fn push(&mut self, acct: u32, fact: Option<&String>) {
        let Some(fact) = fact else { return };
        let mut days: Vec<NaiveDate> = fact
            .split([';', ','])
            .filter_map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .collect();
        days.sort_unstable();
        days.dedup();
        // A long history is a support log, not a few memorable incidents.
        days.truncate(32);
        if days.is_empty() {
            return;
        }
        for d in &days {
            *self.sharing.entry(*d).or_default() += 1;
        }
        self.by_account.insert(acct, days);
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.by_account.capacity() * (std::mem::size_of::<(u32, Vec<NaiveDate>)>() + 8)
            + self
                .by_account
                .values()
                .map(|v| v.capacity() * std::mem::size_of::<NaiveDate>())
                .sum::<usize>()
            + self.sharing.capacity() * (std::mem::size_of::<(NaiveDate, u32)>() + 8)
    }

    /// The best agreement of account `acct`'s incident days with the days a post states:
    /// (weight, the day), if any day agrees and weighs something.
    pub(crate) fn compare(&self, acct: u32, stated: &[StatedDay]) -> Option<(f64, NaiveDate)> {
        let days = self.by_account.get(&acct)?;
        days.iter()
            .filter(|d| {
                stated.iter().any(|s| {
                    s.month == d.month()
                        && s.day == d.day()
                        && s.year.map_or(true, |y| y == d.year())
                })
            })
            .map(|d| {
                let n = self.sharing.get(d).copied().unwrap_or(1).max(1);
                (INCIDENT_AGREE - f64::from(n).log2(), *d)
            })
            .filter(|(w, _)| *w > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0))
    }
}

/// The month a folded word names (the table dates on pages are read with).
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, n)| *n)
}

/// "14 january", "14. januar", "3 de marzo", "le 1er mars", "14th of january" (day first) and
/// "january 14th, 2026" (month first), each with an optional year; and ISO dates. Only month
/// names match as months, so "del 5 de marzo" is not read as "del 5".
fn day_month_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let mut names: Vec<&str> = MONTHS.iter().map(|(m, _)| *m).collect();
        names.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
        let months = names.join("|");
        Regex::new(&format!(
            concat!(
                r"\b(?:(\d{{1,2}})(?:\.|st|nd|rd|th|er)?\s+(?:of\s+|de\s+)?((?:{m})\.?)(?:\s+(?:de\s+)?((?:19|20)\d\d))?",
                r"|((?:{m})\.?)\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?",
                r"|((?:19|20)\d\d)-(\d\d)-(\d\d))\b"
            ),
            m = months
        ))
        .expect("built-in pattern is valid")
    })
}

/// The days `folded` (lower-cased text) states.
pub(crate) fn stated_days(folded: &str) -> Vec<StatedDay> {
    let mut out = Vec::new();
    for c in day_month_re().captures_iter(folded) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        let found = if let (Some(d), Some(m)) = (num(1), c.get(2).and_then(|m| month(m.as_str()))) {
            Some((year(3), m, d))
        } else if let (Some(m), Some(d)) = (c.get(4).and_then(|m| month(m.as_str())), num(5)) {
            Some((year(6), m, d))
        } else if let (Some(y), Some(m), Some(d)) = (year(7), num(8), num(9)) {
            Some((Some(y), m, d))
        } else {
            None
        };
        let Some((year, month, day)) = found else {
            continue;
        };
        // A day the calendar has (any leap year): "31 février" is no date.
        if NaiveDate::from_ymd_opt(year.unwrap_or(2024), month, day).is_none() {
            continue;
        }
        let s = StatedDay { year, month, day };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str) -> Vec<(Option<i32>, u32, u32)> {
        stated_days(&crate::normalize::fold(text).text)
            .into_iter()
            .map(|s| (s.year, s.month, s.day))
            .collect()
    }

    #[test]
    fn days_in_four_languages() {
        assert_eq!(
            days("The outage on 14 January killed our shop."),
            [(None, 1, 14)]
        );
        assert_eq!(
            days("Der Ausfall am 14. Januar war der Gipfel."),
            [(None, 1, 14)]
        );
        assert_eq!(
            days("Depuis la panne du 3 mars 2026, rien."),
            [(Some(2026), 3, 3)]
        );
        assert_eq!(
            days("La caída del 5 de marzo fue horrible."),
            [(None, 3, 5)]
        );
        assert_eq!(
            days("Since the incident on November 19th, 2025 nothing works."),
            [(Some(2025), 11, 19)]
        );
        assert_eq!(days("Down on 2026-01-14 for hours."), [(Some(2026), 1, 14)]);
        assert_eq!(days("Le 1er août, encore une panne."), [(None, 8, 1)]);
        // Not days: amounts, versions, impossible dates, a month alone.
        assert!(days("We paid 40 euros for 3 months, version 2.4.").is_empty());
        assert!(days("Renewal jumped 40% in March.").is_empty());
        assert!(days("le 31 février").is_empty());
        assert!(days("since 2019 with them").is_empty());
    }

    #[test]
    fn an_incident_day_agrees_by_how_few_accounts_share_it() {
        let mut inc = Incidents::default();
        inc.push(0, Some(&"2026-01-14; 2025-06-02".to_string()));
        inc.push(1, Some(&"2026-01-14".to_string()));
        inc.push(2, Some(&"not a date".to_string()));
        inc.push(3, None);
        for a in 4..12 {
            inc.push(a, Some(&"2026-03-03".to_string()));
        }
        let jan14 = [StatedDay {
            year: None,
            month: 1,
            day: 14,
        }];
        let (w, d) = inc.compare(0, &jan14).unwrap();
        assert_eq!(d.to_string(), "2026-01-14");
        assert!(
            (w - (INCIDENT_AGREE - 1.0)).abs() < 1e-9,
            "shared by two: {w}"
        );
        let jun2 = [StatedDay {
            year: None,
            month: 6,
            day: 2,
        }];
        assert_eq!(inc.compare(0, &jun2).map(|x| x.0), Some(INCIDENT_AGREE));
        // Another year written: no agreement.
        let other_year = [StatedDay {
            year: Some(2024),
            month: 6,
            day: 2,
        }];
        assert!(inc.compare(0, &other_year).is_none());
        assert!(inc.compare(2, &jan14).is_none());
        assert!(inc.compare(3, &jan14).is_none());
        // A vendor-wide outage eight accounts share weighs nothing.
        let mar3 = [StatedDay {
            year: None,
            month: 3,
            day: 3,
        }];
        assert!(inc.compare(4, &mar3).is_none());
    }
}
