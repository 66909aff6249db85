//! A reply (or post) prepared for the rules: folded text with a map back to the original characters,
//! word tokens with contractions expanded and a crude stem, clauses, and a "compact" letters-and-digits
//! view that sees through spaced-out letters and values split across lines.

use super::fold;
use crate::normalize::Folded;

/// One word of the folded text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Folded char offsets `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// The folded word as written (contractions expanded into several tokens sharing a span).
    pub text: String,
    /// The crude stem used for vocabulary look-ups.
    pub key: String,
}

/// A text analysed once, shared by every rule.
#[derive(Debug)]
pub(crate) struct Doc {
    /// Folded characters (NFKC, lower case, confusables, de-obfuscated).
    pub chars: Vec<char>,
    /// `origin[i]`: original char offset of folded char `i`; one trailing entry.
    pub origin: Vec<usize>,
    /// The original text's characters.
    pub original: Vec<char>,
    pub tokens: Vec<Token>,
    /// Token index ranges of clauses (split at sentence ends and at "but", "however", ...).
    pub clauses: Vec<(usize, usize)>,
    /// Letters and digits only.
    pub compact: Vec<char>,
    /// For each compact char: its folded offset, and the index of the (surface) word it belongs to.
    pub compact_pos: Vec<usize>,
    pub compact_word: Vec<usize>,
}

impl Doc {
    pub(crate) fn new(original: &str) -> Doc {
        Doc::from_fold(original, &fold::fold(original))
    }

    /// The same as `Doc::new` over a text already folded, so the claim rules' words and this
    /// share one fold of the reply.
    pub(crate) fn from_fold(original: &str, folded: &Folded) -> Doc {
        Doc::from_folded(original, fold::deobfuscate(folded))
    }

    fn from_folded(original: &str, folded: Folded) -> Doc {
        let chars: Vec<char> = folded.text.chars().collect();
        let origin = folded.origin;
        let original: Vec<char> = original.chars().collect();
        let (tokens, surface) = tokenize(&chars, &origin);
        let mut compact = Vec::with_capacity(chars.len());
        let mut compact_pos = Vec::with_capacity(chars.len());
        let mut compact_word = Vec::with_capacity(chars.len());
        for (w, &(s, e)) in surface.iter().enumerate() {
            let mut base = Vec::with_capacity(2);
            for (i, c) in chars.iter().enumerate().take(e).skip(s) {
                if c.is_alphanumeric() {
                    base.clear();
                    fold::base_letters(*c, &mut base);
                    for &b in &base {
                        compact.push(b);
                        compact_pos.push(i);
                        compact_word.push(w);
                    }
                }
            }
        }
        let clauses = split_clauses(&chars, &tokens);
        Doc {
            chars,
            origin,
            original,
            tokens,
            clauses,
            compact,
            compact_pos,
            compact_word,
        }
    }

    /// Original char span of the folded span `[start, end)`.
    pub(crate) fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.original.len();
        let len = self.chars.len();
        let at = |i: usize| self.origin.get(i.min(len)).copied().unwrap_or(n).min(n);
        let s = at(start);
        if start >= end {
            return (s, s);
        }
        // A ligature expands to several folded chars with one origin: never cut it.
        let e = at(end).max(at(end - 1) + 1).min(n);
        (s, e.max(s))
    }

    /// Indices of the tokens overlapping the folded span `[start, end)`. Tokens follow the
    /// text and never overlap (a contraction's tokens share one span), so their ends rise
    /// with their starts and a binary search finds the first.
    pub(crate) fn tokens_overlapping(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let first = self.tokens.partition_point(|t| t.end <= start);
        let last = first + self.tokens[first..].partition_point(|t| t.start < end);
        first..last
    }

    /// Original char span of tokens `[a, b)`.
    pub(crate) fn token_span(&self, a: usize, b: usize) -> (usize, usize) {
        if a >= b || b > self.tokens.len() {
            return (0, 0);
        }
        self.original_span(self.tokens[a].start, self.tokens[b - 1].end)
    }
}

