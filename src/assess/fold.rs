//! Folding used by the assessment. Interim private copy with the same shape as `normalize::fold`
//! (text plus a map to original char offsets) until the shared normaliser lands.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folded text and, for each folded char, the original char offset it came from (plus one
/// trailing entry: the original char count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    pub origin: Vec<usize>,
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

/// NFKC, lower case, confusables to their Latin prototype, diacritics and invisible characters
/// removed, runs of white space collapsed to one space.
pub fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut last_space = true;
    let mut count = 0;
    let mut buf = [0u8; 4];
    for (i, c) in s.chars().enumerate() {
        count = i + 1;
        if is_invisible(c) {
            continue;
        }
        let c_str = c.encode_utf8(&mut buf);
        for n in c_str.nfkc() {
            for m in fold_char(n) {
                if m.is_whitespace() {
                    if !last_space {
                        text.push(' ');
                        origin.push(i);
                        last_space = true;
                    }
                } else {
                    text.push(m);
                    origin.push(i);
                    last_space = false;
                }
            }
        }
    }
    // Keep the origin map aligned if the text ends in a collapsed space.
    if text.ends_with(' ') {
        text.pop();
        origin.pop();
    }
    origin.push(count);
    Folded { text, origin }
}

/// One NFKC char to zero or more folded chars.
fn fold_char(c: char) -> Vec<char> {
    if c.is_ascii() {
        return vec![c.to_ascii_lowercase()];
    }
    if c.is_whitespace() {
        return vec![' '];
    }
    if matches!(c, '\u{2018}' | '\u{2019}' | '\u{2bc}' | '\u{b4}') {
        return vec!['\''];
    }
    let mut out = Vec::new();
    for l in c.to_lowercase() {
        // Decompose and drop combining marks: é -> e, ü -> u (the value side adds "ue").
        for d in std::iter::once(l).nfd() {
            if is_combining_mark(d) {
                continue;
            }
            if d.is_ascii() {
                out.push(d.to_ascii_lowercase());
                continue;
            }
            let skel: Vec<char> = unicode_security::skeleton(d.encode_utf8(&mut [0u8; 4])).collect();
            if !skel.is_empty() && skel.iter().all(|s| s.is_ascii() || is_combining_mark(*s)) {
                out.extend(skel.into_iter().filter(|s| s.is_ascii()).map(|s| s.to_ascii_lowercase()));
            } else {
                out.push(d);
            }
        }
    }
    out
}

/// Turns defanged and spelled-out forms back into `@` and `.`: `(at)`, `[at]`, `[dot]`, `[.]`,
/// ` at ` / ` dot ` between address-like words.
pub fn deobfuscate(f: &Folded) -> Folded {
    let chars: Vec<char> = f.text.chars().collect();
    let mut text = String::with_capacity(f.text.len());
    let mut origin = Vec::with_capacity(f.origin.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, rep)) = obfuscation_at(&chars, i) {
            text.push(rep);
            origin.push(f.origin[i]);
            i += len;
            continue;
        }
        text.push(chars[i]);
        origin.push(f.origin[i]);
        i += 1;
    }
    origin.push(*f.origin.last().unwrap_or(&0));
    Folded { text, origin }
}

/// If an obfuscated `@` or `.` starts at `i`, its length and replacement.
fn obfuscation_at(chars: &[char], i: usize) -> Option<(usize, char)> {
    const OPEN: &[char] = &['(', '[', '{', '<'];
    const CLOSE: &[char] = &[')', ']', '}', '>'];
    let word_before = i > 0 && chars[i - 1].is_alphanumeric();
    let mut j = i;
    while j < chars.len() && chars[j] == ' ' {
        j += 1;
    }
    let lead_spaces = j - i;
    if j < chars.len() && OPEN.contains(&chars[j]) {
        let mut k = j + 1;
        while k < chars.len() && chars[k] == ' ' {
            k += 1;
        }
        for (word, rep) in [("at", '@'), ("dot", '.'), ("punkt", '.'), ("@", '@'), (".", '.')] {
            let w: Vec<char> = word.chars().collect();
            if chars.len() >= k + w.len() && chars[k..k + w.len()] == w[..] {
                let mut m = k + w.len();
                while m < chars.len() && chars[m] == ' ' {
                    m += 1;
                }
                if m < chars.len() && CLOSE.contains(&chars[m]) {
                    let mut end = m + 1;
                    while end < chars.len() && chars[end] == ' ' {
                        end += 1;
                    }
                    return Some((end - i, rep));
                }
            }
        }
        return None;
    }
    // " at " / " dot " only between words, and only when an address-like word follows.
    if lead_spaces == 1 && word_before {
        for (word, rep) in [("at", '@'), ("dot", '.')] {
            let w: Vec<char> = word.chars().collect();
            let end = j + w.len();
            if chars.len() > end + 1 && chars[j..end] == w[..] && chars[end] == ' ' && chars[end + 1].is_alphanumeric() {
                let rest: String = chars[end + 1..chars.len().min(end + 80)].iter().collect();
                let next_word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '-').collect();
                let after = &rest[next_word.len()..];
                let looks_like_address = (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_alphanumeric()))
                    || after.starts_with(" dot ")
                    || after.starts_with(" (dot)")
                    || after.starts_with(" [dot]")
                    || after.starts_with("[dot]")
                    || after.starts_with("(dot)")
                    || (rep == '.' && tld_like(&next_word))
                    || (rep == '.' && chars[i - 1].is_ascii_digit() && !next_word.is_empty() && next_word.chars().all(|c| c.is_ascii_digit()));
                if looks_like_address {
                    return Some((end + 1 - i, rep));
                }
            }
        }
    }
    None
}

fn tld_like(w: &str) -> bool {
    matches!(w, "com" | "de" | "net" | "org" | "io" | "eu" | "at" | "ch" | "uk" | "fr" | "nl" | "info" | "biz" | "co" | "dev" | "app" | "me" | "shop")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_confusables_and_invisibles() {
        let f = fold("J\u{200b}ÖHN Ｓmith  \u{0430}dmin");
        assert_eq!(f.text, "john smith admin");
        assert_eq!(f.origin.len(), f.text.chars().count() + 1);
    }

    #[test]
    fn deobfuscates_defanged_addresses() {
        let f = deobfuscate(&fold("mail jan (at) example [dot] de or jan at example dot de, host 10[.]0[.]0[.]1"));
        assert_eq!(f.text, "mail jan@example.de or jan@example.de, host 10.0.0.1");
        let plain = deobfuscate(&fold("we look at it. meet at home"));
        assert_eq!(plain.text, "we look at it. meet at home");
    }
}
