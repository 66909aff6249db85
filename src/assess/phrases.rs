//! A small phrase index over folded, stemmed tokens: vocabulary entries are compiled once and
//! matched at every token position of a clause.

use rustc_hash::FxHashMap as HashMap;

use super::text::{Doc, Token};

/// One compiled phrase: its token keys (or exact words, for entries written `=word`).
#[derive(Debug, Clone)]
struct Phrase<T> {
    words: Vec<String>,
    exact: bool,
    payload: T,
}

/// Phrases indexed by their first word.
#[derive(Debug, Clone)]
pub(crate) struct PhraseIndex<T> {
    by_first: HashMap<String, Vec<Phrase<T>>>,
}

/// A phrase found at tokens `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhraseHit<T> {
    pub start: usize,
    pub end: usize,
    pub payload: T,
}

impl<T: Copy> PhraseIndex<T> {
    pub(crate) fn new() -> Self {
        PhraseIndex {
            by_first: HashMap::default(),
        }
    }

    /// Adds a phrase; returns false when it has no words after folding.
    pub(crate) fn add(&mut self, phrase: &str, payload: T) -> bool {
        let (exact, body) = match phrase.strip_prefix('=') {
            Some(rest) => (true, rest),
            None => (false, phrase),
        };
        let doc = Doc::new(body);
        let words: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| if exact { t.text.clone() } else { t.key.clone() })
            .collect();
        let Some(first) = words.first().cloned() else {
            return false;
        };
        self.by_first.entry(first).or_default().push(Phrase {
            words,
            exact,
            payload,
        });
        true
    }

    pub(crate) fn with(entries: &[(&str, T)]) -> Self {
        let mut idx = Self::new();
        for (p, t) in entries {
            idx.add(p, *t);
        }
        idx
    }

    /// Every phrase occurrence within tokens `[a, b)`; longest first at each position.
    pub(crate) fn find(&self, tokens: &[Token], a: usize, b: usize) -> Vec<PhraseHit<T>> {
        let mut out = Vec::new();
        self.scan(tokens, a, b, |hit| {
            out.push(hit);
            true
        });
        out.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        out.dedup_by_key(|h| (h.start, h.end));
        out
    }

    /// Whether any phrase occurs within tokens `[a, b)`: stops at the first.
    pub(crate) fn any(&self, tokens: &[Token], a: usize, b: usize) -> bool {
        let mut found = false;
        self.scan(tokens, a, b, |_| {
            found = true;
            false
        });
        found
    }

    /// Calls `on_hit` with each occurrence, in text order, while it returns true.
    fn scan(
        &self,
        tokens: &[Token],
        a: usize,
        b: usize,
        mut on_hit: impl FnMut(PhraseHit<T>) -> bool,
    ) {
        for i in a..b {
            for key in [&tokens[i].key, &tokens[i].text] {
                let Some(list) = self.by_first.get(key.as_str()) else {
                    continue;
                };
                for p in list {
                    let n = p.words.len();
                    if i + n > b {
                        continue;
                    }
                    let ok = p.words.iter().enumerate().all(|(k, w)| {
                        let t = &tokens[i + k];
                        if p.exact {
                            &t.text == w
                        } else {
                            &t.key == w
                        }
                    });
                    if ok
                        && !on_hit(PhraseHit {
                            start: i,
                            end: i + n,
                            payload: p.payload,
                        })
                    {
                        return;
                    }
                }
                if tokens[i].key == tokens[i].text {
                    break;
                }
            }
        }
    }
}

/// A set of single words (compared by stem).
#[derive(Debug, Clone)]
pub(crate) struct WordSet(rustc_hash::FxHashSet<String>);

impl WordSet {
    pub(crate) fn new(words: &[&str]) -> Self {
        WordSet(words.iter().map(|w| super::text::stem(w)).collect())
    }

    pub(crate) fn has(&self, t: &Token) -> bool {
        self.0.contains(&t.key)
    }
}