/// Splits folded chars into tokens (with contractions expanded) and surface words.
fn tokenize(chars: &[char], origin: &[usize]) -> (Vec<Token>, Vec<(usize, usize)>) {
    let mut tokens = Vec::new();
    let mut surface = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        // Letters and digits form separate words ("srv01" stays one word, "2023-04" two).
        while i < chars.len() && (chars[i].is_alphanumeric() || is_inner_apostrophe(chars, i)) {
            i += 1;
        }
        // For value boundaries an apostrophe ends a word: "Kowalczyk's" holds "Kowalczyk".
        let mut part = start;
        for (k, &c) in chars.iter().enumerate().take(i).skip(start) {
            if is_apostrophe(c) {
                if part < k {
                    surface.push((part, k));
                }
                part = k + 1;
            }
        }
        if part < i {
            surface.push((part, i));
        }
        let word: String = chars[start..i]
            .iter()
            .map(|&c| if is_apostrophe(c) { '\'' } else { c })
            .collect();
        for part in expand(word) {
            tokens.push(Token {
                start,
                end: i,
                key: stem(&part),
                text: part,
            });
        }
    }
    join_spaced_letters(chars, origin, &mut tokens);
    (tokens, surface)
}

/// "s u s p e n d e d": three or more one-letter words a single space apart read as one word.
/// A wider gap in the original ("y o u   w e r e") still separates words.
fn join_spaced_letters(chars: &[char], origin: &[usize], tokens: &mut Vec<Token>) {
    let gap = |a: &Token, b: &Token| {
        origin
            .get(b.start)
            .copied()
            .unwrap_or(0)
            .saturating_sub(origin.get(a.end - 1).copied().unwrap_or(0))
    };
    let single = |t: &Token| t.end - t.start == 1 && t.text.chars().count() == 1;
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j + 1 < tokens.len()
            && single(&tokens[j])
            && single(&tokens[j + 1])
            && tokens[j + 1].start == tokens[j].end + 1
            && chars[tokens[j].end] == ' '
            && gap(&tokens[j], &tokens[j + 1]) <= 2
        {
            j += 1;
        }
        if j >= i + 2 {
            let text: String = tokens[i..=j].iter().map(|t| t.text.as_str()).collect();
            out.push(Token {
                start: tokens[i].start,
                end: tokens[j].end,
                key: stem(&text),
                text,
            });
            i = j + 1;
        } else {
            // Moved, not copied: nothing reads the old list again.
            let t = &mut tokens[i];
            out.push(Token {
                start: t.start,
                end: t.end,
                text: std::mem::take(&mut t.text),
                key: std::mem::take(&mut t.key),
            });
            i += 1;
        }
    }
    *tokens = out;
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' | '\u{2bc}'
    )
}

fn is_inner_apostrophe(chars: &[char], i: usize) -> bool {
    is_apostrophe(chars[i])
        && i > 0
        && chars[i - 1].is_alphabetic()
        && chars.get(i + 1).is_some_and(|c| c.is_alphabetic())
}

/// Expands English contractions so that rules see `you have`, `did not`.
fn expand(word: String) -> Vec<String> {
    const WHOLE: &[(&str, &[&str])] = &[
        ("can't", &["can", "not"]),
        ("cant", &["can", "not"]),
        ("won't", &["will", "not"]),
        ("wont", &["will", "not"]),
        ("dont", &["do", "not"]),
        ("didnt", &["did", "not"]),
        ("doesnt", &["does", "not"]),
        ("havent", &["have", "not"]),
        ("hasnt", &["has", "not"]),
        ("hadnt", &["had", "not"]),
        ("wasnt", &["was", "not"]),
        ("werent", &["were", "not"]),
        ("isnt", &["is", "not"]),
        ("arent", &["are", "not"]),
        ("couldnt", &["could", "not"]),
        ("wouldnt", &["would", "not"]),
        ("shouldnt", &["should", "not"]),
        ("youve", &["you", "have"]),
        ("youre", &["you", "are"]),
        ("youd", &["you", "would"]),
        ("youll", &["you", "will"]),
        ("ive", &["i", "have"]),
        ("im", &["i", "am"]),
        ("weve", &["we", "have"]),
    ];
    if let Some((_, parts)) = WHOLE.iter().find(|(w, _)| *w == word) {
        return parts.iter().map(|p| p.to_string()).collect();
    }
    if let Some(pos) = word.find('\'') {
        let (head, tail) = word.split_at(pos);
        let tail = &tail[1..];
        let mut out = Vec::new();
        match tail {
            "t" if head.ends_with('n') => {
                out.push(head[..head.len() - 1].to_string());
                out.push("not".into());
            }
            "ve" => out.extend([head.to_string(), "have".into()]),
            "re" => out.extend([head.to_string(), "are".into()]),
            "ll" => out.extend([head.to_string(), "will".into()]),
            "d" => out.extend([head.to_string(), "had".into()]),
            "m" => out.extend([head.to_string(), "am".into()]),
            "s" => out.push(head.to_string()),
            _ => out.push(word.replace('\'', "")),
        }
        return out.into_iter().filter(|p| !p.is_empty()).collect();
    }
    vec![word]
}

