//! Finds e-mail addresses, host names, registrable domains and IP addresses in text, in canonical
//! form, with character spans into the original (pre-normalisation) text.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use regex::Regex;

use super::deobfuscate::deobfuscated;
pub use super::suffix::{is_known_suffix, registrable_domain};
use super::{fold, is_invisible, Folded};

/// What kind of identifier a span of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentKind {
    /// An e-mail address.
    Email,
    /// A host name below a registrable domain (`shop.acme.de`).
    Host,
    /// An IPv4 or IPv6 address.
    Ip,
    /// A registrable domain as written (`acme.de`, `acme.co.uk`).
    Domain,
}

/// One identifier found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub kind: IdentKind,
    /// Canonical form: lower case, IPv4 without zero padding, IPv6 compressed, no CIDR suffix,
    /// no trailing punctuation.
    pub value: String,
    /// Char offset of the first character as written in the original input.
    pub start: usize,
    /// Char offset one past the last character as written in the original input.
    pub end: usize,
}

/// Every identifier in `input`, de-obfuscated, with char spans into `input`, in text order.
pub fn identifiers(input: &str) -> Vec<Ident> {
    identifiers_in(&deobfuscated(&fold(input)), input)
}

/// Every identifier in an already folded (and usually de-obfuscated) text of `original`.
pub fn identifiers_in(f: &Folded, original: &str) -> Vec<Ident> {
    let original: Vec<char> = original.chars().collect();
    let text = &f.text;
    let mut byte_pos: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_pos.push(text.len());
    let char_at = |b: usize| byte_pos.partition_point(|&p| p < b);
    let before = |b: usize| text[..b].chars().next_back();
    let after = |b: usize| text[b..].chars().next();

    let mut found: Vec<(usize, usize, IdentKind, String)> = Vec::new();
    // Spans taken so far (start -> end), disjoint: the only one that can overlap `s..e` is the
    // last that starts before `e`, so checking a span is one lookup, not a scan of all found.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let overlaps = |taken: &BTreeMap<usize, usize>, s: usize, e: usize| {
        taken
            .range(..e)
            .next_back()
            .is_some_and(|(_, &end)| s < end)
    };

    for m in email_re().find_iter(text) {
        let raw = m.as_str().trim_start_matches('.');
        let start = m.end() - raw.len();
        if let Some(v) = canonical_email(raw) {
            taken.insert(start, m.end());
            found.push((start, m.end(), IdentKind::Email, v));
        }
    }
    for m in ipv4_re().find_iter(text) {
        let bad_before = before(m.start()).is_some_and(|c| c.is_alphanumeric() || c == '.');
        let bad_after = after(m.end()).is_some_and(|c| c.is_alphanumeric())
            || text[m.end()..].starts_with('.')
                && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit());
        if bad_before || bad_after || overlaps(&taken, m.start(), m.end()) {
            continue;
        }
        if let Some(v) = canonical_ip(m.as_str()) {
            taken.insert(m.start(), m.end());
            found.push((m.start(), m.end(), IdentKind::Ip, v));
        }
    }
    for m in ipv6_re().find_iter(text) {
        let bad_before = before(m.start()).is_some_and(|c| c.is_alphanumeric() || c == ':');
        if bad_before || overlaps(&taken, m.start(), m.end()) {
            continue;
        }
        // A sentence may end right after the address: "... on 2001:db8::1: it" keeps the final colon.
        let mut raw = m.as_str();
        let mut value = canonical_ip(raw);
        if value.is_none() && raw.ends_with(':') && !raw.ends_with("::") {
            raw = &raw[..raw.len() - 1];
            value = canonical_ip(raw);
        }
        if let Some(v) =
            value.filter(|_| raw.chars().filter(|c| c.is_ascii_hexdigit()).count() >= 2)
        {
            taken.insert(m.start(), m.start() + raw.len());
            found.push((m.start(), m.start() + raw.len(), IdentKind::Ip, v));
        }
    }
    for m in host_re().find_iter(text) {
        let bad_before = before(m.start())
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '@' | '-' | '_'));
        let bad_after =
            after(m.end()).is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '_'));
        if bad_before || bad_after || overlaps(&taken, m.start(), m.end()) {
            continue;
        }
        if let Some(v) = canonical_host(m.as_str()) {
            let kind = if registrable_domain(&v).as_deref() == Some(v.as_str()) {
                IdentKind::Domain
            } else {
                IdentKind::Host
            };
            found.push((m.start(), m.end(), kind, v));
        }
    }

    found.sort_by_key(|x| (x.0, x.1));
    found
        .into_iter()
        .map(|(s, e, kind, value)| {
            let (cs, ce) = (char_at(s), char_at(e));
            let (start, mut end) = f.original_span(cs, ce);
            // The span ends where the next kept char began; drop white space and invisibles folded away in between.
            let min_end = if ce > cs { f.origin[ce - 1] + 1 } else { start };
            while end > min_end
                && original
                    .get(end - 1)
                    .is_some_and(|&c| c.is_whitespace() || is_invisible(c))
            {
                end -= 1;
            }
            Ident {
                kind,
                value,
                start,
                end,
            }
        })
        .collect()
}

