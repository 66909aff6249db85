//! Personal data that is not (or not known to be) in the account: e-mail addresses, phone numbers,
//! IP addresses, file paths and full names of people. E-mail addresses, IPs and hosts come from
//! the one identifier extractor the matcher uses (`normalize::identifiers_in`, which reads
//! every spelling: zero-padded, CIDR suffix, defanged); this module adds what only a reply
//! needs: phones, paths, URLs, masked addresses and names.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::OnceLock;

use regex::Regex;

use super::spans::{SpanSet, Spans};
use super::text::Doc;
use super::vocab::GIVEN_NAMES;
use crate::normalize::IdentKind;

/// Something found by pattern, in folded chars (or original chars for names).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    /// Canonical value: lower-case address, digits of a phone, the IP, the name.
    pub value: String,
    pub ip: Option<IpAddr>,
}

/// Whether a lower-case word is one of the given names (`vocab::GIVEN_NAMES`): hashed, as
/// the rules ask it for every word of a reply.
pub(crate) fn is_given_name(word: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| GIVEN_NAMES.iter().copied().collect())
        .contains(word)
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("built-in pattern"))
}

/// Char offsets of each byte offset of `s`.
fn char_index(s: &str) -> Vec<usize> {
    let mut map = vec![0; s.len() + 1];
    let mut n = 0;
    for (b, c) in s.char_indices() {
        for k in 0..c.len_utf8() {
            map[b + k] = n;
        }
        n += 1;
    }
    map[s.len()] = n;
    map
}

/// E-mail addresses, IPs and hosts (from `normalize`), phone numbers, file paths and URLs in
/// the folded text.
pub(crate) fn scan(doc: &Doc) -> Vec<Item> {
    static PHONE: OnceLock<Regex> = OnceLock::new();
    static DATE: OnceLock<Regex> = OnceLock::new();
    static PATH: OnceLock<Regex> = OnceLock::new();
    static FILE: OnceLock<Regex> = OnceLock::new();
    static URL: OnceLock<Regex> = OnceLock::new();
    let text: String = doc.chars.iter().collect();
    let ci = char_index(&text);
    let mut out = Found::default();
    let url_re = re(&URL, r"(?:https?://|www\.)[^\s<>()]+");
    let urls = Spans::new(url_re.find_iter(&text).map(|m| (m.start(), m.end())));
    for m in url_re.find_iter(&text) {
        out.push(Item {
            kind: "url",
            start: ci[m.start()],
            end: ci[m.end()],
            value: m.as_str().to_string(),
            ip: None,
        });
    }
    let in_url = |s: usize, e: usize| urls.contains(s, e);
    // E-mail addresses, IPs and hosts: the shared identifier extraction (the matcher's view),
    // first, so the patterns below know where addresses stand.
    let folded = crate::normalize::Folded {
        text: text.clone(),
        origin: doc.origin.clone(),
    };
    let original: String = doc.original.iter().collect();
    for id in crate::normalize::identifiers_in(&folded, &original) {
        let kind = match id.kind {
            IdentKind::Email => "email",
            IdentKind::Ip => "ip",
            IdentKind::Host => "host",
            IdentKind::Domain => continue,
        };
        let start = doc
            .origin
            .partition_point(|&o| o < id.start)
            .min(doc.chars.len());
        let end = doc
            .origin
            .partition_point(|&o| o < id.end)
            .min(doc.chars.len())
            .max(start);
        if [kind, "url", "email"]
            .iter()
            .any(|k| out.overlaps(k, start, end))
        {
            continue;
        }
        if kind == "host" && id.value.starts_with("www.") {
            continue;
        }
        let ip = id.value.parse::<IpAddr>().ok();
        out.push(Item {
            kind,
            start,
            end,
            value: id.value,
            ip,
        });
    }
    // A masked address ("198.51.100.x") still narrows the poster down to a network.
    static MASKED: OnceLock<Regex> = OnceLock::new();
    for m in re(
        &MASKED,
        r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.(?:x{1,3}|\*|\?{1,3})",
    )
    .find_iter(&text)
    {
        let (start, end) = (ci[m.start()], ci[m.end()]);
        if !out.overlaps("ip", start, end) {
            out.push(Item {
                kind: "ip",
                start,
                end,
                value: m.as_str().to_string(),
                ip: None,
            });
        }
    }
    let date = re(
        &DATE,
        r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*$",
    );
    for m in re(&PHONE, r"(?:\+|\b)\(?\d[\d \-/().]{5,22}\d\b").find_iter(&text) {
        let s = m.as_str();
        let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
        if !(7..=15).contains(&digits.len()) || date.is_match(s) {
            continue;
        }
        let (start, end) = (ci[m.start()], ci[m.end()]);
        if out.overlaps("ip", start, end) || in_url(m.start(), m.end()) {
            continue;
        }
        let groups: Vec<&str> = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .collect();
        let all_years = groups
            .iter()
            .all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")));
        let dotted = s.contains('.') && !s.starts_with('+');
        if all_years || dotted {
            continue;
        }
        out.push(Item {
            kind: "phone",
            start,
            end,
            value: digits,
            ip: None,
        });
    }
    for m in re(&PATH, r"(?:~|\b[a-z]:\\|/(?:var|home|etc|srv|usr|opt|tmp|root|mnt|data|www|backup|backups)\b)[^\s,;]*").find_iter(&text) {
        if !in_url(m.start(), m.end()) {
            out.push(Item { kind: "path", start: ci[m.start()], end: ci[m.end()], value: m.as_str().into(), ip: None });
        }
    }
    let file = re(
        &FILE,
        r"\b[a-z0-9_\-]+\.(?:php|sql|zip|tar|gz|tgz|bak|log|csv|xlsx?|docx?|pdf|jpe?g|png|mp4|txt|json|xml|db|sqlite|env|conf|ini|ya?ml|sh|py|js|pst|mbox|eml|htaccess|dump)\b",
    );
    for m in file.find_iter(&text) {
        if !in_url(m.start(), m.end()) {
            out.push(Item {
                kind: "path",
                start: ci[m.start()],
                end: ci[m.end()],
                value: m.as_str().into(),
                ip: None,
            });
        }
    }
    out.items
}

