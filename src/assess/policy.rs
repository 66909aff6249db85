//! Policy as data: the vocabulary of the claim rules, one TOML file per language under
//! `config/policy/` (embedded as the default), extended or overridden by `[[assess.entries]]`.
//! Each entry is a list of terms over Snowball-stemmed words, with a role, a class and a decision.

use rustc_hash::FxHashMap as HashMap;

use serde::Deserialize;

use super::lang::{Lang, Word};
pub use crate::config::{PolicyEntry, PolicyLevel as Level, PolicyRole as Role};

/// The shipped policy files: `(file name, text)`.
pub(crate) const BUILT_IN: &[(&str, &str)] = &[
    (
        "config/policy/en.toml",
        include_str!("../../config/policy/en.toml"),
    ),
    (
        "config/policy/de.toml",
        include_str!("../../config/policy/de.toml"),
    ),
    (
        "config/policy/fr.toml",
        include_str!("../../config/policy/fr.toml"),
    ),
    (
        "config/policy/es.toml",
        include_str!("../../config/policy/es.toml"),
    ),
];

/// The strict profile's settings.
pub(crate) const STRICT: (&str, &str) = (
    "config/policy/strict.toml",
    include_str!("../../config/policy/strict.toml"),
);

/// A policy file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    language: String,
    #[serde(default)]
    entry: Vec<toml::Spanned<PolicyEntry>>,
}

/// Settings of a profile file.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileSettings {
    /// Decision for echoing a status the poster stated about themselves.
    pub echo_poster_statements: Level,
    /// Decision for confirming that the poster is a customer when the post said so.
    pub confirm_customer: Level,
    /// Decision for repeating what the post made public about the poster: their handle, a
    /// name they signed with, a host, address or other account value they wrote in clear.
    #[serde(default = "routine")]
    pub echo_poster_values: Level,
}

fn routine() -> Level {
    Level::Routine
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[allow(dead_code)]
    profile: String,
    settings: ProfileSettings,
}

/// A policy that does not compile, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyProblem {
    /// The file (a built-in policy's path, or `assess.entries[i]` for the config).
    pub origin: String,
    /// Line in the file, from 1, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.origin, l, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

/// One word of a compiled term.
#[derive(Debug, Clone, PartialEq)]
enum Pat {
    Stem(String),
    Exact(String),
    Prefix(String, String),
    Suffix(String, String),
}

impl Pat {
    fn matches(&self, w: &Word, stem: &str) -> bool {
        match self {
            Pat::Stem(s) => stem == s,
            Pat::Exact(s) => w.lower == *s,
            // The stem of the prefix serves the inflections that change its end ("pagó" for
            // "pago*"); beyond the stem itself a word must carry the whole prefix, or
            // "pago*" (stem "pag") would take "páginas" (stem "pagin").
            Pat::Prefix(raw, s) => {
                w.lower.starts_with(raw.as_str())
                    || stem == s
                    || (stem.starts_with(s.as_str()) && stem.starts_with(raw.as_str()))
            }
            Pat::Suffix(raw, s) => {
                (w.lower.ends_with(raw.as_str()) && w.lower.len() > raw.len())
                    || (stem.ends_with(s.as_str()) && stem.len() > s.len())
                    || w.lower == *raw
                    || stem == s
            }
        }
    }
}

/// A compiled entry.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub id: String,
    pub role: Role,
    pub class: String,
    pub decision: Level,
    terms: Vec<Vec<Pat>>,
}

