//! Making untrusted text safe to show in Discord: markdown escaping, mention neutralising,
//! masking of account values and truncation to Discord's length limits.

use std::sync::OnceLock;

use regex::Regex;

/// Zero-width space: breaks `@everyone` and `<@123>` so Discord shows them as plain text.
const ZWSP: char = '\u{200B}';

/// Characters that carry meaning in Discord markdown (or would start a masked link).
const MARKDOWN: &[char] = &[
    '\\', '*', '_', '~', '`', '|', '>', '#', '-', '[', ']', '(', ')',
];

/// Escapes Discord markdown and neutralises every mention syntax (`@everyone`, `@here`,
/// `<@user>`, `<@!user>`, `<@&role>`, `<#channel>`, `</command:id>`), so user content is shown
/// verbatim and can never ping, even if allowed mentions were misconfigured.
pub fn escape(input: &str) -> String {
    escape_units(input).concat()
}

/// [`escape`], one string per input character, so escaped text can be cut between characters
/// (never between a backslash and what it escapes) and mapped back to character offsets.
pub fn escape_units(input: &str) -> Vec<String> {
    let chars: Vec<char> = input.chars().collect();
    let mut units = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let mut out = String::with_capacity(4);
        match c {
            '@' => {
                out.push('@');
                let rest: String = chars[i + 1..]
                    .iter()
                    .take(8)
                    .collect::<String>()
                    .to_lowercase();
                if rest.starts_with("everyone") || rest.starts_with("here") {
                    out.push(ZWSP);
                }
            }
            '<' => {
                out.push('<');
                if matches!(chars.get(i + 1), Some('@' | '#' | '/' | ':' | 'a' | 't')) {
                    out.push(ZWSP);
                }
            }
            c if MARKDOWN.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            // Discord renders these invisibly or as layout tricks; keep the text honest.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push('\u{FFFD}'),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
        units.push(out);
    }
    units
}

/// Cuts `s` to at most `max` characters, ending with an ellipsis when anything was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    // A cut right after an escaping backslash would escape the ellipsis; drop it.
    if out.ends_with('\\') {
        out.pop();
    }
    out.push('…');
    out
}

/// An excerpt: white space collapsed, at most `max` characters, then escaped.
pub fn excerpt(s: &str, max: usize) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    escape(&truncate(&collapsed, max))
}

/// Masks one account value by its kind: `jan.doe@example.de` -> `j***@e***.de`,
/// `203.0.113.7` -> `203.***.***.***`, `shop.example.de` -> `s***.de`, a name -> `J***`.
pub fn mask_value(kind: &str, value: &str) -> String {
    let value = value.trim();
    match kind {
        "email" => mask_email(value),
        "ip" => mask_ip(value),
        "host" | "domain" | "hosts" => mask_host(value),
        _ => {
            if value.contains('@') {
                mask_email(value)
            } else {
                mask_word(value)
            }
        }
    }
}

fn mask_word(value: &str) -> String {
    match value.chars().next() {
        Some(c) => format!("{c}***"),
        None => "***".to_string(),
    }
}

fn mask_email(value: &str) -> String {
    match value.rsplit_once('@') {
        Some((local, domain)) => format!("{}@{}", mask_word(local), mask_host(domain)),
        None => mask_word(value),
    }
}

fn mask_host(value: &str) -> String {
    if value.parse::<std::net::IpAddr>().is_ok() {
        return mask_ip(value);
    }
    match value.rsplit_once('.') {
        Some((rest, tld)) if !tld.is_empty() => format!("{}.{tld}", mask_word(rest)),
        _ => mask_word(value),
    }
}

fn mask_ip(value: &str) -> String {
    match value.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => format!("{}.***.***.***", v4.octets()[0]),
        Ok(std::net::IpAddr::V6(v6)) => format!("{:x}:***", v6.segments()[0]),
        Err(_) => mask_word(value),
    }
}

fn sensitive_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})",
            r"|(?P<ip>\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}\b)",
            r"|(?P<host>\b(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62})\.)+[A-Za-z]{2,}\b)",
        ))
        .expect("static regex")
    })
}

/// Masks every e-mail address, IP address and host name inside free text (evidence details),
/// leaving the words around them, so evidence can be shown without its values.
pub fn mask_text(text: &str) -> String {
    // Evidence quotes account values ("author = account name \"Tom Hughes\""): a quoted
    // value is masked word by word, whatever it is.
    static QUOTED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let quoted = QUOTED.get_or_init(|| regex::Regex::new(r#""([^"]*)""#).expect("valid regex"));
    let text = quoted.replace_all(text, |caps: &regex::Captures<'_>| {
        let words: Vec<String> = caps[1].split_whitespace().map(mask_word).collect();
        format!("\"{}\"", words.join(" "))
    });
    sensitive_pattern()
        .replace_all(&text, |caps: &regex::Captures<'_>| {
            if let Some(m) = caps.name("email") {
                mask_email(m.as_str())
            } else if let Some(m) = caps.name("ip") {
                mask_ip(m.as_str())
            } else {
                mask_host(&caps[0])
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_account_values_in_evidence_are_masked() {
        let m = mask_text(r#"author "tom_hughes" = account name "Tom Hughes" run together"#);
        assert!(!m.contains("Hughes") && !m.contains("tom_hughes"), "{m}");
        assert!(m.contains(r#""T*** H***""#), "{m}");
        assert!(m.contains("account name"), "{m}");
    }

    #[test]
    fn escape_neutralises_mentions_and_markdown() {
        let s = escape("@everyone <@&123> <@!42> **bold** `x` ||spoiler|| # h\n> q - [l](u)");
        assert!(!s.contains("@everyone"));
        assert!(!s.contains("<@&"));
        assert!(!s.contains("<@!"));
        assert!(s.contains(r"\*\*bold\*\*"));
        assert!(s.contains(r"\`x\`"));
        assert!(s.contains(r"\|\|spoiler\|\|"));
        assert!(s.contains(r"\# h"));
        assert!(s.contains(r"\> q \- \[l\]\(u\)"));
    }

    #[test]
    fn escape_handles_here_case_insensitively() {
        assert!(!escape("@HERE now").to_lowercase().contains("@here"));
        assert_eq!(escape("mail me @ noon"), "mail me @ noon");
    }

    #[test]
    fn truncate_counts_characters_and_marks_the_cut() {
        assert_eq!(truncate("äöü", 3), "äöü");
        assert_eq!(truncate("äöüß", 3), "äö…");
        assert_eq!(truncate(r"ab\*", 4), r"ab\*");
        assert_eq!(truncate(r"ab\*cd", 4), "ab…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn masks_values_by_kind() {
        assert_eq!(mask_value("email", "jan.doe@example.de"), "j***@e***.de");
        assert_eq!(mask_value("ip", "203.0.113.7"), "203.***.***.***");
        assert_eq!(mask_value("host", "shop.example.de"), "s***.de");
        assert_eq!(mask_value("name", "Jan Doe"), "J***");
        assert_eq!(mask_value("name", ""), "***");
    }

    #[test]
    fn masks_values_inside_free_text() {
        let s = mask_text("email jan@example.de matches; host web1.shop.de at 198.51.100.4");
        assert!(!s.contains("jan@"), "{s}");
        assert!(!s.contains("shop.de"), "{s}");
        assert!(!s.contains("198.51"), "{s}");
        assert!(s.starts_with("email j***@e***.de matches"), "{s}");
    }
}
