//! What a post says about its author: the parts written by someone else (quotes) to ignore,
//! names signed at the end, and the normalised forms of names and handles both sides compare.

use std::sync::OnceLock;

use regex::Regex;

use crate::normalize::fold;

/// Char ranges of `text` quoted from someone else: `>` lines, a "X wrote:" header and the lines
/// after it up to the next blank line, and `[quote]...[/quote]` blocks.
pub(crate) fn quoted_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut in_block = false;
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            in_block = false;
        } else if in_block || trimmed.starts_with('>') {
            ranges.push((pos, pos + len));
        } else if let Some(c) = wrote_re().captures(line) {
            // "X wrote: ..." quotes from the header on; the author's own words may precede it.
            let m = c.get(0).expect("group 0 always matches");
            let speaker = c.get(1).map_or("", |s| s.as_str()).trim().to_lowercase();
            if !matches!(
                speaker.as_str(),
                "i" | "ich" | "as i" | "like i" | "as i already" | "i already"
            ) {
                let start = pos + line[..m.start()].chars().count();
                ranges.push((start, pos + len));
                in_block = true;
            }
        }
        pos += len;
    }
    let mut byte_to_char = text.char_indices().map(|(b, _)| b).enumerate();
    let mut char_of = |b: usize| byte_to_char.find(|&(_, p)| p >= b).map_or(pos, |(c, _)| c);
    for m in bbquote_re().find_iter(text) {
        let (s, e) = (char_of(m.start()), char_of(m.end()));
        ranges.push((s, e));
    }
    ranges.sort_unstable();
    // Overlapping ranges are merged, so the list is sorted and disjoint and `in_ranges` can
    // search it instead of scanning it for every identifier.
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

fn wrote_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)([^\n.!?]{1,120}?)\s*\b(?:wrote|writes|said|schrieb|schreibt)\s*:|^\s*(?:quote|zitat)(?:\s+(?:from|von)\b[^\n:]*)?\s*:")
            .expect("built-in pattern is valid")
    })
}

fn bbquote_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?is)\[quote[^\]]*\].*?(?:\[/quote\]|$)").expect("built-in pattern is valid")
    })
}

/// Whether `start..end` overlaps one of `ranges`, which must be sorted and disjoint (as
/// [`quoted_ranges`] returns them): only the first range ending after `start` can.
pub(crate) fn in_ranges(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = ranges.partition_point(|&(_, e)| e <= start);
    ranges.get(i).is_some_and(|&(s, _)| s < end)
}

/// Names signed at the end of the author's own text ("Regards,\nJan Kowalski", "-- Jan Kowalski").
pub(crate) fn signature_names(text: &str, quoted: &[(usize, usize)]) -> Vec<String> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        if !line.trim().is_empty() && !in_ranges(quoted, pos, pos + len) {
            lines.push((pos, line.trim()));
        }
        pos += len;
    }
    let tail = &lines[lines.len().saturating_sub(4)..];
    let mut names = Vec::new();
    for (i, (_, line)) in tail.iter().enumerate() {
        if let Some(c) = signed_re().captures(line) {
            match c.get(1) {
                Some(name) => names.push(name.as_str().to_string()),
                None => {
                    if let Some((_, next)) = tail.get(i + 1) {
                        if name_re().is_match(next) {
                            names.push(next.to_string());
                        }
                    }
                }
            }
        }
    }
    names
}

fn signed_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)^(?:--|—|–|~|-|(?:best |kind |warm )?regards|best|cheers|thanks|thank you|many thanks|greetings|sincerely|",
            r"yours|(?:viele |beste |liebe |freundliche )?grüße|(?:mit )?freundlichen grüßen|gruß|mfg|lg|vg|bg)",
            r"\s*[,.!]?\s*(\p{L}[\p{L}'’-]+(?:\s+\p{L}[\p{L}'’-]+){1,3})?\s*$"
        ))
        .expect("built-in pattern is valid")
    })
}

