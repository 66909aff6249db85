//! Text normalisation shared by matching and assessment: case, Unicode, confusables, zero-width characters, de-obfuscation.
//! Every output character remembers the character offset it came from, so findings map back to the original text.

mod deobfuscate;
mod example;
mod freemail;
mod ident;
mod suffix;

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

pub use deobfuscate::deobfuscate;
pub use example::{is_documentation_ip, is_example_domain};
pub use freemail::is_free_mail;
pub use ident::{
    canonical_email, canonical_host, canonical_ip, identifiers, identifiers_in, is_known_suffix,
    registrable_domain, Ident, IdentKind,
};

/// Normalised text with, for every character, the character offset in the original input it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    /// The normalised text.
    pub text: String,
    /// `origin[i]` is the char offset in the original of the i-th char of `text`; one trailing entry holds
    /// the original's char length, so a span `start..end` of `text` maps back to `origin[start]..origin[end]`.
    pub origin: Vec<usize>,
}

impl Folded {
    /// Number of characters in `text`.
    pub fn char_len(&self) -> usize {
        self.origin.len().saturating_sub(1)
    }

    /// Maps a char span of `text` back to a char span of the original input.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let last = self.char_len();
        let s = self.origin[start.min(last)];
        let e = self.origin[end.min(last)];
        (s, e.max(s))
    }
}

/// Accumulates characters with their origins.
#[derive(Default)]
pub(crate) struct Builder {
    text: String,
    origin: Vec<usize>,
}

impl Builder {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Builder {
            text: String::with_capacity(n),
            origin: Vec::with_capacity(n + 1),
        }
    }

    pub(crate) fn push(&mut self, c: char, origin: usize) {
        self.text.push(c);
        self.origin.push(origin);
    }

    pub(crate) fn finish(mut self, original_len: usize) -> Folded {
        self.origin.push(original_len);
        Folded {
            text: self.text,
            origin: self.origin,
        }
    }
}

/// NFKC, lower case, confusables mapped to their Latin look-alike, zero-width and format characters
/// removed, white space runs collapsed to one space. Never panics; offsets are always valid.
pub fn fold(input: &str) -> Folded {
    let chars: Vec<char> = input.chars().collect();
    let n = chars.len();
    let mut out = Builder::with_capacity(input.len());
    let mut pending_space: Option<usize> = None;
    let mut normalized: Vec<char> = Vec::with_capacity(8);
    let mut i = 0;
    while i < n {
        // A starter and its combining marks normalise together; splitting there keeps origins exact.
        let start = i;
        i += 1;
        // An ASCII char is never a combining mark: most text needs no table lookup.
        while i < n && !chars[i].is_ascii() && canonical_combining_class(chars[i]) != 0 {
            i += 1;
        }
        let chunk = &chars[start..i];
        normalized.clear();
        if chunk.len() == 1 && chunk[0].is_ascii() {
            normalized.push(chunk[0]);
        } else {
            normalized.extend(chunk.iter().copied().nfkc());
        }
        let one_to_one = normalized.len() == chunk.len();
        for (k, &c) in normalized.iter().enumerate() {
            let o = if one_to_one { start + k } else { start };
            emit(&mut out, &mut pending_space, c, o);
        }
    }
    if let Some(o) = pending_space {
        out.push(' ', o);
    }
    out.finish(n)
}

fn emit(out: &mut Builder, pending_space: &mut Option<usize>, c: char, o: usize) {
    if c.is_whitespace() {
        if pending_space.is_none() {
            *pending_space = Some(o);
        }
        return;
    }
    if is_invisible(c) {
        return;
    }
    if let Some(so) = pending_space.take() {
        out.push(' ', so);
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase(), o);
        return;
    }
    // Look-alikes are judged in the case written: Greek capital Epsilon looks like "E", its lower case does not.
    if let Some(mapped) = confusable_ascii(c) {
        push_mapped(out, mapped, o);
        return;
    }
    for lc in c.to_lowercase() {
        if lc.is_ascii() {
            out.push(lc, o);
        } else if let Some(mapped) = confusable_ascii(lc) {
            push_mapped(out, mapped, o);
        } else {
            out.push(lc, o);
        }
    }
}