/// A crude plural stem, applied alike to text and vocabulary.
pub(crate) fn stem(word: &str) -> String {
    let n = word.chars().count();
    if n > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    if n > 4
        && (word.ends_with("xes")
            || word.ends_with("ches")
            || word.ends_with("shes")
            || word.ends_with("sses"))
    {
        return word[..word.len() - 2].to_string();
    }
    if n > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// Words that open a greeting ("Hi Jana, ...").
const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "dear",
    "thanks",
    "thank",
    "welcome",
    "greetings",
    "morning",
    "evening",
    "afternoon",
    "sorry",
    "yes",
    "no",
    "ok",
    "okay",
    "sure",
    "well",
    "moin",
    "hallo",
    "servus",
];

/// Words after "and" that start a new statement rather than continue a list.
const NEW_SUBJECTS: &[&str] = &[
    "we",
    "you",
    "your",
    "i",
    "they",
    "he",
    "she",
    "it",
    "there",
    "this",
    "that",
    "the",
    "our",
    "according",
    "if",
    "since",
    "as",
    "in",
    "on",
    "when",
    "which",
    "what",
    "how",
    "his",
    "her",
    "their",
    "according",
    "after",
    "before",
    "because",
    "whoever",
    "who",
    "anyone",
    "everyone",
];

/// Words that start a new clause: what follows may contradict what came before.
const CLAUSE_BREAKS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "yet", "except",
];

/// Token ranges of clauses: split at sentence ends, greetings, "but"/"however", and "and" +
/// a new subject.
fn split_clauses(chars: &[char], tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut clauses = Vec::new();
    let mut clause_start = 0;
    for t in 0..tokens.len() {
        if t > 0 && tokens[t].start != tokens[t - 1].start {
            let gap = &chars[tokens[t - 1].end..tokens[t].start];
            let ends_sentence = gap.iter().any(|&c| c == '\n' || c == '!' || c == '?')
                // A stop ends a sentence only when a space follows it: "the .env file" is one.
                || gap.iter().enumerate().any(|(i, &c)| {
                    matches!(c, '.' | ';' | ':') && gap[i + 1..].iter().any(|c| c.is_whitespace())
                });
            // "Hi Jana, ..." / "Jana, ...": a short vocative before a comma stands apart.
            let vocative = gap.contains(&',')
                && gap.iter().any(|c| c.is_whitespace())
                && t - clause_start <= 6
                && GREETINGS.contains(&tokens[clause_start].text.as_str());
            // "..., and you were suspended": a new statement after "and"/"or".
            let coordinated = t >= 2
                && matches!(tokens[t - 1].text.as_str(), "and" | "or" | "so" | "plus")
                && NEW_SUBJECTS.contains(&tokens[t].text.as_str());
            let breaks_clause = ends_sentence
                || vocative
                || coordinated
                || CLAUSE_BREAKS.contains(&tokens[t].text.as_str());
            if breaks_clause && clause_start < t {
                clauses.push((clause_start, t));
                clause_start = t;
            }
        }
    }
    if clause_start < tokens.len() {
        clauses.push((clause_start, tokens.len()));
    }
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_expand_and_share_span() {
        let d = Doc::new("You've been suspended. We didn't look");
        let words: Vec<&str> = d.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            [
                "you",
                "have",
                "been",
                "suspended",
                "we",
                "did",
                "not",
                "look"
            ]
        );
        assert_eq!(d.clauses, [(0, 4), (4, 8)]);
        assert_eq!(d.token_span(0, 1), (0, 6));
    }

    #[test]
    fn compact_sees_through_spacing() {
        let d = Doc::new("j o h n  s m i t h");
        let s: String = d.compact.iter().collect();
        assert_eq!(s, "johnsmith");
    }

    #[test]
    fn spans_map_back_through_zero_width_and_case() {
        let d = Doc::new("Hi J\u{200b}OHN!");
        let t = d.tokens.iter().find(|t| t.text == "john").unwrap();
        assert_eq!(d.original_span(t.start, t.end), (3, 8));
    }
}