/// A term of an entry found in a reply: words `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// The compiled policy of every language.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub entries: Vec<Compiled>,
    /// Per language: terms whose first word is a stem or exact word, by that word.
    by_first: [HashMap<String, Vec<(usize, usize)>>; 4],
    /// Per language: terms that start with a prefix or suffix pattern, by the letters their
    /// first pattern can match on (`ScanIndex`), so a word tries only the terms it could start.
    scanned: [ScanIndex; 4],
    pub settings: ProfileSettings,
    /// Per language: the entry that names records of people's activity
    /// (`LANG.entrusted.activity`), found once here rather than per reply.
    pub activity_entry: [Option<usize>; 4],
    /// Per language: the entry of the second person (`LANG.poster.second_person`), for
    /// mentions the claim rules find by grammar rather than by a term.
    pub second_person_entry: [Option<usize>; 4],
    /// Per language: the entry of modals and conditions (`LANG.advice.modal`), for conditions
    /// told by word order rather than by a word ("Schlägt eine Zahlung fehl, ...").
    pub modal_entry: [Option<usize>; 4],
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// One word of a term, or an elided article and the rest ("d'après" -> "=d'", "après").
fn split_elision(w: &str) -> Vec<String> {
    let w = w.replace('\u{2019}', "'");
    match w.split_once('\'') {
        Some((head, rest))
            if !rest.is_empty()
                && super::lang::is_elision(head.to_lowercase().trim_start_matches(['=', '*'])) =>
        {
            let exact = head
                .to_lowercase()
                .trim_start_matches(['=', '*'])
                .to_string();
            vec![format!("={exact}'"), rest.to_string()]
        }
        _ => vec![w],
    }
}

fn compile_term(lang: Lang, term: &str) -> Option<Vec<Pat>> {
    // "d'après", "coup d'œil": an elided article is a word of its own, as the reader splits it.
    // So are the parts of a hyphenated word ("support-team", "e-mail"): the reader reads
    // "Support-Team" as two words, and a term kept whole could never match.
    let term = term.replace('-', " ");
    let words: Vec<String> = term.split_whitespace().flat_map(split_elision).collect();
    let pats: Vec<Pat> = words
        .iter()
        .map(|w| {
            let w = w.to_lowercase();
            if let Some(rest) = w.strip_prefix('=') {
                Pat::Exact(rest.to_string())
            } else if let Some(rest) = w.strip_suffix('*') {
                Pat::Prefix(rest.to_string(), lang.stem(rest))
            } else if let Some(rest) = w.strip_prefix('*') {
                Pat::Suffix(rest.to_string(), lang.stem(rest))
            } else if w.ends_with('\'') {
                Pat::Exact(w)
            } else {
                Pat::Stem(lang.stem(&w))
            }
        })
        .collect();
    let empty = pats.iter().any(|p| match p {
        Pat::Stem(s) | Pat::Exact(s) | Pat::Prefix(s, _) | Pat::Suffix(s, _) => s.is_empty(),
    });
    (!pats.is_empty() && !empty).then_some(pats)
}