fn push_mapped(out: &mut Builder, mapped: Mapped, o: usize) {
    match mapped {
        Mapped::One(a) => out.push(a.to_ascii_lowercase(), o),
        Mapped::Many(s) => {
            for a in s.chars() {
                out.push(a, o);
            }
        }
    }
}

/// Zero-width, format, bidi-control, variation-selector and other default-ignorable characters, plus
/// control characters: invisible, so they only ever serve to break up what a reader sees as one word.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
        || c.is_control()
}

/// UTS 39 skeletons of the ASCII characters a look-alike may stand for. Applying `skeleton` to plain
/// ASCII text would be wrong ("m" becomes "rn"), so non-ASCII characters are mapped to the ASCII
/// character with the same skeleton instead. Index 0 prefers lower-case letters, index 1 upper-case
/// ones, so that Cyrillic "І" reads as "I" and Cyrillic "о" as "o" (never the digits "1" or "0").
fn ascii_by_skeleton(upper: bool) -> &'static HashMap<String, char> {
    static TABLES: OnceLock<[HashMap<String, char>; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        let build = |first: std::ops::RangeInclusive<char>,
                     second: std::ops::RangeInclusive<char>| {
            let mut table = HashMap::new();
            let punct = (0x21u8..0x7f)
                .map(char::from)
                .filter(|c| !c.is_ascii_alphanumeric());
            for a in first.chain(second).chain('0'..='9').chain(punct) {
                let sk: String = unicode_security::skeleton(a.encode_utf8(&mut [0; 4])).collect();
                table.entry(sk).or_insert(a);
            }
            table
        };
        [build('a'..='z', 'A'..='Z'), build('A'..='Z', 'a'..='z')]
    });
    &tables[usize::from(upper)]
}

enum Mapped {
    One(char),
    Many(String),
}

fn confusable_ascii(c: char) -> Option<Mapped> {
    let mut buf = [0u8; 4];
    let sk: String = unicode_security::skeleton(c.encode_utf8(&mut buf)).collect();
    if let Some(&a) = ascii_by_skeleton(c.is_uppercase()).get(&sk) {
        return Some(Mapped::One(a));
    }
    if !sk.is_empty() && sk.chars().all(|s| s.is_ascii_alphanumeric()) {
        return Some(Mapped::Many(sk.to_ascii_lowercase()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_offsets(input: &str, f: &Folded) {
        let n = input.chars().count();
        assert_eq!(f.origin.len(), f.text.chars().count() + 1);
        assert_eq!(*f.origin.last().unwrap(), n);
        assert!(
            f.origin.windows(2).all(|w| w[0] <= w[1]),
            "origins must not decrease: {:?}",
            f.origin
        );
    }

    #[test]
    fn folds_case_width_and_confusables() {
        let input = "Jаn＠ΕXAMPLE．de"; // Cyrillic a, fullwidth @ and dot, Greek capital Epsilon
        let f = fold(input);
        assert_eq!(f.text, "jan@example.de");
        check_offsets(input, &f);
    }

    #[test]
    fn removes_zero_width_and_collapses_space() {
        let input = "ja\u{200B}n  \n\t@ex\u{00AD}ample.de ";
        let f = fold(input);
        assert_eq!(f.text, "jan @example.de ");
        check_offsets(input, &f);
        let at = f.text.chars().position(|c| c == '@').unwrap();
        assert_eq!(input.chars().nth(f.origin[at]), Some('@'));
    }

    #[test]
    fn keeps_plain_ascii_and_umlauts() {
        assert_eq!(fold("m0l1 Müller").text, "m0l1 müller");
    }

    #[test]
    fn combining_marks_fold_into_one_char_with_exact_span() {
        let input = "Ae\u{0301}b";
        let f = fold(input);
        assert_eq!(f.text, "aéb");
        check_offsets(input, &f);
        assert_eq!(f.original_span(1, 2), (1, 3));
    }

    #[test]
    fn ligatures_expand_with_one_origin() {
        let f = fold("ﬁx");
        assert_eq!(f.text, "fix");
        assert_eq!(f.origin, vec![0, 0, 1, 2]);
    }
}
