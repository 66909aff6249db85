//! The shared normaliser (`crate::normalize`), so replies are read exactly as the matcher reads
//! posts, plus the letter folding used only for comparing values ("Müller" = "Muller").

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub(crate) use crate::normalize::{deobfuscate, fold};

/// The base letters of one folded char for value comparison: diacritics dropped, ß as "ss".
pub(crate) fn base_letters(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    if c == 'ß' {
        out.extend(['s', 's']);
        return;
    }
    let before = out.len();
    out.extend(std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d)));
    if out.len() == before {
        out.push(c);
    }
}