impl Policy {
    /// Compiles the built-in files, the profile's settings and the config's entries.
    pub(crate) fn new(strict: bool, extra: &[PolicyEntry]) -> Result<Policy, Vec<PolicyProblem>> {
        let mut problems = Vec::new();
        let mut raw: Vec<(PolicyEntry, String, Option<usize>)> = Vec::new();
        for (name, text) in BUILT_IN {
            match toml::from_str::<PolicyFile>(text) {
                Ok(file) => {
                    for e in file.entry {
                        let line = line_of(text, e.span().start);
                        let mut e = e.into_inner();
                        e.language.get_or_insert_with(|| file.language.clone());
                        raw.push((e, name.to_string(), Some(line)));
                    }
                }
                Err(e) => problems.push(PolicyProblem {
                    origin: name.to_string(),
                    line: e.span().map(|s| line_of(text, s.start)),
                    message: e.message().to_string(),
                }),
            }
        }
        for (i, e) in extra.iter().enumerate() {
            let origin = format!("assess.entries[{i}]");
            // The config's entry replaces the built-in one of the same id and language.
            raw.retain(|(b, _, _)| !(b.id == e.id && b.language == e.language));
            raw.push((e.clone(), origin, None));
        }
        let settings = if strict {
            match toml::from_str::<ProfileFile>(STRICT.1) {
                Ok(p) => p.settings,
                Err(e) => {
                    problems.push(PolicyProblem {
                        origin: STRICT.0.to_string(),
                        line: e.span().map(|s| line_of(STRICT.1, s.start)),
                        message: e.message().to_string(),
                    });
                    return Err(problems);
                }
            }
        } else {
            ProfileSettings {
                echo_poster_statements: Level::Routine,
                confirm_customer: Level::Routine,
                echo_poster_values: Level::Routine,
            }
        };
        let mut policy = Policy {
            entries: Vec::new(),
            by_first: Default::default(),
            scanned: Default::default(),
            settings,
            activity_entry: [None; 4],
            second_person_entry: [None; 4],
            modal_entry: [None; 4],
        };
        for (e, origin, line) in raw {
            let problem = |message: String| PolicyProblem {
                origin: origin.clone(),
                line,
                message,
            };
            let Some(lang) = e.language.as_deref().and_then(Lang::from_code) else {
                problems.push(problem(format!(
                    "entry {:?}: language {:?} has no stemmer; use en, de, fr or es",
                    e.id,
                    e.language.as_deref().unwrap_or("")
                )));
                continue;
            };
            let idx = policy.entries.len();
            let mut terms = Vec::new();
            for (k, t) in e.terms.iter().enumerate() {
                match compile_term(lang, t) {
                    Some(p) => {
                        // A term written as a stem ("databas", "configur") is also read as one:
                        // stemming it again would cut it further than any word it stands for.
                        let raw: Vec<Pat> = p
                            .iter()
                            .zip(t.split_whitespace().flat_map(split_elision))
                            .map(|(pat, w)| match pat {
                                Pat::Stem(_) => Pat::Stem(w.to_lowercase()),
                                other => other.clone(),
                            })
                            .collect();
                        let differs = raw.len() == p.len() && raw != p;
                        terms.push(p);
                        if differs {
                            terms.push(raw);
                        }
                    }
                    None => problems.push(problem(format!(
                        "entry {:?}: terms[{k}] {t:?} has no word to match",
                        e.id
                    ))),
                }
            }
            if e.terms.is_empty() {
                problems.push(problem(format!("entry {:?}: no terms", e.id)));
            }
            for (k, t) in terms.iter().enumerate() {
                match &t[0] {
                    Pat::Stem(s) | Pat::Exact(s) => policy.by_first[lang.index()]
                        .entry(s.clone())
                        .or_default()
                        .push((idx, k)),
                    first => policy.scanned[lang.index()].add(first, (idx, k)),
                }
            }
            let default_decision = Level::NeedsReview;
            policy.entries.push(Compiled {
                class: e
                    .class
                    .clone()
                    .unwrap_or_else(|| role_name(e.role).to_string()),
                decision: e.decision.unwrap_or(default_decision),
                id: format!("{}.{}", lang.code(), e.id),
                role: e.role,
                terms,
            });
        }
        for l in Lang::ALL {
            let id = format!("{}.entrusted.activity", l.code());
            policy.activity_entry[l.index()] = policy.entries.iter().position(|e| e.id == id);
            let id = format!("{}.poster.second_person", l.code());
            policy.second_person_entry[l.index()] = policy.entries.iter().position(|e| e.id == id);
            let id = format!("{}.advice.modal", l.code());
            policy.modal_entry[l.index()] = policy.entries.iter().position(|e| e.id == id);
        }
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(problems)
        }
    }

    /// Every term of `lang`'s entries found in the words (stems given per word).
    pub(crate) fn find(&self, lang: Lang, words: &[Word], stems: &[String]) -> Vec<Hit> {
        let mut out = Vec::new();
        let li = lang.index();
        for i in 0..words.len() {
            let try_term = |entry: usize, term: usize, out: &mut Vec<Hit>| {
                let pats = &self.entries[entry].terms[term];
                if i + pats.len() > words.len() {
                    return;
                }
                if pats
                    .iter()
                    .enumerate()
                    .all(|(k, p)| p.matches(&words[i + k], &stems[i + k]))
                {
                    out.push(Hit {
                        entry,
                        start: i,
                        end: i + pats.len(),
                    });
                }
            };
            for key in [&stems[i], &words[i].lower] {
                if let Some(list) = self.by_first[li].get(key.as_str()) {
                    for &(e, t) in list {
                        try_term(e, t, &mut out);
                    }
                }
            }
            for &(e, t) in self.scanned[li].candidates(&words[i].lower, &stems[i]) {
                try_term(e, t, &mut out);
            }
            if lang == Lang::De {
                self.compound_heads(i, &words[i].lower, &mut out);
            }
        }
        out.sort_by_key(|h| (h.start, h.end, h.entry));
        out.dedup_by_key(|h| (h.start, h.end, h.entry));
        out
    }
}

