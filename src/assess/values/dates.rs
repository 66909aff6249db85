//! Written forms of an account date, as compact needles: ISO, European and US numerals, month
//! names in English and German, ordinals ("14th of May 2019"), and month with year.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// German months, folded (no umlaut).
pub(crate) const MONTHS_DE: [&str; 12] = [
    "januar",
    "februar",
    "marz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

fn ordinal(d: u32) -> String {
    let suffix = match (d % 10, d % 100) {
        (1, n) if n != 11 => "st",
        (2, n) if n != 12 => "nd",
        (3, n) if n != 13 => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

/// Common written forms of a date, from ISO to "15th of April 2023" and "April 2023".
pub(super) fn date_spellings(d: NaiveDate) -> Vec<String> {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let mut out = vec![
        format!("{y}{m:02}{day:02}"),
        format!("{day:02}{m:02}{y}"),
        format!("{day}{m}{y}"),
        format!("{m:02}{day:02}{y}"),
        format!("{m}{day}{y}"),
        format!("{day:02}{m:02}{}", y % 100),
        format!("{y}{m}{day}"),
    ];
    let names = [
        MONTHS[m as usize - 1].to_string(),
        MONTHS[m as usize - 1][..3].to_string(),
        MONTHS_DE[m as usize - 1].to_string(),
    ];
    for name in &names {
        for dd in [day.to_string(), ordinal(day)] {
            out.push(format!("{dd}{name}{y}"));
            out.push(format!("{dd}of{name}{y}"));
            out.push(format!("{name}{dd}{y}"));
            out.push(format!("{name}the{dd}{y}"));
        }
        out.push(format!("{name}{y}"));
    }
    out.push(format!("{m:02}{y}"));
    out.retain(|s| s.len() >= 6);
    out
}
