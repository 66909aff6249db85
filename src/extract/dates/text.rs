//! Dates written for people: "Wed Mar 16, 2016 3:10 am", "21.01.2009, 05:42",
//! "Lun 8 Jan 2018 15:33", "8. Januar 2018 um 15:33", "8 de enero de 2018 a las 15:33",
//! "Yesterday at 3:10 PM", phpBB 2's Italian "10 Giu, 2002 - 07:40", relative times ("3 hours
//! ago", "vor 2 Stunden", "il y a 3 heures", "hace 2 horas"), and the timezone a page states for
//! them ("All times are UTC-06:00").
//!
//! No crate reads these languages and the relative forms together, so the words are
//! tokenised here and chrono builds and checks the date.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use regex::Regex;

use super::DateContext;

/// Month names and abbreviations in English, German, French and Spanish (accents and all),
/// to their number; the matcher reads incident dates with the same table.
pub(crate) const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("ene", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fevr", 2),
    ("fév", 2),
    ("febrero", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mars", 3),
    ("marzo", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("abr", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("ago", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    ("diciembre", 12),
    ("dic", 12),
];

/// Italian month names and the abbreviations phpBB 2's Italian language pack prints ("10 Giu,
/// 2002 - 07:40"). Kept apart from [`MONTHS`], which the matcher also reads in free text, where
/// "set" and "mag" are ordinary words; here they only ever meet a post's date field.
const MONTHS_IT: &[(&str, u32)] = &[
    ("gennaio", 1),
    ("gen", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("mag", 5),
    ("giugno", 6),
    ("giu", 6),
    ("luglio", 7),
    ("lug", 7),
    ("settembre", 9),
    ("set", 9),
    ("ottobre", 10),
    ("ott", 10),
    ("dicembre", 12),
];

/// Labels that end a date line: phpBB 2 prints "Posted: <date>   Post subject: <subject>" in
/// one element, and a subject ("Windows 2000") must not lend the date its numbers.
const DATE_LINE_ENDS: &[&str] = &["subject", "oggetto", "betreff", "titel", "sujet", "asunto"];

/// "today" and "yesterday" in the five languages, as days back from the fetch.
const DAYS_BACK: &[(&str, i64)] = &[
    ("today", 0),
    ("heute", 0),
    ("aujourd'hui", 0),
    ("aujourd’hui", 0),
    ("hoy", 0),
    ("oggi", 0),
    ("yesterday", 1),
    ("ieri", 1),
    ("gestern", 1),
    ("hier", 1),
    ("ayer", 1),
];

#[derive(Debug, Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: u32,
    second: u32,
    pm: Option<bool>,
    days_back: Option<i64>,
    /// Every month name seen (Spanish "Mar Ene 09": a weekday abbreviation, then the month).
    months_seen: Vec<u32>,
}

/// A date written in words or numbers, without a timezone.
pub(super) fn text_date(s: &str, ctx: &DateContext) -> Option<NaiveDateTime> {
    let lower = s.to_lowercase();
    let mut p = Parts::default();
    let cleaned: String = lower
        .chars()
        .map(|c| {
            if matches!(c, ',' | '|' | '(' | ')' | '[' | ']' | '@') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let tokens: Vec<&str> = cleaned.split_whitespace().collect();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        // French "15 h 33".
        if t == "h" && i > 0 && i + 1 < tokens.len() {
            if let (Ok(h), Ok(m)) = (tokens[i - 1].parse::<u32>(), tokens[i + 1].parse::<u32>()) {
                if h < 24 && m < 60 {
                    p.hour = Some(h);
                    p.minute = m;
                    i += 2;
                    continue;
                }
            }
        }
        if DATE_LINE_ENDS.contains(&t.trim_end_matches(':')) {
            break;
        }
        token(t, &mut p);
        i += 1;
    }
    // Spanish phpBB: "Mar Ene 09" is Tuesday (martes), January: the last month name counts.
    if p.months_seen.len() > 1 {
        p.month = p.months_seen.last().copied();
    }
    let fetched = ctx.fetched_at.map(|now| match ctx.offset {
        Some(o) => now.with_timezone(&o).naive_local(),
        None => now.naive_utc(),
    });
    let date = match p.days_back {
        Some(back) => fetched?.date() - Duration::days(back),
        None => {
            let year = match p.year {
                Some(y) => y,
                // "Dec 25 at 3:10 PM": this year's, as of the fetch.
                None => fetched?.year(),
            };
            NaiveDate::from_ymd_opt(year, p.month?, p.day?)?
        }
    };
    let mut hour = p.hour.unwrap_or(0);
    match p.pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    date.and_hms_opt(hour, p.minute, p.second)
}

fn token(raw: &str, p: &mut Parts) {
    let t = raw.trim_matches(|c: char| c == '.' || c == ':' || c == '-' || c == '»');
    if t.is_empty() {
        return;
    }
    // "3:10", "15:33:02", "3:10am", "15h33".
    if let Some((h, m, s, ampm)) = clock(t) {
        p.hour = Some(h);
        p.minute = m;
        p.second = s;
        if ampm.is_some() {
            p.pm = ampm;
        }
        return;
    }
    match t {
        "am" | "a.m" | "vorm" => {
            p.pm = Some(false);
            return;
        }
        "pm" | "p.m" | "nachm" => {
            p.pm = Some(true);
            return;
        }
        _ => {}
    }
    if let Some(&(_, back)) = DAYS_BACK.iter().find(|(w, _)| *w == t) {
        p.days_back = Some(back);
        return;
    }
    if let Some(&(_, m)) = MONTHS.iter().chain(MONTHS_IT).find(|(w, _)| *w == t) {
        p.months_seen.push(m);
        if p.month.is_none() {
            p.month = Some(m);
        }
        return;
    }
    // Numeric dates: 21.01.2009 (d.m.y), 2009-01-21, 01/21/2009 (m/d/y unless the first
    // number can only be a day), 01-21-2009 (vBulletin).
    for sep in ['.', '/', '-'] {
        let nums: Vec<&str> = t.split(sep).collect();
        if nums.len() == 3
            && nums
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            let n: Vec<u32> = nums.iter().filter_map(|n| n.parse().ok()).collect();
            if n.len() != 3 {
                return;
            }
            // A middle number that can not be a month makes the date month-first, dots or
            // not ("12.29.14 at 9:14 pm" on WordPress.com).
            let (y, m, d) = if nums[0].len() == 4 {
                (n[0], n[1], n[2])
            } else if n[1] > 12 && n[0] <= 12 {
                (n[2], n[0], n[1])
            } else if sep == '.' || n[0] > 12 {
                (n[2], n[1], n[0])
            } else {
                (n[2], n[0], n[1])
            };
            p.year = Some(full_year(
                y,
                nums[if nums[0].len() == 4 { 0 } else { 2 }].len(),
            ));
            p.month = Some(m);
            p.day = Some(d);
            return;
        }
    }
    // Ordinal days: "March 11th", "1er mars", "1º de marzo".
    let t = ["st", "nd", "rd", "th", "er", "º", "°", "ª"]
        .iter()
        .find_map(|suffix| {
            t.strip_suffix(suffix)
                .filter(|d| (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or(t);
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let Ok(n) = t.parse::<u32>() else { return };
        if t.len() == 4 && (1970..=2100).contains(&n) {
            p.year = Some(n as i32);
        } else if t.len() <= 2 && (1..=31).contains(&n) && p.day.is_none() {
            p.day = Some(n);
        }
    }
}

fn full_year(y: u32, digits: usize) -> i32 {
    match digits {
        2 if y < 70 => 2000 + y as i32,
        2 => 1900 + y as i32,
        _ => y as i32,
    }
}

/// `3:10`, `15:33:02`, `3:10am`, `3:10pm`, `15h33`.
fn clock(t: &str) -> Option<(u32, u32, u32, Option<bool>)> {
    let (t, ampm) = if let Some(x) = t.strip_suffix("am") {
        (x, Some(false))
    } else if let Some(x) = t.strip_suffix("pm") {
        (x, Some(true))
    } else {
        (t, None)
    };
    let parts: Vec<&str> = if t.contains(':') {
        t.split(':').collect()
    } else if let Some((h, m)) = t.split_once('h') {
        vec![h, m]
    } else {
        return None;
    };
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let h = num(parts[0])?;
    let m = num(parts[1])?;
    let s = match parts.get(2) {
        Some(s) => num(s)?,
        None => 0,
    };
    (h < 24 && m < 60 && s < 61).then_some((h, m, s, ampm))
}

/// Unit word stems and their length in seconds.
type Units = &'static [(&'static str, i64)];

fn relative_re() -> &'static [(Regex, Units)] {
    static RES: OnceLock<Vec<(Regex, Units)>> = OnceLock::new();
    const MIN: i64 = 60;
    const HOUR: i64 = 3600;
    const DAY: i64 = 86_400;
    const EN: &[(&str, i64)] = &[
        ("sec", 1),
        ("min", MIN),
        ("hour", HOUR),
        ("hr", HOUR),
        ("day", DAY),
        ("week", 7 * DAY),
        ("month", 30 * DAY),
        ("year", 365 * DAY),
    ];
    const DE: &[(&str, i64)] = &[
        ("sek", 1),
        ("min", MIN),
        ("stund", HOUR),
        ("tag", DAY),
        ("woche", 7 * DAY),
        ("monat", 30 * DAY),
        ("jahr", 365 * DAY),
    ];
    const FR: &[(&str, i64)] = &[
        ("sec", 1),
        ("min", MIN),
        ("heure", HOUR),
        ("jour", DAY),
        ("semaine", 7 * DAY),
        ("mois", 30 * DAY),
        ("an", 365 * DAY),
    ];
    const ES: &[(&str, i64)] = &[
        ("seg", 1),
        ("min", MIN),
        ("hora", HOUR),
        ("día", DAY),
        ("dia", DAY),
        ("semana", 7 * DAY),
        ("mes", 30 * DAY),
        ("año", 365 * DAY),
        ("ano", 365 * DAY),
    ];
    RES.get_or_init(|| {
        let n = r"(\d+|an?|one|eine[mnr]?|ein|une?|una?)";
        vec![
            (
                Regex::new(&format!(r"(?i)^{n}\s+(\p{{L}}+)\.?\s+ago$")).unwrap(),
                EN,
            ),
            (
                Regex::new(&format!(r"(?i)^vor\s+{n}\s+(\p{{L}}+)\.?$")).unwrap(),
                DE,
            ),
            (
                Regex::new(&format!(r"(?i)^il y a\s+{n}\s+(\p{{L}}+)\.?$")).unwrap(),
                FR,
            ),
            (
                Regex::new(&format!(r"(?i)^hace\s+{n}\s+(\p{{L}}+)\.?$")).unwrap(),
                ES,
            ),
        ]
    })
}

/// "3 hours ago", "an hour ago", "vor 2 Stunden", "il y a 3 heures", "hace 2 horas",
/// "just now", counted back from the fetch.
pub(super) fn relative(s: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let lower = s.trim().to_lowercase();
    if matches!(
        lower.as_str(),
        "just now"
            | "now"
            | "gerade eben"
            | "soeben"
            | "jetzt"
            | "à l'instant"
            | "à l’instant"
            | "ahora"
            | "ahora mismo"
            | "justo ahora"
    ) {
        return Some(now);
    }
    for (re, units) in relative_re() {
        let Some(c) = re.captures(&lower) else {
            continue;
        };
        let count: i64 = c[1].parse().unwrap_or(1);
        let unit = &c[2];
        // The longest unit stem that starts the word: "min" in "minutes", "stund" in "stunden".
        let secs = units
            .iter()
            .filter(|(stem, _)| unit.starts_with(stem))
            .max_by_key(|(stem, _)| stem.len())?
            .1;
        return now.checked_sub_signed(Duration::seconds(count.checked_mul(secs)?));
    }
    None
}

fn offset_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:all times are|alle zeiten sind|todos los horarios son|heures au format|le fuseau horaire est|fuseau horaire|tutti gli orari(?:\s+indicati)?\s+sono)\s*(?:<[^>]{0,200}>\s*)*(?:utc|gmt)\s*(?:([+\-−])\s*(\d{1,2})(?::?(\d{2}))?)?(?:\s*(?:hours?|stunden?|heures?|horas?|or[ae]))?(\s*\[\s*(?:<[^>]{0,200}>\s*)*(?:dst|sommerzeit|heure d’été|heure d'été)\s*(?:</[^>]{0,20}>\s*)*\])?",
        )
        .unwrap()
    })
}

/// The timezone a page states for its times: phpBB's "All times are UTC-06:00" (3.1+), "All
/// times are UTC + 1 hour [ DST ]" (3.0), vBulletin's "All times are GMT -5", and their German,
/// French, Spanish and Italian translations (phpBB 2: "Tutti gli orari indicati sono GMT + 1 ora").
pub fn page_offset(page: &str) -> Option<FixedOffset> {
    let c = offset_re().captures(page)?;
    let sign = match c.get(1).map(|m| m.as_str()) {
        Some("-") | Some("−") => -1,
        _ => 1,
    };
    let hours: i32 = c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
    let minutes: i32 = c.get(3).map_or(Some(0), |m| m.as_str().parse().ok())?;
    let dst = if c.get(4).is_some() { 3600 } else { 0 };
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60) + dst)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ctx() -> DateContext {
        DateContext {
            fetched_at: Some(Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap()),
            offset: None,
        }
    }

    fn at(s: &str) -> Option<String> {
        text_date(s, &ctx()).map(|t| t.format("%Y-%m-%d %H:%M").to_string())
    }

    #[test]
    fn forum_text_dates_in_four_languages() {
        assert_eq!(
            at("Wed Mar 16, 2016 3:10 am").as_deref(),
            Some("2016-03-16 03:10")
        );
        assert_eq!(
            at("Wed Mar 16, 2016 3:10 pm").as_deref(),
            Some("2016-03-16 15:10")
        );
        assert_eq!(at("21.01.2009, 05:42").as_deref(), Some("2009-01-21 05:42"));
        assert_eq!(
            at("Lun 8 Jan 2018 15:33").as_deref(),
            Some("2018-01-08 15:33")
        );
        assert_eq!(at("05 Sep 2018 10:44").as_deref(), Some("2018-09-05 10:44"));
        assert_eq!(
            at("8. Januar 2018 um 15:33").as_deref(),
            Some("2018-01-08 15:33")
        );
        assert_eq!(
            at("Mo 8. Jan 2018, 15:33").as_deref(),
            Some("2018-01-08 15:33")
        );
        assert_eq!(
            at("8 janvier 2018 à 15 h 33 min").as_deref(),
            Some("2018-01-08 15:33")
        );
        assert_eq!(
            at("8 de enero de 2018 a las 15:33").as_deref(),
            Some("2018-01-08 15:33")
        );
        assert_eq!(
            at("Mar Ene 09, 2018 3:33 pm").as_deref(),
            Some("2018-01-09 15:33")
        );
        assert_eq!(
            at("January 2, 2010 at 10:00 am").as_deref(),
            Some("2010-01-02 10:00")
        );
        assert_eq!(at("on Oct 9, 2006").as_deref(), Some("2006-10-09 00:00"));
        assert_eq!(
            at("Posted: Wed Mar 16, 2016 3:10 am").as_deref(),
            Some("2016-03-16 03:10")
        );
        assert_eq!(
            at("12-25-2018, 09:15 PM").as_deref(),
            Some("2018-12-25 21:15")
        );
        assert_eq!(
            at("Yesterday at 3:10 PM").as_deref(),
            Some("2026-11-01 15:10")
        );
        assert_eq!(at("Heute, 10:15").as_deref(), Some("2026-11-02 10:15"));
        assert_eq!(at("Dec 25 at 3:10 PM").as_deref(), Some("2026-12-25 15:10"));
        assert_eq!(
            at("March 11th, 2015 at 02:57").as_deref(),
            Some("2015-03-11 02:57")
        );
        assert_eq!(
            at("1er mars 2015 15:00").as_deref(),
            Some("2015-03-01 15:00")
        );
        assert_eq!(
            at("12.29.14 at 9:14 pm").as_deref(),
            Some("2014-12-29 21:14")
        );
        assert_eq!(at("31 Feb 2018 10:00"), None);
        assert_eq!(at("nothing here"), None);
        assert_eq!(at("25:99"), None);
    }

    /// phpBB 2 in Italian: "Inviato: 10 Giu, 2002 - 07:40" followed, in the same element, by
    /// the subject label and the subject, whose numbers are not the date's.
    #[test]
    fn italian_dates_and_the_subject_after_a_phpbb2_date() {
        assert_eq!(
            at("Inviato: 10 Giu, 2002 - 07:40\u{a0}  Oggetto del messaggio: ").as_deref(),
            Some("2002-06-10 07:40")
        );
        assert_eq!(
            at("Inviato: 3 Set, 2003 - 23:05 Oggetto del messaggio: Windows 2000 e 98").as_deref(),
            Some("2003-09-03 23:05")
        );
        assert_eq!(
            at("Posted: Mon Jun 10, 2002 7:40 am    Post subject: 1999 was 12 years ago")
                .as_deref(),
            Some("2002-06-10 07:40")
        );
        // The German, French and Spanish packs label the subject "Titel", "Sujet", "Asunto".
        assert_eq!(
            at("Verfasst am: 10.06.2002, 07:40    Titel: Windows 2000").as_deref(),
            Some("2002-06-10 07:40")
        );
        assert_eq!(
            at("Posté le: 10 Juin 2002 07:40    Sujet du message: 1999").as_deref(),
            Some("2002-06-10 07:40")
        );
        assert_eq!(
            at("Publicado: Lun Jun 10, 2002 7:40 am    Asunto: 2001").as_deref(),
            Some("2002-06-10 07:40")
        );
        assert_eq!(
            at("Mar 14 Gennaio 2003, 18:20").as_deref(),
            Some("2003-01-14 18:20")
        );
        assert_eq!(at("Ieri, 10:15").as_deref(), Some("2026-11-01 10:15"));
        // The matcher's month table is untouched: "set" stays an English word there.
        assert!(!MONTHS.iter().any(|(w, _)| *w == "set" || *w == "giu"));
    }

    #[test]
    fn relative_times_count_back_from_the_fetch() {
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
        let back = |s: &str| relative(s, now).map(|t| (now - t).num_seconds());
        assert_eq!(back("3 hours ago"), Some(3 * 3600));
        assert_eq!(back("an hour ago"), Some(3600));
        assert_eq!(back("1 minute ago"), Some(60));
        assert_eq!(back("2 days ago"), Some(2 * 86_400));
        assert_eq!(back("vor 2 Stunden"), Some(2 * 3600));
        assert_eq!(back("vor einer Minute"), Some(60));
        assert_eq!(back("il y a 3 heures"), Some(3 * 3600));
        assert_eq!(back("hace 2 horas"), Some(2 * 3600));
        assert_eq!(back("hace 1 día"), Some(86_400));
        assert_eq!(back("just now"), Some(0));
        assert_eq!(back("3 bananas ago"), None);
        assert_eq!(back("99999999999999 years ago"), None);
    }

    #[test]
    fn page_timezones() {
        let off = |s: &str| page_offset(s).map(|o| o.local_minus_utc());
        assert_eq!(
            off("<p>All times are <span title=\"UTC-6\">UTC-06:00</span></p>"),
            Some(-6 * 3600)
        );
        assert_eq!(off("All times are UTC + 1 hour [ DST ]"), Some(2 * 3600));
        assert_eq!(off("All times are UTC"), Some(0));
        // phpBB 3.0 prints the DST mark as an abbreviation.
        assert_eq!(
            off("All times are UTC [ <abbr title=\"Daylight Saving Time\">DST</abbr> ]"),
            Some(3600)
        );
        assert_eq!(
            off("All times are GMT -5. The time now is"),
            Some(-5 * 3600)
        );
        assert_eq!(off("Alle Zeiten sind <span>UTC+01:00</span>"), Some(3600));
        assert_eq!(off("Todos los horarios son UTC+02:00"), Some(2 * 3600));
        assert_eq!(
            off("<span class=\"gensmall\">Tutti gli orari indicati sono GMT + 1 ora<br />"),
            Some(3600)
        );
        assert_eq!(off("Tutti gli orari sono GMT - 5 ore"), Some(-5 * 3600));
        assert_eq!(off("All times are GMT + 1 Hour"), Some(3600));
        assert_eq!(off("no timezone here"), None);
    }
}