/// Terms whose first word is a prefix or suffix pattern, by the letter the pattern can match on:
/// a prefix pattern by the first letter of its raw form and of its stem (what a word or its
/// stem must start with), a suffix pattern by their last letters. A word is tried against the
/// terms listed under its own and its stem's first and last letters, which include every term
/// that can match it; the full match is still checked per term.
#[derive(Debug, Clone, Default)]
struct ScanIndex {
    by_first: HashMap<char, Vec<(usize, usize)>>,
    by_last: HashMap<char, Vec<(usize, usize)>>,
    /// Patterns with an empty side, which match any word: tried everywhere.
    always: Vec<(usize, usize)>,
}

impl ScanIndex {
    fn add(&mut self, pat: &Pat, term: (usize, usize)) {
        let (map, keys) = match pat {
            Pat::Prefix(raw, stem) => (
                &mut self.by_first,
                (raw.chars().next(), stem.chars().next()),
            ),
            Pat::Suffix(raw, stem) => (
                &mut self.by_last,
                (raw.chars().next_back(), stem.chars().next_back()),
            ),
            Pat::Stem(_) | Pat::Exact(_) => {
                self.always.push(term);
                return;
            }
        };
        match keys {
            (Some(a), Some(b)) => {
                map.entry(a).or_default().push(term);
                if b != a {
                    map.entry(b).or_default().push(term);
                }
            }
            _ => self.always.push(term),
        }
    }

    /// Every term that may start at a word written `lower` with stem `stem` (some more than
    /// once, which the caller's dedup removes).
    fn candidates<'a>(
        &'a self,
        lower: &str,
        stem: &str,
    ) -> impl Iterator<Item = &'a (usize, usize)> + 'a {
        let get = |map: &'a HashMap<char, Vec<(usize, usize)>>, c: Option<char>| {
            c.and_then(|c| map.get(&c)).map_or(&[][..], Vec::as_slice)
        };
        let (f1, f2) = (lower.chars().next(), stem.chars().next());
        let (l1, l2) = (lower.chars().next_back(), stem.chars().next_back());
        let firsts = get(&self.by_first, f1).iter().chain(if f2 != f1 {
            get(&self.by_first, f2)
        } else {
            &[]
        });
        let lasts = get(&self.by_last, l1).iter().chain(if l2 != l1 {
            get(&self.by_last, l2)
        } else {
            &[]
        });
        self.always.iter().chain(firsts).chain(lasts)
    }
}

impl Policy {
    /// German joins words: the last part of a compound ("Kunden|ordner") or the verb after a
    /// separable prefix ("rein|gelesen") carries the meaning. Every ending of the word of four
    /// letters or more, after three or more, is read as a word of its own against one-word
    /// terms of things and acts (entrusted data, access, account facts, what a thing holds);
    /// words of grammar (negations, pronouns) are never read inside another word.
    fn compound_heads(&self, i: usize, word: &str, out: &mut Vec<Hit>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() < 7 || !chars.iter().all(|(_, c)| c.is_alphabetic()) {
            return;
        }
        let li = Lang::De.index();
        for &(at, _) in &chars[3..chars.len() - 3] {
            let head = &word[at..];
            let stem = Lang::De.stem(head);
            let Some(list) = self.by_first[li].get(stem.as_str()) else {
                continue;
            };
            for &(e, t) in list {
                let entry = &self.entries[e];
                let content = matches!(
                    entry.role,
                    Role::Entrusted | Role::Access | Role::Account | Role::Reveal
                );
                if content && matches!(entry.terms[t].as_slice(), [Pat::Stem(s)] if *s == stem) {
                    out.push(Hit {
                        entry: e,
                        start: i,
                        end: i + 1,
                    });
                }
            }
        }
    }
}