/// Items found so far, with the characters each kind covers, so each new match is checked
/// against those before it without a scan of them all.
#[derive(Default)]
struct Found {
    items: Vec<Item>,
    covered: HashMap<&'static str, SpanSet>,
}

impl Found {
    fn push(&mut self, item: Item) {
        self.covered
            .entry(item.kind)
            .or_default()
            .insert(item.start, item.end);
        self.items.push(item);
    }

    /// Whether an item of `kind` shares a character with `start..end`.
    fn overlaps(&self, kind: &str, start: usize, end: usize) -> bool {
        self.covered
            .get(kind)
            .is_some_and(|c| c.overlaps(start, end))
    }
}

/// Full names of people in the original text: "Maria Huber", "Mr. Huber". Spans in original chars.
/// Where the reply's sign-off starts (a char index): a closing formula ("Kind regards,",
/// "Mit freundlichen Grüßen", "Cordialement", "Un saludo") or a dash at a line's start,
/// followed only by a few words to the end. The name there is the writer's, a member of the
/// company's staff speaking for it in public, not a third party's personal data.
pub(crate) fn signature_start(original: &str) -> Option<usize> {
    const CLOSINGS: &[&str] = &[
        "best regards",
        "kind regards",
        "warm regards",
        "regards",
        "best wishes",
        "best",
        "cheers",
        "sincerely",
        "yours",
        "many thanks",
        "thanks",
        "thank you",
        "mit freundlichen grüßen",
        "freundliche grüße",
        "viele grüße",
        "beste grüße",
        "liebe grüße",
        "herzliche grüße",
        "grüße",
        "gruß",
        "cordialement",
        "bien à vous",
        "salutations",
        "à bientôt",
        "saludos",
        "un saludo",
        "atentamente",
        "un abrazo",
    ];
    const MAX_WORDS: usize = 10;
    let lower = original.to_lowercase();
    // Lowercasing keeps these texts' char positions, except for a few letters that grow
    // ("İ"): then the sign-off is not looked for.
    if lower.chars().count() != original.chars().count() {
        return None;
    }
    let short_tail = |from: usize| {
        let tail = &lower[from..];
        !tail.contains('?') && tail.split_whitespace().count() <= MAX_WORDS
    };
    let boundary = |i: usize, len: usize| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    let mut best: Option<usize> = None;
    for c in CLOSINGS {
        if let Some(i) = lower.rfind(c) {
            if boundary(i, c.len()) && short_tail(i + c.len()) {
                best = Some(best.map_or(i, |b: usize| b.min(i)));
            }
        }
    }
    for dash in ["\n—", "\n–", "\n--", "\n-"] {
        if let Some(i) = lower.rfind(dash) {
            if short_tail(i) && lower[i..].split_whitespace().count() <= 6 {
                best = Some(best.map_or(i, |b: usize| b.min(i)));
            }
        }
    }
    best.map(|b| lower[..b].chars().count())
}