fn name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\p{L}[\p{L}'’.-]*(?:\s+\p{L}[\p{L}'’.-]*){1,3}$")
            .expect("built-in pattern is valid")
    })
}

/// Name tokens (letters only, at least two letters each), folded.
fn name_tokens(name: &str) -> Vec<String> {
    fold(name)
        .text
        .split(|c: char| !c.is_alphabetic())
        .filter(|t| t.chars().count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Sorted tokens joined by a space, so "Kowalski, Jan" equals "Jan Kowalski"; `None` below two tokens.
pub(crate) fn name_key(name: &str) -> Option<String> {
    let mut t = name_tokens(name);
    if t.len() < 2 {
        return None;
    }
    t.sort_unstable();
    Some(t.join(" "))
}

/// Tokens run together, as in a handle (`Jan Kowalski` -> `jankowalski`); `None` below two tokens.
pub(crate) fn name_joined(name: &str) -> Option<String> {
    let t = name_tokens(name);
    (t.len() >= 2).then(|| t.concat())
}

/// Local parts that are roles, not people: they identify nobody as a handle.
const ROLE_LOCALS: &[&str] = &[
    "abuse",
    "admin",
    "billing",
    "contact",
    "hello",
    "hostmaster",
    "info",
    "kontakt",
    "mail",
    "noreply",
    "office",
    "postmaster",
    "sales",
    "service",
    "support",
    "team",
    "test",
    "webmaster",
];

/// A handle or local part reduced to letters and digits; `None` when it is too short, only digits,
/// or a role address, since then it says nothing about who wrote it.
pub(crate) fn handle_key(s: &str) -> Option<String> {
    let folded = fold(s).text;
    if ROLE_LOCALS.contains(&folded.trim()) {
        return None;
    }
    let k: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    (k.chars().count() >= 4
        && !k.chars().all(|c| c.is_ascii_digit())
        && !ROLE_LOCALS.contains(&k.as_str()))
    .then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted_text(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        quoted_ranges(text)
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect::<String>().trim().to_string())
            .collect()
    }

    #[test]
    fn finds_quotes_of_every_form() {
        assert_eq!(
            quoted_text("> eva@x.de said so\nme too"),
            ["> eva@x.de said so"]
        );
        assert_eq!(
            quoted_text("Hi.\nEva wrote:\nmail eva@x.de\nsecond line\n\nMy own text"),
            ["Eva wrote:", "mail eva@x.de", "second line"]
        );
        assert_eq!(
            quoted_text("Agreed. Eva schrieb: eva@x.de ist kaputt"),
            ["Eva schrieb: eva@x.de ist kaputt"]
        );
        assert_eq!(
            quoted_text("a [quote=eva]eva@x.de[/quote] b"),
            ["[quote=eva]eva@x.de[/quote]"]
        );
        assert!(quoted_text("I wrote: jan@x.de is mine").is_empty());
    }

    #[test]
    fn signatures() {
        assert_eq!(
            signature_names("Broken again.\n\nRegards,\nJan Kowalski\n", &[]),
            ["Jan Kowalski"]
        );
        assert_eq!(
            signature_names("Broken.\n-- Jan Kowalski", &[]),
            ["Jan Kowalski"]
        );
        assert_eq!(
            signature_names("Broken.\nViele Grüße, Jürgen Müller", &[]),
            ["Jürgen Müller"]
        );
        assert!(signature_names("Thanks for nothing.", &[]).is_empty());
    }

    #[test]
    fn keys() {
        assert_eq!(name_key("Kowalski, Jan").as_deref(), Some("jan kowalski"));
        assert_eq!(name_key("Jan K."), None);
        assert_eq!(name_joined("Jan Kowalski").as_deref(), Some("jankowalski"));
        assert_eq!(handle_key("Jan.Kowalski_").as_deref(), Some("jankowalski"));
        assert_eq!(handle_key("info"), None);
        assert_eq!(handle_key("1234"), None);
    }
}