pub(crate) fn role_name(r: Role) -> &'static str {
    match r {
        Role::Poster => "poster",
        Role::Company => "company",
        Role::Access => "access",
        Role::Entrusted => "entrusted",
        Role::Reveal => "reveal",
        Role::Perception => "perception",
        Role::Advice => "advice",
        Role::Negation => "negation",
        Role::Account => "account_fact",
        Role::Relationship => "relationship",
        Role::Date => "date",
        Role::Attribution => "attribution",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_written_as_a_stem_matches_its_words() {
        // "databas" stems further to "databa"; "database" stems to "databas".
        let p = Policy::new(false, &[]).expect("built-in policy");
        let w = crate::assess::lang::words("We opened the database.");
        let stems: Vec<String> = w.words.iter().map(|x| Lang::En.stem(&x.lower)).collect();
        let hits = p.find(Lang::En, &w.words, &stems);
        assert!(
            hits.iter()
                .any(|h| p.entries[h.entry].role == Role::Entrusted
                    && w.words[h.start].lower == "database"),
            "{hits:?}"
        );
    }

    #[test]
    fn a_prefix_takes_only_words_that_carry_it_or_its_stem() {
        // A prefix's stem may be shorter than the prefix ("compar" stems to "comp"); a word
        // whose stem merely begins like that stem ("completa", "complet") is another word.
        let word = |s: &str| crate::assess::lang::words(s).words.remove(0);
        let pat = |raw: &str| Pat::Prefix(raw.to_string(), Lang::Es.stem(raw));
        let matches = |raw: &str, w: &str| pat(raw).matches(&word(w), &Lang::Es.stem(w));
        assert!(matches("compar", "comparamos"));
        assert!(matches("pago", "pagos"));
        assert!(matches("pago", "pagó"));
        assert!(!matches("compar", "completa"));
        assert!(!matches("pago", "páginas"));
    }

    #[test]
    fn a_hyphenated_term_matches_the_words_the_reader_splits() {
        // The reader reads "Support-Team" as "support", "team"; the term must too.
        let p = Policy::new(false, &[]).expect("built-in policy");
        let w = crate::assess::lang::words("Das Support-Team hat geantwortet.");
        let stems: Vec<String> = w.words.iter().map(|x| Lang::De.stem(&x.lower)).collect();
        let hits = p.find(Lang::De, &w.words, &stems);
        assert!(
            hits.iter()
                .any(|h| p.entries[h.entry].role == Role::Company && h.start == 0),
            "{hits:?}"
        );
    }

    #[test]
    fn built_in_policies_compile() {
        let p = Policy::new(false, &[]).expect("built-in policy");
        for lang in Lang::ALL {
            let prefix = format!("{}.", lang.code());
            assert!(p
                .entries
                .iter()
                .any(|e| e.id.starts_with(&prefix) && e.role == Role::Poster));
        }
        Policy::new(true, &[]).expect("strict profile");
    }

    #[test]
    fn config_entries_are_checked_and_located() {
        let bad = PolicyEntry {
            language: Some("it".into()),
            id: "x".into(),
            role: Role::Account,
            class: None,
            decision: None,
            terms: vec!["conto".into()],
        };
        let err = Policy::new(false, &[bad]).unwrap_err();
        assert_eq!(err[0].origin, "assess.entries[0]");
        assert!(err[0].message.contains("\"it\""), "{}", err[0]);
    }
}