fn email_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+")
            .expect("built-in pattern is valid")
    })
}

fn host_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+")
            .expect("built-in pattern is valid")
    })
}

fn ipv4_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?:/[0-9]{1,2}\b)?")
            .expect("built-in pattern is valid")
    })
}

fn ipv6_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:[0-9a-f]{0,4}:){2,7}(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9a-f]{0,4})(?:/[0-9]{1,3}\b)?")
            .expect("built-in pattern is valid")
    })
}

/// A host name in canonical form (lower case, no trailing dot), if it is one under a known suffix.
pub fn canonical_host(s: &str) -> Option<String> {
    let h = s.trim().trim_end_matches('.').to_lowercase();
    let valid_labels = h.split('.').all(|l| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    (valid_labels && is_known_suffix(&h)).then_some(h)
}

/// An e-mail address in canonical form (lower case), if its domain is under a known suffix.
pub fn canonical_email(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('.').to_lowercase();
    let (local, domain) = s.rsplit_once('@')?;
    let local = local.trim_matches('.');
    if local.is_empty() || local.contains("..") || local.contains('@') {
        return None;
    }
    let domain = canonical_host(domain)?;
    Some(format!("{local}@{domain}"))
}

/// An IP address in canonical form: IPv4 without zero padding (`010.001.002.003` -> `10.1.2.3`),
/// IPv6 compressed, CIDR suffix and surrounding brackets dropped.
pub fn canonical_ip(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches('[').trim_end_matches(']');
    let addr = s.split_once('/').map_or(s, |(a, _)| a);
    let parts: Vec<&str> = addr.split('.').collect();
    if parts.len() == 4
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let mut octets = [0u8; 4];
        for (o, p) in octets.iter_mut().zip(&parts) {
            *o = p.parse::<u16>().ok().and_then(|v| u8::try_from(v).ok())?;
        }
        return Some(Ipv4Addr::from(octets).to_string());
    }
    addr.parse::<Ipv6Addr>().ok().map(|a| a.to_string())
}

#[cfg(test)]
mod special_use_tests {
    use super::*;

    #[test]
    fn special_use_tlds_have_registrable_domains() {
        assert_eq!(
            registrable_domain("api.bluefin-labs.example").as_deref(),
            Some("bluefin-labs.example")
        );
        assert_eq!(
            registrable_domain("shop.test").as_deref(),
            Some("shop.test")
        );
        assert_eq!(registrable_domain("example"), None);
        assert!(is_known_suffix("hughes-photo.example"));
        assert!(!is_known_suffix("notes.txt"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(IdentKind, String, String)> {
        let chars: Vec<char> = input.chars().collect();
        identifiers(input)
            .into_iter()
            .map(|i| (i.kind, i.value, chars[i.start..i.end].iter().collect()))
            .collect()
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical_ip("010.001.002.003").as_deref(), Some("10.1.2.3"));
        assert_eq!(
            canonical_ip("203.0.113.0/24").as_deref(),
            Some("203.0.113.0")
        );
        assert_eq!(
            canonical_ip("2001:0DB8:0000:0000:0000:0000:0000:0001").as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(canonical_ip("256.1.1.1"), None);
        assert_eq!(
            registrable_domain("shop.acme.co.uk").as_deref(),
            Some("acme.co.uk")
        );
        assert_eq!(registrable_domain("co.uk"), None);
        assert_eq!(registrable_domain("readme.notatld"), None);
        assert_eq!(
            canonical_email("Jan@Example-Shop.DE.").as_deref(),
            Some("jan@example-shop.de")
        );
    }

    #[test]
    fn finds_each_kind_with_original_spans() {
        let got = kinds("Mail Jan@Acme.de or see https://shop.acme.de/x, server 010.001.002.003 and 2001:DB8::1.");
        assert_eq!(
            got,
            vec![
                (IdentKind::Email, "jan@acme.de".into(), "Jan@Acme.de".into()),
                (
                    IdentKind::Host,
                    "shop.acme.de".into(),
                    "shop.acme.de".into()
                ),
                (IdentKind::Ip, "10.1.2.3".into(), "010.001.002.003".into()),
                (IdentKind::Ip, "2001:db8::1".into(), "2001:DB8::1".into()),
            ]
        );
    }

    #[test]
    fn obfuscated_forms_keep_their_written_span() {
        let got = kinds("write to jan (at) example-shop (dot) de please");
        assert_eq!(
            got,
            vec![(
                IdentKind::Email,
                "jan@example-shop.de".into(),
                "jan (at) example-shop (dot) de".into()
            )]
        );
        let got = kinds("ip 203.0.113[.]5, site acme[.]de");
        assert_eq!(
            got,
            vec![
                (IdentKind::Ip, "203.0.113.5".into(), "203.0.113[.]5".into()),
                (IdentKind::Domain, "acme.de".into(), "acme[.]de".into()),
            ]
        );
    }

    #[test]
    fn ignores_versions_times_and_file_names() {
        assert!(kinds("version 1.2.3.4.5 at 12:30:45, see main.notatld and e.g. this").is_empty());
    }
}