pub(crate) fn names(original: &str) -> Vec<Item> {
    static TITLED: OnceLock<Regex> = OnceLock::new();
    static PAIR: OnceLock<Regex> = OnceLock::new();
    let ci = char_index(original);
    let mut out = Vec::new();
    let titled = re(
        &TITLED,
        r"\b(?:Mr|Mrs|Ms|Miss|Dr|Herr|Frau|Prof)\.?\s+\p{Lu}[\p{L}'\-]+",
    );
    for m in titled.find_iter(original) {
        out.push(Item {
            kind: "personal",
            start: ci[m.start()],
            end: ci[m.end()],
            value: m.as_str().to_lowercase(),
            ip: None,
        });
    }
    let pair = re(&PAIR, r"\b(\p{Lu}\p{Ll}+)\s+(\p{Lu}\p{Ll}[\p{L}'\-]*)");
    let mut at = 0;
    while let Some(c) = pair.captures_at(original, at) {
        let whole = c.get(0).expect("match");
        let first = c.get(1).expect("group").as_str().to_lowercase();
        if is_given_name(&first) {
            out.push(Item {
                kind: "personal",
                start: ci[whole.start()],
                end: ci[whole.end()],
                value: whole.as_str().to_lowercase(),
                ip: None,
            });
        }
        at = c.get(1).expect("group").end();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(&'static str, String)> {
        scan(&Doc::new(s))
            .into_iter()
            .map(|i| (i.kind, i.value))
            .collect()
    }

    #[test]
    fn finds_addresses_in_any_spelling() {
        assert!(kinds("ip 203.000.113.007/24 here").contains(&("ip", "203.0.113.7".into())));
        assert!(kinds("ip 203[.]0[.]113[.]7").contains(&("ip", "203.0.113.7".into())));
        assert!(kinds("mail anna (at) huber (dot) de").contains(&("email", "anna@huber.de".into())));
        assert!(kinds("call +49 30 1234567")
            .iter()
            .any(|(k, _)| *k == "phone"));
        assert!(kinds("on 2023-04-15 and 15.04.2023")
            .iter()
            .all(|(k, _)| *k != "phone"));
        assert!(kinds("see /var/www/html/wp-config.php")
            .iter()
            .any(|(k, _)| *k == "path"));
    }

    #[test]
    fn finds_full_names() {
        let n = names("Hi, I asked Maria Huber and Mr. Keller. Smart Security Scan");
        let v: Vec<String> = n.into_iter().map(|i| i.value).collect();
        assert_eq!(v, ["mr. keller", "maria huber"]);
    }
}
