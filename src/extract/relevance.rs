//! Keyword relevance: does a post talk about the watched service?
//!
//! Text and keywords are both reduced to lower-case words (NFKC-folded, split at anything that
//! is not a letter or digit), so `smart security scan` matches `Smart-Security-Scan` and
//! `smart  security\nscan`. Keywords match whole words only: `scan` does not match `scandal`.

use aho_corasick::AhoCorasick;
use unicode_normalization::UnicodeNormalization;

/// Keywords that make a post relevant and exclusions that make it not.
#[derive(Debug, Clone)]
pub struct Relevance {
    keywords: Option<AhoCorasick>,
    exclude: Option<AhoCorasick>,
}

impl Relevance {
    /// Empty `keywords` makes every post relevant (unless excluded). Keywords with no letters
    /// or digits are ignored (`CompiledSource::compile` reports them).
    pub fn new(keywords: &[String], exclude: &[String]) -> Relevance {
        Relevance {
            keywords: automaton(keywords),
            exclude: automaton(exclude),
        }
    }

    pub fn is_relevant(&self, text: &str) -> bool {
        let words = words(text);
        if self.exclude.as_ref().is_some_and(|ex| ex.is_match(&words)) {
            return false;
        }
        match &self.keywords {
            None => true,
            Some(kw) => kw.is_match(&words),
        }
    }
}

fn automaton(phrases: &[String]) -> Option<AhoCorasick> {
    let patterns: Vec<String> = phrases
        .iter()
        .map(|p| words(p))
        .filter(|w| w.len() > 2)
        .collect();
    if patterns.is_empty() {
        return None;
    }
    // Patterns are built from the same normalisation as the text, so this cannot fail on size
    // for any sane keyword list; if it ever does, matching everything is the safe side.
    AhoCorasick::new(&patterns).ok()
}

/// `" word word word "`: lower-case words separated by single spaces, with a space at both
/// ends so that a pattern built the same way only matches at word boundaries.
pub(crate) fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether a keyword has anything to match (letters or digits).
pub(crate) fn is_matchable(phrase: &str) -> bool {
    words(phrase).len() > 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(k: &[&str], e: &[&str]) -> Relevance {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        Relevance::new(&s(k), &s(e))
    }

    #[test]
    fn ignores_case_spacing_and_punctuation() {
        let r = rel(&["smart security scan", "smartsecurityscan"], &[]);
        assert!(r.is_relevant("I moved to Smart-Security-Scan last year"));
        assert!(r.is_relevant("smart  security\nscan deleted my files"));
        assert!(r.is_relevant("see smartsecurityscan.com"));
        assert!(r.is_relevant("ＳＭＡＲＴ Security Scan (full-width)"));
        assert!(!r.is_relevant("smart people scan security"));
        assert!(!r.is_relevant("a smartsecurityscanner clone"));
    }

    #[test]
    fn empty_keywords_and_exclusions() {
        assert!(rel(&[], &[]).is_relevant("anything at all"));
        let r = rel(&["smart security scan"], &["job offer"]);
        assert!(!r.is_relevant("Smart Security Scan JOB-offer: apply now"));
        assert!(r.is_relevant("Smart Security Scan was down"));
        assert!(!rel(&[], &["spam"]).is_relevant("buy spam"));
        assert!(!is_matchable(" -- "));
    }
}
