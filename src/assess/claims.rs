//! Claims about the poster, decided by the shape of each sentence rather than by keywords: who
//! it is about (the poster, the company), what it asserts (an account fact, the company's
//! records, access to entrusted data) and what makes it routine (advice, a question, a negation).
//! The words come from the policy (`policy.rs`); this module only combines them.

use std::collections::HashSet;

use super::lang::{self, Detected, Lang, Words};
use super::policy::{Hit, Level, Policy, Role};
use super::spans::Spans;

/// A sentence held by a claim rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Char offsets of the sentence in the reply.
    pub start: usize,
    pub end: usize,
    /// What it discloses: `billing`, `plan`, `tenure`, `contact`, `account_fact`,
    /// `relationship`, `entrusted`, `language`, ...
    pub class: String,
    /// The policy entries that fired, `lang.id`, joined by `+`.
    pub entry: String,
    /// The words of the reply that matched them.
    pub words: Vec<String>,
    pub level: ClaimLevel,
}

/// How grave a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClaimLevel {
    NeedsReview,
    Blocked,
}

/// What the post makes public, for the claim rules.
pub(crate) struct PostContext {
    /// Stems of the post's words, per language.
    stems: [HashSet<String>; 4],
    /// Stems of the post's statements only, per language: a question ("am I on the cheapest
    /// tier?") states nothing the reply could echo.
    stated: [HashSet<String>; 4],
    /// The post says the poster is a customer ("my account", "I'm a customer").
    pub declares_relationship: bool,
    /// A statement of the post (not a question) tells how long the poster has been a customer
    /// ("been with you since 2020"): the reply's thanks for that loyalty, in any words, echo it.
    pub states_tenure: bool,
}

impl PostContext {
    /// Whether the post has the number `n` among its words.
    fn said_number(&self, n: &str) -> bool {
        self.stems.iter().any(|s| s.contains(n))
    }

    /// The post's context from its words (`lang::words`).
    pub(crate) fn new(w: &Words, policy: &Policy) -> PostContext {
        let mut stems: [HashSet<String>; 4] = Default::default();
        let mut stated: [HashSet<String>; 4] = Default::default();
        let mut declares = false;
        let mut tenure = false;
        let first_person = w.words.iter().any(|x| {
            matches!(
                x.lower.as_str(),
                "i" | "my"
                    | "me"
                    | "ich"
                    | "mein"
                    | "meine"
                    | "meinen"
                    | "meinem"
                    | "je"
                    | "j'"
                    | "mon"
                    | "ma"
                    | "mes"
                    | "yo"
                    | "mi"
                    | "mis"
                    | "we"
                    | "our"
            )
        });
        for l in Lang::ALL {
            let st: Vec<String> = w.words.iter().map(|x| l.stem(&x.lower)).collect();
            stems[l.index()] = st.iter().cloned().collect();
            stated[l.index()] = w
                .sentences
                .iter()
                .zip(&w.questions)
                .filter(|(_, q)| !**q)
                .flat_map(|(&(a, b), _)| st[a..b].iter().cloned())
                .collect();
            // Read until one language finds each: the relationship only when the post speaks
            // in the first person; tenure in any statement ("Been with you since 2020" drops
            // the pronoun).
            if tenure && (declares || !first_person) {
                continue;
            }
            let hits = policy.find(l, &w.words, &st);
            tenure |= hits.iter().any(|h| {
                let e = &policy.entries[h.entry];
                e.role == Role::Account
                    && e.class == "tenure"
                    && w.sentences
                        .iter()
                        .zip(&w.questions)
                        .any(|(&(a, b), q)| !*q && a <= h.start && h.end <= b)
            });
            declares |= first_person
                && hits.iter().any(|h| {
                    let e = &policy.entries[h.entry];
                    e.role == Role::Relationship || (e.role == Role::Account && e.class != "claim")
                });
        }
        PostContext {
            stems,
            stated,
            declares_relationship: declares,
            states_tenure: tenure,
        }
    }
}

/// The explanation of one sentence, for `assess --explain`.
#[derive(Debug, Clone)]
pub struct SentenceNote {
    pub start: usize,
    pub end: usize,
    /// The shape the rules saw: `poster`, `company`, `advice`, `question`, `negated`, ...
    pub shape: Vec<&'static str>,
    /// The policy terms the rules read in it, each as its entry's index and its words'
    /// char span; `Assessor::explain` names them ([`TermNote`]).
    pub(crate) hits: Vec<(usize, usize, usize)>,
    /// Filled by `Assessor::explain`: every policy term read in the sentence.
    pub terms: Vec<TermNote>,
}

/// A policy term the rules read in a sentence: the entry (`en.access.verbs`), its role and
/// the words it matched, so an admin sees what a sentence was made of.
#[derive(Debug, Clone)]
pub struct TermNote {
    pub entry: String,
    pub role: &'static str,
    pub start: usize,
    pub end: usize,
}

/// The outcome of the claim rules over one reply.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub claims: Vec<Claim>,
    /// Char spans of sentences shaped as routine (advice, questions, negated practice).
    pub routine_spans: Vec<(usize, usize)>,
    pub notes: Vec<SentenceNote>,
    pub language: Option<&'static str>,
    /// Char spans of sentences shaped as advice (an order, a modal, a condition) that made
    /// no claim, even though they name the poster's own things ("make sure your server
    /// sends the chain"): the older rules' reading of "your site" as a relationship goes.
    pub advice_spans: Vec<(usize, usize)>,
    /// Those of `advice_spans` that give an order (an imperative, or one after a condition),
    /// not only a hedge ("mostly", "usually"): a look at stored data there is the reader's.
    pub order_spans: Vec<(usize, usize)>,
    /// Char spans of sentences whose words of stored data the rules read as naming none:
    /// the company's own ("our logs"), a description ("stored files"), people who act
    /// ("your visitors will see"). The older rules' guess of entrusted data there goes.
    pub no_entrusted_spans: Vec<(usize, usize)>,
}

/// Who the poster is, beyond pronouns: words of their handle and account name.
pub(crate) struct Poster<'a> {
    /// Words of their account name and handle; they name the poster when capitalised
    /// ("Ewa") or written whole ("tinkerer42").
    pub names: &'a [String],
    /// The whole handle, lower case, letters and digits only.
    pub handle: &'a str,
    pub matched: bool,
    /// Char spans of the company's own facts (its name, addresses, phones): not read.
    pub masked: &'a Spans,
    /// Char spans of the company's product names ("Mail Shield"): a word of one names
    /// nobody, and a plan word beside one names the product. Their words are still read as
    /// the policy's: German capitalises every noun, so "Mail" may be a word of the sentence
    /// (elsewhere a capitalised word inside a sentence is already read as a name).
    pub products: &'a Spans,
    /// Char spans of the poster's own values in the reply (account values, hosts, addresses
    /// that are not the company's): "the mail log of shop.example.de" is the poster's log.
    pub owned: &'a Spans,
    /// The reply, for the marks between the pieces of a handle.
    pub reply: &'a str,
}

impl Poster<'_> {
    /// Whether a word of the reply names the poster.
    pub(super) fn names_word(&self, x: &lang::Word) -> bool {
        // An abbreviation ("DNS" for "dns_skeptic") is a term of the trade, not a name; a
        // word of the company's own names ("Mail" in "Mail Shield" for "mail_only") is theirs.
        ((x.lower.len() >= 3 && x.lower == self.handle)
            || (x.capital && !x.acronym && self.names.contains(&x.lower)))
            && !self.masked.overlaps(x.start, x.end)
            && !self.products.overlaps(x.start, x.end)
    }

    /// Whether word `k` names the poster, alone or as a piece of their handle written with
    /// its separators ("harbour_lights", "atelier.mc"): the reader splits those at every
    /// mark, and the handle is kept as its letters and digits.
    pub(super) fn names_at(&self, words: &[lang::Word], k: usize) -> bool {
        if self.names_word(&words[k]) {
            return true;
        }
        if self.handle.len() < 3 {
            return false;
        }
        (k.saturating_sub(3)..=k).any(|s| {
            let mut spelled = String::new();
            for j in s..words.len().min(s + 5) {
                // One mark between the pieces, no space: "tienda pequeña" in a sentence is
                // two words, not "tienda_pequeña".
                if j > s
                    && (words[j].start != words[j - 1].end + 1
                        || self
                            .reply
                            .chars()
                            .nth(words[j - 1].end)
                            .filter(|c| !c.is_whitespace())
                            .is_none())
                {
                    return false;
                }
                spelled.push_str(&words[j].lower);
                if !self.handle.starts_with(spelled.as_str()) {
                    return false;
                }
                if spelled == self.handle {
                    return j > s
                        && j >= k
                        && !self.masked.overlaps(words[s].start, words[j].end)
                        && !self.products.overlaps(words[s].start, words[j].end);
                }
            }
            false
        })
    }
}

/// The reply's language as the claim rules read it: what the detector said, and the
/// languages whose policies apply.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    pub detected: Detected,
    pub langs: Vec<Lang>,
}

/// Whether `reply` reads, by its function words alone, in the language `first` detected: then
/// `read_language` would read it as `first` did, without the detector.
pub(crate) fn reads_as(reply: &str, first: &Reading) -> bool {
    lang::function_word_language(&language_text(reply))
        .is_some_and(|l| first.detected == Detected::Known(l))
}

/// Detects the language of `reply` (split into `w`) and chooses the policies to apply.
pub(crate) fn read_language(reply: &str, w: &Words) -> Reading {
    let text = language_text(reply);
    let reply = text.as_str();
    let detected = match lang::detect(reply) {
        Detected::Other if lang::covered_function_words(w) => Detected::Unsure,
        d => d,
    };
    let langs: Vec<Lang> = match detected {
        Detected::Known(Lang::En) => vec![Lang::En],
        Detected::Known(l) => vec![l, Lang::En],
        Detected::Other => Lang::ALL.to_vec(),
        // Applying every policy to a short reply reads words of one language as terms of
        // another ("discuss" as Spanish "disco"); the letters tell which to add.
        Detected::Unsure => lang::hinted(reply),
    };
    Reading { detected, langs }
}

/// The reply without what carries no language: addresses, hosts, paths, bracketed
/// obfuscations and redaction markers. Their letters only mislead the detector, and a
/// redacted reply must read in the language its original did: "[redacted]@shop.example.de"
/// in place of "jana@shop.example.de" is no new language.
fn language_text(reply: &str) -> String {
    let inner_dot = |chunk: &str| {
        let mut chars = chunk.chars();
        let (mut before, mut dot) = (chars.next(), chars.next());
        chars.any(|c| {
            let found = before.is_some_and(char::is_alphanumeric)
                && dot == Some('.')
                && c.is_alphanumeric();
            (before, dot) = (dot, Some(c));
            found
        })
    };
    reply
        .split_whitespace()
        .filter(|chunk| !(chunk.contains(['@', '[', ']', '/', '\\']) || inner_dot(chunk)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs the claim rules over a reply, given its words (`lang::words`, split from the fold the
/// caller shares with the older rules) and its language (`read_language`).
pub(crate) fn assess(
    policy: &Policy,
    mut w: Words,
    reading: &Reading,
    post: &PostContext,
    poster: &Poster<'_>,
) -> Outcome {
    let in_mask = |s: usize, e: usize| poster.masked.overlaps(s, e);
    for x in w.words.iter_mut() {
        if in_mask(x.start, x.end) {
            x.numeric = false;
        }
    }
    let schedule = schedule_words(&w.words);
    for &k in &schedule {
        w.words[k].numeric = false;
    }
    let w = w;
    let detected = reading.detected;
    let langs = &reading.langs;
    let mut stems: Vec<Vec<String>> = vec![Vec::new(); 4];
    let mut hits: Vec<(Lang, Hit)> = Vec::new();
    let mut found: Vec<(Lang, Vec<Hit>)> = Vec::new();
    for &l in langs {
        stems[l.index()] = w.words.iter().map(|x| l.stem(&x.lower)).collect();
        found.push((l, policy.find(l, &w.words, &stems[l.index()])));
    }
    // Words some language reads as an account term: "SEPA" in "mandato SEPA" is one.
    let account_words: HashSet<usize> = found
        .iter()
        .flat_map(|(_, hs)| hs.iter())
        .filter(|h| policy.entries[h.entry].role == Role::Account)
        .flat_map(|h| h.start..h.end)
        .collect();
    for (l, raw) in found {
        hits.extend(
            raw.into_iter()
                .filter(|h| !in_mask(w.words[h.start].start, w.words[h.end - 1].end))
                // "Monday to Friday, 8:00 to 18:00": a schedule dates no event.
                .filter(|h| {
                    policy.entries[h.entry].role != Role::Date
                        || !(h.start..h.end).all(|k| schedule.contains(&k))
                })
                .filter(|h| {
                    // Product and place names ("Mail Shield") and the poster's own handle
                    // ("surf_keanu") are not vocabulary; German capitalises every noun.
                    let role = policy.entries[h.entry].role;
                    let words = &w.words[h.start..h.end];
                    // In a reply known to be in another language, a word of that language's
                    // own grammar is that language's: Spanish "ya" is no English "you".
                    // German "was" (what), "will" (wants), "also" (so) are no English words.
                    const HOMOGRAPHS: &[(Lang, &[&str])] = &[
                        (Lang::De, &["was", "will", "also", "bin"]),
                        (Lang::Fr, &["son", "sort"]),
                        (Lang::Es, &["son"]),
                    ];
                    if let (Lang::En, Detected::Known(other)) = (l, detected) {
                        let homograph = HOMOGRAPHS
                            .iter()
                            .any(|(x, ws)| *x == other && ws.contains(&words[0].lower.as_str()));
                        if other != Lang::En
                            && words.len() == 1
                            && (lang::is_function_word(other, &words[0].lower) || homograph)
                        {
                            return false;
                        }
                    }
                    // "the login service", "Rate-Limit-Regel", "Support-Hotline", "le service
                    // de facturation": an account word that names the kind of a company's
                    // thing (its service, team, rule) is no fact of anyone's account.
                    if role == Role::Account && words.len() == 1 {
                        let at = |k: usize| w.words.get(k).map_or("", |x| x.lower.as_str());
                        let next = w.words.get(h.end).filter(|x| !x.comma_before);
                        // "reverse DNS", "login API": before an abbreviation it names a
                        // technical thing.
                        let modifier = next.is_some_and(|x| {
                            COMPANY_HEADS.contains(&x.lower.as_str())
                                || (x.acronym && !account_words.contains(&h.end))
                        });
                        let complement = h.start >= 2
                            && matches!(at(h.start - 1), "de" | "d'" | "del" | "des")
                            && COMPANY_HEADS.contains(&at(h.start - 2));
                        // "notre équipe commerciale", "el equipo comercial": French and
                        // Spanish put the adjective after the head it names the kind of.
                        let postposed = matches!(l, Lang::Fr | Lang::Es)
                            && h.start > 0
                            && !words[0].comma_before
                            && COMPANY_HEADS.contains(&at(h.start - 1));
                        if modifier || complement || postposed {
                            return false;
                        }
                    }
                    // "la formule Backup Vault", "the Mail Shield plan": a plan word beside
                    // the name of a product (masked) names the product, not anyone's plan;
                    // "your Web Guard plan" still tells the poster's.
                    if role == Role::Account
                        && policy.entries[h.entry].class == "plan"
                        && words.len() == 1
                    {
                        let masked = |k: usize| {
                            w.words.get(k).is_some_and(|x| {
                                in_mask(x.start, x.end) || poster.products.overlaps(x.start, x.end)
                            })
                        };
                        // Beside it, with no comma between.
                        let after = w.words.get(h.end).is_some_and(|x| !x.comma_before);
                        let named = (after && masked(h.end))
                            || (h.start > 0 && !words[0].comma_before && masked(h.start - 1));
                        let owner = (h.start.saturating_sub(4)..h.start)
                            .any(|k| POSSESSIVES.contains(&w.words[k].lower.as_str()));
                        if named && !owner {
                            return false;
                        }
                    }
                    // "Mail Shield 24 Euro", "the Mail Shield filter": an account word inside
                    // the name of a product is the product's name, no contact or fact of
                    // anyone's. (Entrusted words stay read: "your Backup Vault copy".)
                    if role == Role::Account
                        && policy.entries[h.entry].class != "plan"
                        && words
                            .iter()
                            .all(|x| poster.products.overlaps(x.start, x.end))
                    {
                        return false;
                    }
                    // "The suggestion you made", "on your call", "eine Empfehlung": a word of
                    // advice after an article or a possessive is a noun, which advises nobody.
                    // (Not after "la", "le", "das", "die": they also stand for an object
                    // before a verb, "vous pouvez la supprimer".)
                    if role == Role::Advice
                        && matches!(
                            policy.entries[h.entry].class.as_str(),
                            "modal" | "imperative"
                        )
                        && h.start > 0
                        && !words[0].comma_before
                        && NOUN_MARKERS.contains(&w.words[h.start - 1].lower.as_str())
                    {
                        return false;
                    }
                    // "You should have received the invoice", "you should still have the
                    // discount": a modal of expectation tells what the company knows of the
                    // account, a statement, not advice.
                    if role == Role::Advice
                        && policy.entries[h.entry].class == "modal"
                        && expectation_modal(&w, h.start, h.end)
                    {
                        return false;
                    }
                    // "We tried your number", "we checked": the stem of an order ("try",
                    // "check") in a past tense tells what was done, it advises nothing.
                    if role == Role::Advice
                        && l == Lang::En
                        && words.len() == 1
                        && words[0].lower.len() > 4
                        && words[0].lower.ends_with("ed")
                        && policy.entries[h.entry].class != "formula"
                    {
                        return false;
                    }
                    // "2FA for the admin", "para el técnico": a person the company names
                    // after a preposition is not the one acting.
                    if role == Role::Company
                        && words.len() >= 2
                        && h.start > 0
                        && matches!(
                            w.words[h.start - 1].lower.as_str(),
                            "for"
                                | "to"
                                | "with"
                                | "from"
                                | "of"
                                | "para"
                                | "con"
                                | "de"
                                | "a"
                                | "für"
                                | "mit"
                                | "an"
                                | "zu"
                                | "zum"
                                | "pour"
                                | "avec"
                                | "à"
                        )
                    {
                        return false;
                    }
                    // "no" in "shop.fjordtech.no" is a label of the address.
                    if role == Role::Negation && words.iter().any(|x| x.joined) {
                        return false;
                    }
                    // A number in words dates a sentence only as a duration: "seit vier
                    // Monaten", "depuis trois semaines"; "en dos pasos", "deux domaines" count
                    // things.
                    if role == Role::Date
                        && policy.entries[h.entry].id.ends_with("date.number_words")
                        && l != Lang::En
                        && !words.iter().any(|x| is_time_unit(&x.lower))
                        && !(h.end..(h.end + 2).min(w.words.len()))
                            .any(|k| is_time_unit(&w.words[k].lower))
                    {
                        return false;
                    }
                    // "est documentée", "mal configurado": a participle after a copula or
                    // an adverb says how something is; it names no stored thing.
                    if role == Role::Entrusted
                        && matches!(l, Lang::Fr | Lang::Es)
                        && words.len() == 1
                        && h.start > 0
                        && PARTICIPLE_ENDINGS
                            .iter()
                            .any(|e| words[0].lower.ends_with(e))
                        && matches!(
                            w.words[h.start - 1].lower.as_str(),
                            "est"
                                | "sont"
                                | "était"
                                | "étaient"
                                | "été"
                                | "es"
                                | "está"
                                | "están"
                                | "son"
                                | "era"
                                | "eran"
                                | "sido"
                                | "mal"
                                | "bien"
                                | "muy"
                                | "très"
                        )
                    {
                        return false;
                    }
                    // Money moves only as an amount: "the 49 went out", "los 24 euros que
                    // salen"; "les rapports partent lundi" sends reports.
                    if policy.entries[h.entry].id.ends_with("money_moved")
                        && !(h.start.saturating_sub(7)..h.start).any(|k| w.words[k].numeric)
                    {
                        return false;
                    }
                    // A number is no verb form: "seis" ends like "tenéis".
                    if role == Role::Poster
                        && words
                            .iter()
                            .all(|x| x.numeric || super::numbers::spelled(&x.lower).is_some())
                    {
                        return false;
                    }
                    // French "a été", "ont été": the participle "been", not the summer.
                    if role == Role::Date
                        && words[0].lower == "été"
                        && h.start > 0
                        && FRENCH_AUXILIARIES.contains(&w.words[h.start - 1].lower.as_str())
                    {
                        return false;
                    }
                    matches!(
                        role,
                        Role::Poster | Role::Company | Role::Negation | Role::Date | Role::Advice
                    ) || !(words.iter().all(|x| poster.names.contains(&x.lower))
                        || (l != Lang::De
                            && detected != Detected::Known(Lang::De)
                            && words[0].proper
                            && !words[0].acronym))
                })
                .map(|h| (l, h)),
        );
    }
    if let (true, Some(entry)) = (
        langs.contains(&Lang::De),
        policy.modal_entry[Lang::De.index()],
    ) {
        hits.extend(verb_first_conditions(&w).into_iter().map(|k| {
            (
                Lang::De,
                Hit {
                    entry,
                    start: k,
                    end: k + 1,
                },
            )
        }));
    }
    if let (true, Some(entry)) = (
        langs.contains(&Lang::Es),
        policy.second_person_entry[Lang::Es.index()],
    ) {
        hits.extend(
            gapped_possession(&w)
                .into_iter()
                .chain(usted_by_verb(&w))
                .map(|k| {
                    (
                        Lang::Es,
                        Hit {
                            entry,
                            start: k,
                            end: k + 1,
                        },
                    )
                }),
        );
    }
    let mut out = Outcome {
        language: match detected {
            Detected::Known(l) => Some(l.code()),
            _ => None,
        },
        ..Outcome::default()
    };
    let mut antecedents: Vec<Hit> = Vec::new();
    let mut prior_look = false;
    let mut kept_for_one = false;
    // Sentences follow the text: hits sorted by start are taken sentence by sentence, each
    // sentence's in the order they were found (language by language).
    let mut by_start: Vec<(usize, (Lang, Hit))> = hits.into_iter().enumerate().collect();
    by_start.sort_by_key(|(_, (_, h))| h.start);
    let spans = w
        .sentences
        .iter()
        .enumerate()
        .flat_map(|(si, &(a, b))| windows(a, b).map(move |(a, b)| (si, (a, b))));
    for (si, (a, b)) in spans {
        let from = by_start.partition_point(|(_, (_, h))| h.start < a);
        let to = from + by_start[from..].partition_point(|(_, (_, h))| h.start < b);
        let mut found: Vec<&(usize, (Lang, Hit))> = by_start[from..to]
            .iter()
            .filter(|(_, (_, h))| h.end <= b)
            .collect();
        found.sort_by_key(|(i, _)| *i);
        let mut s = Sentence {
            policy,
            w: &w,
            a,
            b,
            hits: found.into_iter().map(|(_, hit)| *hit).collect(),
            question: w.questions[si] && !presupposes(&w, a, b),
            quoting: w.quoting[si],
            stems: &stems,
            antecedents: std::mem::take(&mut antecedents),
            prior_look,
            rule: false,
            detected,
        };
        let roles: Vec<bool> = s.hits.iter().map(|(_, h)| s.role_in_a_rule(h)).collect();
        let rule = roles.contains(&true);
        s.rule = rule;
        let activity = s.people_activity(&policy.activity_entry);
        s.hits.extend(activity);
        let mut keep = roles.into_iter();
        s.hits.retain(|_| !keep.next().unwrap_or(false));
        let claims_before = out.claims.len();
        s.judge(post, poster, detected, &mut out);
        if out.claims.len() == claims_before && s.advice_shaped() {
            out.advice_spans.push(s.span());
            if s.opens_with_imperative() || (s.a..s.b).any(|i| s.condition_word(i)) {
                out.order_spans.push(s.span());
            }
        }
        if s.has(Role::Entrusted) && s.entrusted_objects().is_empty() {
            out.no_entrusted_spans.push(s.span());
        }
        // A rule that names only a role ("only the account holder can ...") and made no claim
        // lets the older rules' findings in it go, as a sentence naming nobody does.
        // So does a rule told as how things work for everyone ("invoices are issued on the
        // 2nd of every month and sent to the billing address on file"), and an access bound
        // to a condition ("your backups will only be restored when you request it").
        let restricted = s.of(Role::Access).any(|(_, h)| s.restricted(h))
            && !s.of(Role::Account).any(|(_, h)| {
                matches!(
                    s.entry(h).class.as_str(),
                    "billing" | "plan" | "tenure" | "account_fact"
                )
            });
        // The access bound to a condition may name the poster as the one asking ("when you
        // request it"): that asks nothing of their account.
        if out.claims.len() == claims_before
            && (restricted
                || ((rule
                    || (s.habitual()
                        && s.entrusted_objects()
                            .iter()
                            .all(|h| s.inside_longer_term(h))))
                    && s.poster(poster).is_none()))
        {
            out.routine_spans.push(s.span());
        }
        // A pronoun in the next statement may stand for what this one named: "the dump you
        // left on the server: we opened it".
        // What a statement names stays in view through one more statement that names nothing
        // stored: "the backup is complete, the page is in it: we checked".
        let named: Vec<Hit> = s.entrusted_objects().into_iter().copied().collect();
        if !named.is_empty() || kept_for_one {
            kept_for_one = false;
            antecedents = named;
        } else {
            antecedents = std::mem::take(&mut s.antecedents);
            kept_for_one = true;
        }
        prior_look = s.objectless_look();
    }
    out
}

/// A question whether the reader forgot or knows that something happened takes it as true:
/// "Did you forget you downgraded in May?", "Haben Sie vergessen, dass Sie ...?", "¿Olvidó
/// que bajó de plan?". It tells what it asks about. Only a clause after the verb counts
/// ("that", "dass", "que", or the reader as its subject): "Did you forget your password?"
/// asks.
/// A modal of expectation at `m..m_end`: "should", "müssten", "devriez", "debería" over a
/// perfect ("should have received", "erhalten haben", "avoir reçu", "haber recibido") or over
/// a state that lasts ("should still have", "noch haben", "encore avoir", "seguir teniendo").
/// Advice orders an act ("you should enable 2FA"); an expectation states what the company
/// believes is the case for the account.
fn expectation_modal(w: &lang::Words, m: usize, m_end: usize) -> bool {
    const MODALS: &[&str] = &[
        "should",
        "ought",
        "must",
        "sollte",
        "sollten",
        "solltest",
        "müsste",
        "müssten",
        "müsstest",
        "dürfte",
        "dürften",
        "devriez",
        "devrait",
        "devrais",
        "devraient",
        "doit",
        "devez",
        "debería",
        "deberías",
        "deberían",
        "debe",
        "debes",
        "tendría",
        "tendrías",
    ];
    const AUX: &[&str] = &["have", "haben", "sein", "avoir", "être", "haber"];
    // Persistence, not "already": "you should already have a backup" still advises.
    const LASTING: &[&str] = &[
        "still",
        "noch",
        "weiterhin",
        "encore",
        "toujours",
        "todavía",
        "aún",
        "seguir",
    ];
    const STATE: &[&str] = &[
        "have",
        "be",
        "see",
        "show",
        "haben",
        "sein",
        "sehen",
        "avoir",
        "être",
        "voir",
        "tener",
        "estar",
        "ver",
        "teniendo",
        "viendo",
        "disfrutando",
    ];
    const IRREGULAR: &[&str] = &[
        "got", "gotten", "seen", "been", "had", "done", "made", "sent", "paid", "given", "taken",
        "heard", "told", "found", "known", "shown", "left", "kept", "bought",
    ];
    let words = &w.words;
    if !MODALS.contains(&words[m].lower.as_str()) {
        return false;
    }
    let end = w
        .sentences
        .iter()
        .find(|&&(a, b)| a <= m && m < b)
        .map_or(words.len(), |s| s.1);
    let clause_end = (m_end..end)
        .find(|&k| k > m_end && words[k].comma_before)
        .unwrap_or(end)
        .min(m_end + 10);
    let participle = |k: usize| {
        let x = &words[k];
        let v = x.lower.as_str();
        let n = v.chars().count();
        !x.capital
            && n > 2
            && (IRREGULAR.contains(&v)
                || (n > 4 && v.ends_with("ed"))
                || [
                    "é", "ée", "és", "ées", "u", "ue", "us", "is", "it", "ado", "ido", "cho", "sto",
                ]
                .iter()
                .any(|e| v.ends_with(e)))
    };
    let mut lasting = false;
    for k in m_end..clause_end {
        let v = words[k].lower.as_str();
        if LASTING.contains(&v) {
            lasting = true;
        }
        if lasting && STATE.contains(&v) {
            return true;
        }
        if AUX.contains(&v) {
            // German puts the participle before its auxiliary: "erhalten haben".
            let german = matches!(v, "haben" | "sein");
            let part = if german {
                k > m_end && {
                    let x = &words[k - 1];
                    !x.capital && (x.lower.ends_with('t') || x.lower.ends_with("en"))
                }
            } else {
                k + 1 < clause_end && participle(k + 1)
            };
            if part {
                return true;
            }
        }
    }
    false
}

fn presupposes(w: &lang::Words, a: usize, b: usize) -> bool {
    const VERBS: &[&str] = &[
        "forget",
        "forgot",
        "forgotten",
        "remember",
        "realise",
        "realize",
        "recall",
        "vergessen",
        "erinnern",
        "oublié",
        "oubliez",
        "oublie",
        "rappelez",
        "souvenez",
        "olvidó",
        "olvidado",
        "olvida",
        "olvidaste",
        "recuerda",
        "recuerdas",
        "acuerda",
        "acuerdas",
    ];
    const CLAUSE: &[&str] = &[
        "that", "you", "dass", "sie", "que", "qu'", "vous", "usted", "tu", "du",
    ];
    (a..b).any(|k| {
        VERBS.contains(&w.words[k].lower.as_str())
            && (k + 1..(k + 3).min(b)).any(|i| CLAUSE.contains(&w.words[i].lower.as_str()))
    })
}

/// Spanish verbs of holding a plan or service, or of putting one's things somewhere, in the
/// third person (usted) and the second.
const HOLDING_VERBS: &[&str] = &[
    "tiene",
    "tienes",
    "tenéis",
    "tenía",
    "tenías",
    "usa",
    "usas",
    "paga",
    "pagas",
    "lleva",
    "llevas",
    "contrató",
    "contrataste",
    // What the poster did with their things: "el volcado que subió en junio".
    "subió",
    "subiste",
    "dejó",
    "dejaste",
    "guardó",
    "guardaste",
    "cargó",
    "cargaste",
    "creó",
    "creaste",
];

/// What may follow a verb that has no object of its own: a negation or an adverb of the main
/// clause, a preposition, or a participle ("que tiene contratado").
const GAP_FOLLOWERS: &[&str] = &[
    "no",
    "nunca",
    "ya",
    "ahora",
    "actualmente",
    "todavía",
    "aún",
    "desde",
    "hoy",
    "hace",
    "en",
    "con",
    "para",
    "ni",
    "también",
    "solo",
    "sólo",
    "usted",
    "ustedes",
];

/// Spanish drops the subject pronoun: in "la tarifa que tiene no lo incluye" nothing follows
/// "tiene" as its object, so the relative clause's subject is usted, the poster: "the plan
/// you have". "el plan que tiene cortafuegos" has its object and says what a plan includes.
/// Returns the verbs' word indexes.
pub(super) fn gapped_possession(w: &lang::Words) -> Vec<usize> {
    let mut out = Vec::new();
    for &(a, b) in &w.sentences {
        for k in (a + 1)..b {
            let words = &w.words;
            if words[k - 1].lower != "que" || !HOLDING_VERBS.contains(&words[k].lower.as_str()) {
                continue;
            }
            let gap = k + 1 == b || {
                let next = &words[k + 1];
                next.comma_before
                    || GAP_FOLLOWERS.contains(&next.lower.as_str())
                    || PARTICIPLE_ENDINGS.iter().any(|e| next.lower.ends_with(e))
            };
            if gap {
                out.push(k);
            }
        }
    }
    out
}

/// German puts a condition's verb first, without "wenn": "Schlägt eine Kartenzahlung fehl,
/// wird sie ... wiederholt", "Läuft ein Paket aus, bleiben die Daten ...". A statement (no
/// question) that opens with a word other than a greeting or a connective, has an article
/// or a pronoun second, and whose next clause opens with a verb (a lower-case word that is
/// no article, pronoun or connective) is such a condition. Returns the opening verbs' word
/// indexes.
pub(super) fn verb_first_conditions(w: &lang::Words) -> Vec<usize> {
    const SECOND: &[&str] = &[
        "ein", "eine", "einer", "einen", "einem", "der", "die", "das", "dein", "deine", "ihr",
        "ihre", "sie", "es", "man", "jemand", "etwas", "kein", "keine", "ihnen", "dir", "du",
        "dem", "den",
    ];
    const NOT_VERBS: &[&str] = &[
        "bitte",
        "danke",
        "hallo",
        "leider",
        "gerne",
        "gern",
        "vielen",
        "herzlichen",
        "liebe",
        "lieber",
        "sehr",
        "guten",
        "hi",
        "moin",
        "servus",
        "ja",
        "nein",
        "also",
        "dann",
        "aber",
        "und",
        "oder",
        "nur",
        "auch",
        "noch",
        "schon",
        "genau",
        "klar",
        "gut",
        "okay",
        "ok",
        "prima",
        "super",
        "schade",
        "tipp",
        "hinweis",
        "wichtig",
        "achtung",
        "übrigens",
        "kurz",
        "zum",
        "zur",
        "mit",
        "für",
        "bei",
        "nach",
        "seit",
        "im",
        "am",
        "in",
        "auf",
        "zu",
        "von",
        "als",
        "da",
        "so",
        "wie",
        "was",
        "wer",
        "wo",
        "wann",
        "warum",
        "hier",
        "dort",
        "jetzt",
        "heute",
        "sonst",
        "denn",
        "weil",
        "dass",
        "ob",
        "wenn",
        "falls",
        "sobald",
        "nachdem",
        "bevor",
        "während",
        "um",
        "über",
        "unter",
        "vor",
        "ohne",
        "gegen",
        "durch",
        "aus",
        "der",
        "die",
        "das",
        "ein",
        "eine",
        "wir",
        "ich",
        "sie",
        "es",
        "er",
        "man",
        "ihr",
        "du",
        "unser",
        "unsere",
        "dein",
        "deine",
        "ihre",
        "kein",
        "keine",
        "dieser",
        "diese",
        "dieses",
        "jeder",
        "jede",
        "jedes",
        "alle",
        "viele",
        "manche",
        "einige",
        "beide",
        "sowohl",
    ];
    let words = &w.words;
    let mut out = Vec::new();
    for (si, &(a, b)) in w.sentences.iter().enumerate() {
        if w.questions[si] || b < a + 4 {
            continue;
        }
        let first = words[a].lower.as_str();
        if NOT_VERBS.contains(&first)
            || words[a].numeric
            || !SECOND.contains(&words[a + 1].lower.as_str())
        {
            continue;
        }
        // The main clause after the condition opens with its verb.
        let main_verb = (a + 2..b)
            .find(|&k| words[k].comma_before)
            .is_some_and(|k| {
                let x = &words[k];
                !x.capital && !x.numeric && !NOT_VERBS.contains(&x.lower.as_str())
            });
        if main_verb {
            out.push(a);
        }
    }
    out
}

/// Spanish verbs of having and using a plan or service in the third person singular, which
/// is also the form of "usted": "dispone de", "cuenta con", "pagó".
const USTED_VERBS: &[&str] = &[
    "tiene",
    "tenía",
    "dispone",
    "disponía",
    "cuenta",
    "usa",
    "usaba",
    "utiliza",
    "paga",
    "pagaba",
    "lleva",
    "mantiene",
    "recibe",
    "contrató",
    "pagó",
    "eligió",
    "renovó",
    "canceló",
    "bajó",
    "cambió",
];

/// Spanish drops "usted" too: in a reply that speaks to the poster as "usted" ("su reseña"),
/// a verb of having or using that opens a clause with no subject before it is the poster's:
/// "Como tiene el plan más pequeño, ...", "..., dispone además de un gestor". A noun before
/// it ("el plan Pro dispone de") is its subject. Returns the verbs' word indexes.
pub(super) fn usted_by_verb(w: &lang::Words) -> Vec<usize> {
    const OPENERS: &[&str] = &[
        "como",
        "ya",
        "además",
        "también",
        "porque",
        "pues",
        "y",
        "pero",
        "ahora",
        "actualmente",
        "todavía",
        "aún",
    ];
    // "ya que", "puesto que", "dado que", "así que": the conjunction, not a relative "que".
    const BEFORE_QUE: &[&str] = &["ya", "puesto", "dado", "así"];
    let words = &w.words;
    // A question that opens with a verb asks the reader: "¿Olvidó que ...?", "¿Recuerda ...?".
    let asks = w.sentences.iter().enumerate().any(|(si, &(a, b))| {
        w.questions[si]
            && b > a
            && (words[a].lower.ends_with('ó')
                || matches!(
                    words[a].lower.as_str(),
                    "recuerda" | "sabe" | "tiene" | "olvida"
                ))
    });
    let addressed = asks
        || words
            .iter()
            .any(|x| matches!(x.lower.as_str(), "usted" | "ustedes" | "su" | "sus"));
    if !addressed {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &(a, b) in &w.sentences {
        for k in a..b {
            if !USTED_VERBS.contains(&words[k].lower.as_str()) {
                continue;
            }
            let word = |i: usize| words[i].lower.as_str();
            // "¿Olvidó que bajó de plan?": the clause of a verb of knowing is the reader's too.
            let known = |i: usize| {
                matches!(
                    word(i),
                    "olvidó" | "olvida" | "recuerda" | "sabe" | "sabía" | "dijo" | "comentó"
                )
            };
            let opens = k == a
                || words[k].comma_before
                || OPENERS.contains(&word(k - 1))
                || (word(k - 1) == "que"
                    && k >= a + 2
                    && (BEFORE_QUE.contains(&word(k - 2)) || known(k - 2)));
            if opens {
                out.push(k);
            }
        }
    }
    out
}

/// The longest run of words the rules judge at once. A sentence is a few dozen words; a
/// longer one (a list run together, a pasted log) is judged in runs of this many words, each
/// overlapping the next by half, so two words within half a run of each other are always
/// judged together, and the cost of a sentence stays linear in its words.
const MAX_SENTENCE_WORDS: usize = 256;

/// The runs of words `[a, b)` is judged in: itself, when short enough.
fn windows(a: usize, b: usize) -> impl Iterator<Item = (usize, usize)> {
    let step = MAX_SENTENCE_WORDS / 2;
    let last = if b - a <= MAX_SENTENCE_WORDS {
        a
    } else {
        // The last run ends at `b`.
        a + (b - a - MAX_SENTENCE_WORDS).div_ceil(step) * step
    };
    (a..=last)
        .step_by(step)
        .map(move |s| (s, (s + MAX_SENTENCE_WORDS).min(b)))
}

struct Sentence<'a> {
    policy: &'a Policy,
    w: &'a Words,
    a: usize,
    b: usize,
    hits: Vec<(Lang, Hit)>,
    question: bool,
    quoting: bool,
    stems: &'a [Vec<String>],
    /// Entrusted objects the statement before named, which a pronoun here may stand for.
    antecedents: Vec<Hit>,
    /// The statement before told the company's look at nothing named ("We checked."), so
    /// what this one says of the poster's data is what the look saw.
    prior_look: bool,
    /// The sentence names a role in a rule ("until the customer deletes them"): its
    /// durations are the rule's terms, not an account's dates.
    rule: bool,
    /// The reply's language, as the detector read it.
    detected: Detected,
}

/// Object pronouns that stand for a thing named before: "we opened it", "wir haben sie
/// durchgesehen", "nous les avons parcourues", "los hemos revisado".
/// Quantities stand for them too: "we opened a couple", "ein paar davon", "quelques-uns".
const OBJECT_PRONOUNS: &[&str] = &[
    // "we restored the one from Monday", "nous avons restauré celle de lundi".
    "one",
    "ones",
    "celle",
    "celui",
    "celles",
    "ceux",
    "it",
    "them",
    "those",
    "these",
    "es",
    "ihn",
    "sie",
    "diese",
    "diesen",
    "darin",
    "hinein",
    "rein",
    "le",
    "la",
    "les",
    "l'",
    "y",
    "lo",
    "los",
    "las",
    "couple",
    "few",
    "some",
    "several",
    "paar",
    "einige",
    "mehrere",
    "davon",
    "quelques",
    "plusieurs",
    "certains",
    "algunos",
    "algunas",
    "varios",
    "varias",
];

/// Possessives of the second person: the poster as the owner of a thing, not as a subject.
const POSSESSIVES: &[&str] = &[
    "your", "yours", "ur", "dein", "deine", "deinen", "deinem", "deiner", "deines", "ihr", "ihre",
    "ihren", "ihrem", "ihrer", "ihres", "euer", "eure", "euren", "eurem", "eurer", "votre", "vos",
    "ton", "ta", "tes", "tu", "tus", "su", "sus", "yr", "vuestro", "vuestra", "vuestros",
    "vuestras",
];

/// Words after which a word is a noun: articles that are never pronouns, and possessives.
const NOUN_MARKERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "your", "our", "my", "his", "their", "its", "ein",
    "eine", "einen", "einem", "einer", "eines", "ihre", "ihren", "ihrem", "ihrer", "ihres",
    "unser", "unsere", "unseren", "unserem", "unserer", "dein", "deine", "deinen", "deinem",
    "deiner", "un", "une", "votre", "vos", "notre", "nos", "ton", "ta", "tes", "una", "su", "sus",
    "tu", "tus", "nuestro", "nuestra", "nuestros", "nuestras",
];

/// Possessives of the company: "our logs", "unsere Server" are its own data.
const OUR: &[&str] = &[
    "our", "unsere", "unseren", "unserem", "unserer", "unser", "notre", "nos", "nuestro",
    "nuestra", "nuestros", "nuestras",
];

/// Words of place before a system: what is "on your server" is its content.
const PLACES: &[&str] = &[
    "on", "in", "inside", "from", "onto", "auf", "im", "vom", "von", "aus", "sur", "dans", "du",
    "en", "del", "dentro",
];

/// Words that open a condition: what follows is a case, not a statement.
const CONDITIONS: &[&str] = &[
    "if", "when", "whenever", "once", "unless", "wenn", "falls", "sobald", "si", "s'", "quand",
    "lorsque", "cuando", "caso",
];

/// Endings of French and Spanish past participles.
const PARTICIPLE_ENDINGS: &[&str] = &[
    "é", "és", "ée", "ées", "ado", "ados", "ada", "adas", "ido", "idos", "ida", "idas",
];

/// Past forms of what people do online: visit, open, browse, search, type, enter, click,
/// download, submit, order, in the four languages.
fn activity_verb(w: &str) -> bool {
    const VERBS: &[&str] = &[
        "visited",
        "opened",
        "browsed",
        "searched",
        "typed",
        "entered",
        "clicked",
        "downloaded",
        "submitted",
        "ordered",
        "bought",
        "looked",
        "viewed",
        "streamed",
        "besucht",
        "geöffnet",
        "aufgerufen",
        "angesurft",
        "gesucht",
        "eingetippt",
        "eingegeben",
        "getippt",
        "geklickt",
        "angeklickt",
        "heruntergeladen",
        "bestellt",
        "gekauft",
        "angesehen",
        "angeschaut",
        "visité",
        "visités",
        "visitées",
        "ouvert",
        "ouverts",
        "ouvertes",
        "consulté",
        "consultés",
        "consultées",
        "cherché",
        "recherché",
        "tapé",
        "tapés",
        "saisi",
        "saisis",
        "saisies",
        "cliqué",
        "téléchargé",
        "téléchargés",
        "commandé",
        "acheté",
        "visitaron",
        "visitó",
        "abrieron",
        "abrió",
        "consultaron",
        "consultó",
        "buscaron",
        "buscó",
        "teclearon",
        "tecleó",
        "escribieron",
        "escribió",
        "introdujeron",
        "introdujo",
        "pulsaron",
        "descargaron",
        "descargó",
        "compraron",
        "compró",
        "pidieron",
        "pidió",
        "navegaron",
        // The imperfect and the progressive: what they kept doing.
        "visiting",
        "browsing",
        "searching",
        "typing",
        "clicking",
        "downloading",
        "besuchte",
        "besuchten",
        "öffnete",
        "öffneten",
        "suchte",
        "suchten",
        "surfte",
        "surften",
        "klickte",
        "klickten",
        "visitait",
        "visitaient",
        "consultait",
        "consultaient",
        "cherchait",
        "cherchaient",
        "naviguait",
        "naviguaient",
        "téléchargeait",
        "visitaba",
        "visitaban",
        "consultaba",
        "consultaban",
        "buscaba",
        "buscaban",
        "navegaba",
        "navegaban",
        "descargaba",
        "descargaban",
    ];
    VERBS.contains(&w)
}

/// What people do online as a habit, in the present ("vos employés consultent", "sus
/// empleados navegan", "Ihre Leute surfen"), and time spent online ("spends hours on"). These
/// forms say as much of a budget or a plan ("your budget is spent"), so they count only with
/// a word for people between the owner and the verb. English "visit" is also an order.
fn habit_verb(w: &str) -> bool {
    const VERBS: &[&str] = &[
        "besuchen",
        "surfen",
        "öffnen",
        "visitent",
        "consultent",
        "cherchent",
        "naviguent",
        "surfent",
        "téléchargent",
        "visitan",
        "consultan",
        "buscan",
        "navegan",
        "descargan",
        // Time spent online: "someone in your office spends hours on YouTube".
        "spend",
        "spends",
        "spent",
        "verbringt",
        "verbringen",
        "verbrachte",
        "verbrachten",
        "passent",
        "passaient",
        "pasan",
        "pasaban",
    ];
    VERBS.contains(&w)
}

/// Words of "every": what is told of every plan or package is a rule of the product.
const EVERY: &[&str] = &[
    "every", "each", "all", "jede", "jeder", "jedes", "alle", "chaque", "tous", "toutes", "cada",
    "todos", "todas",
];

/// Words of installing software, by their stems: "installed", "installiert(en)",
/// "installé(e)s", "instalado(s)".
const INSTALLED: &[&str] = &["installed", "installiert", "installé", "instalad"];

/// "Still": what is still so was so before and is now, for one thing in particular.
const STILL: &[&str] = &[
    "still", "noch", "toujours", "encore", "todavía", "aún", "sigue", "siguen",
];

/// "Now": a state at this moment, of one thing in particular.
const NOW: &[&str] = &[
    "now",
    "currently",
    "jetzt",
    "derzeit",
    "aktuell",
    "momentan",
    "maintenant",
    "actuellement",
    "ahora",
    "actualmente",
];

/// Adverbs of how things usually go: what they qualify is told of anyone, on any day.
const USUALLY: &[&str] = &[
    "usually",
    "always",
    "normally",
    "typically",
    "generally",
    "normalerweise",
    "meistens",
    "immer",
    "üblicherweise",
    "généralement",
    "toujours",
    "habituellement",
    "normalement",
    "normalmente",
    "siempre",
    "generalmente",
    "suele",
    // What the product does by itself it does for everyone.
    "automatically",
    "automatisch",
    "automatiquement",
    "automáticamente",
];

/// Words of a unit of time, in the four languages: what makes a number a duration.
fn is_time_unit(w: &str) -> bool {
    const UNITS: &[&str] = &[
        "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
        "year", "years", "decade", "decades", "minuten", "stunde", "stunden", "tag", "tage",
        "tagen", "woche", "wochen", "monat", "monate", "monaten", "jahr", "jahre", "jahren",
        "heure", "heures", "jour", "jours", "semaine", "semaines", "mois", "an", "ans", "année",
        "années", "minuto", "minutos", "hora", "horas", "día", "días", "semana", "semanas", "mes",
        "meses", "año", "años",
    ];
    UNITS.contains(&w)
}

/// Forms of French "avoir" that make "été" the participle of "être".
const FRENCH_AUXILIARIES: &[&str] = &[
    "a", "ai", "as", "avons", "avez", "ont", "avait", "avaient", "aurait", "auraient", "aura",
    "ayant",
];

/// Indefinite articles among the determiners.
const INDEFINITE: &[&str] = &[
    "a", "an", "one", "un", "une", "ein", "eine", "einen", "einem", "einer", "una", "uno",
];

/// Nouns of the company's own things (services, teams, lines, rules): an account word right
/// before one ("the login service", "rate limit") or after one and "de" ("le service de
/// facturation") names its kind.
const COMPANY_HEADS: &[&str] = &[
    "service",
    "services",
    "system",
    "systems",
    "team",
    "teams",
    "department",
    "desk",
    "hotline",
    "line",
    "portal",
    "platform",
    "limit",
    "limits",
    "limiting",
    "rule",
    "rules",
    "regel",
    "regeln",
    "dienst",
    "dienste",
    "abteilung",
    "servicio",
    "servicios",
    "sistema",
    "equipo",
    "departamento",
    "límite",
    "regla",
    "système",
    "équipe",
    "règle",
    "limite",
    "plateforme",
    "plataforma",
    "plattform",
];

/// Quantifiers the policy lists among the modals for generic statements ("many customers
/// ask"); right before a noun they count it.
const QUANTIFIERS: &[&str] = &[
    "many", "most", "viele", "vielen", "meisten", "beaucoup", "plupart", "muchos", "muchas",
    "mayoría",
];

/// Modals of the future: "you will be charged" states a fact, it advises nothing.
const FUTURE: &[&str] = &[
    "will", "going", "soon", "shall", "wird", "werden", "va", "vais", "va a",
];

/// Subject pronouns of the second person: a modal beside one advises the poster.
const SUBJECT_PRONOUNS: &[&str] = &[
    "you", "u", "ya", "sie", "du", "ihr", "vous", "tu", "usted", "ustedes", "tú", "vos", "vosotros",
];

/// Modals that carry the second person themselves (pro-drop languages).
const SECOND_PERSON_MODALS: &[&str] = &[
    "puedes",
    "podéis",
    "podés",
    "pouvez",
    "peux",
    "devriez",
    "devrais",
    "kannst",
    "solltest",
    "musst",
    "könnt",
    "deberías",
    "debes",
    "tienes que",
];

/// Words that may stand before an imperative verb: "please check", "just move it".
const BEFORE_IMPERATIVE: &[&str] = &[
    "please",
    "just",
    "then",
    "and",
    "so",
    "also",
    "now",
    "first",
    "simply",
    "bitte",
    "einfach",
    "dann",
    "puis",
    "ensuite",
    "alors",
    "merci",
    "de",
    "por",
    "favor",
    "luego",
    "solo",
    "y",
    "et",
    "und",
    "pls",
    "plz",
    "short",
    "version",
    "tip",
    "ps",
    "or",
    "oder",
    "ou",
    "o",
    "to",
    // Steps of a sequence: "Next, ...", "Zuerst ...", "Enfin, ...", "Después, ...".
    "next",
    "second",
    "third",
    "finally",
    "lastly",
    "afterwards",
    "zuerst",
    "zunächst",
    "danach",
    "anschließend",
    "schließlich",
    "abschließend",
    "d'",
    "abord",
    "enfin",
    "premièrement",
    "primero",
    "después",
    "finalmente",
    "segundo",
    "además",
];

/// Words of a schedule: a range of weekdays or of clock times ("Monday to Friday", "8:00 to
/// 18:00", "lundi au vendredi de 8 h à 18 h", "Mo-Fr 9-17 Uhr", "24/7"). Opening hours are a
/// standing fact of the company, not the date or number of anyone's event.
fn schedule_words(words: &[lang::Word]) -> HashSet<usize> {
    const WEEKDAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "mo",
        "di",
        "mi",
        "do",
        "fr",
        "sa",
        "so",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    const LINKS: &[&str] = &[
        "to", "until", "till", "through", "bis", "au", "à", "a", "hasta",
    ];
    const HOUR_MARKS: &[&str] = &["h", "uhr", "am", "pm", "hrs", "horas", "heures"];
    let hour = |k: usize| -> Option<usize> {
        // The words of one clock time starting at `k`, if it is one: "8", "8:00", "18 h".
        let x = words.get(k)?;
        let v: u32 = x.lower.parse().ok()?;
        if v > 24 {
            return None;
        }
        match words.get(k + 1) {
            Some(m) if m.lower.len() == 2 && m.lower.chars().all(|c| c.is_ascii_digit()) => Some(2),
            Some(m) if HOUR_MARKS.contains(&m.lower.as_str()) => Some(2),
            _ => Some(1),
        }
    };
    let mut out = HashSet::new();
    for k in 0..words.len() {
        let w = words[k].lower.as_str();
        // "24/7": always open.
        if w == "24" && words.get(k + 1).is_some_and(|x| x.lower == "7") {
            out.extend([k, k + 1]);
        }
        if WEEKDAYS.contains(&w) {
            if let Some(j) = (k + 1..(k + 3).min(words.len()))
                .find(|&j| WEEKDAYS.contains(&words[j].lower.as_str()))
            {
                if (k + 1..j).all(|i| LINKS.contains(&words[i].lower.as_str())) {
                    out.extend(k..=j);
                }
            }
        }
        if let Some(n) = hour(k) {
            // A link word, or none ("9-17": the dash is no word), then another time.
            let after = k + n;
            let next = if words
                .get(after)
                .is_some_and(|x| LINKS.contains(&x.lower.as_str()))
            {
                after + 1
            } else {
                after
            };
            if next > after || n == 2 {
                if let Some(m) = hour(next) {
                    out.extend(k..next + m);
                }
            }
        }
    }
    out
}

/// Auxiliaries of a past passive: "was found", "wurde gefunden", "a été constaté", "fue
/// detectado".
const PAST_PASSIVE: &[&str] = &[
    "was", "were", "been", "got", "wurde", "wurden", "worden", "été", "fue", "fueron",
];

/// Words for the company's customers as a class ("for new and existing customers", "pour nos
/// clients"): a sentence about them is about no one customer.
const CUSTOMERS: &[&str] = &[
    "customers",
    "clients",
    "users",
    "kunden",
    "kundinnen",
    "neukunden",
    "bestandskunden",
    "nutzer",
    "clientes",
    "usuarios",
    "utilisateurs",
];

/// Channels of a private conversation with the company: what happened in one is contact
/// history ("our answer in the ticket", "sorry we missed your call"), unlike the post itself
/// ("thanks for your message").
const CHANNEL: &[&str] = &[
    "ticket",
    "tickets",
    "chat",
    "call",
    "calls",
    "phone",
    "email",
    "e-mail",
    "anruf",
    "telefonat",
    "telefon",
    "appel",
    "téléphone",
    "courriel",
    "llamada",
    "teléfono",
    "correo",
];

/// Past forms and participles of what the company does to an account that do not end in
/// "-ed": "we took the amount twice", "we sent the reminder", "hemos devuelto el cargo".
const COMPANY_PAST: &[&str] = &[
    "took",
    "taken",
    "sent",
    "paid",
    "made",
    "gave",
    "given",
    "put",
    "set",
    "kept",
    "held",
    "got",
    "gotten",
    "brought",
    "cut",
    "split",
    "wrote",
    "written",
    "undid",
    "undone",
    "withdrew",
    "withdrawn",
    "hecho",
    "puesto",
    "vuelto",
    "devuelto",
    "escrito",
    "abierto",
    "fait",
    "mis",
    "pris",
    "remis",
    "repris",
    "écrit",
];

/// Verbs of a search's result, by their start in the four languages: "we did not find"
/// still searched.
const FINDING: &[&str] = &[
    "find",
    "found",
    "detect",
    "notic",
    "spot",
    "discover",
    "uncover",
    "encontr",
    "hall",
    "descubr",
    "trouv",
    "détect",
    "découv",
    "remarqu",
    "constat",
    "repér",
    "fand",
    "gefunden",
    "entdeck",
    "festgestellt",
    "bemerk",
];

/// Verbs of seeing, by their start: with `FINDING`, the results of a look.
const SEEING: &[&str] = &[
    "see",
    "saw",
    "seen",
    "sah",
    "gesehen",
    "aufgefallen",
    "vu",
    "voir",
    "vimos",
    "visto",
    "notamos",
    "observ",
];

/// Negations of a noun ("no invoices", "keine offenen Posten", "aucun blocage"), not of a
/// verb.
const NOUN_NEGATORS: &[&str] = &[
    "no", "nothing", "none", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nichts",
    "aucun", "aucune", "rien", "ningún", "ninguna", "ninguno", "nada",
];

/// "no access", "keinen Zugriff", "aucun accès": a negated noun that is the company's access
/// itself, so the negation states a practice as a verb's would.
const ACCESS_NOUNS: &[&str] = &[
    "access",
    "insight",
    "visibility",
    "zugriff",
    "zugang",
    "einblick",
    "einsicht",
    "zugriffe",
    "accès",
    "acceso",
    "accesos",
];

/// Words that make a noun definite or counted, in the four languages.
const DETERMINERS: &[&str] = &[
    // Article and preposition in one word: "beim Anruf", "vom Montag", "au rappel", "del pago".
    "beim",
    "vom",
    "zum",
    "zur",
    "au",
    "aux",
    "del",
    "al",
    "the",
    "this",
    "that",
    "a",
    "an",
    "one",
    "first",
    "second",
    "third",
    "last",
    "latest",
    "previous",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "letzte",
    "letzten",
    "erste",
    "zweite",
    "le",
    "la",
    "les",
    "l'",
    "un",
    "une",
    "dernier",
    "dernière",
    "premier",
    "première",
    "seconde",
    "el",
    "los",
    "las",
    "una",
    "último",
    "última",
    "primer",
    "primera",
    "segundo",
    "segunda",
];

impl Sentence<'_> {
    fn of(&self, role: Role) -> impl Iterator<Item = &(Lang, Hit)> {
        self.hits
            .iter()
            .filter(move |(_, h)| self.policy.entries[h.entry].role == role)
    }

    /// The company looked, and the statement names nothing it looked at: "We checked.",
    /// "Wir haben reingeschaut:".
    fn objectless_look(&self) -> bool {
        // "Das lesen wir mit Bedauern", "we've read it": what a reply reads without naming it
        // is the post.
        const READING: &[&str] = &[
            "read", "lesen", "lese", "liest", "gelesen", "lu", "lire", "lisons", "leer", "leído",
            "leemos",
        ];
        self.has(Role::Company)
            && !self.question
            && !self.opens_with_imperative()
            && self.entrusted_objects().is_empty()
            // "Si un jour vous en avez besoin, nous pouvons récupérer ...": a look offered
            // under a condition or a modal has not happened.
            && !(self.a..self.b).any(|i| self.condition_word(i))
            && !self
                .of(Role::Advice)
                .any(|(_, h)| self.entry(h).class == "modal")
            && self.of(Role::Access).any(|(_, h)| {
                !READING.contains(&self.w.words[h.start].lower.as_str())
                    && !self.our_activity(h)
                    && self.entry(h).class != "kept"
                    && !self.negated_at(h.start)
                    && !self.german_negated_after(h)
                    && !self.advised_at(h.start)
            })
    }

    /// The entrusted objects the sentence names, without the company's own data: "our logs",
    /// "our access logs", "unsere Server-Logs" (the possessive may stand one word off).
    /// Records of the poster's traffic ("our DNS logs", class `activity`) stay entrusted
    /// when the sentence names the poster: "a machine on your network".
    /// A system that holds data (class `container`: "server", "Rechner") stands for its
    /// content only after a word of place: "what's on your VPS", "das Zeug auf Ihrem Server".
    fn entrusted_objects(&self) -> Vec<&Hit> {
        let names_poster = self.of(Role::Poster).next().is_some();
        let before = |h: &Hit, n: usize| h.start.saturating_sub(n).max(self.a)..h.start;
        self.of(Role::Entrusted)
            .map(|(_, h)| h)
            .filter(|h| {
                self.entry(h).class != "container"
                    || (before(h, 3).any(|k| PLACES.contains(&self.w.words[k].lower.as_str()))
                        && !self.modifier(h))
            })
            .filter(|h| {
                // "les journaux de nos serveurs", "the logs of our servers": ours too.
                let ours_after = h.end + 1 < self.b
                    && matches!(
                        self.w.words[h.end].lower.as_str(),
                        "of" | "de" | "del" | "des" | "der" | "von"
                    )
                    && OUR.contains(&self.w.words[h.end + 1].lower.as_str());
                (names_poster && self.entry(h).class == "activity")
                    || !(before(h, 2).any(|k| OUR.contains(&self.w.words[k].lower.as_str()))
                        || ours_after)
            })
            .filter(|h| !self.acts(h))
            .filter(|h| !self.describes_account_thing(h))
            .collect()
    }

    /// A participle right after an account thing describes it: "el medio de pago guardado",
    /// "l'adresse de facturation enregistrée". What is saved is the account's, not stored
    /// data ("lo guardado", "vos fichiers stockés" keep theirs).
    fn describes_account_thing(&self, h: &Hit) -> bool {
        let w = self.w.words[h.start].lower.as_str();
        h.end - h.start == 1
            && h.start > self.a
            && PARTICIPLE_ENDINGS.iter().any(|e| w.ends_with(e))
            && self.hits.iter().any(|(_, g)| {
                g.end == h.start
                    && self.entry(g).role == Role::Account
                    && self.entry(g).class != "claim"
            })
    }

    /// The word names the kind of the noun after it: "your web server settings", "the
    /// server software": the settings are the place, not the server's content.
    fn modifier(&self, h: &Hit) -> bool {
        // Only English puts a noun before another to name its kind ("server settings");
        // "los registros del servidor se ..." goes on with the verb.
        if !self.entry(h).id.starts_with("en.") {
            return false;
        }
        let Some(next) = self.w.words.get(h.end).filter(|_| h.end < self.b) else {
            return false;
        };
        // The noun after it is a thing of the account's ("settings", "address", "port"),
        // never a stored thing ("server logs").
        let at = |role: Role, class: Option<&str>| {
            self.hits.iter().any(|(_, g)| {
                g.start == h.end
                    && self.entry(g).role == role
                    && class.map_or(true, |c| self.entry(g).class == c)
            })
        };
        !next.comma_before
            && at(Role::Account, Some("account_object"))
            && !at(Role::Entrusted, None)
    }

    /// A role noun that stands for whoever holds the role, not for the poster: "only the
    /// account owner can ...", "restored when the account holder asks", "nur der
    /// Kontoinhaber", "seul le titulaire": a rule of the company names nobody in particular.
    fn role_in_a_rule(&self, h: &Hit) -> bool {
        const ANY_ONE: &[&str] = &[
            "only",
            "any",
            "every",
            "each",
            "nur",
            "jeder",
            "jede",
            "jedes",
            "seul",
            "seule",
            "seulement",
            "chaque",
            "tout",
            "solo",
            "sólo",
            "únicamente",
            "cada",
            "cualquier",
            "exclusively",
            "ausschließlich",
            "exclusivement",
            "exclusivamente",
            "solamente",
        ];
        const BOUND: &[&str] = &["without", "upon", "ohne", "sans", "sin", "until", "bis"];
        let entry = self.entry(h);
        if entry.role != Role::Poster
            || !(entry.id.contains("third_person") || entry.id.contains("formal"))
        {
            return false;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        // "seul le titulaire du compte": the quantifier opens the noun phrase.
        // "Restores are only executed on request of the account holder", "any access has to
        // be granted by the account holder": the quantifier of the rule may stand earlier.
        let just_before = (self.a..h.start).any(|i| ANY_ONE.contains(&word(i)));
        // A condition before the role noun in its sentence: the rule's "when", "if",
        // "without a request from".
        let conditioned = (h.start.saturating_sub(8).max(self.a)..h.start)
            .any(|i| self.condition_word(i) || BOUND.contains(&word(i)))
            || (self.a < h.start && self.condition_word(self.a));
        ((just_before || conditioned) && !self.dated() && !self.occasion_numeric())
            || self.affected_role(h)
    }

    /// What lies in a stored place, counted or dated: "Im Speicher-Bucket liegen 3 GB alte
    /// Dumps aus 2023", "in the bucket there are 40 old dumps", "dans le bucket se trouvent
    /// ...", "en el bucket hay ...". Only a look tells what a store holds. Returns the place.
    fn content_of_place<'h>(&self, entrusted: &[&'h Hit]) -> Option<&'h Hit> {
        const IN: &[&str] = &["in", "im", "inside", "on", "auf", "dans", "sur", "en"];
        const THERE: &[&[&str]] = &[
            &["there", "are"],
            &["there", "is"],
            &["there", "were"],
            &["there", "was"],
            &["liegen"],
            &["liegt"],
            &["lagen"],
            &["befinden"],
            &["befindet"],
            &["se", "trouvent"],
            &["se", "trouve"],
            &["il", "y", "a"],
            &["hay"],
            &["había"],
            &["se", "encuentran"],
            &["se", "encuentra"],
        ];
        if self.advised_at(self.a) || self.of(Role::Negation).next().is_some() {
            return None;
        }
        let word = |i: usize| self.w.words.get(i).map_or("", |x| x.lower.as_str());
        let exists = (self.a..self.b).any(|i| {
            THERE.iter().any(|p| {
                i + p.len() <= self.b && p.iter().enumerate().all(|(j, x)| word(i + j) == *x)
            })
        });
        if !exists || !(self.counted() || self.has_year() || self.dated_by_calendar()) {
            return None;
        }
        entrusted.iter().copied().find(|o| {
            let place =
                (o.start.saturating_sub(3).max(self.a)..o.start).find(|&i| IN.contains(&word(i)));
            place.is_some_and(|p| {
                word(p) == "im"
                    || (p + 1..o.start).any(|k| {
                        (DETERMINERS.contains(&word(k)) && !INDEFINITE.contains(&word(k)))
                            || POSSESSIVES.contains(&word(k))
                            || OUR.contains(&word(k))
                    })
            })
        })
    }

    /// Stored things told by the room they take: "Las carpetas de obra ocupan unos 310 GB",
    /// "vos albums occupent trois fois plus de place", "what takes up most space is the
    /// 2019 videos", "Die Rohdaten belegen 40 GB". Only a look at the storage tells what fills
    /// it. Returns the stored thing.
    fn space_taken<'h>(&self, entrusted: &[&'h Hit], post: &PostContext) -> Option<&'h Hit> {
        // Verbs that tell room by themselves, and verbs that do so with a word of room or a
        // size ("take up", "prennent de la place", "nehmen 20 GB ein").
        const ROOM_VERBS: &[&str] = &[
            "occupy",
            "occupies",
            "occupied",
            "weigh",
            "weighs",
            "belegen",
            "belegt",
            "belegte",
            "belegten",
            "beanspruchen",
            "beansprucht",
            "occupe",
            "occupent",
            "occupait",
            "occupaient",
            "pèse",
            "pèsent",
            "ocupa",
            "ocupan",
            "ocupaba",
            "ocupaban",
            "pesa",
            "pesan",
        ];
        const FILL_VERBS: &[&str] = &[
            "take",
            "takes",
            "taking",
            "took",
            "fill",
            "fills",
            "filled",
            "use",
            "uses",
            "eat",
            "eats",
            "nehmen",
            "nimmt",
            "füllen",
            "füllt",
            "verbrauchen",
            "verbraucht",
            "prend",
            "prennent",
            "remplit",
            "remplissent",
            "utilisent",
            "llenan",
            "llena",
            "usan",
            "consumen",
            "consume",
        ];
        const ROOM: &[&str] = &[
            "space",
            "room",
            "storage",
            "platz",
            "speicher",
            "speicherplatz",
            "place",
            "espace",
            "espacio",
            "sitio",
            "gb",
            "mb",
            "tb",
            "kb",
            "go",
            "mo",
            "to",
            "gigabytes",
            "gigaoctets",
        ];
        if self.question
            || self.opens_with_imperative()
            || (self.a..self.b).any(|i| self.condition_word(i))
            || self.specifics_echo_post(post)
        {
            return None;
        }
        const SIZES: &[&str] = &["gb", "mb", "tb", "kb", "go", "mo", "to", "ko"];
        const LIMIT: &[&str] = &[
            "to", "zu", "jusqu'à", "hasta", "max", "maximal", "maximum", "per", "pro", "par",
            "por", "je", "each", "every",
        ];
        let word = |i: usize| self.w.words[i].lower.as_str();
        let room = (self.a..self.b).any(|i| ROOM.contains(&word(i)));
        // A measured size of what is stored ("unos 9 MB cada una", "autour de 12 Mo
        // chacune", "480 GB"): not a limit ("bis zu 10 GB", "5 Euro pro 50 GB") nor a price.
        let priced = (self.a..self.b).any(|i| self.amount_at(i));
        let sized = |i: usize| {
            SIZES.contains(&word(i))
                && i > self.a
                && self.w.words[i - 1].numeric
                && !(i >= self.a + 2 && LIMIT.contains(&word(i - 2)))
                && !self.bound(i - 1)
                && !priced
        };
        let verb = (self.a..self.b).find(|&i| {
            (ROOM_VERBS.contains(&word(i)) || (room && FILL_VERBS.contains(&word(i))) || sized(i))
                && !self.negated_at(i)
                && !self.advised_at(i)
        })?;
        // A size is a count itself: with one, only a determiner or possessive makes the
        // things this account's ("Photos over 5 MB slow down any page" names nobody's).
        let by_size = sized(verb);
        // The stored thing is named as this account's: a determiner, the poster's
        // possessive, a count or a year ("38 carpetas", "de 2024").
        // How full a store is ("Der Speicher ist zu 95 Prozent belegt", "your mailbox uses 9
        // GB") is the account's quota, told without a look at what fills it.
        const STORES: &[&str] = &[
            "mailbox",
            "mailboxes",
            "inbox",
            "postfach",
            "postfächer",
            "boîte",
            "boîtes",
            "buzón",
            "buzones",
            "bandeja",
        ];
        entrusted.iter().copied().find(|o| {
            self.entry(o).class != "container"
                && !(o.start..o.end).any(|k| ROOM.contains(&word(k)) || STORES.contains(&word(k)))
                && o.start.abs_diff(verb) <= 16
                && !self.new_clause(o.start.min(verb), o.start.max(verb))
                && (self.named_as_these(o) || (!by_size && (self.counted() || self.has_year())))
        })
    }

    /// The stored thing is named as these particular ones: a determiner, the poster's
    /// possessive, or a share of them as seen ("fast alle unbearbeiteten Fotos", "toutes les
    /// photos").
    fn named_as_these(&self, o: &Hit) -> bool {
        self.determined(o.start)
            || (o.start.saturating_sub(2).max(self.a)..o.start)
                .any(|k| POSSESSIVES.contains(&self.w.words[k].lower.as_str()))
            || self
                .of(Role::Reveal)
                .any(|(_, r)| r.end <= o.start && r.end + 2 >= o.start)
    }

    /// Where the sentence names something by its last digits: "ending in 4417", "finissant
    /// par 0932", "endend auf 1234", "terminada en 88", "que acaba en 0199", "mit 0123 am
    /// Ende", "die auf 0123 endet", "the last four digits 4417". Returns the number's word.
    fn ending_digits(&self) -> Option<usize> {
        const ENDING: &[&str] = &[
            "ending",
            "ends",
            "ended",
            "endend",
            "endet",
            "endende",
            "endenden",
            "finissant",
            "finit",
            "finissent",
            "terminant",
            "termine",
            "terminent",
            "terminée",
            "terminé",
            "terminada",
            "terminado",
            "termina",
            "terminan",
            "acabada",
            "acabado",
            "acaba",
            "acaban",
        ];
        const LINK: &[&str] = &["in", "with", "auf", "mit", "par", "en", "por", "on"];
        const LAST: &[&str] = &[
            "last",
            "letzten",
            "letzte",
            "derniers",
            "dernières",
            "últimos",
            "últimas",
        ];
        const DIGITS: &[&str] = &[
            "digits", "numbers", "ziffern", "stellen", "chiffres", "dígitos", "cifras", "números",
        ];
        let word = |i: usize| self.word_in(i);
        let short_number = |k: usize| {
            self.w
                .words
                .get(k)
                .filter(|_| k < self.b)
                .is_some_and(|x| x.numeric && !x.percent && (2..=4).contains(&x.lower.len()))
                // "ends in 20 minutes": a time, not digits.
                && !is_time_unit(word(k + 1))
        };
        (self.a..self.b).find_map(|i| {
            if ENDING.contains(&word(i)) {
                let k = if LINK.contains(&word(i + 1)) {
                    i + 2
                } else {
                    i + 1
                };
                return short_number(k).then_some(k);
            }
            // The German verb or "am Ende" closes the phrase: "auf 0123 endet", "mit 0123 am
            // Ende".
            if short_number(i) && i > self.a && matches!(word(i - 1), "auf" | "mit") {
                let mut k = i + 1;
                while short_number(k) {
                    k += 1;
                }
                let closes = matches!(word(k), "endet" | "enden" | "endend" | "endende")
                    || (word(k) == "am" && word(k + 1) == "ende");
                return closes.then_some(i);
            }
            // "the last four digits: 4417", "les deux derniers chiffres, 42".
            if DIGITS.contains(&word(i))
                && (i.saturating_sub(3).max(self.a)..i).any(|j| LAST.contains(&word(j)))
            {
                return (i + 1..(i + 4).min(self.b)).find(|&k| short_number(k));
            }
            None
        })
    }

    /// A clock time of the sentence's event: "à 2 h 30", "a las 4:00", "um 3 Uhr", "at 3
    /// a.m.", "at 03:30".
    fn clock_time(&self) -> bool {
        const AT: &[&str] = &["at", "um", "gegen", "à", "vers", "las", "a", "hacia"];
        const MARKS: &[&str] = &["h", "uhr", "am", "pm", "a.m", "p.m", "horas", "heures"];
        let word = |i: usize| self.word_in(i);
        (self.a + 1..self.b).any(|k| {
            let hour = word(k).parse::<u32>().is_ok_and(|v| v <= 24);
            let minutes = word(k + 1).len() == 2 && word(k + 1).chars().all(|c| c.is_ascii_digit());
            hour && AT.contains(&word(k - 1))
                && (minutes || MARKS.contains(&word(k + 1)) || word(k - 1) == "las")
        })
    }

    /// What the poster's stored things undergo at a clock time, told as now: "à 2 h 30,
    /// l'une d'elles recompresse toutes les photos", "a las 4:00 regenera todo el catálogo
    /// y bloquea la base de datos". The hour a process touches stored data is read from the
    /// server, not from the post. Returns the stored thing.
    fn clocked<'h>(&self, entrusted: &[&'h Hit]) -> Option<&'h Hit> {
        if self.question
            || self.opens_with_imperative()
            || (self.a..self.b).any(|i| self.condition_word(i))
            || self.has(Role::Company)
            || self.negated()
            || self.habitual()
            || !self.clock_time()
        {
            return None;
        }
        entrusted
            .iter()
            .copied()
            .find(|o| self.entry(o).class != "container" && self.named_as_these(o))
    }

    /// Two or more prices in one sentence: a list or a comparison of what the plans cost,
    /// told to everyone ("Starter 9 EUR/month, Web Guard 19 EUR/month"). One account pays one
    /// price; a sentence about it names its amount once.
    fn price_list(&self) -> bool {
        let prices = (self.a..self.b).filter(|&i| self.amount_at(i)).count();
        prices >= 2 && !self.past_tense()
    }

    /// The sentence speaks of anyone: "any new customer", "alle Neukunden", "tout nouveau
    /// client", "cualquier cliente nuevo". An offer or a rule for everyone, not one account's.
    fn for_everyone(&self) -> bool {
        const ANYONE: &[&str] = &[
            "any",
            "every",
            "everyone",
            "anyone",
            "all",
            "alle",
            "allen",
            "jeder",
            "jede",
            "jeden",
            "tout",
            "toute",
            "tous",
            "toutes",
            "cualquier",
            "todos",
            "todas",
            "todo",
        ];
        self.w.words[self.a..self.b]
            .iter()
            .any(|x| ANYONE.contains(&x.lower.as_str()))
    }

    /// The sentence's subject is whoever meets a rule: "anyone who stays three years", "wer
    /// drei Jahre dabei ist", "quiconque reste", "ceux qui", "quien se quede".
    fn whoever(&self) -> bool {
        let word = |i: usize| self.word_in(i);
        (self.a..self.b).any(|i| {
            let (w, next) = (word(i), word(i + 1));
            (matches!(w, "anyone" | "anybody" | "everyone" | "everybody" | "those")
                && next == "who")
                || matches!(w, "whoever" | "quiconque")
                || (matches!(w, "ceux" | "celles") && next == "qui")
                || (matches!(w, "cualquiera" | "todo") && next == "que")
                || (w == "todo" && next == "aquel" && word(i + 2) == "que")
        }) || (!self.question && matches!(word(self.a), "wer" | "quien" | "quienes"))
    }

    /// The sentence says whom it is for, and that is everyone: "for all customers", "für
    /// alle", "pour tous les clients", "para todos". A price or a date told so is an
    /// announcement, not one account's charge.
    fn for_all(&self) -> bool {
        const FOR: &[&str] = &["for", "to", "für", "pour", "à", "para", "a"];
        const ALL: &[&str] = &[
            "all",
            "everyone",
            "everybody",
            "alle",
            "allen",
            "tous",
            "toutes",
            "todos",
            "todas",
        ];
        let word = |k: usize| self.w.words.get(k).map_or("", |x| x.lower.as_str());
        // "for new and existing customers", "für neue und bestehende Kunden", "pour les
        // nouveaux comme pour les clients actuels", "para clientes nuevos y actuales": a
        // class of customers, told as whom it is for.
        // "for one of our customers" is one person.
        const ONE: &[&str] = &["one", "einen", "einer", "eine", "un", "une", "uno", "una"];
        let for_customers = (self.a..self.b).any(|i| {
            matches!(word(i), "for" | "für" | "pour" | "para")
                && (i + 1..(i + 8).min(self.b)).any(|k| {
                    CUSTOMERS.contains(&word(k))
                        && !(i + 1..k)
                            .any(|j| POSSESSIVES.contains(&word(j)) || ONE.contains(&word(j)))
                })
        });
        // A rule whose subject is whoever meets it; one with a date of its own is the
        // poster, veiled ("Quien lleva con nosotros desde el 4 de abril de 2018 ...").
        let whoever = self.whoever() && !self.dated_by_calendar() && !self.has_year();
        if for_customers || whoever {
            return true;
        }
        (self.a + 1..self.b).any(|i| {
            // "to all your addresses" counts the poster's own things.
            let everyone = ALL.contains(&word(i)) && !POSSESSIVES.contains(&word(i + 1));
            // "pour tout le monde", "para todo el mundo", "für jeden".
            let world = matches!(
                (word(i), word(i + 1), word(i + 2)),
                ("tout", "le", "monde") | ("todo", "el", "mundo") | ("jeden", _, _)
            );
            (everyone || world) && FOR.contains(&word(i - 1))
        })
    }

    /// Word `i` is an amount of money: a number with a currency word after it ("49 EUR", "19
    /// euros") or a currency sign beside it ("49 €", "$49").
    fn amount_at(&self, i: usize) -> bool {
        const CURRENCY: &[&str] = &[
            "eur", "euro", "euros", "usd", "dollar", "dollars", "gbp", "chf", "pounds", "franken",
        ];
        let x = &self.w.words[i];
        x.numeric
            && (x.money
                || self
                    .w
                    .words
                    .get(i + 1)
                    .is_some_and(|n| i + 1 < self.b && CURRENCY.contains(&n.lower.as_str())))
    }

    /// Word `i` of the sentence in lower case, or "" outside it: rules that look a few words
    /// ahead need no bounds of their own.
    fn word_in(&self, i: usize) -> &str {
        self.w
            .words
            .get(i)
            .filter(|_| i < self.b)
            .map_or("", |x| x.lower.as_str())
    }

    /// The account word heads its noun: "the invoice layout was released" is about a layout,
    /// "the invoice was sent back" about an invoice.
    fn heads_noun(&self, h: &Hit) -> bool {
        let word = |i: usize| self.w.words[i].lower.as_str();
        (h.end >= self.b)
            || self.w.words[h.end].comma_before
            || [Lang::En, Lang::De, Lang::Fr, Lang::Es]
                .iter()
                .any(|&x| lang::is_function_word(x, word(h.end)))
            || PAST_PASSIVE.contains(&word(h.end))
            || matches!(
                word(h.end),
                "a" | "ont" | "est" | "ist" | "hat" | "is" | "has" | "ha" | "es" | "está"
            )
    }

    /// A conversation the company had with the poster, told as one: "when we spoke in May",
    /// "the form we talked about", "as agreed", "wie besprochen", "comme nous en avons parlé",
    /// "como acordamos", "when you rang us", "Sie haben uns geschrieben", "our answer in the
    /// ticket". Contact history, whatever else the sentence says; "we talked to many
    /// customers", "as discussed above", "talk to us any time" are no conversation with the
    /// poster. Returns the word that tells it.
    fn conversation(&self) -> Option<usize> {
        if self.question || self.quoting {
            return None;
        }
        // Verbs of a conversation in the past, by their forms after "we" (or "as", "wie",
        // "comme", "como", "lo que"): the poster is the other side.
        const TALKED: &[&str] = &[
            "spoke",
            "spoken",
            "talked",
            "discussed",
            "agreed",
            "chatted",
            "arranged",
            "sprachen",
            "besprachen",
            "gesprochen",
            "besprochen",
            "telefoniert",
            "telefonierten",
            "vereinbart",
            "vereinbarten",
            "abgesprochen",
            "parlé",
            "discuté",
            "convenu",
            "échangé",
            "évoqué",
            "hablamos",
            "acordamos",
            "quedamos",
            "conversamos",
            "comentamos",
            "hablado",
            "acordado",
            "comentado",
            "conversado",
            "quedado",
        ];
        // The poster's contact with the company: "you rang us", "vous nous avez écrit".
        const CONTACTED: &[&str] = &[
            "called",
            "rang",
            "phoned",
            "wrote",
            "emailed",
            "e-mailed",
            "messaged",
            "contacted",
            "angerufen",
            "geschrieben",
            "kontaktiert",
            "gemeldet",
            "appelé",
            "appelés",
            "écrit",
            "contacté",
            "contactés",
            "llamó",
            "escribió",
            "contactó",
            "llamaste",
            "escribiste",
            "contactaste",
        ];
        const WE: &[&str] = &[
            "we", "wir", "nous", "on", "as", "wie", "comme", "como", "que",
        ];
        const US: &[&str] = &["us", "uns", "nous", "nos"];
        const YOU: &[&str] = &[
            "you", "sie", "du", "ihnen", "dir", "vous", "tu", "usted", "ustedes", "te", "le",
        ];
        // What a conversation "above" or "here" was: this thread, public.
        const HERE: &[&str] = &[
            "above",
            "below",
            "here",
            "earlier",
            "oben",
            "hier",
            "ci-dessus",
            "ici",
            "arriba",
            "aquí",
            "thread",
            "fil",
            "hilo",
        ];
        // The company's message in a channel of one conversation: "our answer in the
        // ticket", "unsere Antwort aus dem Chat", "notre réponse dans le ticket", "nuestra
        // respuesta del ticket".
        const MESSAGE: &[&str] = &[
            "answer",
            "reply",
            "message",
            "email",
            "e-mail",
            "mail",
            "note",
            "letter",
            "antwort",
            "nachricht",
            "schreiben",
            "réponse",
            "courriel",
            "lettre",
            "respuesta",
            "mensaje",
            "correo",
            "carta",
        ];
        let word = |i: usize| self.word_in(i);
        let in_channel = (self.a..self.b).find(|&j| {
            OUR.contains(&word(j))
                && (MESSAGE.contains(&word(j + 1)) || MESSAGE.contains(&word(j + 2)))
                && (j + 2..(j + 6).min(self.b)).any(|k| {
                    CHANNEL.contains(&word(k))
                        && DETERMINERS.contains(&word(k - 1))
                        && !INDEFINITE.contains(&word(k - 1))
                })
        });
        // "Our reply in the chat usually comes within minutes": how it goes, for anyone.
        let how_it_goes = self.habitual() || (self.a..self.b).any(|i| USUALLY.contains(&word(i)));
        if let Some(j) = in_channel.filter(|_| !how_it_goes) {
            return (!self.negated_at(j)).then_some(j + 1);
        }
        let found = (self.a..self.b).find(|&i| {
            let w = word(i);
            let subject_before =
                |set: &[&str]| (i.saturating_sub(3).max(self.a)..i).any(|j| set.contains(&word(j)));
            if TALKED.contains(&w) {
                // Spanish "-amos" is also the present ("hablamos mañana"): only after "como",
                // "lo que", "ya", "cuando", "según" is it the conversation that was.
                let spanish_present = w.ends_with("amos")
                    && !(i > self.a
                        && matches!(word(i - 1), "como" | "que" | "ya" | "cuando" | "según"));
                // "we talked to many customers", "wir sprachen mit Anwälten": another side.
                let other_side = matches!(word(i + 1), "to" | "with" | "mit" | "avec" | "con")
                    && !YOU.contains(&word(i + 2));
                let here = (i + 1..(i + 4).min(self.b)).any(|k| HERE.contains(&word(k)));
                return (subject_before(WE) || w.ends_with("amos"))
                    && !spanish_present
                    && !other_side
                    && !here;
            }
            if CONTACTED.contains(&w) {
                // The poster's contact, with the company as its other side.
                let poster_subject = subject_before(YOU)
                    || w.ends_with("aste")
                    || w.ends_with("iste")
                    || matches!(w, "llamó" | "escribió" | "contactó");
                let us = (i.saturating_sub(3).max(self.a)..(i + 3).min(self.b))
                    .any(|k| US.contains(&word(k)));
                return poster_subject && us;
            }
            false
        })?;
        // Its verbs are past forms: "when you wrote to us" tells what happened, not advice
        // for when it happens.
        let blocked_by = self.negated_at(found)
            || self.opens_with_imperative()
            || (self.a..found).any(|i| {
                self.condition_word(i) && !matches!(word(i), "when" | "als" | "quand" | "cuando")
            });
        (!blocked_by).then_some(found)
    }

    /// A count of the poster's things held with the company, told as a fact under whatever
    /// modal: "the two domains already registered with us", "with 14 domains registered
    /// through us, you'd qualify", "die drei bei uns registrierten Domains", "les deux
    /// domaines enregistrés chez nous", "los tres dominios registrados con nosotros".
    /// "Customers with 10 domains registered with us get ..." and "if you have 10 domains
    /// with us" are rules. Returns the count's word.
    fn counted_with_us(&self) -> Option<usize> {
        const WITH_US: &[(&str, &str)] = &[
            ("with", "us"),
            ("through", "us"),
            ("via", "us"),
            ("bei", "uns"),
            ("über", "uns"),
            ("chez", "nous"),
            ("avec", "nous"),
            ("par", "nous"),
            ("con", "nosotros"),
            ("por", "nosotros"),
        ];
        if self.question || self.for_all() || self.whoever() {
            return None;
        }
        let word = |i: usize| self.word_in(i);
        (self.a..self.b).find(|&k| {
            let x = &self.w.words[k];
            let count = (x.numeric && !x.percent && !x.money)
                || super::numbers::spelled(&x.lower).is_some_and(|v| v >= 2);
            // "We have 4,000 domains registered with us": the company's own volume.
            let ours = self.of(Role::Company).any(|(_, c)| c.end <= k);
            if !count
                || ours
                || (self.a..k).any(|i| self.condition_word(i))
                || (k.saturating_sub(3).max(self.a)..k).any(|i| {
                    CUSTOMERS.contains(&word(i))
                        || matches!(
                            word(i),
                            "anyone" | "everyone" | "those" | "wer" | "quien" | "ceux"
                        )
                })
            {
                return false;
            }
            // A participle of holding ("registered", "registrierten", "enregistrés",
            // "registrados", "hosted") and the company as the other side, close after the
            // count; German puts both before the noun.
            let participle = |i: usize| {
                let w = word(i);
                w.chars().count() > 4
                    && (w.ends_with("ed")
                        || w.ends_with("iert")
                        || w.ends_with("ierten")
                        || w.ends_with("tet")
                        || w.ends_with("teten")
                        || w.ends_with("és")
                        || w.ends_with("ées")
                        || w.ends_with("ados")
                        || w.ends_with("adas")
                        || w.ends_with("idos"))
            };
            (k + 1..(k + 6).min(self.b)).any(|i| {
                WITH_US
                    .iter()
                    .any(|&(p, u)| word(i) == p && word(i + 1) == u)
                    && (k + 1..(i + 3).min(self.b)).any(participle)
            })
        })
    }

    /// The poster's way of paying, presupposed by what is said of it: "Ihr bestehendes
    /// SEPA-Mandat", "your existing direct debit", "votre prélèvement actuel", "la
    /// domiciliación que tiene activa ahora". Under a modal too ("we would only need to
    /// revoke your existing mandate"): to revoke it, it must be there. A condition ("if your
    /// current card expires") presupposes nothing.
    fn presupposed_billing(&self, post: &PostContext) -> Option<&Hit> {
        const EXISTING: &[&str] = &[
            "existing",
            "current",
            "active",
            "present",
            "bestehend",
            "bestehendes",
            "bestehende",
            "bestehenden",
            "aktuell",
            "aktuelles",
            "aktuelle",
            "aktuellen",
            "laufend",
            "laufendes",
            "laufende",
            "laufenden",
            "jetzige",
            "jetziges",
            "jetzigen",
            "actuel",
            "actuelle",
            "actual",
            "vigente",
            "activo",
            "activa",
        ];
        const WHICH: &[&str] = &["que", "that", "which", "das", "die", "den", "der", "qu'"];
        const HOLD: &[&str] = &[
            "tiene", "tienes", "have", "has", "haben", "hat", "habt", "avez", "as", "a",
        ];
        // An order to the poster ("Update your current payment details") is advice about
        // whatever they have.
        if self.question
            || self.opens_with_imperative()
            || self.for_all()
            || self.whoever()
            || (self.a..self.b).any(|i| self.condition_word(i))
        {
            return None;
        }
        let word = |i: usize| self.word_in(i);
        self.of(Role::Account).find_map(|(l, h)| {
            if self.entry(h).class != "billing" || self.echoes_post(*l, h, post) {
                return None;
            }
            // "your existing ... mandate": the poster's, with a word of its being there.
            let owned_existing = (h.start.saturating_sub(3).max(self.a)..h.start)
                .any(|i| POSSESSIVES.contains(&word(i)))
                && (h.start.saturating_sub(2).max(self.a)..(h.end + 1).min(self.b))
                    .any(|i| EXISTING.contains(&word(i)));
            // "la domiciliación que tiene activa", "the mandate you have": a clause of the
            // poster's holding it.
            let held = WHICH.contains(&word(h.end))
                && (h.end + 1..(h.end + 4).min(self.b)).any(|i| HOLD.contains(&word(i)))
                && (h.end + 1..(h.end + 5).min(self.b)).any(|i| {
                    EXISTING.contains(&word(i))
                        || matches!(
                            word(i),
                            "now" | "ahora" | "jetzt" | "maintenant" | "actualmente"
                        )
                });
            (owned_existing || held).then_some(h)
        })
    }

    /// The company tells what it did to one account's money, plan or account: "we refunded
    /// the charge", "I paused the renewal", "we've credited two months", "wir haben die
    /// Gebühr erstattet", "nous avons remboursé le prélèvement", "hemos anulado la factura".
    /// An act in the past (or the perfect) by the company as the subject, on an account thing
    /// named definitely or counted, is that account's history whoever the sentence names;
    /// "we changed our prices", "we refunded everyone affected", "we lowered the price of
    /// Starter" tell the company's own things, everyone's, or a product's.
    fn company_acted(&self, post: &PostContext, poster: &Poster<'_>) -> Option<&Hit> {
        if self.question
            || self.quoting
            || self.habitual()
            || self.for_all()
            || self.for_everyone()
            || self.price_list()
        {
            return None;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        // A product named in the sentence makes its price and plan words the product's.
        let (s, e) = self.span();
        if poster.products.overlaps(s, e) {
            return None;
        }
        // The company's act: its subject, then a past form or a perfect's auxiliary and
        // participle within three words ("we have already refunded", "nous avons remboursé",
        // "hemos anulado"); German puts the participle last ("wir haben die Gebühr
        // erstattet", "die Gebühr haben wir erstattet"), so its auxiliary beside the subject
        // is enough.
        let (act, german) = self.of(Role::Company).find_map(|(_, c)| {
            let subject = word(c.start);
            let german_perfect = (c.start.saturating_sub(1).max(self.a)..(c.end + 1).min(self.b))
                .any(|i| matches!(word(i), "haben" | "habe" | "hat" | "hatten" | "hatte"))
                && matches!(subject, "wir" | "ich");
            if german_perfect {
                return Some((c.end, true));
            }
            // "hemos", "he": the Spanish auxiliary is the subject's own word.
            let from = if matches!(subject, "hemos" | "he" | "habíamos") {
                c.start
            } else {
                c.end
            };
            (from..(c.end + 3).min(self.b)).find_map(|i| {
                let w = word(i);
                if COMPANY_PAST.contains(&w) || (w.chars().count() > 4 && w.ends_with("ed")) {
                    return Some((i, false));
                }
                let perfect = matches!(
                    w,
                    "have"
                        | "has"
                        | "had"
                        | "'ve"
                        | "avons"
                        | "ai"
                        | "a"
                        | "hemos"
                        | "he"
                        | "ha"
                        | "habíamos"
                );
                (perfect
                    && (i + 1..(i + 3).min(self.b)).any(|k| {
                        let p = word(k);
                        COMPANY_PAST.contains(&p)
                            || (p.chars().count() > 4 && p.ends_with("ed"))
                            || (p.chars().count() > 3
                                && (p.ends_with('é')
                                    || p.ends_with("ée")
                                    || p.ends_with("ado")
                                    || p.ends_with("ido")
                                    || p.ends_with("uelto")))
                    }))
                .then_some((i, false))
            })
        })?;
        if self.negated_at(act)
            || self.advised_at(act)
            || (self.a..act).any(|i| self.condition_word(i))
        {
            return None;
        }
        // "les factures", "die Rechnungen", "the invoices": all of a kind, unless counted.
        let plural_kind = |h: &Hit| {
            let k = h.start;
            let before = if k > self.a { word(k - 1) } else { "" };
            matches!(before, "les" | "des" | "los" | "las")
                || (before == "the" && word(h.end - 1).ends_with('s'))
                || (before == "die" && word(h.end - 1).ends_with("en"))
        };
        let counted = |k: usize| {
            (k.saturating_sub(2).max(self.a)..k).any(|i| {
                self.w.words[i].numeric || super::numbers::spelled(word(i)).is_some_and(|v| v >= 2)
            })
        };
        self.of(Role::Account).find_map(|(l, h)| {
            let class = self.entry(h).class.as_str();
            if !matches!(class, "billing" | "plan" | "account_fact")
                || self.inside_longer_term(h)
                || self.ours_before(h.start)
                || self.echoes_post(*l, h, post)
                || self.negated_at(h.start)
                || self.poster_advised(h.start)
            {
                return None;
            }
            // The thing acted on, named definitely or counted after the act: "the charge",
            // "la facture", "die Gebühr", "two months" ("wir haben die Gebühr" names it
            // before the German participle).
            // "the price of Starter", "le tarif de Web Guard": a product's.
            let products = (h.end..(h.end + 3).min(self.b))
                .any(|k| self.w.words[k].proper && !poster.names_word(&self.w.words[k]));
            // German closes the perfect with its participle: "die Mahnung storniert".
            let participle_last = german && h.end + 1 == self.b;
            let thing = (h.start > act || german)
                && (self.heads_noun(h) || participle_last)
                && !products
                && (counted(h.start) || (self.definite(h.start) && !plural_kind(h)))
                // "la página de facturación", "the page of invoices": the noun before it is
                // what was acted on.
                && !(h.start.saturating_sub(2).max(self.a)..h.start)
                    .any(|i| matches!(word(i), "of" | "de" | "du" | "des" | "del" | "von" | "d'"));
            // Or the act is the account's own verb ("refunded", "erstattet", "devuelto"),
            // told of something definite or counted after it: "we credited two months".
            let verb = h.start >= act
                && h.start <= act + 2
                && (h.end..self.b).any(|k| {
                    (counted(k + 1) && k + 1 < self.b)
                        || (DETERMINERS.contains(&word(k)) && !INDEFINITE.contains(&word(k)))
                });
            (thing || verb).then_some(h)
        })
    }

    /// An amount of money in a month, told as a statement: "The October one for 49 EUR
    /// hasn't been settled yet", "les 19 € de mars". A price is no one's and has no month; a
    /// dated amount is an account's charge. Returns the month.
    fn dated_amount(&self, post: &PostContext) -> Option<&Hit> {
        // The amount first: most sentences have none, and the rest are dearer to test.
        if !(self.a..self.b).any(|i| self.amount_at(i))
            || self.question
            || self.opens_with_imperative()
            || (self.a..self.b).any(|i| self.condition_word(i))
            || self.habitual()
            || self.price_list()
            || self.specifics_echo_post(post)
            || self.for_everyone()
            || self.for_all()
        {
            return None;
        }
        // "der erste Monat", "the first month": a place in a term, not a month of the
        // calendar.
        let term = |h: &Hit| {
            self.w.words.get(h.end).is_some_and(|n| {
                h.end < self.b && (is_time_unit(&n.lower) || n.lower.starts_with("monat"))
            })
        };
        self.of(Role::Date)
            .map(|(_, h)| h)
            .find(|h| !self.offset(h.start) && !term(h) && self.entry(h).id.ends_with("date.words"))
    }

    /// A number that counts what was found: "rund 3000 Anmeldeversuche", "412 failed
    /// logins". A limit ("up to 500 lines", "bis zu 30"), a rate ("per page", "pro Tag") or a
    /// duration is a setting of the product, not a count.
    fn counted(&self) -> bool {
        const LIMIT: &[&str] = &[
            "to", "zu", "jusqu'à", "hasta", "max", "maximal", "most", "maximum",
        ];
        const RATE: &[&str] = &["per", "pro", "par", "por", "a", "je"];
        let word = |i: usize| self.w.words.get(i).map_or("", |x| x.lower.as_str());
        (self.a..self.b).any(|i| {
            let limit = i > self.a && LIMIT.contains(&word(i - 1));
            let rate = (i + 2..(i + 4).min(self.b)).any(|k| RATE.contains(&word(k)));
            self.w.words[i].numeric && !limit && !rate && !is_time_unit(word(i + 1))
        })
    }

    /// A number that names an occasion or an amount. A duration is a rule's own term ("plus
    /// a 30-day grace period", "30 Tage Karenz") unless it counts back from now ("3 days
    /// ago", "vor 3 Tagen", "il y a 3 jours", "hace 3 días").
    fn occasion_numeric(&self) -> bool {
        let word = |i: usize| self.w.words.get(i).map_or("", |x| x.lower.as_str());
        // The word counts back only before a number ("hace 3 días", "vor drei Tagen"): "el
        // cargo se hace" is the verb "hacer", "vor dem Termin" a place in time.
        let number = |i: usize| {
            self.w.words.get(i).is_some_and(|x| {
                i < self.b && (x.numeric || super::numbers::spelled(&x.lower).is_some())
            })
        };
        let back = (self.a..self.b).any(|i| {
            word(i) == "ago"
                || (matches!(word(i), "vor" | "hace") && (number(i + 1) || number(i + 2)))
                || (word(i) == "il" && word(i + 1) == "y")
        });
        // "on the 1st of each month", "le 1er de chaque mois", "am 1. jedes Monats": a day
        // of a schedule, every month's.
        const EACH: &[&str] = &["each", "every", "chaque", "cada", "jedes", "jeden", "jedem"];
        let scheduled = |i: usize| {
            (i + 1..(i + 4).min(self.b)).any(|k| {
                EACH.contains(&word(k)) && (is_time_unit(word(k + 1)) || word(k + 1) == "monats")
            })
        };
        (self.a..self.b).any(|i| {
            self.w.words[i].numeric
                && (back || !(i + 1 < self.b && is_time_unit(word(i + 1))))
                && (back || !scheduled(i))
        })
    }

    /// German puts "nicht" (or a subject "niemand") after its finite verb: "wir schauen auch
    /// nicht rein", "Wir öffnen oder sichten sie nicht". A participle ("geprüft") is not the
    /// finite verb: the negation after it belongs to another.
    fn german_negated_after(&self, h: &Hit) -> bool {
        let w = self.w.words[h.start].lower.as_str();
        if !self.entry(h).id.starts_with("de.") || (w.starts_with("ge") && w.ends_with('t')) {
            return false;
        }
        self.of(Role::Negation).any(|(_, n)| {
            n.start >= h.end
                && n.start <= h.end + 8
                && matches!(
                    self.w.words[n.start].lower.as_str(),
                    "nicht" | "nie" | "niemals" | "keinesfalls" | "niemand" | "keiner"
                )
                // "In Ihre Dateien schaut niemand außer Ihnen": an exception is someone.
                && !matches!(
                    self.w.words.get(n.end).map_or("", |x| x.lower.as_str()),
                    "außer" | "ausser" | "als"
                )
                && !(h.end..=n.start).any(|i| i < self.b && self.w.words[i].comma_before)
        })
    }

    /// The company's activity named as a noun and told in the present: "Unsere Scans lösen
    /// keine Listung aus", "our checks change nothing on the server". What they do in general
    /// is no look at anyone's data; "our review of your mailbox showed" is one.
    fn our_activity(&self, h: &Hit) -> bool {
        let word = |i: usize| self.w.words.get(i).map_or("", |x| x.lower.as_str());
        h.start > self.a
            && OUR.contains(&word(h.start - 1))
            && !matches!(
                word(h.end),
                "of" | "de" | "du" | "des" | "del" | "d'" | "der" | "von" | "vom"
            )
            && !self.past_tense()
            && !self.told_in_the_past()
    }

    /// The poster's stored thing is the subject of what it does: "the nightly job on your box
    /// deletes ...", "la tâche de nuit sur votre serveur efface ...", "la tarea nocturna de su
    /// servidor borra ...". Only reading it tells what it does; as the object of the verb
    /// ("the system deletes your backups after 30 days") it is the company's practice.
    fn stored_thing_acts(&self, obj: &Hit) -> bool {
        const DOES: &[&str] = &[
            "deletes",
            "removes",
            "sends",
            "löscht",
            "entfernt",
            "verschickt",
            "schickt",
            "efface",
            "supprime",
            "envoie",
            "borra",
            "elimina",
            "envía",
        ];
        // The company must not stand between the stored thing named first and the verb.
        let start = self
            .of(Role::Entrusted)
            .map(|(_, h)| h.start)
            .filter(|&k| k >= self.a)
            .min()
            .unwrap_or(obj.start);
        (obj.end..(obj.end + 6).min(self.b)).any(|k| {
            DOES.contains(&self.w.words[k].lower.as_str())
                && !(obj.end..=k).any(|i| self.w.words[i].comma_before)
                && !self
                    .of(Role::Company)
                    .any(|(_, c)| c.start >= start && c.start < k)
        }) && !self.question
            && !self.opens_with_imperative()
            && !(self.a..self.b).any(|i| self.condition_word(i))
    }

    /// An access word after "de" that is no infinitive names a kind of the noun before it:
    /// "nos offres d'analyse", "el servicio de análisis"; "décidé d'analyser" is the act.
    fn names_a_kind(&self, h: &Hit) -> bool {
        let word = |i: usize| self.w.words[i].lower.as_str();
        if h.start < self.a + 2 || h.end - h.start != 1 {
            return false;
        }
        let w = word(h.start);
        let infinitive = ["er", "ir", "re", "ar"].iter().any(|e| w.ends_with(e));
        // The word before "de" is one of the company's things: "nos offres", "nuestro
        // servicio". "les journaux d'accès" names the poster's records by the same shape.
        let noun_before = h.start >= self.a + 3 && OUR.contains(&word(h.start - 3));
        matches!(word(h.start - 1), "d'" | "de" | "del") && !infinitive && noun_before
    }

    /// The look is told as one from outside, or as any visitor's: "from the outside", "von
    /// außen", "depuis l'extérieur", "desde fuera", "comme un visiteur", "like a visitor
    /// would". What it sees is what anyone sees, not stored data. The words must stand in the
    /// look's own clause: "von außen war nichts zu sehen, also haben wir ... durchsucht".
    fn outside_view(&self, h: &Hit) -> bool {
        const OUTSIDE: &[&[&str]] = &[
            &["from", "outside"],
            &["from", "the", "outside"],
            &["von", "außen"],
            &["de", "l'", "extérieur"],
            &["depuis", "l'", "extérieur"],
            &["par", "l'", "extérieur"],
            &["desde", "fuera"],
            &["desde", "afuera"],
            &["desde", "el", "exterior"],
        ];
        const LIKE: &[&str] = &["like", "as", "wie", "comme", "como"];
        const ANY: &[&str] = &[
            "a",
            "an",
            "any",
            "ein",
            "eine",
            "jeder",
            "un",
            "une",
            "n'importe",
            "cualquier",
        ];
        let word = |i: usize| self.w.words.get(i).map_or("", |x| x.lower.as_str());
        let visitor = |w: &str| {
            ["visitor", "visiteur", "visitante", "besucher"]
                .iter()
                .any(|v| w.starts_with(v))
        };
        let unbroken = |x: usize, y: usize| !(x + 1..=y).any(|i| self.w.words[i].comma_before);
        (self.a..self.b).any(|i| {
            let outside = OUTSIDE.iter().any(|p| {
                i + p.len() <= self.b && p.iter().enumerate().all(|(j, x)| word(i + j) == *x)
            });
            let like_a_visitor = LIKE.contains(&word(i))
                && (i + 1..(i + 5).min(self.b))
                    .any(|k| visitor(word(k)) && ANY.contains(&word(k - 1)));
            (outside && unbroken(i.min(h.start), i.max(h.start)))
                || (like_a_visitor && (h.start < i || unbroken(i, h.start)))
        })
    }

    /// A participle that describes the object rather than an act on it: "stored files",
    /// "the hosted mailboxes", "gespeicherte Dateien", "les fichiers hébergés", "los correos
    /// almacenados".
    fn attributive(&self, h: &Hit, obj: &Hit) -> bool {
        let word = |i: usize| self.w.words[i].lower.as_str();
        // "Laut Mailprotokoll ...": a source names where the fact was read, it describes
        // nothing.
        if h.end - h.start != 1 || self.entry(h).id.ends_with("access.source") {
            return false;
        }
        let before_object = h.end == obj.start
            && (h.start == self.a
                || DETERMINERS.contains(&word(h.start - 1))
                || OUR.contains(&word(h.start - 1)));
        let after_object = h.start == obj.end
            && PARTICIPLE_ENDINGS
                .iter()
                .any(|e| word(h.start).ends_with(e));
        before_object || after_object
    }

    /// A look told in the past passive or impersonally, with nobody named as looking: "it was
    /// noticed", "wurde festgestellt", "il a été constaté", "se detectó", "beim Nachsehen",
    /// "al revisar", "en les parcourant". Only the company
    /// looks at what it hosts, so the look is its own. A rule ("logs are checked when ..."),
    /// a condition or a denial is no look.
    fn impersonal_look(&self) -> bool {
        let word = |i: usize| self.w.words[i].lower.as_str();
        // The auxiliaries of a present passive: how a thing is done, not that it was.
        let present_aux = |i: usize| {
            matches!(
                word(i),
                "are"
                    | "is"
                    | "be"
                    | "get"
                    | "gets"
                    | "werden"
                    | "wird"
                    | "sont"
                    | "est"
                    | "son"
                    | "es"
            )
        };
        self.of(Role::Access).any(|(_, h)| {
            let before = h.start.saturating_sub(3).max(self.a)..h.start;
            // German puts the participle last: "wurden in drei Dateien ... gefunden".
            let german = (h.start.saturating_sub(10).max(self.a)..h.start)
                .any(|i| matches!(word(i), "wurde" | "wurden" | "worden"));
            let passive = german || before.clone().any(|i| PAST_PASSIVE.contains(&word(i)));
            // Spanish "se detectó", "se vio": the reflexive passive in the past (a stressed
            // final vowel).
            // "se ha comprobado", "se han detectado": the same in the perfect.
            let reflexive = h.start > self.a
                && ((word(h.start - 1) == "se"
                    && (word(h.start).ends_with('ó') || word(h.start).ends_with("aron")))
                    || (h.start > self.a + 1
                        && word(h.start - 2) == "se"
                        && matches!(word(h.start - 1), "ha" | "han" | "había" | "habían")));
            // A look told as a noun or a gerund, with nobody looking: "beim Nachsehen",
            // "al revisar", "while going through", "en les parcourant".
            // (English "while scanning" is left out: the scanner's own work is no look.)
            let infinitive = |x: &str| x.ends_with("ar") || x.ends_with("er") || x.ends_with("ir");
            let nominal = h.start > self.a
                && match word(h.start - 1) {
                    "beim" => true,
                    "al" => infinitive(word(h.start)),
                    "en" => word(h.start).ends_with("ant"),
                    _ => false,
                };
            // "The restore of the snapshot from the 18th was ...", "l'analyse du journal":
            // the act named as a definite noun, done on a dated or past occasion, was the
            // company's.
            // Any article will do ("a review of the mailbox showed", "Bei der Durchsicht der
            // Sicherung", "un análisis de tu buzón reveló"), and a past tense tells the occasion
            // as a date does.
            // At the head of the sentence no article is needed: "Inspection of the uploads
            // folder revealed ...", "Prüfung Ihrer Postfächer ergab ...".
            let of_noun = h.end < self.b
                && (h.start == self.a
                    || DETERMINERS.contains(&word(h.start - 1))
                    || INDEFINITE.contains(&word(h.start - 1)))
                && (matches!(
                    word(h.end),
                    "of" | "de" | "du" | "des" | "del" | "d'" | "der" | "von" | "vom"
                ) || (h.start == self.a
                    && matches!(
                        word(h.end),
                        "ihrer" | "ihres" | "deiner" | "deines" | "eurer" | "eures"
                    )))
                && (self.dated()
                    || (self.a..self.b).any(|i| PAST_PASSIVE.contains(&word(i)))
                    || self.told_in_the_past())
                // Without an article the head may be a rule's subject ("Restores of a mailbox
                // are only started at the request of ..."): a present passive tells a rule.
                && !(h.start == self.a && (self.a..self.b).any(present_aux));
            // "sieht man, dass ...", "on voit que ...", "se ve que ...": a look with a generic
            // subject that reports what it found ("ob", "si", "whether" would ask).
            let generic = (h.start.saturating_sub(1).max(self.a)..(h.end + 1).min(self.b))
                .any(|i| matches!(word(i), "man" | "on" | "se" | "one"))
                && (h.end..(h.end + 2).min(self.b))
                    .any(|i| matches!(word(i), "dass" | "que" | "qu'" | "qu" | "that"));
            // "According to the mailbox contents, ...", "Per your error log, ...": a fact told
            // from a stored source was read there, by whoever tells it.
            // German "zufolge" follows its noun: "Der Sicherung vom 3. März zufolge, ...".
            let after_noun = word(h.start) == "zufolge"
                && self
                    .of(Role::Entrusted)
                    .any(|(_, o)| o.start <= self.a + 2 && o.end <= h.start);
            let source = self.entry(h).id.ends_with("access.source")
                && ((h.start == self.a
                    && self
                        .of(Role::Entrusted)
                        .any(|(_, o)| o.start >= h.end && o.start <= h.end + 3))
                    || after_noun);
            // "The restore finished from the 2 a.m. snapshot", "Die Wiederherstellung lief aus
            // dem Snapshot", "La restauration s'est faite depuis l'instantané": the act named
            // at the head of the sentence, told done, with a stored thing in it.
            let head = h.start == self.a
                || (h.start == self.a + 1
                    && DETERMINERS.contains(&word(self.a))
                    && !INDEFINITE.contains(&word(self.a)));
            let done = self.told_in_the_past()
                || self.past_tense()
                || (self.a..self.b).any(|i| {
                    matches!(
                        word(i),
                        "lief" | "liefen" | "ging" | "gingen" | "hizo" | "hicieron" | "terminó"
                    ) || (matches!(word(i), "est" | "sont")
                        && i > self.a
                        && matches!(word(i - 1), "s'" | "se")
                        && ["é", "ée", "és", "ite", "ites"]
                            .iter()
                            .any(|e| word(i + 1).ends_with(e)))
                });
            // A present passive or a modal tells how it works: "Restores of a mailbox are
            // only started ...", "access would require ... and is logged".
            // French "s'est faite" is a past.
            let reflexive_past = |i: usize| {
                matches!(word(i), "est" | "es") && i > self.a && matches!(word(i - 1), "s'" | "se")
            };
            let present = (self.a..self.b).any(|i| present_aux(i) && !reflexive_past(i))
                || self
                    .of(Role::Advice)
                    .any(|(_, m)| self.entry(m).class == "modal");
            let head_act = head
                && done
                && !present
                && self.entry(h).class != "kept"
                && self
                    .of(Role::Entrusted)
                    .any(|(_, o)| o.start >= h.end || o.end <= h.start);
            (passive || reflexive || nominal || of_noun || generic || source || head_act)
                && self.entry(h).class != "kept"
                && !self.negated_at(h.start)
                && !self.advised_at(h.start)
                && !(self.a..h.start).any(|i| self.condition_word(i))
        })
    }

    /// What the poster's own data will tell them, in the future and with nobody of the
    /// company looking: "your access log will show which IPs to ban", "tu auth.log te dirá
    /// qué IPs bloquear", "votre journal vous montrera", "das Log wird Ihnen zeigen". It
    /// advises where to look; it reports no look of ours.
    fn foretold(&self) -> bool {
        const TELL: &[&str] = &["show", "tell", "list", "reveal", "say", "give", "display"];
        const ZEIGEN: &[&str] = &["zeigen", "sagen", "verraten", "anzeigen", "auflisten"];
        const FR: &[&str] = &[
            "montrer",
            "dir",
            "indiquer",
            "lister",
            "afficher",
            "révéler",
        ];
        const ES: &[&str] = &["mostrar", "dir", "indicar", "enseñar", "revelar"];
        if self.has(Role::Company) || self.question {
            return false;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        (self.a..self.b).any(|i| {
            let w = word(i);
            let will_before = (i.saturating_sub(2).max(self.a)..i)
                .any(|k| matches!(word(k), "will" | "'ll" | "ll"));
            let german =
                ZEIGEN.contains(&w) && (self.a..i).any(|k| matches!(word(k), "wird" | "werden"));
            let french = FR.iter().any(|stem| {
                w.strip_prefix(stem)
                    .is_some_and(|e| matches!(e, "a" | "ont" | "as"))
            });
            let spanish = ES.iter().any(|stem| {
                w.strip_prefix(stem)
                    .is_some_and(|e| matches!(e, "á" | "án" | "ás"))
            });
            (will_before && TELL.contains(&w)) || german || french || spanish
        })
    }

    /// The sentence says something is still with the company: a word of "still" and the
    /// company named, nothing negated ("not anymore", "nicht mehr").
    fn still_with_us(&self) -> bool {
        !self.negated()
            && self.has(Role::Company)
            && (self.a..self.b).any(|i| STILL.contains(&self.w.words[i].lower.as_str()))
    }

    /// The sentence says the company keeps something until a date: "we hold the backups
    /// until 17 November", "bewahren wir bis Ende Dezember auf", "hasta el 1 de diciembre".
    /// A rule's period ("for 30 days", "bis zu 30 Tage") has no date.
    fn kept_until(&self) -> bool {
        const UNTIL: &[&str] = &["until", "till", "bis", "jusqu'à", "jusqu'au", "hasta"];
        let dates: Vec<usize> = self
            .of(Role::Date)
            .filter(|(_, h)| !self.entry(h).id.ends_with("number_words"))
            .map(|(_, h)| h.start)
            .collect();
        !self.negated()
            && self.has(Role::Company)
            && (self.a..self.b).any(|i| {
                UNTIL.contains(&self.w.words[i].lower.as_str())
                    && dates.iter().any(|&d| d > i && d <= i + 4)
            })
    }

    /// Word `k` is a verb in the future: after "will", "'ll", "going to", "wird", "werden", or
    /// by its French or Spanish ending ("demandera", "appellerons", "pediremos", "llamará").
    fn future_at(&self, k: usize) -> bool {
        // The verb itself, or one of the words before it that governs it ("on vous demandera
        // de nous envoyer").
        let ending = (k.saturating_sub(4).max(self.a)..=k).any(|i| {
            let w = self.w.words[i].lower.as_str();
            [
                "era", "eras", "eront", "erez", "erons", "ira", "iront", "irez", "irons", "rá",
                "rán", "rás", "remos", "réis",
            ]
            .iter()
            .any(|e| w.ends_with(e) && w.chars().count() > e.chars().count() + 2)
        });
        ending
            || (k.saturating_sub(3).max(self.a)..k).any(|i| {
                matches!(
                    self.w.words[i].lower.as_str(),
                    "will" | "'ll" | "ll" | "going" | "wird" | "werden" | "shall"
                )
            })
    }

    /// A verb of the sentence in a simple or compound past, by its form: "showed",
    /// "revealed", "ergab", "zeigte", "a révélé", "a mis en évidence", "reveló", "mostraron".
    fn told_in_the_past(&self) -> bool {
        const STRONG: &[&str] = &[
            "showed",
            "shown",
            "found",
            "revealed",
            "gave",
            "brought",
            "turned",
            "ergab",
            "ergaben",
            "zeigte",
            "zeigten",
            "fiel",
            "fielen",
            "brachte",
            "brachten",
            "lieferte",
            "lieferten",
            "förderte",
        ];
        let word = |i: usize| self.w.words[i].lower.as_str();
        (self.a..self.b).any(|i| {
            let w = word(i);
            let prev = if i > self.a { word(i - 1) } else { "" };
            STRONG.contains(&w)
                || (w.len() > 5 && w.ends_with("ed") && !self.w.words[i].capital)
                // Spanish preterite: a stressed final vowel or "-aron", "-ieron".
                || (w.chars().count() > 4
                    && (w.ends_with('ó') || w.ends_with("aron") || w.ends_with("ieron")))
                // French passé composé: "a" or "ont" and a participle within two words.
                || (matches!(prev, "a" | "ont")
                    && (w.ends_with('é') || w.ends_with("és") || w.ends_with("is")))
                || (i > self.a + 1
                    && matches!(word(i - 2), "a" | "ont")
                    && w.ends_with('é'))
        })
    }

    /// The object is the subject of what follows in the future or under a modal: "your
    /// visitors will see a warning", "vos clients verront", "Ihre Kunden werden ... sehen",
    /// "sus clientes podrán": the people act; nothing of theirs is read.
    fn acts(&self, h: &Hit) -> bool {
        let Some(next) = (h.end < self.b).then(|| self.w.words[h.end].lower.as_str()) else {
            return false;
        };
        FUTURE.contains(&next)
            || matches!(
                next,
                "can"
                    | "could"
                    | "may"
                    | "might"
                    | "would"
                    | "werden"
                    | "können"
                    | "könnten"
                    | "pourront"
                    | "peuvent"
                    | "podrán"
                    | "pueden"
            )
            || ((next.ends_with("ront") || next.ends_with("rán")) && next.chars().count() > 5)
    }

    /// What the poster's people did online, told as a clause: "the pages your colleagues
    /// opened", "was Ihre Kundschaft eingetippt hat", "les sites que vos employés ont
    /// consultés", "lo que sus clientes escribieron". Their visits, searches and what they typed
    /// are records the company holds for the poster (class `activity`), whatever the noun.
    /// A ticket or a request the poster's staff opened is contact with the company, not data.
    fn people_activity(&self, activity_entry: &[Option<usize>]) -> Vec<(Lang, Hit)> {
        let word = |i: usize| self.w.words[i].lower.as_str();
        let mut out = Vec::new();
        for &(l, p) in self.of(Role::Poster) {
            if p.end != p.start + 1 || !POSSESSIVES.contains(&word(p.start)) {
                continue;
            }
            // The people: one or two words after the owner ("your B2B buyers"); a German
            // participle closes its clause ("aus Ihrem Büro hat ständig ... besucht").
            let reach = if l == Lang::De { 9 } else { 5 };
            const PEOPLE: &[&str] = &[
                "staff",
                "team",
                "employee",
                "colleague",
                "people",
                "user",
                "customer",
                "client",
                "visitor",
                "shopper",
                "buyer",
                "guest",
                "kid",
                "children",
                "family",
                "office",
                "someone",
                "somebody",
                "mitarbeit",
                "kolleg",
                "leute",
                "kunde",
                "kundschaft",
                "besucher",
                "nutzer",
                "gäste",
                "büro",
                "familie",
                "kinder",
                "jemand",
                "employé",
                "salarié",
                "collègue",
                "visiteur",
                "utilisateur",
                "équipe",
                "bureau",
                "enfant",
                "quelqu",
                "empleado",
                "compañero",
                "cliente",
                "visitante",
                "usuario",
                "equipo",
                "oficina",
                "hijo",
                "personal",
                "plantilla",
                "alguien",
            ];
            let people = |k: usize| {
                (p.start.saturating_sub(4).max(self.a)..k).any(|i| {
                    let w = word(i);
                    PEOPLE.iter().any(|x| w.starts_with(x))
                })
            };
            let Some(k) = (p.end + 1..(p.end + reach).min(self.b))
                .find(|&k| activity_verb(word(k)) || (habit_verb(word(k)) && people(k)))
            else {
                continue;
            };
            let contact = self.of(Role::Account).any(|(_, h)| {
                self.entry(h).class == "contact" && h.end <= p.start && h.end + 3 >= p.start
            });
            // "Ihre Mitarbeiter können weiter surfen": a modal before the verb tells what
            // they may do, not what they did.
            let modal = self
                .of(Role::Advice)
                .any(|(_, m)| self.entry(m).class == "modal" && m.start > p.start && m.start < k);
            if contact || modal {
                continue;
            }
            if let Some(entry) = activity_entry[l.index()].or(activity_entry[Lang::En.index()]) {
                out.push((
                    l,
                    Hit {
                        entry,
                        start: p.start,
                        end: k + 1,
                    },
                ));
            }
        }
        out
    }

    /// The sentence advises, whoever it names: it opens with an order, or a modal or a
    /// condition stands in it, and it is no question, tells no date or number and says
    /// nothing happened to the poster's data.
    /// A number stands beside an account word: "See ticket #48213", "your invoice of 49
    /// EUR". "chmod 400", "port 8443": a number beside no account word configures.
    fn numbered_item(&self) -> bool {
        self.w.words[self.a..self.b]
            .iter()
            .enumerate()
            .filter(|(_, x)| x.numeric)
            .any(|(i, _)| {
                let k = self.a + i;
                self.of(Role::Account).any(|(_, h)| {
                    h.end + 2 >= k && h.start <= k + 1 && self.entry(h).class != "account_object"
                })
            })
    }

    fn advice_shaped(&self) -> bool {
        let modal = self.of(Role::Advice).any(|(_, h)| {
            self.entry(h).class == "modal"
                && !FUTURE.contains(&self.w.words[h.start].lower.as_str())
                && !self.reporting_modal(h.end)
        });
        let condition = (self.a..self.b).any(|i| self.condition_word(i));
        // "Anyone can see that only your VPS was affected": a modal over a report of what
        // happened is no advice.
        let happened = self.w.words[self.a..self.b].iter().any(|x| {
            matches!(
                x.lower.as_str(),
                "was"
                    | "were"
                    | "wurde"
                    | "wurden"
                    | "war"
                    | "waren"
                    | "fue"
                    | "fueron"
                    | "était"
                    | "étaient"
                    | "été"
            )
        });
        // In an order a number is a setting to make ("chmod 600", "port 2222") unless it
        // counts an account thing.
        let imperative = self.opens_with_imperative();
        let numbers = if imperative {
            self.numbered_item()
        } else {
            self.numeric()
        };
        // "search your web root for recently modified files": in an order, a time relative
        // to now says which things to look at, it dates no event of the account.
        let dated = if imperative {
            self.of(Role::Date).any(|(_, h)| {
                let id = &self.entry(h).id;
                !id.ends_with("date.relative") && !id.ends_with("number_words")
            }) || self.has_year()
        } else {
            self.dated()
        };
        (imperative || modal || condition || self.foretold())
            && !self.question
            && !numbers
            && !dated
            && !happened
            && !self.has(Role::Perception)
    }

    /// Word `i` opens a condition that is the reader's wish: "if you like", "si quiere", "si
    /// vous voulez", "wenn Sie möchten", "falls gewünscht". What follows is the company's
    /// offer, not advice to the reader: "Si quiere, entro ahora mismo en el buzón".
    fn offer(&self, i: usize) -> bool {
        const WISH: &[&str] = &[
            "like",
            "want",
            "wish",
            "prefer",
            "quiere",
            "quieres",
            "desea",
            "deseas",
            "prefiere",
            "voulez",
            "souhaitez",
            "veux",
            "souhaites",
            "möchten",
            "wollen",
            "wünschen",
            "möchtest",
            "willst",
            "gewünscht",
            "wünschst",
        ];
        self.condition_word(i)
            && (i + 1..(i + 4).min(self.b)).any(|k| WISH.contains(&self.w.words[k].lower.as_str()))
            // The company acts in what follows; "si quieres filtro, Business Pro ..." advises.
            && self.of(Role::Company).any(|(_, c)| c.start > i + 1)
    }

    /// Word `i` opens a condition: "if", "wenn", "si"; French "s'" only as "s'il(s)", before
    /// anything else it is the reflexive "se" ("s'est terminée").
    fn condition_word(&self, i: usize) -> bool {
        let w = self.w.words[i].lower.as_str();
        // "Should we ever need to ..., ...", "Should you want ...": a condition by inversion,
        // at the head of a statement.
        // ("Had a quick look at ..." leaves out its subject: only a pronoun after "had" or
        // "were" inverts.)
        if i == self.a && !self.question && matches!(w, "should" | "were" | "had") {
            return self.w.words.get(i + 1).is_some_and(|n| {
                let n = n.lower.as_str();
                i + 1 < self.b
                    && (matches!(n, "we" | "you" | "they" | "it" | "anyone")
                        || (w == "should" && matches!(n, "the" | "a" | "an" | "your" | "our")))
            });
        }
        if w == "s'" {
            return self
                .w
                .words
                .get(i + 1)
                .is_some_and(|n| n.lower == "il" || n.lower == "ils");
        }
        if !CONDITIONS.contains(&w) {
            return false;
        }
        // "once we had the dump", "when we looked", "quand on a vérifié": a time in the
        // past, not a condition.
        let word = |k: usize| self.w.words.get(k).map_or("", |x| x.lower.as_str());
        let company_next = self
            .hits
            .iter()
            .any(|(_, h)| h.start == i + 1 && self.entry(h).role == Role::Company);
        let past = |x: &str| {
            matches!(
                x,
                "had"
                    | "was"
                    | "were"
                    | "did"
                    | "saw"
                    | "found"
                    | "got"
                    | "went"
                    | "a"
                    | "avons"
                    | "avait"
                    | "avions"
            ) || (x.len() > 4 && x.ends_with("ed"))
        };
        !(company_next && (past(word(i + 2)) || past(word(i + 3))))
    }

    fn has(&self, role: Role) -> bool {
        self.of(role).next().is_some()
    }

    fn entry(&self, h: &Hit) -> &super::policy::Compiled {
        &self.policy.entries[h.entry]
    }

    fn words_of(&self, h: &Hit) -> String {
        self.w.words[h.start..h.end]
            .iter()
            .map(|x| x.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The statement opens with what was done, its subject left out: "Received 24 EUR on 2
    /// Dec", "Refunded on Monday", Spanish "Agotó los 200 escaneos el día 9" (the preterite
    /// of the poster as "usted", or of the company). Either way it tells the account.
    fn opens_with_done(&self) -> bool {
        let first = &self.w.words[self.a];
        // A verb takes its object: "Received 24 EUR", "Refunded the fee"; "Registered
        // letters" is a participle before its noun.
        let object = self.w.words.get(self.a + 1).is_some_and(|x| {
            self.a + 1 < self.b
                && (x.numeric
                    || matches!(
                        x.lower.as_str(),
                        "the"
                            | "your"
                            | "it"
                            | "them"
                            | "both"
                            | "el"
                            | "la"
                            | "los"
                            | "las"
                            | "su"
                            | "sus"
                    ))
        });
        let n = first.lower.chars().count();
        let done = (n > 4 && first.lower.ends_with("ed"))
            || (n > 3 && first.lower.ends_with('ó') && !first.acronym);
        object
            && done
            && (self.a == 0 || !self.w.words[self.a - 1].joined)
            && !self.has(Role::Poster)
    }

    /// "We keep backups for 30 days", "wir speichern Logs für 14 Tage": keeping for a stated
    /// time, in the present, is the company's retention practice, not a look.
    /// A stored thing named by an indefinite article and no possessive, on no occasion: "a
    /// snapshot you have never tested is only a wish", "eine Sicherung, die du nie
    /// zurückgespielt hast": anyone's, as a saying goes; "your backup" or "a backup of your
    /// shop" is the poster's.
    fn any_one(&self, h: &Hit) -> bool {
        const INDEFINITE_ARTICLES: &[&str] = &[
            "a",
            "an",
            "any",
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "un",
            "une",
            "una",
            "uno",
            "cualquier",
        ];
        let article = (h.start.saturating_sub(2).max(self.a)..h.start)
            .any(|k| INDEFINITE_ARTICLES.contains(&self.w.words[k].lower.as_str()));
        let owned = self.of(Role::Poster).any(|(_, p)| {
            p.start + 4 >= h.start
                && p.start <= h.end + 3
                && POSSESSIVES.contains(&self.w.words[p.start].lower.as_str())
        });
        article && !owned && !self.dated() && !self.numeric()
    }

    /// A verb of keeping that is the auxiliary of a perfect tense: "a backup you have never
    /// tested", "files you have deleted", "nous avons vérifié": it keeps nothing.
    fn auxiliary(&self, h: &Hit) -> bool {
        // English and French only: a German participle stands before its auxiliary at the
        // end of the clause ("eingetippt hat"), and Spanish keeps with "tener", not "haber".
        if !matches!(
            self.w.words[h.end - 1].lower.as_str(),
            "have" | "has" | "had" | "avons" | "avions" | "a" | "ai"
        ) {
            return false;
        }
        // "we have migrated your mailbox", "nous avons nettoyé vos fichiers": whatever the
        // verb, the company's perfect over a stored thing is its act on it (`company_perfect`).
        if self.company_before(h) {
            return false;
        }
        self.participle_after(h, false)
    }

    /// The company tells a search of its own that found nothing: a verb of finding under a
    /// negation, with the company as its subject ("we did not find", "no encontramos",
    /// "nous n'avons trouvé aucun", "wir haben nichts gefunden"). A verb of seeing is left
    /// out ("we can't see your files" states what the company can not do), as is a
    /// conditional ("we would not find anything").
    fn found_nothing(&self) -> bool {
        const CONDITIONAL: &[&str] = &[
            "would",
            "could",
            "würden",
            "würde",
            "könnten",
            "trouverions",
            "pourrions",
            "encontraríamos",
            "podríamos",
        ];
        let word = |i: usize| self.w.words[i].lower.as_str();
        self.of(Role::Negation).any(|(_, n)| {
            let scope = n.start.saturating_sub(4).max(self.a)..(n.end + 4).min(self.b);
            let finding = scope
                .clone()
                .any(|i| FINDING.iter().any(|f| word(i).starts_with(f)));
            let company = self.of(Role::Company).any(|(_, c)| {
                (c.end <= n.start && c.end + 4 >= n.start)
                    || (c.start >= n.end && c.start <= n.end + 2)
            });
            let conditional = (self.a..self.b).any(|i| CONDITIONAL.contains(&word(i)))
                || (self.a..self.b).any(|i| self.condition_word(i));
            !self.interjection(n) && finding && company && !conditional
        })
    }

    /// An account thing named definitely, or bare at the head of the sentence, as the subject
    /// of what happened to it or is due: "the last direct debit was sent back by the bank",
    /// "die letzte Abbuchung wurde zurückgegeben", "la dernière facture a été rejetée",
    /// "Renewal is due on 4 March". In a reply to a customer it is theirs; a rule is told in
    /// the present ("invoices are sent on the 1st").
    fn past_event(&self, post: &PostContext) -> Option<&Hit> {
        if self.question || self.quoting {
            return None;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        self.of(Role::Account).find_map(|(l, h)| {
            let class = self.entry(h).class.as_str();
            if !matches!(class, "billing" | "plan" | "account_fact")
                || self.inside_longer_term(h)
                || self.echoes_post(*l, h, post)
                || self.negated_at(h.start)
                || self.advised_at(h.start)
                || self.poster_advised(h.start)
                || (self.a..h.start).any(|i| self.condition_word(i))
            {
                return None;
            }
            // A simple past right after the noun: "the last direct debit bounced", "el
            // cargo rebotó". (Not a capital: "the invoice Hosted ..." names.)
            let simple_past = |i: usize| {
                let x = &self.w.words[i];
                let v = x.lower.as_str();
                let n = v.chars().count();
                i < self.b
                    && !x.capital
                    && !x.comma_before
                    && n > 4
                    && (v.ends_with("ed") || v.ends_with('ó') || v.ends_with("aron"))
            };
            let told = |i: usize| i < self.b && (PAST_PASSIVE.contains(&word(i)) || simple_past(i));
            // An English compound's head follows the account word: "the SEPA collection was
            // returned", "the card payment failed".
            let compound = *l == Lang::En
                && h.end + 1 < self.b
                && !self.w.words[h.end].capital
                && !self.w.words[h.end].comma_before
                && !lang::is_function_word(Lang::En, word(h.end))
                && told(h.end + 1);
            if !self.heads_noun(h) && !compound && !told(h.end) {
                return None;
            }
            let head = h.start == self.a || (h.start == self.a + 1 && word(self.a) == "and");
            let definite = (h.start.saturating_sub(3).max(self.a)..h.start)
                .any(|i| DETERMINERS.contains(&word(i)) && !INDEFINITE.contains(&word(i)));
            // What happened: a past passive or perfect after the noun ("was sent back",
            // "wurde zurückgegeben", "a été rejetée", "fue rechazado"), a simple past right
            // after it, or a date it is due on.
            let happened =
                (h.end..self.b).any(|i| PAST_PASSIVE.contains(&word(i))) || told(h.end) || compound;
            let due = self.dated_by_calendar()
                && (h.end..(h.end + 3).min(self.b)).any(|i| matches!(word(i), "is" | "was"))
                && (h.end..self.b).any(|i| word(i) == "due");
            ((definite && happened) || (head && (happened || due))).then_some(h)
        })
    }

    /// An amount named definitely: "the 49 went out twice", "los 24 euros que salen", "les
    /// 19 euros qui partent", "die 24 Euro, die abgehen": one account's money, not a price.
    fn definite_amount(&self) -> bool {
        (self.a..self.b.saturating_sub(1)).any(|i| {
            let w = self.w.words[i].lower.as_str();
            // "the 1st", "the 3 March": a day, not an amount.
            let day = super::numbers::ordinal_digits(&self.w.words[i + 1].lower)
                || self
                    .of(Role::Date)
                    .any(|(_, d)| d.start <= i + 2 && d.end > i + 1);
            DETERMINERS.contains(&w)
                && !INDEFINITE.contains(&w)
                && self.w.words[i + 1].numeric
                && !self.w.words[i + 1].comma_before
                && !day
        })
    }

    /// How something works for everyone: told in the present, with nobody addressed, about
    /// an account thing named generically at the head of the sentence: one of a kind ("a
    /// card payment that fails is retried", "un prélèvement rejeté est présenté", "jede
    /// Rechnung") or all of them on a schedule ("invoices are issued on the 2nd of every
    /// month", "las facturas se emiten el día 1 de cada mes"). Its numbers and dates are the
    /// rule's, not an account's.
    fn habitual(&self) -> bool {
        const ONE_OF_A_KIND: &[&str] = &[
            "a", "an", "any", "each", "every", "un", "une", "una", "ein", "eine", "jede", "jeder",
            "jedes", "chaque", "cada", "tout", "toute",
        ];
        // With a frequency a definite singular is every one too: "the charge is taken on the
        // 3rd of every month", "el cargo se hace el día 3 de cada mes".
        const ALL_OF_THEM: &[&str] = &[
            "les", "las", "los", "die", "all", "the", "el", "la", "le", "der", "das",
        ];
        const EACH: &[&str] = &[
            "each", "every", "chaque", "cada", "jeden", "jede", "jedes", "jedem", "tous", "todos",
            "todas", "toutes",
        ];
        const SECOND_PERSON: &[&str] = &[
            "you", "your", "yours", "du", "dein", "deine", "deinen", "deinem", "deiner", "deines",
            "dich", "dir", "vous", "votre", "vos", "tu", "ton", "ta", "tes", "te", "usted",
            "ustedes", "tú", "tus", "ti", "euch", "euer", "eure",
        ];
        let word = |i: usize| self.w.words[i].lower.as_str();
        if self.question || self.past_tense() || self.definite_amount() {
            return false;
        }
        let addressed = self.of(Role::Poster).any(|(_, p)| {
            SECOND_PERSON.contains(&word(p.start))
                || (self.w.words[p.start].capital && word(p.start) == "sie")
        });
        if addressed {
            return false;
        }
        let start = if matches!(word(self.a), "and" | "und" | "et" | "y" | "e") {
            self.a + 1
        } else {
            self.a
        };
        let frequency = (self.a..self.b.saturating_sub(1)).any(|i| {
            EACH.contains(&word(i))
                && (i + 1..(i + 3).min(self.b))
                    .any(|k| is_time_unit(word(k)) || word(k).starts_with("monat"))
        });
        // "drawn seven days after the invoice": a step timed from another is a schedule too.
        let timed = (self.a..self.b).any(|i| {
            (self.w.words[i].numeric || self.of(Role::Date).any(|(_, d)| d.start == i))
                && self.offset(i)
        });
        self.of(Role::Account).any(|(_, h)| {
            let kind = matches!(
                self.entry(h).class.as_str(),
                "billing" | "plan" | "account_fact"
            );
            let one = h.start == start + 1 && ONE_OF_A_KIND.contains(&word(start));
            // "Los adeudos SEPA": the account word may follow the head noun.
            let all = (frequency || timed)
                && ((h.start == start && !self.w.words[start].numeric)
                    || ((h.start == start + 1 || (timed && h.start == start + 2))
                        && ALL_OF_THEM.contains(&word(start))));
            kind && (one || all)
        })
    }

    /// Told in a past tense: "was", "wurde", "a été", "fue", a French or English perfect, a
    /// Spanish preterite, or an English "-ed" that is no present passive ("are issued").
    fn past_tense(&self) -> bool {
        const PAST: &[&str] = &[
            "was", "were", "wurde", "wurden", "war", "waren", "worden", "été", "fue", "fueron",
            "did", "had", "hatte", "hatten", "était", "étaient",
        ];
        const PRESENT_AUX: &[&str] = &["are", "is", "be", "get", "gets", "been", "being"];
        // "the affected customer", "a signed contract": after a determiner, an adjective.
        const DETERMINERS: &[&str] = &["the", "a", "an", "any", "each", "every", "this", "that"];
        let word = |i: usize| self.w.words[i].lower.as_str();
        (self.a..self.b).any(|i| {
            let w = word(i);
            let prev = if i > self.a { word(i - 1) } else { "" };
            let n = w.chars().count();
            // "are taken automatically and stored": a participle joined to a present
            // passive shares its auxiliary.
            let joined_to_present = {
                let mut k = i;
                while k > self.a && {
                    let x = word(k - 1);
                    matches!(
                        x,
                        "and"
                            | "or"
                            | "made"
                            | "kept"
                            | "held"
                            | "sent"
                            | "built"
                            | "set"
                            | "put"
                            | "done"
                            | "run"
                            | "left"
                            | "sold"
                            | "told"
                            | "paid"
                    ) || x.ends_with("ed")
                        || x.ends_with("en")
                        || x.ends_with("ly")
                } {
                    k -= 1;
                }
                k < i && k > self.a && PRESENT_AUX.contains(&word(k - 1))
            };
            PAST.contains(&w)
                || (n > 4
                    && w.ends_with("ed")
                    && !PRESENT_AUX.contains(&prev)
                    && !DETERMINERS.contains(&prev)
                    && !joined_to_present)
                || (n > 4 && (w.ends_with('ó') || w.ends_with("aron") || w.ends_with("ieron")))
                || (matches!(
                    prev,
                    "a" | "ont" | "ha" | "han" | "has" | "have" | "hat" | "haben"
                ) && (w.ends_with('é')
                    || w.ends_with("ée")
                    || w.ends_with("ado")
                    || w.ends_with("ido")))
        })
    }

    /// An access bound to a condition or an "only", told in no past: "we would only open a
    /// mailbox with a court order", "our staff will only access your files if you ask",
    /// "we only look at a customer's files when the customer asks us to", "wir würden ein
    /// Postfach nur mit Beschluss öffnen". The company states when it would look, not that
    /// it looked.
    fn restricted(&self, h: &Hit) -> bool {
        const ONLY: &[&str] = &[
            "only",
            "nur",
            "erst",
            "seulement",
            "uniquement",
            "que",
            "solo",
            "sólo",
            "únicamente",
        ];
        const BOUND: &[&str] = &[
            "if", "when", "unless", "with", "upon", "on", "after", "wenn", "falls", "mit", "auf",
            "si", "sur", "avec", "sauf", "con", "cuando", "salvo", "bajo",
        ];
        if self.past_tense() || self.dated() || self.question {
            return false;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        let only = (h.start.saturating_sub(4).max(self.a)..(h.end + 4).min(self.b))
            .any(|i| ONLY.contains(&word(i)) && (word(i) != "que" || self.negated()));
        let condition = (h.end..self.b).any(|i| self.condition_word(i));
        let bound = only && (h.end..self.b).any(|i| BOUND.contains(&word(i)));
        // A future or conditional ("will", "would", "werden", "würden") with its condition.
        let modal = (h.start.saturating_sub(4).max(self.a)..h.start).any(|i| {
            matches!(
                word(i),
                "will" | "would" | "werden" | "würden" | "würde" | "wird"
            )
        }) || word(h.start).ends_with("rions")
            || word(h.start).ends_with("ríamos")
            || word(h.start).ends_with("rons")
            || word(h.start).ends_with("remos");
        // With no past in the sentence, a verb without "-ed" is the present of habit: "we
        // look at ... when".
        let habit = !word(h.start).ends_with("ed");
        bound || (condition && (only || modal || habit))
    }

    /// A definite store of the account's and the share of it used: "Der Speicher ist zu 95
    /// Prozent belegt", "el espacio está al 98 %", "l'espace disque est utilisé à 93 %".
    fn usage(&self) -> Option<&Hit> {
        const STORES: &[&str] = &[
            "storage",
            "space",
            "disk",
            "quota",
            "mailbox",
            "speicher",
            "speicherplatz",
            "platz",
            "kontingent",
            "postfach",
            "espace",
            "boîte",
            "espacio",
            "cuota",
            "buzón",
            "almacenamiento",
            "disco",
        ];
        const PERCENT: &[&str] = &["%", "percent", "prozent", "pourcent", "cent", "ciento"];
        if self.question || self.habitual() {
            return None;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        // Digits and then a word of percent; "%" is no word, so the number's own text shows it.
        let share = (self.a..self.b).any(|i| {
            self.w.words[i].numeric
                && (self
                    .w
                    .words
                    .get(i + 1)
                    .is_some_and(|x| i + 1 < self.b && PERCENT.contains(&x.lower.as_str()))
                    || self.w.words[i].percent)
        });
        if !share {
            return self.used_up();
        }
        let k = (self.a + 1..self.b).find(|&k| {
            DETERMINERS.contains(&word(k - 1))
                && !INDEFINITE.contains(&word(k - 1))
                && STORES.contains(&word(k))
        })?;
        // The term over the store's word names the finding; else the sentence's first term.
        let hits = || self.hits.iter().map(|(_, h)| h);
        hits()
            .find(|h| h.start <= k && h.end > k)
            .or_else(|| hits().next())
    }

    /// A counted allowance of the account's, all of it used: "all 15 seats are taken", "alle
    /// 15 Plätze sind belegt", "tiene ocupados los 10 puestos", "les 5 sièges sont pris".
    /// What the account uses is known only to the company; "Business Pro includes 15 seats"
    /// or "once all 15 are taken, add more" tell the product.
    fn used_up(&self) -> Option<&Hit> {
        const USED: &[&str] = &[
            "taken",
            "used",
            "occupied",
            "full",
            "belegt",
            "vergeben",
            "ausgeschöpft",
            "aufgebraucht",
            "verbraucht",
            "ocupados",
            "ocupadas",
            "usados",
            "usadas",
            "utilizados",
            "utilizadas",
            "agotados",
            "agotadas",
            "pris",
            "prises",
            "occupés",
            "occupées",
            "utilisés",
            "utilisées",
            "épuisés",
            "épuisées",
        ];
        const ALL: &[&str] = &[
            "all",
            "alle",
            "sämtliche",
            "todos",
            "todas",
            "tous",
            "toutes",
            "the",
            "die",
            "los",
            "las",
            "les",
            "your",
            "ihre",
            "sus",
            "vos",
        ];
        if self.question || self.opens_with_imperative() || self.for_all() {
            return None;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        let used = (self.a..self.b).find(|&i| USED.contains(&word(i)))?;
        // "used for scanning": what something serves, not how much of it is taken; "our
        // servers": the company's own.
        let purpose = matches!(
            self.word_in(used + 1),
            "for" | "für" | "pour" | "para" | "by"
        );
        if purpose
            || (self.a..self.b).any(|i| OUR.contains(&word(i)))
            || self.has(Role::Company)
            || (self.a..used).any(|i| self.condition_word(i))
            || self.negated_at(used)
            || self.advised_at(used)
        {
            return None;
        }
        // A count named as all of them ("alle 15", "los 10", "the 5"), near the verb.
        let counted = (used.saturating_sub(5).max(self.a + 1)..(used + 5).min(self.b)).any(|k| {
            let x = &self.w.words[k];
            x.numeric && !x.percent && !x.money && ALL.contains(&word(k - 1))
        });
        if !counted {
            return None;
        }
        self.hits
            .iter()
            .map(|(_, h)| h)
            .find(|h| h.start <= used && h.end > used)
            .or_else(|| self.of(Role::Account).map(|(_, h)| h).next())
            .or_else(|| self.hits.first().map(|(_, h)| h))
    }

    /// How the poster's stored thing is protected, told in the present: "Your backups are
    /// encrypted", "Ihre Sicherungen sind verschlüsselt", "vos sauvegardes sont chiffrées".
    /// The product's practice; it tells nothing the thing holds.
    fn protected_state(&self, h: &Hit) -> bool {
        const COPULA: &[&str] = &[
            "is", "are", "ist", "sind", "bleibt", "bleiben", "est", "sont", "restent", "reste",
            "es", "son", "está", "están", "quedan",
        ];
        const PROTECTED: &[&str] = &[
            "encrypted",
            "protected",
            "secured",
            "isolated",
            "verschlüsselt",
            "geschützt",
            "gesichert",
            "isoliert",
            "chiffré",
            "chiffrée",
            "chiffrés",
            "chiffrées",
            "protégé",
            "protégée",
            "protégés",
            "protégées",
            "cifrado",
            "cifrada",
            "cifrados",
            "cifradas",
            "protegido",
            "protegida",
            "protegidos",
            "protegidas",
        ];
        let word = |i: usize| self.w.words[i].lower.as_str();
        !self.past_tense()
            && !self.dated()
            && !self.numeric()
            && (h.end..(h.end + 2).min(self.b)).any(|i| COPULA.contains(&word(i)))
            && (h.end + 1..(h.end + 4).min(self.b)).any(|i| PROTECTED.contains(&word(i)))
    }

    /// The poster is the one who looks: "Nur Sie sehen, was ...", "only you can see",
    /// "seul vous pouvez voir". Their own access to their data, not the company's.
    fn posters_own_look(&self, h: &Hit) -> bool {
        // Not Spanish "tu" (your), and not keeping: "you have three backups on our
        // storage" is the company holding them.
        const SUBJECTS: &[&str] = &["you", "du", "vous", "usted", "ustedes", "tú"];
        let word = |i: usize| self.w.words[i].lower.as_str();
        self.entry(h).class != "kept"
            && (h.start.saturating_sub(3).max(self.a)..h.start).any(|i| {
                (SUBJECTS.contains(&word(i)) || (word(i) == "sie" && self.w.words[i].capital))
                    && self.of(Role::Poster).any(|(_, p)| p.start == i)
                    && !self
                        .of(Role::Company)
                        .any(|(_, c)| c.start > i && c.start <= h.end)
                    // "Wenn Sie möchten, schaue ich ...": the poster's clause ends at a comma.
                    && !(i + 1..=h.start).any(|k| self.w.words[k].comma_before)
            })
    }

    /// The company stands just before word `h`: "we have", "nous avons", "our admin has".
    fn company_before(&self, h: &Hit) -> bool {
        self.of(Role::Company)
            .any(|(_, c)| c.end <= h.start && c.end + 2 >= h.start)
    }

    /// The company's perfect with an unlisted verb: "nous avons remis en place la
    /// sauvegarde d'hier soir", "we have migrated your mailbox". An act of the company on a
    /// stored thing that is the poster's or is dated.
    fn company_perfect(&self) -> bool {
        !self.negated()
            && !self.question
            && self.of(Role::Access).any(|(_, h)| {
                self.entry(h).class == "kept"
                    && matches!(
                        self.w.words[h.end - 1].lower.as_str(),
                        "have" | "has" | "had" | "avons" | "avions" | "a" | "ai"
                    )
                    && self.company_before(h)
                    && self.participle_after(h, true)
                    && !self.advised_at(h.start)
            })
    }

    /// A participle follows the auxiliary `h` (English or French form), past an adverb; unless
    /// `before_noun`, it is no adjective before a noun ("has repeated lookups").
    fn participle_after(&self, h: &Hit, before_noun: bool) -> bool {
        const BETWEEN: &[&str] = &[
            "never", "not", "already", "just", "ever", "since", "also", "nie", "nicht", "schon",
            "bereits", "jamais", "pas", "déjà", "n'",
        ];
        let french = matches!(
            self.w.words[h.end - 1].lower.as_str(),
            "avons" | "avions" | "a" | "ai"
        );
        let participle = |w: &str| {
            let n = w.chars().count();
            (n > 4 && (w.ends_with("ed") || w.ends_with("en")))
                || (n > 3 && ["é", "ée", "és", "ées"].iter().any(|e| w.ends_with(e)))
                || (french && n > 3 && ["is", "it", "u", "us"].iter().any(|e| w.ends_with(e)))
                || matches!(
                    w,
                    "done"
                        | "seen"
                        | "made"
                        | "kept"
                        | "left"
                        | "lost"
                        | "put"
                        | "set"
                        | "run"
                        | "read"
                        | "sent"
                        | "got"
                        | "found"
                        | "fait"
                        | "vu"
                        | "lu"
                        | "mis"
                        | "pris"
                )
        };
        let Some(k) = (h.end..(h.end + 4).min(self.b))
            .find(|&k| !BETWEEN.contains(&self.w.words[k].lower.as_str()))
        else {
            return false;
        };
        // "has repeated lookups": a participle before a noun describes it; the tense has an
        // adverb before the participle or no noun after it.
        let adverb = k > h.end;
        let after = self.w.words.get(k + 1).filter(|_| k + 1 < self.b);
        let ends = after.map_or(true, |x| {
            x.comma_before
                || [Lang::En, Lang::Fr]
                    .iter()
                    .any(|&l| lang::is_function_word(l, &x.lower))
        });
        !(h.end..=k).any(|i| i > h.end && self.w.words[i].comma_before)
            && participle(&self.w.words[k].lower)
            && (adverb || ends || before_noun)
    }

    fn retention(&self, h: &Hit) -> bool {
        !self.past_form(h)
            && (h.end..(h.end + 6).min(self.b)).any(|i| {
                is_time_unit(&self.w.words[i].lower)
                    // "gardés 30 jours", "se conservan 90 días": the duration right after.
                    && ((i == h.end + 1 && self.w.words[h.end].numeric)
                        || (h.end..i).any(|j| {
                        matches!(
                            self.w.words[j].lower.as_str(),
                            "for"
                                | "für"
                                | "pendant"
                                | "durante"
                                | "während"
                                | "up"
                                | "bis"
                                | "jusqu'à"
                                | "hasta"
                        )
                    }))
            })
    }

    /// Whether the verb `h` is in a past tense: "showed", "zeigte", "montrait", "mostró",
    /// "mostraba", or after a perfect's auxiliary ("has shown", "a montré", "ha mostrado").
    fn past_form(&self, h: &Hit) -> bool {
        const AUXILIARIES: &[&str] = &[
            "has", "had", "have", "hat", "hatte", "a", "avait", "ha", "había",
        ];
        const IRREGULAR: &[&str] = &[
            "held",
            "had",
            "ran",
            "shown",
            "lag",
            "lagen",
            "stand",
            "standen",
            "enthielt",
            "enthielten",
        ];
        let w = self.w.words[h.start].lower.as_str();
        let perfect =
            h.start > self.a && AUXILIARIES.contains(&self.w.words[h.start - 1].lower.as_str());
        // "vous avoir rencontré", "hemos hablado": a participle after a perfect's auxiliary
        // within two words.
        let participle = (w.ends_with('é') || w.ends_with("ado") || w.ends_with("ido"))
            && (h.start.saturating_sub(2).max(self.a)..h.start).any(|i| {
                matches!(
                    self.w.words[i].lower.as_str(),
                    "avoir"
                        | "a"
                        | "ai"
                        | "avons"
                        | "avez"
                        | "ont"
                        | "ha"
                        | "he"
                        | "hemos"
                        | "han"
                        | "haber"
                        | "habido"
                )
            });
        perfect
            || participle
            || IRREGULAR.contains(&w)
            || w.ends_with("ed")
            || (w.ends_with("te") || w.ends_with("ten")) && w.chars().count() > 4
            || w.ends_with("ait")
            || w.ends_with("aient")
            || w.ends_with('ó')
            || w.ends_with("aba")
            || w.ends_with("aban")
            || w.ends_with("ía")
            || w.ends_with("ían")
    }

    /// A cause found in the poster's stored thing: "the crash came from your image folder",
    /// "der Einbruch kommt von Ihrer geplanten Aufgabe", "la panne vient de vos fichiers",
    /// "el fallo se debe a su carpeta". Only a look at it finds the cause there; told
    /// plainly (not negated, asked, ordered, hedged by a condition or "usually").
    fn diagnosis(&self, obj: &Hit) -> bool {
        const CAUSE: &[&[&str]] = &[
            &["came", "from"],
            &["comes", "from"],
            &["caused", "by"],
            &["due", "to"],
            &["because", "of"],
            &["traced", "to"],
            &["kommt", "von"],
            &["kam", "von"],
            &["kommt", "aus"],
            &["kam", "aus"],
            &["liegt", "an"],
            &["lag", "an"],
            &["verursacht", "durch"],
            &["vient", "de"],
            &["vient", "d'"],
            &["venait", "de"],
            &["venait", "d'"],
            &["provient", "de"],
            &["causé", "par"],
            &["causée", "par"],
            &["cause", "de"],
            &["viene", "de"],
            &["venía", "de"],
            &["proviene", "de"],
            &["debe", "a"],
            &["causado", "por"],
            &["causada", "por"],
            &["culpa", "de"],
        ];
        let word = |k: usize| self.w.words[k].lower.as_str();
        // The cause's words stand before the object, in its clause, a few words off.
        let cause_before = (obj.start.saturating_sub(6).max(self.a)..obj.start).any(|k| {
            CAUSE.iter().any(|c| {
                k + c.len() <= obj.start
                    && c.iter().enumerate().all(|(j, x)| word(k + j) == *x)
                    && !self.new_clause(k, obj.start)
            })
        });
        cause_before
            && !self.question
            && !self.negated()
            && !self.opens_with_imperative()
            && !(self.a..self.b).any(|i| self.condition_word(i) || USUALLY.contains(&word(i)))
    }

    /// A stored thing told by its size: "the 3 GB of ZIP archives", "les 5 Go du dossier",
    /// "los 6 GB de archivos", "die 2 GB an Fotos". Only a look at the storage measures it. A
    /// size the post gave is the poster's own; an allowance ("10 GB included", "up to 5 GB")
    /// or a room ("10 GB of web space") is the product's.
    fn sized<'h>(&self, entrusted: &[&'h Hit], post: &PostContext) -> Option<&'h Hit> {
        const UNITS: &[&str] = &[
            "kb",
            "mb",
            "gb",
            "tb",
            "ko",
            "mo",
            "go",
            "gigabytes",
            "megabytes",
            "gigaoctets",
        ];
        const OF: &[&str] = &["of", "de", "d'", "du", "des", "an", "von", "en"];
        const ALLOWANCE: &[&str] = &[
            "included",
            "include",
            "includes",
            "inklusive",
            "enthalten",
            "inclus",
            "inclut",
            "incluye",
            "incluidos",
            "incluidas",
            "limit",
            "limite",
            "límite",
            "up",
            "bis",
            "jusqu'à",
            "hasta",
            "max",
            "maximum",
            "máximo",
        ];
        let word = |k: usize| self.w.words[k].lower.as_str();
        if (self.a..self.b).any(|i| ALLOWANCE.contains(&word(i))) {
            return None;
        }
        entrusted.iter().copied().find(|o| {
            self.entry(o).class != "container"
                && (o.start.saturating_sub(4).max(self.a)..o.start).any(|k| {
                    self.w.words[k].numeric
                        && k + 2 <= o.start
                        && UNITS.contains(&word(k + 1))
                        // "of" right after the unit, then at most one word before the
                        // thing: "the 3 GB of old archives".
                        && OF.contains(&word(k + 2))
                        && o.start <= k + 4
                        && !post.said_number(word(k))
                })
        })
    }

    /// A particular report on what is installed: a word of installing ("installed",
    /// "installiert", "installées", "instalados") in a plain statement with a count, a past,
    /// a date, "still" or "now" ("three of the installed plugins have had no update").
    /// A negation after the word of installing tells the state of what is installed
    /// ("n'étaient plus à jour", "kein Update"); one before it denies the look.
    fn installed_report(&self) -> bool {
        let Some(at) = (self.a..self.b).find(|&i| {
            INSTALLED
                .iter()
                .any(|x| self.w.words[i].lower.starts_with(x))
        }) else {
            return false;
        };
        !self.question
            && !self.of(Role::Negation).any(|(_, n)| n.start < at)
            && self.report_told_plainly()
    }

    /// A report of one particular state or event: a plain statement (not negated, not an
    /// order, with no modal, condition, future or "usually" in it), told in a past, with a
    /// date or a number, or of what is so still or now. "The filter is configured per device"
    /// describes the product; "the files all carry that date now" reports on one web space.
    fn particular_report(&self) -> bool {
        !self.negated() && self.report_told_plainly()
    }

    /// `particular_report` without its test of negation, for a report whose negation tells
    /// the state reported ("have had no update").
    fn report_told_plainly(&self) -> bool {
        let word = |i: usize| self.w.words[i].lower.as_str();
        let plain = !self
            .of(Role::Advice)
            .any(|(_, h)| self.entry(h).class == "modal")
            && !self.opens_with_imperative()
            && !self.infinitive_instruction()
            && !self.habitual()
            && !(self.a..self.b)
                .any(|i| self.condition_word(i) || self.future_at(i) || USUALLY.contains(&word(i)));
        // The imperfect and the German preterite tell a past state too: "lo último que
        // quedaba eran las fotos", "les fichiers occupaient", "der Ordner lag".
        const PAST_STATE: &[&str] = &[
            "era", "eran", "estaba", "estaban", "había", "habían", "lag", "lagen", "stand",
            "standen", "gab", "lief", "liefen", "kam", "kamen",
        ];
        let imperfect = |w: &str| {
            let n = w.chars().count();
            PAST_STATE.contains(&w)
                || (n > 5 && (w.ends_with("aba") || w.ends_with("aban")))
                || (n > 5 && (w.ends_with("ait") || w.ends_with("aient")))
        };
        // "Quedan restos en su espacio", "il reste deux dossiers", "noch übrig": what
        // remains of it is what is still there.
        const REMAIN: &[&str] = &[
            "remain",
            "remains",
            "übrig",
            "verbleiben",
            "verbleibt",
            "reste",
            "restent",
            "queda",
            "quedan",
        ];
        plain
            && (self.past_tense()
                || self.dated()
                || self.counted()
                || (self.a..self.b).any(|i| {
                    let w = word(i);
                    STILL.contains(&w)
                        || NOW.contains(&w)
                        || REMAIN.contains(&w)
                        || imperfect(w)
                        || super::numbers::spelled(w).is_some_and(|n| n >= 2)
                }))
    }

    /// A negation within a few words before position `k`, in its clause.
    fn negated_at(&self, k: usize) -> bool {
        self.of(Role::Negation).any(|(_, n)| {
            n.start < k
                && n.start + 8 >= k
                && n.start >= self.a
                && !self.interjection(n)
                && !self.new_clause(n.end, k)
        })
    }

    /// The poster stands as the subject of a clause of its own between `from` and `to`,
    /// past a noun: "that shouldn't happen on the contract you have", "le forfait que vous
    /// avez": the relative clause asserts, whatever the modal before it says.
    fn relative_subject(&self, from: usize, to: usize) -> bool {
        // Only the clause's own words: the head noun just before the pronoun, or the term
        // that starts with it ("you have"); what follows the clause is the modal's again.
        let pronoun = |i: usize| {
            i < self.b
                && matches!(
                    self.w.words[i].lower.as_str(),
                    "you" | "u" | "ya" | "vous" | "tu" | "usted" | "tú"
                )
        };
        to > from
            && self.of(Role::Account).any(|(_, h)| {
                // The account's standing things: "the email you received" under "feel free to
                // forward" is the invitation's, not a fact.
                matches!(self.entry(h).class.as_str(), "plan" | "billing" | "tenure")
                    && h.start == to
                    && (pronoun(h.start) || pronoun(h.end))
            })
    }

    /// A clause opens between words `from` and `to`: a comma, then a subject of its own
    /// ("without a single error, we checked"): what governs the words before the comma does
    /// not reach past it.
    fn new_clause(&self, from: usize, to: usize) -> bool {
        (from.max(self.a + 1)..=to.min(self.b.saturating_sub(1))).any(|i| {
            self.w.words[i].comma_before
                && self.hits.iter().any(|(_, h)| {
                    h.start == i && matches!(self.entry(h).role, Role::Company | Role::Poster)
                })
        })
    }

    /// A negation that opens the sentence and closes with a comma within a word: "No, ...",
    /// "No worries, ...", "Keine Sorge, ...", "Pas de souci, ...": an answer or a formula that
    /// governs nothing after it.
    fn interjection(&self, n: &Hit) -> bool {
        n.start == self.a
            && (n.end..(n.end + 3).min(self.b + 1))
                .any(|k| k < self.w.words.len() && self.w.words[k].comma_before)
    }

    /// A verb's negation governs word `k` with no mention of the poster between: "we never
    /// share customer information" states a practice. A negated noun ("no unpaid invoices",
    /// "keine offenen Posten", "aucun blocage") or a negation that reaches the poster ("we no
    /// longer have you as a customer", "vous n'êtes plus client") states the account's condition.
    fn practice_negated(&self, k: usize) -> bool {
        let access_noun = |n: &Hit| {
            (n.end..(n.end + 2).min(self.b))
                .any(|i| ACCESS_NOUNS.contains(&self.w.words[i].lower.as_str()))
        };
        self.of(Role::Negation)
            .filter(|(_, n)| n.start < k && n.start >= self.a)
            .any(|(_, n)| {
                (self.negative_subject(n) && !self.new_clause(n.end, k))
                    || n.start + 8 >= k
                        && (!NOUN_NEGATORS.contains(&self.w.words[n.start].lower.as_str())
                            || access_noun(n))
                        && !self
                            .of(Role::Poster)
                            .any(|(_, p)| p.start + 2 >= n.start && p.start <= k)
            })
    }

    /// The company denies its own access to stored data: "our engineers would never open
    /// your mailbox", "Unsere Techniker öffnen Ihr Postfach niemals", "jamás abriríamos el
    /// buzón", "nos techniciens ne consultent jamais vos fichiers". The company is the subject
    /// of a negated verb, in one clause with the stored thing and its owner: a practice, as
    /// "nobody opens it" is. A negated result ("we did not find anything in your mailbox")
    /// still tells of a look, and an account fact, a number or a date beside the denial still
    /// tells the account.
    fn company_denies_access(&self) -> bool {
        if self.numeric() || self.dated() || self.question {
            return false;
        }
        let account_fact = self.of(Role::Account).any(|(_, h)| {
            matches!(
                self.entry(h).class.as_str(),
                "billing" | "plan" | "tenure" | "contact" | "account_fact"
            ) && !self.inside_longer_term(h)
        });
        let result = self.w.words[self.a..self.b]
            .iter()
            .any(|x| FINDING.iter().chain(SEEING).any(|r| x.lower.starts_with(r)));
        // The relationship denied ("the reviewer is not a customer of ours") is told, not a
        // practice; "un cliente" that names anyone and "tes clients" (the poster's own
        // customers) are no relationship.
        // "unserer Kundschaft", "our customers'", "les boîtes des clients": all customers,
        // no one's relationship; a denied relationship names one person.
        let relationship = self.of(Role::Relationship).any(|(_, r)| {
            let w = self.w.words[r.end - 1].lower.as_str();
            let plural = w.ends_with('s')
                || matches!(w, "kunden" | "kundschaft" | "kundinnen" | "clientela");
            let named = self
                .of(Role::Poster)
                .any(|(_, p)| p.start <= r.start && (p.end >= r.end || p.end == r.start));
            let ours = r.start > self.a && OUR.contains(&self.w.words[r.start - 1].lower.as_str());
            !named && !ours && !plural
        });
        if account_fact || result || relationship || self.entrusted_objects().is_empty() {
            return false;
        }
        self.of(Role::Negation).any(|(l, n)| {
            let word = self.w.words[n.start].lower.as_str();
            let access_noun = (n.end..(n.end + 2).min(self.b))
                .any(|i| ACCESS_NOUNS.contains(&self.w.words[i].lower.as_str()));
            // Spanish "no" negates the verb after it ("no abrimos"); elsewhere "no" is a noun's.
            // "Wir lesen keine Postfächer": right after the verb of access, "keine" negates
            // the act on any such thing.
            let after_access = self.of(Role::Access).any(|(_, a)| a.end == n.start);
            // "en ningún momento", "zu keinem Zeitpunkt", "à aucun moment": at no time, the
            // verb's negation.
            let at_no_time = self.w.words.get(n.end).is_some_and(|x| {
                n.end < self.b
                    && matches!(
                        x.lower.as_str(),
                        "momento" | "moment" | "zeitpunkt" | "time" | "point"
                    )
            });
            let verbal = !NOUN_NEGATORS.contains(&word)
                || (*l == Lang::Es && word == "no")
                || access_noun
                || after_access
                || at_no_time;
            // The company stands as the subject just before the negation, or as the verb or
            // subject just after it ("jamás abriríamos", "no acceden ... ni nuestros técnicos").
            let subject = self.of(Role::Company).any(|(_, c)| {
                // German puts the object between: "dass wir die Inhalte Ihrer E-Mails weder
                // lesen noch auswerten".
                let reach = if *l == Lang::De { 8 } else { 4 };
                let before = c.end <= n.start
                    && c.end + reach >= n.start
                    && !(c.end..=n.start).any(|i| i > c.start && self.w.words[i].comma_before);
                let after = c.start >= n.end
                    && c.start <= n.end + 5
                    && !(n.end..=c.start).any(|i| self.w.words[i].comma_before);
                before || after
            });
            verbal
                && subject
                && !self.interjection(n)
                // Everything said of anyone stands in the negation's clause.
                && self.hits.iter().all(|(_, h)| {
                    !matches!(
                        self.entry(h).role,
                        Role::Poster | Role::Relationship | Role::Entrusted | Role::Perception
                    ) || if h.start > n.start {
                        !self.new_clause(n.end, h.start)
                    } else {
                        !self.new_clause(h.end, n.start)
                    }
                })
        })
    }

    /// The negation is the subject: "nobody", "no one", "niemand", "personne", "nadie", or a
    /// negated person ("no technician", "aucun membre", "ninguna persona"). The clause then
    /// tells what no one does, to the poster's things or anyone's: a practice.
    fn negative_subject(&self, n: &Hit) -> bool {
        const PRONOUNS: &[&str] = &["nobody", "noone", "niemand", "nadie", "personne"];
        const NEGATED_PERSON: &[&str] = &[
            "no", "kein", "keiner", "aucun", "aucune", "ningún", "ninguna", "ninguno",
        ];
        const PEOPLE: &[&str] = &[
            "one",
            "person",
            "people",
            "employee",
            "employees",
            "member",
            "staff",
            "admin",
            "administrator",
            "technician",
            "engineer",
            "agent",
            "human",
            "mitarbeiter",
            "mitarbeiterin",
            "mensch",
            "techniker",
            "membre",
            "employé",
            "employée",
            "technicien",
            "technicienne",
            "humain",
            "persona",
            "miembro",
            "empleado",
            "empleada",
            "técnico",
            "técnica",
            "humano",
        ];
        let word = |i: usize| self.w.words.get(i).map_or("", |x| x.lower.as_str());
        let w = word(n.start);
        // "une personne", "la personne": the French noun, not the pronoun.
        let article = n.start > self.a
            && matches!(word(n.start - 1), "une" | "la" | "les" | "cette" | "chaque");
        // German "keiner" stands alone for nobody; before a noun ("in keiner Datei") it is
        // an article.
        let before_noun = n.end < self.b && self.w.words[n.end].capital;
        let nobody_de = w == "keiner" && !before_noun;
        (PRONOUNS.contains(&w) && !article)
            || nobody_de
            || (NEGATED_PERSON.contains(&w) && PEOPLE.contains(&word(n.start + 1)))
    }

    /// The statement is negated. "Without", "ohne", "sans", "sin" negate a noun phrase
    /// ("went out without the VAT number"), not the statement.
    fn negated(&self) -> bool {
        self.of(Role::Negation).any(|(_, n)| {
            !self.interjection(n)
                && !self.contrast_tail(n)
                && !matches!(
                    self.w.words[n.start].lower.as_str(),
                    "without" | "ohne" | "sans" | "sin"
                )
        })
    }

    /// The stored thing `o` is what a contrast after a comma sets against the statement: "we
    /// checked the status page, not your files" did not look at the files.
    fn in_negated_tail(&self, o: &Hit) -> bool {
        self.of(Role::Negation).any(|(_, n)| {
            n.start > self.a + 2
                && self.w.words[n.start].comma_before
                && n.end <= o.start
                && o.start <= n.end + 3
                && !self.new_clause(n.end, o.start)
        })
    }

    /// A negation that only sets a short phrase against the statement before it: "the log
    /// shows the bounces come from a full mailbox, not from us", "..., nicht von uns", "...,
    /// pas de notre côté", "..., no de nuestros servidores". What the statement says stands.
    fn contrast_tail(&self, n: &Hit) -> bool {
        // Only a tail that names the company or nothing: "..., not your files" negates what
        // it names.
        n.start > self.a + 3
            && self.w.words[n.start].comma_before
            && self.b - n.start <= 5
            && self.hits.iter().all(|(_, h)| {
                h.end <= n.start || matches!(self.entry(h).role, Role::Company | Role::Negation)
            })
    }

    fn formula(&self) -> bool {
        self.of(Role::Advice)
            .any(|(_, h)| self.entry(h).class == "formula")
    }

    /// The poster as the one the sentence is about; "if you ...", "you can ..." are not
    /// statements about them.
    fn poster(&self, poster: &Poster<'_>) -> Option<String> {
        let stated = self.of(Role::Poster).find(|(l, h)| {
            // German "sie", "ihr" are "they", "her" unless capitalised inside a sentence.
            let w = &self.w.words[h.start];
            let polite = matches!(
                w.lower.as_str(),
                "sie" | "ihr" | "ihre" | "ihren" | "ihrem" | "ihrer" | "ihres" | "ihnen"
            );
            if *l == Lang::De && polite && h.start > self.a && !w.capital {
                return false;
            }
            // "customers like you shouldn't ...": "you" is not the subject of the modal.
            let compared = h.start > self.a
                && matches!(
                    self.w.words[h.start - 1].lower.as_str(),
                    "like" | "as" | "wie" | "comme" | "como"
                );
            compared
                || !self.of(Role::Advice).any(|(_, m)| {
                    // "please update your ...": a request still names the poster's things.
                    let polite = matches!(
                        self.w.words[m.start].lower.as_str(),
                        "please" | "bitte" | "por" | "merci"
                    );
                    // "For what it's worth, you're on ...": a comma between them makes
                    // "you" the subject of a clause of its own.
                    let apart =
                        (m.end..=h.start.min(self.b - 1)).any(|i| self.w.words[i].comma_before);
                    !polite
                        && !apart
                        && self.entry(m).class == "modal"
                        && m.start <= h.start + 1
                        && m.start + 2 >= h.start
                })
        });
        if let Some((_, h)) = stated {
            return Some(self.words_of(h));
        }
        // "Hi @joe_b and @marisa_k, the status page was down": a name or handle greeted
        // before a comma is whom the reply speaks to, not what the clause after it is about.
        const SALUTATIONS: &[&str] = &[
            "dear", "hi", "hello", "hey", "liebe", "lieber", "hallo", "sehr", "geehrte",
            "geehrter", "cher", "chère", "chers", "bonjour", "salut", "hola", "estimado",
            "estimada", "querido", "querida",
        ];
        let greeting = |k: usize| {
            SALUTATIONS.contains(&self.w.words[k].lower.as_str())
                || self
                    .of(Role::Advice)
                    .any(|(_, h)| self.entry(h).class == "formula" && h.start <= k && k < h.end)
        };
        let names = |k: usize| poster.names_at(&self.w.words, k);
        let and = |i: usize| matches!(self.w.words[i].lower.as_str(), "and" | "und" | "et" | "y");
        let vocative = |k: usize| {
            // From the comma that opens its clause: "Sorry to hear that, dear sunny-side, ...".
            let from = (self.a + 1..=k)
                .rev()
                .find(|&i| self.w.words[i].comma_before)
                .unwrap_or(self.a);
            let before =
                (from..k).all(|i| greeting(i) || names(i) || and(i) || self.w.words[i].proper);
            let after = (k + 1..self.b)
                .find(|&i| self.w.words[i].comma_before || (!names(i) && !self.w.words[i].proper));
            before
                && (from..k).any(greeting)
                && after.map_or(true, |i| self.w.words[i].comma_before || and(i))
        };
        (self.a..self.b)
            .find(|&k| names(k) && !vocative(k))
            .map(|k| self.w.words[k].lower.clone())
    }

    fn numeric(&self) -> bool {
        self.w.words[self.a..self.b].iter().any(|x| x.numeric)
    }

    /// The post stated this term itself ("I cancelled last month"), and the sentence adds no
    /// number or date the post did not have.
    fn echoes_post(&self, l: Lang, h: &Hit, post: &PostContext) -> bool {
        let stems = &post.stated[l.index()];
        // A tenure the post stated, thanked for in other words ("since 2020" -> "that
        // loyalty"); a number or date it did not state still is news (below).
        let same_class = post.states_tenure && self.entry(h).class == "tenure";
        (same_class || (h.start..h.end).all(|k| stems.contains(&self.stems[l.index()][k])))
            && (self.a..self.b).all(|k| {
                let x = &self.w.words[k];
                !(x.numeric || self.of(Role::Date).any(|(_, d)| d.start == k))
                    || stems.contains(&self.stems[l.index()][k])
            })
    }

    /// Every number and date of the sentence is in the post too: the reply repeats them.
    fn specifics_echo_post(&self, post: &PostContext) -> bool {
        (self.a..self.b).all(|k| {
            let x = &self.w.words[k];
            let date = self.of(Role::Date).any(|(_, d)| d.start <= k && k < d.end);
            !(x.numeric || date)
                || Lang::ALL.iter().any(|l| {
                    self.stems[l.index()]
                        .get(k)
                        .is_some_and(|s| post.stems[l.index()].contains(s))
                })
        })
    }

    fn span(&self) -> (usize, usize) {
        (self.w.words[self.a].start, self.w.words[self.b - 1].end)
    }

    /// A modal, condition or invitation within a few words before word `k` governs it:
    /// "if your direct debit bounced", "you can log back in".
    fn advised_at(&self, k: usize) -> bool {
        self.opens_with_imperative()
            || self.of(Role::Advice).any(|(_, m)| {
                let class = self.entry(m).class.as_str();
                // "we can confirm ...": the company's ability, not advice.
                // "our two senior admins can read ...": the company's staff as the subject.
                // "puedo entrar en su buzón": the modal's own person is the company.
                // ("le recomendamos" is still advice).
                let own_person = matches!(
                    self.w.words[m.start].lower.as_str(),
                    "puedo" | "podemos" | "podríamos"
                );
                let ours = self.of(Role::Company).any(|(_, c)| {
                    (c.start == m.start && own_person)
                        || (c.end <= m.start
                            && c.end + 3 >= m.start
                            && !(c.end..=m.start).any(|i| self.w.words[i].comma_before))
                });
                // "so many years", "most of your invoices": a quantifier of the thing itself
                // counts it, it advises nothing.
                let quantifier = QUANTIFIERS.contains(&self.w.words[m.start].lower.as_str());
                // "Wie viele andere zahlen Sie noch den alten Preis": a comparison with others,
                // then the poster as the subject of the fact.
                let compared = quantifier
                    && self
                        .of(Role::Poster)
                        .any(|(_, p)| p.start >= m.end && p.start < k);
                let counts = (m.end + 2 > k && quantifier) || compared;
                // "Merci de votre fidélité": thanks for a thing, not "merci de" and an order
                // ("merci de nous envoyer ...").
                let thanks_for = matches!(
                    self.w.words[m.start].lower.as_str(),
                    "merci" | "thanks" | "thank" | "danke" | "gracias"
                ) && self.w.words.get(m.end).is_some_and(|x| {
                    m.end < self.b
                        && (POSSESSIVES.contains(&x.lower.as_str())
                            || NOUN_MARKERS.contains(&x.lower.as_str())
                            || DETERMINERS.contains(&x.lower.as_str()))
                });
                class == "modal"
                    && m.start <= k
                    && !ours
                    && !counts
                    && !thanks_for
                    && !self.offer(m.start)
                    && !self.reporting_modal(m.end)
                    && !self.new_clause(m.end, k)
                    && !self.relative_subject(m.end, k)
            })
    }

    /// A modal that only frames a report ("please be informed that", "it may be recalled
    /// that", "we can reassure that"): what follows is a statement of fact, not advice.
    fn reporting_modal(&self, k: usize) -> bool {
        const REPORT: &[&str] = &[
            "informed",
            "advised",
            "noted",
            "added",
            "recalled",
            "said",
            "mentioned",
            "confirmed",
            "stated",
            "reassure",
            "confirm",
            "inform",
            "assure",
            "state",
        ];
        let w = |i: usize| (i < self.b).then(|| self.w.words[i].lower.as_str());
        match (w(k), w(k + 1)) {
            (Some("be"), Some(next)) => REPORT.contains(&next) || next == "of",
            (Some(next), _) => REPORT.contains(&next),
            _ => false,
        }
    }

    /// An imperative verb opens the sentence ("move wp-config.php ...", "please check ..."),
    /// or it is an item of a list of tips.
    fn opens_with_imperative(&self) -> bool {
        // "Don't panic, we restored ...", "Keine Sorge, wir ...": an order that names nothing
        // of anyone's, then a comma and the company as subject, only comforts; what the
        // company says next is a statement.
        let comforts = (self.a + 1..self.b).find(|&i| {
            self.w.words[i].comma_before
                && self
                    .of(Role::Company)
                    .any(|(_, c)| c.start == i || (c.start == i + 1 && c.end <= self.b))
        });
        if let Some(i) = comforts {
            let named = self.hits.iter().any(|(_, h)| {
                h.start < i
                    && matches!(
                        self.entry(h).role,
                        Role::Poster | Role::Entrusted | Role::Account | Role::Access
                    )
            });
            if !named && i <= self.a + 4 {
                return false;
            }
        }
        // "Looked you up", "Checking now": a past or a gerund is no order.
        let inflected = |k: usize| {
            let w = self.w.words[k].lower.as_str();
            w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
        };

        // German polite imperative: "Geben Sie ...", "Prüfen Sie ...".
        // "aber Sie haben es noch": after a conjunction "Sie" is the subject of a statement.
        // "Seit Sie ...", "Weil Sie ...", "Nachdem Sie ...": after a subordinating
        // conjunction "Sie" is the subject of a clause, not the polite order's pronoun.
        const SUBORDINATORS: &[&str] = &[
            "seit", "seitdem", "weil", "da", "als", "nachdem", "obwohl", "sobald", "bevor",
            "damit", "ob", "falls", "sofern", "solange", "während", "indem", "wo",
        ];
        let sie = self.b > self.a + 1
            && self.w.words[self.a + 1].lower == "sie"
            && self.w.words[self.a + 1].capital
            && !lang::is_function_word(Lang::De, &self.w.words[self.a].lower)
            && !SUBORDINATORS.contains(&self.w.words[self.a].lower.as_str())
            && !self.has(Role::Company);
        // "If the mail log shows bounces, check your SPF record": a condition, then an order.
        let conditional_order = self.condition_word(self.a)
            && self.of(Role::Advice).any(|(_, h)| {
                self.entry(h).class == "imperative"
                    && h.start > self.a + 1
                    && self.w.words[h.start].comma_before
                    && !inflected(h.start)
                    // "..., schaue ich gleich nach": the company right after the verb is its
                    // subject.
                    && !self
                        .of(Role::Company)
                        .any(|(_, c)| c.start == h.start || c.start == h.end)
            });
        sie || conditional_order
            || self.french_vous_imperative()
            || self.bare_imperative()
            || self.infinitive_instruction()
            || (self.w.words[self.a].bullet && !self.has(Role::Poster))
            || self.of(Role::Advice).any(|(_, h)| {
                // "Revisamos ...": a verb of the company, not an order.
                let ours = self.of(Role::Company).any(|(_, c)| c.start == h.start);
                // "Review of your backups found ...": a verb's form before "of" is a noun, as
                // is a word made a noun by its ending ("Prüfung Ihrer Postfächer ergab ...",
                // "Inspection", "Revisión").
                let head = self.w.words[h.start].lower.as_str();
                // Only a sentence told in the past needs it read so; "Logs of your visitors
                // stay on your server" is left to read as before.
                let past = self.told_in_the_past() || self.dated();
                // "Looks like the payment bounced", "Logs from your server show the login at
                // 3am", "Checks on your mailbox found nothing": an English order has no "-s";
                // with a past, a date or a verb of showing, the word is a third person or a
                // plural. ("Logs of your visitors stay on your server" is left as it reads.)
                let third = head.chars().count() > 3
                    && head.ends_with('s')
                    && !head.ends_with("ss")
                    && !head.ends_with("us")
                    && self.entry(h).id.starts_with("en.");
                let noun = (h.end < self.b && self.w.words[h.end].lower == "of" && past)
                    || (third && (past || self.has(Role::Reveal)))
                    || ["ung", "ungen", "tion", "sion", "ción", "sión"]
                        .iter()
                        .any(|e| head.ends_with(e));
                !ours
                    && !noun
                    && !inflected(h.start)
                    && self.entry(h).class == "imperative"
                    && (self.a..h.start)
                        .all(|k| BEFORE_IMPERATIVE.contains(&self.w.words[k].lower.as_str()))
                    // "To set the record straight, ..." frames a statement; only "or to add
                    // ..." after advice continues it.
                    && (self.a..h.start).all(|k| {
                        self.w.words[k].lower != "to"
                            || (k > self.a && self.w.words[k - 1].lower == "or")
                    })
            })
    }

    /// The French order to "vous" by its form: a verb in "-ez" at the head of the statement,
    /// past words of sequence, and no "vous" after it ("Contrôlez vos tâches", "Ensuite,
    /// supprimez ..."; "Avez-vous ...?" asks). Any verb of the language, listed or not.
    fn french_vous_imperative(&self) -> bool {
        if self.question || self.detected != Detected::Known(Lang::Fr) {
            return false;
        }
        // "Excusez ...", "Pardonnez ...": an apology's form, not an order.
        const NOT_ORDERS: &[&str] = &["chez", "assez", "nez", "rez", "excusez", "pardonnez"];
        let word = |k: usize| self.w.words[k].lower.as_str();
        let Some(k) = (self.a..self.b).find(|&k| !BEFORE_IMPERATIVE.contains(&word(k))) else {
            return false;
        };
        let w = word(k);
        if !w.ends_with("ez") || w.chars().count() < 4 || NOT_ORDERS.contains(&w) {
            return false;
        }
        // "Sachez que votre ...", "Notez qu'...": an order to know what follows tells it.
        let knows_what_follows =
            (k + 1..(k + 3).min(self.b)).any(|i| matches!(word(i), "que" | "qu'"));
        // "Martinez, ...": a name called, not a verb.
        let called = k + 1 < self.b && self.w.words[k + 1].comma_before;
        let asks = k + 1 < self.b && word(k + 1) == "vous";
        !(self.w.words[k].proper || knows_what_follows || called || asks)
    }

    /// A checklist step in the infinitive, as French, Spanish and German write instructions:
    /// "D'abord, vérifier les journaux", "Después, borrar los archivos", "Danach die Dateien
    /// löschen". French and Spanish open with the infinitive (past an adverb of sequence),
    /// German ends with it and has no subject. A past ("Revisar su buzón fue ...") is a
    /// statement.
    fn infinitive_instruction(&self) -> bool {
        const SEQUENCE: &[&str] = &[
            "d'",
            "abord",
            "ensuite",
            "puis",
            "enfin",
            "finalement",
            "primero",
            "después",
            "luego",
            "por",
            "último",
            "finalmente",
            "zuerst",
            "danach",
            "dann",
            "zum",
            "schluss",
            "abschließend",
            "außerdem",
            "et",
            "y",
            "und",
            "aussi",
            "también",
            "auch",
        ];
        const SUBJECTS: &[&str] = &[
            "ich", "wir", "du", "ihr", "er", "es", "man", "sie", "je", "nous", "vous", "tu", "il",
            "on", "yo", "nosotros",
        ];
        // Nouns and determiners with an infinitive's ending.
        const NOT_A_STEP: &[&str] = &[
            "dossier", "fichier", "premier", "dernier", "plaisir", "avenir", "désir", "loisir",
            "courrier", "clavier", "panier", "entier", "lugar", "hogar", "mujer", "placer",
            "poder", "deber", "saber", "querer",
        ];
        let Detected::Known(lang) = self.detected else {
            return false;
        };
        if self.question || self.past_tense() || self.has(Role::Company) {
            return false;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        match lang {
            Lang::Fr | Lang::Es => {
                let Some(p) = (self.a..self.b).find(|&i| !SEQUENCE.contains(&word(i))) else {
                    return false;
                };
                let w = word(p);
                let infinitive = w.chars().count() >= 5
                    && if lang == Lang::Fr {
                        w.ends_with("er") || w.ends_with("ir")
                    } else {
                        w.ends_with("ar") || w.ends_with("er") || w.ends_with("ir")
                    };
                // The infinitive opens a step of a list: after an adverb of sequence or a
                // bullet ("Votre dossier ..." is no step; after "al", "al revisar" is a look
                // told as a noun).
                let step = p > self.a || self.w.words[self.a].bullet;
                infinitive && step && !NOT_A_STEP.contains(&w)
            }
            Lang::De => {
                let last = word(self.b - 1);
                let step = SEQUENCE.contains(&word(self.a)) || self.w.words[self.a].bullet;
                step && last.chars().count() >= 5
                    && last.ends_with("en")
                    && !(self.a..self.b).any(|i| SUBJECTS.contains(&word(i)) && i > self.a)
                    && !(self.a..self.b).any(|i| {
                        matches!(
                            word(i),
                            "ist"
                                | "sind"
                                | "war"
                                | "hat"
                                | "haben"
                                | "wird"
                                | "werden"
                                | "kann"
                                | "können"
                                | "muss"
                                | "müssen"
                                | "soll"
                                | "sollten"
                        )
                    })
                    && !SUBJECTS.contains(&word(self.a))
            }
            Lang::En => false,
        }
    }

    /// An order by its shape, whatever the verb: a verb form that opens the sentence right
    /// before the reader's possessive or an article ("List your crontab", "Sichere deine
    /// Datenbank", "Regarde tes journaux", "Limitez les données", "guarda una copia de tu
    /// base", "guardad una copia"). The vocabulary of order verbs can not list them all; the
    /// forms that are no order are few: function words, pasts and participles, the first
    /// person ("Vérifions", "revisamos"), German auxiliaries ("Habe deine Mail gelesen").
    fn bare_imperative(&self) -> bool {
        const NEXT: &[&str] = &[
            "your", "the", "a", "an", "any", "all", "every", "each", "this", "these", "those",
            "it", "them", "dein", "deine", "deinen", "deinem", "deiner", "deines", "eure", "euren",
            "eurem", "euer", "die", "den", "das", "ein", "eine", "einen", "einem", "einer", "ton",
            "ta", "tes", "votre", "vos", "le", "la", "les", "l'", "tu", "tus", "su", "sus",
            "vuestro", "vuestra", "vuestros", "vuestras", "el", "los", "las", "un", "una", "en",
            "une", "des", "du",
        ];
        // Particles and adverbs of time, frequency and order that stand between an order's
        // verb and its object: "Sichere regelmäßig deine Datenbank", "Copia cada noche tu
        // base", "Regarde d'abord tes journaux".
        const BETWEEN: &[&str] = &[
            "mal",
            "d'",
            "abord",
            "bien",
            "also",
            "up",
            "out",
            "off",
            "down",
            "zuerst",
            "erst",
            "mindestens",
            "wenigstens",
            "immer",
            "sofort",
            "regelmäßig",
            "gleich",
            "jetzt",
            "direkt",
            "lieber",
            "besser",
            "möglichst",
            "unbedingt",
            "nochmal",
            "noch",
            "einmal",
            "täglich",
            "wöchentlich",
            "monatlich",
            "jede",
            "jeden",
            "nacht",
            "woche",
            "toujours",
            "aussi",
            "chaque",
            "nuit",
            "jour",
            "semaine",
            "mois",
            "siempre",
            "primero",
            "también",
            "cada",
            "noche",
            "día",
            "semana",
            "mes",
            "ahora",
            "again",
            "first",
            "always",
            "now",
            "daily",
            "weekly",
            "monthly",
        ];
        // Adverbs by their ending: "regularly", "régulièrement", "semanalmente".
        let between = |k: usize| {
            let x = self.w.words[k].lower.as_str();
            BETWEEN.contains(&x)
                || (x.chars().count() > 5
                    && (x.ends_with("ly") || x.ends_with("ment") || x.ends_with("mente")))
        };
        // Words that open statements, not orders, in the four languages.
        const NOT_VERBS: &[&str] = &[
            // English
            "about",
            "after",
            "against",
            "as",
            "at",
            "before",
            "by",
            "despite",
            "during",
            "for",
            "from",
            "in",
            "into",
            "like",
            "of",
            "on",
            "per",
            "re",
            "regarding",
            "since",
            "through",
            "to",
            "under",
            "until",
            "via",
            "with",
            "within",
            "without",
            "and",
            "but",
            "or",
            "so",
            "yet",
            "because",
            "if",
            "unless",
            "when",
            "while",
            "although",
            "though",
            "once",
            "also",
            "now",
            "then",
            "just",
            "only",
            "even",
            "still",
            "here",
            "there",
            "thanks",
            "thank",
            "sorry",
            "yes",
            "no",
            "ok",
            "okay",
            "well",
            "hi",
            "hello",
            "hey",
            "dear",
            "glad",
            "happy",
            "sad",
            "great",
            "good",
            "nice",
            "lucky",
            "shame",
            "pity",
            "hope",
            "guess",
            "think",
            "bet",
            "believe",
            "suppose",
            "reckon",
            "fear",
            "wish",
            "trust",
            "seems",
            "looks",
            "sounds",
            "found",
            "saw",
            "took",
            "had",
            "got",
            "made",
            "kept",
            "read",
            "sent",
            "left",
            "ran",
            "went",
            "did",
            "gave",
            "told",
            "heard",
            "held",
            "brought",
            "thought",
            "spent",
            "lost",
            "paid",
            "sold",
            "won",
            "came",
            "all",
            "both",
            "half",
            "what",
            "which",
            "that",
            "this",
            "these",
            "those",
            "its",
            "our",
            "my",
            "their",
            "his",
            "her",
            "we",
            "i",
            "you",
            "they",
            "he",
            "she",
            "it",
            // German
            "auf",
            "aus",
            "bei",
            "durch",
            "für",
            "gegen",
            "in",
            "im",
            "mit",
            "nach",
            "ohne",
            "seit",
            "über",
            "um",
            "unter",
            "von",
            "vor",
            "während",
            "wegen",
            "zu",
            "zum",
            "zur",
            "und",
            "aber",
            "oder",
            "denn",
            "weil",
            "wenn",
            "als",
            "dass",
            "ob",
            "danke",
            "schade",
            "ja",
            "nein",
            "hallo",
            "habe",
            "hab",
            "hatte",
            "hatten",
            "haben",
            "bin",
            "war",
            "waren",
            "wurde",
            "wurden",
            "ist",
            "sind",
            "kann",
            "konnte",
            "muss",
            "musste",
            "soll",
            "sollte",
            "will",
            "wollte",
            "darf",
            "gibt",
            "gab",
            "leider",
            "auch",
            "noch",
            "schon",
            "jetzt",
            "hier",
            "dort",
            "da",
            "dann",
            "alle",
            "wir",
            "ich",
            "es",
            "sie",
            "er",
            "unser",
            "unsere",
            "mein",
            "meine",
            // Comparisons and questions: "Wie die meisten ...", "Was die Rechnung angeht".
            "wie",
            "was",
            "wer",
            "wo",
            "wann",
            "warum",
            "so",
            // French
            "à",
            "après",
            "avant",
            "avec",
            "chez",
            "dans",
            "de",
            "depuis",
            "en",
            "entre",
            "par",
            "pour",
            "sans",
            "selon",
            "sous",
            "sur",
            "vers",
            "et",
            "mais",
            "ou",
            "donc",
            "car",
            "si",
            "quand",
            "merci",
            "désolé",
            "désolés",
            "oui",
            "non",
            "bonjour",
            "salut",
            "voici",
            "voilà",
            "tous",
            "toutes",
            "tout",
            "nous",
            "je",
            "il",
            "elle",
            "on",
            "ils",
            "notre",
            "nos",
            "mon",
            "ma",
            "mes",
            "pourtant",
            "comme",
            "puisque",
            "alors",
            "ainsi",
            "bref",
            "enfin",
            "bravo",
            "désormais",
            "déjà",
            "encore",
            "aussi",
            "lol",
            "however",
            "worth",
            "therefore",
            "meanwhile",
            "otherwise",
            "anyway",
            "btw",
            "over",
            "across",
            "around",
            "among",
            "beyond",
            "throughout",
            "above",
            "below",
            "behind",
            "beside",
            "besides",
            "inside",
            "outside",
            "near",
            "onto",
            "toward",
            "towards",
            "upon",
            "along",
            "past",
            "parmi",
            "durant",
            "pendant",
            "lors",
            "dès",
            "malgré",
            "mediante",
            "innerhalb",
            "außerhalb",
            "trotz",
            "laut",
            "gemäß",
            // Spanish
            "a",
            "ante",
            "con",
            "contra",
            "desde",
            "durante",
            "entre",
            "hacia",
            "hasta",
            "para",
            "por",
            "según",
            "sin",
            "sobre",
            "tras",
            "y",
            "e",
            "pero",
            "o",
            "porque",
            "cuando",
            "gracias",
            "sí",
            "hola",
            "todos",
            "todas",
            "nosotros",
            "yo",
            "él",
            "ella",
            "nuestro",
            "nuestra",
            "mi",
            "mis",
            "hay",
            "era",
            "fue",
            "está",
            "es",
            // Prepositions, and the heads of compound ones ("frente a", "next to"), in the
            // four languages: a closed class, none of them an order's verb.
            "unlike",
            "except",
            "excluding",
            "including",
            "concerning",
            "considering",
            "following",
            "amid",
            "versus",
            "between",
            "beneath",
            "alongside",
            "plus",
            "minus",
            "next",
            "apart",
            "prior",
            "neben",
            "statt",
            "anstatt",
            "außer",
            "ausser",
            "gegenüber",
            "entgegen",
            "dank",
            "bezüglich",
            "hinsichtlich",
            "aufgrund",
            "anhand",
            "infolge",
            "mangels",
            "zwischen",
            "hinter",
            "ab",
            "bis",
            "entlang",
            "jenseits",
            "oberhalb",
            "unterhalb",
            "seitens",
            "samt",
            "nebst",
            "zugunsten",
            "zwecks",
            "pro",
            "hors",
            "outre",
            "hormis",
            "sauf",
            "envers",
            "derrière",
            "devant",
            "contre",
            "moyennant",
            "excepté",
            "face",
            "grâce",
            "quant",
            "suite",
            "près",
            "loin",
            "autour",
            "bajo",
            "salvo",
            "excepto",
            "incluso",
            "vía",
            "frente",
            "junto",
            "respecto",
            "conforme",
            "referente",
            "tocante",
            "cerca",
            "encima",
            "debajo",
            "delante",
            "detrás",
            "dentro",
            "fuera",
            "antes",
            "después",
            "además",
            "acerca",
            "alrededor",
            "lejos",
            "aparte",
            "pese",
        ];
        let Some(p) = (self.a..self.b.min(self.a + 4))
            .find(|&k| !BEFORE_IMPERATIVE.contains(&self.w.words[k].lower.as_str()))
        else {
            return false;
        };
        // "To set the record straight, ..." frames a statement, as in `opens_with_imperative`.
        if (self.a..p).any(|k| {
            self.w.words[k].lower == "to" && !(k > self.a && self.w.words[k - 1].lower == "or")
        }) {
            return false;
        }
        let w = &self.w.words[p];
        let v = w.lower.as_str();
        let next = (p + 1..self.b.min(p + 4)).find(|&k| !between(k));
        let Some(n) = next else {
            return false;
        };
        let chars = v.chars().count();
        let past_or_person = (chars > 4 && (v.ends_with("ed") || v.ends_with("ing")))
            || v.ends_with(['é', 'ó', 'í', 'ú'])
            // Spanish participles ("Debido a", "Comparado con") are no order either.
            || [
                "ée", "ées", "és", "ons", "amos", "emos", "imos", "aste", "iste", "aron", "ieron",
                "ado", "ido",
            ]
                .iter()
                .any(|e| v.ends_with(e))
            // German third or second person before a German object: "prüft deine", "hast
            // eine" are no order; with "euer" in the clause "-t" is the ihr-order ("Macht
            // täglich ein Backup eurer Dateien").
            || (v.ends_with('t')
                && !(p + 1..self.b).any(|k| {
                    matches!(
                        self.w.words[k].lower.as_str(),
                        "euer" | "eure" | "euren" | "eurem" | "eurer" | "eures" | "euch"
                    )
                })
                && matches!(
                    self.w.words[n].lower.as_str(),
                    "dein" | "deine" | "deinen" | "deinem" | "deiner" | "deines" | "eure"
                        | "euren" | "eurem" | "euer" | "die" | "den" | "das" | "ein" | "eine"
                        | "einen" | "einem" | "einer"
                ));
        // Each language's own form of the order: Spanish only in the plural ("guardad"),
        // as its singular orders read as the usted form of a statement ("Tiene el plan");
        // French by its ending without a subject ("Limitez", "Regarde"); German and English
        // by the bare verb.
        let next_word = self.w.words[n].lower.as_str();
        let spanish = matches!(
            next_word,
            "tu" | "tus"
                | "en"
                | "un"
                | "una"
                | "su"
                | "sus"
                | "vuestro"
                | "vuestra"
                | "vuestros"
                | "vuestras"
                | "el"
                | "los"
                | "las"
        );
        let french = matches!(
            next_word,
            "ton" | "ta" | "tes" | "votre" | "vos" | "le" | "les" | "l'"
        );
        // The familiar singular before the reader's familiar possessive ("Copia cada noche tu
        // base") can not be the usted form of a statement; a verb before the reader's own
        // account thing still tells of it ("Vence tu contrato").
        // The reader addressed as "tú" in the clause: "Entra en el panel de tu hosting".
        let tu_clause = (p + 1..self.b)
            .any(|k| matches!(self.w.words[k].lower.as_str(), "tu" | "tus" | "te" | "ti"));
        let familiar = (matches!(next_word, "tu" | "tus")
            || (matches!(next_word, "en" | "a" | "el" | "la" | "los" | "las") && tu_clause))
            && (v.ends_with('a') || v.ends_with('e'))
            && !self.of(Role::Account).any(|(_, h)| {
                // The reader's own account thing right after a "tu": "Entra en vigor tu
                // nuevo contrato" tells of the contract.
                let after_tu = !matches!(next_word, "tu" | "tus")
                    && (h.start.saturating_sub(2)..h.start)
                        .any(|k| k > p && matches!(self.w.words[k].lower.as_str(), "tu" | "tus"));
                (h.start == n + 1 || h.start == n + 2 || after_tu)
                    && matches!(
                        self.entry(h).class.as_str(),
                        "billing" | "plan" | "tenure" | "contact" | "account_fact"
                    )
            });
        // The voseo ("revisá", "borrá"; a future ends in "-ará", "-erá", "-irá") and the
        // irregular familiar orders ("haz", "pon") have no statement's reading.
        let voseo = v.ends_with('á') && !["ará", "erá", "irá"].iter().any(|e| v.ends_with(e));
        let irregular = matches!(
            v,
            "haz" | "pon" | "ten" | "ven" | "sal" | "faites" | "dites"
        );
        // French before an indefinite object: only the "vous" order ("Faites une copie",
        // "Ajoutez un filtre"); "Reste une facture" is a statement.
        let french_indefinite = matches!(next_word, "une" | "des" | "du" | "un")
            && (v.ends_with("ez") || matches!(v, "faites" | "dites"));
        let form = if french_indefinite {
            true
        } else if matches!(next_word, "une" | "des" | "du") {
            false
        } else if spanish {
            v.ends_with("ad")
                || v.ends_with("ed")
                || v.ends_with("id")
                || familiar
                || voseo
                || irregular
        } else if french || next_word == "la" {
            v.ends_with("ez")
                || (chars >= 4 && v.ends_with('e'))
                || v.ends_with("ad")
                || v.ends_with("ed")
                || v.ends_with("id")
        } else {
            true
        };
        // "Incidentally, your ...", "Curiosamente, la cuenta ...", "Dmitri, the ...": a word
        // set apart by a comma frames the sentence; an adverb opens no order.
        let framed = self.w.words[p + 1].comma_before
            || v.ends_with("ly")
            || v.ends_with("ment")
            || v.ends_with("mente");
        NEXT.contains(&next_word)
            && form
            && !framed
            && chars >= 3
            && !w.numeric
            && !w.acronym
            && !self.question
            && !NOT_VERBS.contains(&v)
            && !past_or_person
            && !self.hits.iter().any(|(_, h)| {
                h.start == p
                    && matches!(
                        self.entry(h).role,
                        Role::Company | Role::Poster | Role::Date | Role::Negation
                    )
            })
            && !self
                .of(Role::Advice)
                .any(|(_, h)| h.start == p && self.entry(h).class == "formula")
    }

    /// Whether `h` lies inside a longer term of another role: "mail" in "mail log".
    fn inside_longer_term(&self, h: &Hit) -> bool {
        let role = self.entry(h).role;
        self.hits.iter().any(|(_, g)| {
            g.start <= h.start
                && g.end >= h.end
                && g.end - g.start > h.end - h.start
                && self.entry(g).role != role
        })
    }

    /// A determiner or ordinal just before word `k`: "the call", "die letzte Lastschrift",
    /// "un restablecimiento", "second charge".
    fn determined(&self, k: usize) -> bool {
        (k.saturating_sub(2).max(self.a)..k)
            .any(|i| DETERMINERS.contains(&self.w.words[i].lower.as_str()))
    }

    /// Words of a time spent together: the relationship's, not the company's alone.
    fn together(&self) -> bool {
        const TOGETHER: &[&str] = &[
            "together",
            "cooperation",
            "collaboration",
            "partnership",
            "zusammen",
            "zusammenarbeit",
            "partnerschaft",
            "ensemble",
            "coopération",
            "partenariat",
            "juntos",
            "juntas",
            "colaboración",
            "cooperación",
            "relación",
        ];
        // German fuses the word into its verbs and adjectives: "zusammengearbeitet",
        // "gemeinsamen Jahren".
        self.w.words[self.a..self.b].iter().any(|x| {
            TOGETHER.contains(&x.lower.as_str())
                || x.lower.starts_with("zusammen")
                || x.lower.starts_with("gemeinsam")
        })
    }

    /// A word of rank beside a plan word: "entry-level package", "kleinste Paket", "formule
    /// de base", "plan más básico".
    fn ranked(&self, h: &Hit) -> bool {
        const RANKS: &[&str] = &[
            "entry",
            "entry-level",
            "basic",
            "smallest",
            "cheapest",
            "lowest",
            "top",
            "highest",
            "biggest",
            "largest",
            "kleinste",
            "kleinsten",
            "günstigste",
            "günstigsten",
            "größte",
            "größten",
            "einfachste",
            "einfachsten",
            "base",
            "basique",
            "petite",
            "chère",
            "básico",
            "basico",
            "barato",
            "pequeño",
            "alto",
            "entrada",
        ];
        (h.start.saturating_sub(2).max(self.a)..(h.end + 3).min(self.b))
            .any(|k| RANKS.contains(&self.w.words[k].lower.as_str()))
    }

    /// The company's possessive just before word `k`: "our call", "notre rappel".
    fn ours_before(&self, k: usize) -> bool {
        (k.saturating_sub(2).max(self.a)..k).any(|i| OUR.contains(&self.w.words[i].lower.as_str()))
    }

    /// A date in the sentence: a year, a month, a weekday.
    fn dated(&self) -> bool {
        self.of(Role::Date).any(|(_, h)| !self.offset(h.start)) || self.has_year()
    }

    /// A number of days counted from an event of a procedure: "five business days after the
    /// invoice date", "cinq jours ouvrés plus tard", "a los tres días", "au bout de trois
    /// jours", "fünf Bankarbeitstage später". A rule's timing, not a date or a tenure.
    fn offset(&self, i: usize) -> bool {
        const AFTER: &[&str] = &[
            "after", "later", "before", "später", "danach", "nach", "après", "avant", "plus",
            "después", "antes", "más",
        ];
        let word = |k: usize| self.w.words.get(k).map_or("", |x| x.lower.as_str());
        let unit = |k: usize| {
            is_time_unit(word(k))
                || word(k).ends_with("tage")
                || word(k).ends_with("tagen")
                || (word(k).starts_with("business") && is_time_unit(word(k + 1)))
        };
        // The unit right after the number, or after one word of kind ("business days",
        // "jours ouvrés", "días hábiles").
        let Some(u) = (i + 1..(i + 3).min(self.b)).find(|&k| unit(k)) else {
            return false;
        };
        let u = if word(u) == "business" { u + 1 } else { u };
        let before = |k: usize| if i >= self.a + k { word(i - k) } else { "" };
        AFTER.contains(&word(u + 1))
            || (u + 2 < self.b && AFTER.contains(&word(u + 2)) && !self.w.words[u + 2].comma_before)
            || (before(2) == "a" && before(1) == "los")
            || (before(2) == "bout" && before(1) == "de")
            || (before(2) == "cabo" && before(1) == "de")
    }

    /// A date further back than the last few days: "since 2019", "since spring", not "since
    /// this morning", "depuis hier", "seit heute früh" (a tenure begins no sooner).
    fn dated_beyond_days(&self) -> bool {
        const RECENT: &[&str] = &["yesterday", "gestern", "hier", "ayer", "today", "heute"];
        self.has_year()
            || self.of(Role::Date).any(|(_, h)| {
                !(self.entry(h).id.ends_with("date.relative")
                    || (h.end - h.start == 1
                        && RECENT.contains(&self.w.words[h.start].lower.as_str())))
            })
    }

    /// An indefinite article within three words before word `k`: "a loyal customer", "una
    /// clienta": one person. An article or a preposition between them opens another noun
    /// phrase, and the indefinite is that noun's: "eine Freigabe der Kundin", "une demande
    /// du client", "a ticket from the customer".
    fn one_person(&self, k: usize) -> bool {
        const LINKS: &[&str] = &[
            "the", "of", "from", "by", "der", "des", "dem", "den", "die", "von", "vom", "durch",
            "du", "de", "des", "le", "la", "les", "par", "del", "el", "los", "las", "por",
        ];
        let word = |i: usize| self.w.words[i].lower.as_str();
        (k.saturating_sub(3).max(self.a)..k)
            .any(|i| INDEFINITE.contains(&word(i)) && !(i + 1..k).any(|j| LINKS.contains(&word(j))))
    }

    /// A role noun told with the word that makes it whoever the rule concerns, in a statement
    /// of how things are done: "we tell the affected customer before ...", "le client
    /// concerné est prévenu", "el cliente afectado", "der betroffene Kunde". Told as what
    /// happened ("the affected customer was told"), it is one person again.
    fn affected_role(&self, h: &Hit) -> bool {
        const BEFORE: &[&str] = &[
            "affected",
            "concerned",
            "relevant",
            "respective",
            "betroffene",
            "betroffenen",
            "betroffener",
            "jeweilige",
            "jeweiligen",
            "jeweiliger",
        ];
        const AFTER: &[&str] = &[
            "concerned",
            "concerné",
            "concernée",
            "concernés",
            "concernées",
            "afectado",
            "afectada",
            "afectados",
            "afectadas",
            "correspondiente",
            "betroffen",
        ];
        let word = |i: usize| self.w.words.get(i).map_or("", |x| x.lower.as_str());
        let marked = (h.start > self.a && BEFORE.contains(&word(h.start - 1)))
            || (h.end < self.b && AFTER.contains(&word(h.end)));
        marked && !self.past_tense() && !self.dated() && !self.occasion_numeric()
    }

    /// A year in digits: "2019", "since 2022" (not in the company's own facts, whose digits
    /// are not numeric to the rules).
    fn has_year(&self) -> bool {
        self.w.words[self.a..self.b].iter().any(|x| {
            x.numeric
                && x.lower.len() == 4
                && x.lower.chars().all(|c| c.is_ascii_digit())
                && (x.lower.starts_with("19") || x.lower.starts_with("20"))
        })
    }

    /// The poster is named within three words of `h`: "your cron job", "the dump you left".
    fn tied_to_poster(&self, h: &Hit, poster: &Poster<'_>) -> bool {
        let near = |k: usize| k + 3 >= h.start && k <= h.end + 3;
        // A value of the poster's beside the object, not the object's own words: "mail" in
        // "mail.example-shop.de" is not tied to anyone by the host it names.
        let (hs, he) = (self.w.words[h.start].start, self.w.words[h.end - 1].end);
        let owned = |x: &lang::Word| {
            poster
                .owned
                .overlapping_spans(x.start, x.end)
                .any(|(s, e)| !(hs < e && he > s))
        };
        // The words within three of `h`, as `near` reads them.
        let window = h.start.saturating_sub(3).max(self.a)..(h.end + 4).min(self.b);
        self.of(Role::Poster).any(|(_, p)| near(p.start))
            || window
                .into_iter()
                .any(|k| near(k) && (poster.names_at(&self.w.words, k) || owned(&self.w.words[k])))
    }

    /// Advice to the poster governs word `k`: the sentence opens with an imperative, a
    /// condition stands before it ("if your card ..."), or a modal is bound to the poster as
    /// subject ("you can", "Sie können", "puedes"). A modal elsewhere in the sentence ("for
    /// what it's worth", "happy to help") does not make a statement about the poster advice.
    fn poster_advised(&self, k: usize) -> bool {
        if self.opens_with_imperative() {
            return true;
        }
        let word = |i: usize| self.w.words[i].lower.as_str();
        let condition = (self.a..k.min(self.b)).any(|i| self.condition_word(i) && !self.offer(i));
        if condition {
            return true;
        }
        self.of(Role::Advice).any(|(_, m)| {
            if self.entry(m).class != "modal" || FUTURE.contains(&word(m.start)) {
                return false;
            }
            // "since you're a client, you can ...": the modal advises its own clause.
            if self.new_clause(m.start.min(k), m.start.max(k)) {
                return false;
            }
            if SECOND_PERSON_MODALS.contains(&word(m.start)) {
                return true;
            }
            self.of(Role::Poster).any(|(_, p)| {
                SUBJECT_PRONOUNS.contains(&word(p.start))
                    && (p.end == m.start || p.end + 1 == m.start || m.end == p.start)
            })
        })
    }

    /// A definite determiner within three words before word `k`: "the 49 EUR invoice",
    /// "this month's debit", "le prélèvement"; "a cancellation" speaks of any account.
    fn definite(&self, k: usize) -> bool {
        (k.saturating_sub(3).max(self.a)..k).any(|i| {
            let w = self.w.words[i].lower.as_str();
            // A small count before the noun is as definite as an article: "two voicemails",
            // "3 calls"; "2,000 tickets last month" is the company's volume.
            let count =
                self.w.words[i].numeric || super::numbers::spelled(w).is_some_and(|v| v >= 2);
            (DETERMINERS.contains(&w) && !INDEFINITE.contains(&w))
                || (i + 2 >= k
                    && count
                    // Not a group of a larger number ("2,000").
                    && !self.w.words.get(i + 1).is_some_and(|x| x.numeric)
                    && !(i > self.a && self.w.words[i - 1].numeric))
        })
    }

    /// Word `k` is a participle after a passive or perfect auxiliary whose subject is definite:
    /// "the remaining scans were paused", "die Lastschrift wurde zurückgegeben", "la carte a été
    /// refusée", "el cargo fue rechazado" tell of one account's thing as "the paused scans"
    /// would.
    fn definite_subject(&self, k: usize) -> bool {
        (k.saturating_sub(2).max(self.a)..k)
            .find(|&i| {
                let w = self.w.words[i].lower.as_str();
                PAST_PASSIVE.contains(&w) || matches!(w, "ist" | "sind" | "sido")
            })
            .is_some_and(|aux| {
                // The auxiliary's own run ("a été", "has been") is skipped to reach the subject.
                let mut i = aux;
                while i > self.a
                    && matches!(
                        self.w.words[i - 1].lower.as_str(),
                        "a" | "ont" | "has" | "have" | "had" | "ha" | "han" | "habían" | "había"
                    )
                {
                    i -= 1;
                }
                // The subject may be long: "les 300 analyses du mois ont été consommées".
                self.definite(i)
                    || (i.saturating_sub(6).max(self.a)..i).any(|j| {
                        let w = self.w.words[j].lower.as_str();
                        DETERMINERS.contains(&w) && !INDEFINITE.contains(&w)
                    })
            })
    }

    /// A run of numbers spelled out digit by digit ("plus three three, one, forty-four ...",
    /// "deux-un-deux cinq-deux-deux"): a phone number or an identifier written so that no
    /// pattern finds it.
    fn spelled_identifier(&self) -> Option<(usize, usize)> {
        let mut run_start = None;
        let mut best = None;
        for k in self.a..=self.b {
            let digitish = k < self.b && digitish(&self.w.words[k]);
            match (digitish, run_start) {
                (true, None) => run_start = Some(k),
                (false, Some(s)) => {
                    if k - s >= 6 {
                        best = Some((s, k));
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        best
    }

    /// A date by the calendar (a month, a weekday, a year), not a small count in words
    /// ("two minutes"), which the policy's date entries also list for durations.
    fn dated_by_calendar(&self) -> bool {
        self.of(Role::Date)
            .any(|(_, h)| !self.entry(h).id.ends_with("number_words"))
            || self.has_year()
    }

    /// Digits of the sentence that are not the poster's handle and not the company's
    /// own facts (masked before).
    fn own_digits(&self, poster: &Poster<'_>) -> bool {
        (self.a..self.b).any(|i| {
            let x = &self.w.words[i];
            let handles = poster.handle.len() >= 3 && poster.handle.contains(x.lower.as_str());
            x.numeric && !self.bound(i) && !poster.names.contains(&x.lower) && !handles
        })
    }

    /// Word `i` is a bound to keep within, not a measure of anything: "auf höchstens 1600
    /// Pixel", "at 1600 px or less", "au plus 2 Mo", "como máximo 500", "at least 12
    /// characters". Advice sets targets; an account's fact is a value.
    fn bound(&self, i: usize) -> bool {
        const BEFORE: &[&[&str]] = &[
            &["at", "most"],
            &["at", "least"],
            &["no", "more", "than"],
            &["höchstens"],
            &["mindestens"],
            &["maximal"],
            &["au", "plus"],
            &["au", "moins"],
            &["como", "máximo"],
            &["como", "mínimo"],
        ];
        const AFTER: &[&[&str]] = &[
            &["or", "less"],
            &["or", "fewer"],
            &["or", "more"],
            &["oder", "weniger"],
            &["oder", "mehr"],
            &["ou", "moins"],
            &["ou", "plus"],
            &["o", "menos"],
            &["o", "más"],
        ];
        let word = |k: usize| {
            self.w
                .words
                .get(k)
                .filter(|_| k >= self.a && k < self.b)
                .map_or("", |x| x.lower.as_str())
        };
        let before = BEFORE.iter().any(|p| {
            i >= self.a + p.len()
                && p.iter()
                    .enumerate()
                    .all(|(j, w)| word(i - p.len() + j) == *w)
        });
        // The bound may follow the number's unit and a word: "1600 px wide or less".
        let after = (i + 1..(i + 4).min(self.b)).any(|k| {
            AFTER
                .iter()
                .any(|p| p.iter().enumerate().all(|(j, w)| word(k + j) == *w))
        });
        before || after
    }

    fn judge(
        &self,
        post: &PostContext,
        poster: &Poster<'_>,
        detected: Detected,
        out: &mut Outcome,
    ) {
        let (start, end) = self.span();
        let who = self.poster(poster);
        let company = self.has(Role::Company);
        let imperative = self.opens_with_imperative();
        let question = self.question;
        let negated = self.negated();
        let mut shape = Vec::new();
        for (on, name) in [
            (who.is_some(), "poster"),
            (company, "company"),
            (imperative, "imperative"),
            (
                self.of(Role::Advice)
                    .any(|(_, h)| self.entry(h).class == "modal"),
                "modal",
            ),
            (question, "question"),
            (negated, "negated"),
            (self.formula(), "formula"),
        ] {
            if on {
                shape.push(name);
            }
        }
        let hits = self
            .hits
            .iter()
            .map(|(_, h)| {
                (
                    h.entry,
                    self.w.words[h.start].start,
                    self.w.words[h.end - 1].end,
                )
            })
            .collect();
        out.notes.push(SentenceNote {
            start,
            end,
            shape,
            hits,
            terms: Vec::new(),
        });
        // A number spelled out digit by digit is held whatever the sentence's shape: "is this
        // still your number: plus four four ...?" discloses it as a question too.
        if let Some((s, e)) = self.spelled_identifier() {
            let words: Vec<String> = self.w.words[s..e].iter().map(|x| x.lower.clone()).collect();
            out.claims.push(Claim {
                start,
                end,
                class: "account_value".into(),
                entry: "builtin.spelled_number".into(),
                words: vec![words.join(" ")],
                level: ClaimLevel::NeedsReview,
            });
        }
        let mut push = |class: &str, level: ClaimLevel, found: &[&Hit]| {
            // An entry's own decision wins: `blocked` raises, `routine` silences it.
            let decisions: Vec<Level> = found.iter().map(|h| self.entry(h).decision).collect();
            if decisions.contains(&Level::Routine) {
                return;
            }
            let level = if decisions.contains(&Level::Blocked) && level == ClaimLevel::NeedsReview {
                ClaimLevel::Blocked
            } else {
                level
            };
            let entry = found
                .iter()
                .map(|h| self.entry(h).id.clone())
                .collect::<Vec<_>>()
                .join("+");
            let words = found.iter().map(|h| self.words_of(h)).collect();
            out.claims.push(Claim {
                start,
                end,
                class: class.to_string(),
                entry,
                words,
                level,
            });
        };
        // Only a sentence that says nothing of the poster lets the older rules' findings in it
        // go: "don't forget you signed the DPA" is sarcasm, not advice.
        let safe = who.is_none();
        let routine = |out_spans: &mut Vec<(usize, usize)>| {
            if safe {
                out_spans.push((start, end))
            }
        };

        // "as you wrote", "wie Sie schreiben": the sentence repeats the post.
        // Only an attribution that frames the sentence counts: "as you wrote, ...", "...,
        // wie Sie schreiben"; "the 'hack' you describe was you logging in" is a claim.
        const LEADS: &[&str] = &[
            "as",
            "wie",
            "comme",
            "como",
            "according",
            "nach",
            "selon",
            "según",
            "laut",
            "per",
        ];
        // "You reported the same outage back in March" tells what the poster did before: a
        // sentence that adds a date or number the post did not have is no echo of the post.
        let attributed = self.specifics_echo_post(post)
            && self.of(Role::Attribution).any(|(_, h)| {
                let w = &self.w.words;
                h.start == self.a
                    || h.end == self.b
                    || LEADS.contains(&w[h.start].lower.as_str())
                    || (h.start > self.a && LEADS.contains(&w[h.start - 1].lower.as_str()))
            });

        // Entrusted data the company accessed: blocked, unless negated, advice or a question.
        // "our messages", "unsere Logs": the company's own data is not entrusted.
        let mut entrusted: Vec<&Hit> = self.entrusted_objects();
        // "We checked the status page, not your files": what the tail sets against the
        // statement was not looked at.
        entrusted.retain(|o| !self.in_negated_tail(o));
        // "we opened it": the object named in the statement before, told by a pronoun beside
        // the company's verb of access.
        if entrusted.is_empty() && company {
            let pronoun_object = self.of(Role::Access).any(|(_, h)| {
                (h.start.saturating_sub(3).max(self.a)..(h.end + 3).min(self.b))
                    .any(|k| OBJECT_PRONOUNS.contains(&self.w.words[k].lower.as_str()))
            });
            // "We checked.", "on a vérifié": a look with nothing else in it was at what the
            // statement before named.
            let bare_look = self.b - self.a <= 5 && self.objectless_look();
            if pronoun_object || bare_look {
                entrusted.extend(self.antecedents.iter());
            }
        }
        // Keeping ("we have", "wir haben noch") is access only to what is the poster's: "we
        // have a policy on backups" keeps nobody's data.
        // "man sieht dann, ob ...", "you'll see whether ...": anyone's look that asks finds
        // nothing ("we checked whether ..." still looked).
        let asks = |h: &Hit| {
            let word = |i: usize| self.w.words[i].lower.as_str();
            (h.end..(h.end + 3).min(self.b)).any(|i| matches!(word(i), "ob" | "whether" | "si"))
                && (h.start.saturating_sub(1).max(self.a)..(h.end + 1).min(self.b)).any(|i| {
                    matches!(
                        word(i),
                        "man" | "on" | "se" | "one" | "you" | "du" | "sie" | "vous" | "usted"
                    )
                })
        };
        // "l'accès au contenu des espaces web ou sauvegardes", "le contenu de vos
        // sauvegardes": a word that is both a stored thing and a verb of access
        // ("sauvegardes", "copias") is the thing at the end of a list or after an article or
        // a possessive.
        const LIST_END: &[&str] = &["ou", "et", "y", "o", "und", "oder", "and", "or"];
        let as_noun = |h: &Hit| {
            let before = |k: usize| self.w.words[k].lower.as_str();
            h.start > self.a
                && entrusted.iter().any(|o| o.start == h.start)
                && (LIST_END.contains(&before(h.start - 1))
                    || NOUN_MARKERS.contains(&before(h.start - 1))
                    || matches!(before(h.start - 1), "des" | "du" | "aux" | "au"))
        };
        let access = self.of(Role::Access).map(|(_, h)| h).find(|h| {
            self.entry(h).class != "kept"
                && !as_noun(h)
                && !asks(h)
                && !self.names_a_kind(h)
                && !self.our_activity(h)
                && !self.outside_view(h)
                // "Wir lesen keine Postfächer", "we open no mailboxes": the object negated
                // right after the verb negates the act.
                && !self.of(Role::Negation).any(|(_, n)| n.start == h.end)
                && !self.german_negated_after(h)
                && !self.retention(h)
                && !self.restricted(h)
                && !self.posters_own_look(h)
                && !self.negated_at(h.start)
                && !self.advised_at(h.start)
                && !entrusted.iter().any(|o| self.attributive(h, o))
                && entrusted
                    .iter()
                    .any(|o| o.end <= h.start || o.start >= h.end)
        });
        if let (Some(acc), false) = (access, entrusted.is_empty()) {
            let obj = entrusted
                .iter()
                .find(|o| o.end <= acc.start || o.start >= acc.end)
                .copied()
                .unwrap_or(entrusted[0]);
            // "our staff never opens them": a negated practice of the company.
            let policy_statement = self
                .of(Role::Negation)
                .any(|(_, n)| n.start < acc.start && !self.new_clause(n.end, acc.start))
                && who.is_none()
                && !self.numeric();
            // "Nous hébergeons et analysons des sites pour nos clients", "we host and scan
            // websites for our customers": the company's service to its customers in general,
            // told in the present of things nobody's in particular.
            let word = |i: usize| self.w.words[i].lower.as_str();
            const INDEFINITE_PLURAL: &[&str] = &["des", "de", "d'", "some", "unos", "unas"];
            let for_customers = (self.a + 1..self.b)
                .any(|i| CUSTOMERS.contains(&word(i)) && OUR.contains(&word(i - 1)));
            // A thing named in an earlier sentence (an antecedent) is a particular one.
            let anyones = obj.start == self.a
                || (obj.start > self.a && INDEFINITE_PLURAL.contains(&word(obj.start - 1)))
                || (obj.start > self.a
                    && !(DETERMINERS.contains(&word(obj.start - 1))
                        || POSSESSIVES.contains(&word(obj.start - 1))
                        || OUR.contains(&word(obj.start - 1))));
            let general_service = for_customers
                && anyones
                && who.is_none()
                && !self.past_tense()
                && !self.dated()
                && !self.numeric();
            // "Snapshots are taken automatically and stored for 14 days", "cada plan guarda
            // 14 instantáneas": how the product keeps everyone's data, told of nobody in
            // particular, in no past and with no calendar date.
            // "ils venaient tous de", "die kamen alle von": after its verb, "all" is the
            // subject's, not a rule's.
            let every_ahead = |i: usize| {
                EVERY.contains(&word(i))
                    && i + 1 < self.b
                    && !matches!(
                        word(i + 1),
                        "von" | "aus" | "from" | "of" | "de" | "d'" | "du" | "des" | "del"
                    )
            };
            // "Si vous en avez besoin, nous pouvons récupérer une copie récente": a look
            // offered under a condition, of nothing of the poster's and on no date, is a
            // service anyone may ask for.
            // "If you like, I can go into the mailbox right now": a look for this customer,
            // at once, is one.
            const AT_ONCE: &[&str] = &[
                "immediately",
                "sofort",
                "gleich",
                "immédiatement",
                "suite",
                "enseguida",
                "inmediatamente",
            ];
            let at_once =
                (self.a..self.b).any(|i| NOW.contains(&word(i)) || AT_ONCE.contains(&word(i)));
            let particular = self.dated() || self.tied_to_poster(obj, poster) || at_once;
            let conditional_offer =
                (self.a..acc.start).any(|i| self.condition_word(i)) && !particular;
            // "On a lu les mails", "wir haben sie gelesen": the look happened.
            let access_word = word(acc.start);
            let german_participle = access_word.starts_with("ge")
                && access_word.chars().count() > 5
                && (access_word.ends_with("en") || access_word.ends_with('t'));
            let happened = self.past_tense()
                || (self.past_form(acc) && !access_word.ends_with("ed"))
                || german_participle
                || self.dated_by_calendar();
            let product_practice = who.is_none()
                && !happened
                && (self.a..self.b).any(|i| USUALLY.contains(&word(i)) || every_ahead(i));
            // The company must be the one acting ("we", "our engineer", "by us"): "backups
            // are kept in the EU" describes a product.
            if (company || self.impersonal_look())
                && !imperative
                && !question
                && !policy_statement
                && !general_service
                && !product_practice
                && !conditional_offer
            {
                push("entrusted", ClaimLevel::Blocked, &[obj, acc]);
                return;
            }
        }
        // "We still hold the last two backups of your blog until 17 November", "Ihre Galerie
        // bewahren wir bis Ende Dezember auf": the poster's particular stored things, kept by
        // the company for now or until a date.
        if !imperative && !question && (self.still_with_us() || self.kept_until()) {
            if let Some(obj) = entrusted.iter().find(|o| {
                !self.any_one(o)
                    && !self.advised_at(o.start)
                    && (self.tied_to_poster(o, poster) || self.dated_by_calendar())
            }) {
                push("entrusted", ClaimLevel::Blocked, &[obj]);
                return;
            }
        }
        // "nous avons remis en place la sauvegarde d'hier soir": the company's perfect, its
        // verb unlisted, over a stored thing that is the poster's or dated. "We did not find
        // any malware in your mailbox", "no encontramos nada raro en su buzón": a search that
        // found nothing searched.
        if !imperative && (self.company_perfect() || (!question && self.found_nothing())) {
            if let Some(obj) = entrusted
                .iter()
                .find(|o| self.dated() || self.tied_to_poster(o, poster))
            {
                push("entrusted", ClaimLevel::Blocked, &[obj]);
                return;
            }
        }
        // "On a fouillé un peu : les messages arrivent bien dans la boîte de réception": what
        // the statement after the company's look tells of stored data is what the look saw.
        if self.prior_look && !imperative && !question && !negated {
            // "ein kompromittiertes Kontaktformular": anyone's, as a saying goes.
            if let Some(obj) = entrusted.iter().find(|o| !self.any_one(o)) {
                push("entrusted", ClaimLevel::Blocked, &[obj]);
                return;
            }
        }
        // A look-up in the records tells the relationship, whatever it found.
        if let Some((_, p)) = self.of(Role::Perception).find(|(_, h)| {
            // "our staff can't read customer databases" searched nothing.
            self.entry(h).class == "records_search" && !self.practice_negated(h.start)
        }) {
            push("relationship", ClaimLevel::NeedsReview, &[p]);
            return;
        }
        // A specific account fact (an amount, a date, a count the post did not state) tells the
        // account whoever the sentence names: "the 49 EUR invoice was collected twice on the
        // 3rd", "no further charges after the last one on 1 November". A negation does not undo
        // it; only a question or advice to the poster does.
        let habitual = self.habitual();
        let specific = ((self.own_digits(poster) && (!self.rule || self.occasion_numeric()))
            || self.dated_by_calendar())
            && !self.quoting
            && !habitual
            && !self.for_all()
            && !self.specifics_echo_post(post);
        let specific_fact = if specific && !question {
            self.of(Role::Account).map(|(_, h)| h).find(|h| {
                matches!(
                    self.entry(h).class.as_str(),
                    "billing" | "plan" | "tenure" | "contact" | "account_fact"
                ) && !self.poster_advised(h.start)
                    && !(matches!(self.entry(h).class.as_str(), "billing" | "plan")
                        && self.price_list()
                        && !self.tied_to_poster(h, poster))
                    // "seit heute früh" dates no tenure; "since 09:20" still counts a time.
                    && (!self.entry(h).id.ends_with(".since")
                        || self.own_digits(poster)
                        || self.dated_beyond_days())
                    // Only a negation of the thing itself ("no charges"): "nothing is overdue,
                    // the last payment came in on 4 March" still tells the payment.
                    && !self
                        .of(Role::Negation)
                        .any(|(_, n)| n.start < h.start && n.start + 3 >= h.start)
                    && (self.tied_to_poster(h, poster)
                        || self.definite(h.start)
                        || self.definite_subject(h.start)
                        || self.opens_with_done()
                        || (self.entry(h).class == "billing" && self.definite_amount()))
            })
        } else {
            None
        };
        // "four years since summer 2022 without a single incident": a dated account fact is
        // not undone by a negation that governs something else.
        let dated_fact = self.dated()
            && !habitual
            && self.of(Role::Account).any(|(_, h)| {
                !matches!(self.entry(h).class.as_str(), "claim" | "account_object")
                    && !self.negated_at(h.start)
            });
        // "Nobody here opens your mailbox": a negative subject tells a practice, whoever the
        // clause names.
        // Only when everything the sentence says of anyone lies in that clause: "nobody
        // opened your mailbox, but your March invoice is unpaid" still tells the invoice.
        let practice = negated
            && (self.company_denies_access()
                || self.of(Role::Negation).any(|(_, n)| {
                    self.negative_subject(n)
                        && self.hits.iter().all(|(_, h)| {
                            !matches!(
                                self.entry(h).role,
                                Role::Poster
                                    | Role::Account
                                    | Role::Relationship
                                    | Role::Entrusted
                                    | Role::Perception
                            ) || (h.start > n.start && !self.new_clause(n.end, h.start))
                                // "Ihre Datenbank öffnet von uns keiner": German may put
                                // the negative subject last in its clause.
                                || (h.end <= n.start
                                    && self.entry(n).id.starts_with("de.")
                                    && !self.new_clause(h.end, n.start))
                        })
                }));
        // A dated amount is a charge, negated or not: "The October one for 49 EUR hasn't been
        // settled yet".
        if let Some(h) = self.dated_amount(post) {
            push("billing", ClaimLevel::NeedsReview, &[h]);
            return;
        }
        // "la Mastercard finissant par 0932", "the card ending in 4417", "IBAN endend auf
        // 1234", "la tarjeta terminada en 88": the last digits of a payment instrument name
        // the account's, whoever the sentence names.
        if let Some(k) = self.ending_digits() {
            let found: Vec<&Hit> = self
                .hits
                .iter()
                .map(|(_, h)| h)
                .filter(|h| h.start <= k && k < h.end)
                .collect();
            push("billing", ClaimLevel::NeedsReview, &found);
            return;
        }
        // "War das Gespräch am Samstag mit Jonas der Auslöser?", "Was the call on Monday
        // the reason?": a question about a definite, dated contact told in the past takes
        // the contact as true.
        // "Meinen Sie die Mail vom Montag?", "S'agit-il de la facture de septembre ?", "Is
        // it the invoice from September?": a question about a definite contact or charge with
        // a date of its own takes it as the account's, whatever the verb (German asks with
        // the verb first, as an order would).
        let every = (self.a..self.b).any(|i| {
            matches!(
                self.w.words[i].lower.as_str(),
                "each" | "every" | "jeden" | "jede" | "jeder" | "chaque" | "cada"
            )
        });
        if question && self.dated_by_calendar() && !every && !self.habitual() && !self.for_all() {
            // The date is the thing's own: "the call from Tuesday", "die Mail vom Montag", "la
            // facture de septembre", "el cargo de agosto"; "the hotline on Saturday" is when
            // it is open.
            const OF: &[&str] = &["from", "of", "dated", "vom", "von", "de", "du", "del", "d'"];
            let date_after = |h: &Hit| {
                self.of(Role::Date).any(|(_, d)| {
                    d.start >= h.end
                        && d.start <= h.end + 5
                        && (d.start.saturating_sub(2).max(h.end)..d.start)
                            .any(|k| OF.contains(&self.w.words[k].lower.as_str()))
                })
            };
            if let Some((_, h)) = self.of(Role::Account).find(|(l, h)| {
                let class = self.entry(h).class.as_str();
                (class == "contact" || class == "billing")
                    && (self.past_tense() || date_after(h))
                    && self.determined(h.start)
                    && !self.ours_before(h.start)
                    && !self.inside_longer_term(h)
                    && !self.echoes_post(*l, h, post)
            }) {
                let class = self.entry(h).class.clone();
                push(&class, ClaimLevel::NeedsReview, &[h]);
                return;
            }
        }
        // "Drei der installierten Plugins haben seit einem Jahr kein Update bekommen", "deux
        // des extensions installées sur votre site n'étaient plus à jour": what is installed
        // on the poster's site, reported in particular, was read from their server.
        if who.is_some() && self.installed_report() {
            let at = (self.a..self.b)
                .find(|&i| {
                    INSTALLED
                        .iter()
                        .any(|x| self.w.words[i].lower.starts_with(x))
                })
                .unwrap_or(self.a);
            out.claims.push(Claim {
                start,
                end,
                class: "entrusted".into(),
                entry: "builtin.installed".into(),
                words: vec![self.w.words[at].lower.clone()],
                level: ClaimLevel::Blocked,
            });
            return;
        }
        // "¿Son suyos los 4 GB de vídeos de la carpeta /tmp?", "the 3 GB of archives in
        // /backups": a stored thing told by its size was measured, asked about or not.
        if !imperative && !negated && !(self.a..self.b).any(|i| self.condition_word(i)) {
            if let Some(o) = self.sized(&entrusted, post) {
                push("entrusted", ClaimLevel::Blocked, &[o]);
                return;
            }
        }
        let routine_shape = imperative
            || (question && who.is_none())
            || ((negated && who.is_none() || practice) && !dated_fact);
        if routine_shape && specific_fact.is_none() {
            if !(imperative && self.numbered_item()) {
                // "Make sure your wp-config.php sits outside the web root": in an order the
                // poster named only as the owner of what it is about is the one advised, so the
                // older rules' findings in it go too. "Don't forget you signed ..." names the
                // poster as the subject of a statement and stays.
                let possessive_only = self
                    .of(Role::Poster)
                    .all(|(_, p)| POSSESSIVES.contains(&self.w.words[p.start].lower.as_str()));
                // "Please update your payment details" still hints at the account.
                // "mail" in "the mail log" is the log's word, not a contact.
                let account_terms = self.of(Role::Account).any(|(_, h)| {
                    matches!(
                        self.entry(h).class.as_str(),
                        "billing" | "plan" | "tenure" | "contact" | "account_fact"
                    ) && !self.inside_longer_term(h)
                });
                // "Restore your site from the backup we took on Monday" tells what the company
                // holds: an order that names the company or a date is not plain advice.
                let plain = !company && !self.numeric() && !self.dated();
                if (imperative && possessive_only && !account_terms && plain) || practice {
                    out.routine_spans.push((start, end));
                } else {
                    routine(&mut out.routine_spans);
                }
            }
            return;
        }
        // An entrusted object tied to the poster: at least two reviewers; blocked when the
        // sentence shows what it holds.
        // "your files are encrypted and only you can access them": a practice, not a finding;
        // a modal bound to the poster makes it advice, one elsewhere ("most of them") does not.
        // "Danke für deine Nachricht": what a thanks is for is the post or a note to the
        // company, not mail stored with it, unless the company tells of looking.
        let thanked = |h: &Hit| {
            !self.has(Role::Access)
                && self.of(Role::Advice).any(|(_, f)| {
                    self.entry(f).class == "formula" && f.end <= h.start && f.end + 4 >= h.start
                })
        };
        // "Nur Sie sehen, was in Ihren Sicherungen liegt": the poster's own look.
        let own_look = !company && self.of(Role::Access).any(|(_, a)| self.posters_own_look(a));
        // "Unser Scanner sieht Ihre Seiten nur von außen": what anyone sees is public.
        let public_look = self.of(Role::Access).any(|(_, a)| self.outside_view(a));
        // "Ravis que le pare-feu ait fait le ménage sur le formulaire" after a post about
        // the form: the poster's own thing, echoed, with no look and nothing told of it.
        let echoed = |h: &Hit| {
            !self.has(Role::Access)
                && !self.has(Role::Reveal)
                && self
                    .hits
                    .iter()
                    .find(|(_, g)| g.entry == h.entry && g.start == h.start && g.end == h.end)
                    .is_some_and(|(l, g)| self.echoes_post(*l, g, post))
        };
        // "In Ihre Dateien schaut dabei niemand": German denies a look after its verb.
        let denied_after = self.has(Role::Access)
            && self
                .of(Role::Access)
                .all(|(_, a)| self.german_negated_after(a) || self.negated_at(a.start));
        let tied = entrusted.iter().find(|h| {
            !thanked(h)
                && !denied_after
                && !self.foretold()
                && self.tied_to_poster(h, poster)
                && !self.poster_advised(h.start)
                && !self.advised_at(h.start)
                && !self.negated_at(h.start)
                && !self.any_one(h)
                && !self.protected_state(h)
                && !own_look
                && !public_look
                && !echoed(h)
                // "Le aseguramos que en ningún momento nuestros empleados acceden al contenido
                // de sus buzones": the company denies the act on the poster's thing.
                && !self.company_denies_access()
        });
        // "Quelqu'un de votre bureau visitait un site de jeux": what the poster's people did
        // online is read from the traffic records the company holds.
        if !question && tied.is_some() {
            if let Some(obj) = entrusted.iter().find(|h| {
                self.entry(h).class == "activity"
                    && !self.negated_at(h.start)
                    && !self.advised_at(h.start)
                    && !self.poster_advised(h.start)
            }) {
                push("entrusted", ClaimLevel::Blocked, &[obj]);
                return;
            }
        }
        if let Some(obj) = tied {
            if !question {
                // Any telling word of content, not only the first: "lag" is too short to tell,
                // "aufgefallen" after it does.
                // Not the object's own word read as another language's ("liste" as "list").
                let reveal = self.of(Role::Reveal).map(|(_, h)| h).find(|r| {
                    (r.end <= obj.start || r.start >= obj.end)
                        && (self.numeric() || self.quoting || self.words_of(r).len() > 3)
                });
                // "a web shell was found in your uploads", "turned up in your mailbox": the
                // company's access told in the passive, without "we", is still access.
                // "a snapshot you have never tested": a perfect's auxiliary keeps nothing.
                let tense_only = |h: &Hit| self.entry(h).class == "kept" && self.auxiliary(h);
                let accessed = self.of(Role::Access).map(|(_, h)| h).find(|h| {
                    !self.retention(h)
                        && !tense_only(h)
                        && !self.posters_own_look(h)
                        && !self.negated_at(h.start)
                        && !self.german_negated_after(h)
                        && !self.advised_at(h.start)
                        && (h.end <= obj.start || h.start >= obj.end)
                });
                if let Some(acc) = accessed {
                    push("entrusted", ClaimLevel::Blocked, &[obj, acc]);
                    return;
                }
                // "Der nächtliche Job auf Ihrem Server löscht die Logs": what the poster's
                // stored thing does, told with it as the subject, was read from it.
                if self.stored_thing_acts(obj) {
                    push("entrusted", ClaimLevel::Blocked, &[obj]);
                    return;
                }
                // "We checked. Your mailbox is nearly empty.": the look told just before.
                if self.prior_look {
                    push("entrusted", ClaimLevel::Blocked, &[obj]);
                    return;
                }
                // "the last backup of your site still sits on our storage", "liegt noch bei
                // uns", "está todavía en nuestros servidores": kept, and said to be.
                if self.still_with_us() {
                    push("entrusted", ClaimLevel::Blocked, &[obj]);
                    return;
                }
                // "Les 4 Go de vidéos dans votre espace web": the amount of what is stored
                // was measured in it.
                // "Su lista de suscriptores rebotó en 300 direcciones": a count told of it in
                // its clause, after it too.
                // "nueve solicitudes", "quatorze demandes", "elf Buchungsanfragen": a count in
                // words is a count too (two or more: "un", "ein", "una" are articles).
                let in_words = |k: usize| {
                    super::numbers::spelled(&self.w.words[k].lower).is_some_and(|n| n >= 2)
                        && !self
                            .w
                            .words
                            .get(k + 1)
                            .is_some_and(|x| k + 1 < self.b && is_time_unit(&x.lower))
                };
                let measured = (self.counted() || (self.a..self.b).any(in_words))
                    && (obj.start.saturating_sub(4).max(self.a)..self.b).any(|k| {
                        (self.w.words[k].numeric || in_words(k))
                            && !(k.min(obj.start) + 1..=k.max(obj.start))
                                .any(|i| self.w.words[i].comma_before)
                    });
                match reveal {
                    Some(r) => push("entrusted", ClaimLevel::Blocked, &[obj, r]),
                    _ if self.quoting
                        || measured
                        || self.space_taken(&entrusted, post).is_some()
                        || self.clocked(&entrusted).is_some() =>
                    {
                        push("entrusted", ClaimLevel::Blocked, &[obj])
                    }
                    // "The files in your web space all carry that date now", "Las fotos de
                    // su web se subieron sin comprimir": a plain statement of what the
                    // poster's stored thing is or holds was read from it. Only a statement
                    // that is neither negated, hedged, conditional nor foretold says so.
                    _ if self.particular_report() || self.diagnosis(obj) => {
                        push("entrusted", ClaimLevel::Blocked, &[obj])
                    }
                    _ => push("entrusted", ClaimLevel::NeedsReview, &[obj]),
                }
                return;
            }
        }
        // "The proxy log for Tuesday showed dozens of visits": a stored object named
        // definitely, as the subject of what it showed on an occasion (a date, a past tense),
        // was read, whether or not the sentence says whose it is.
        if !question && !imperative {
            let read = entrusted.iter().find_map(|o| {
                let shown = self.of(Role::Reveal).map(|(_, r)| r).find(|r| {
                    r.start >= o.end
                        && r.start <= o.end + 6
                        && self.words_of(r).len() > 3
                        && !self.new_clause(o.end, r.start)
                        && !self.advised_at(r.start)
                        && !self.negated_at(r.start)
                        // A count it shows is one reading of it too: "das Zugriffsprotokoll
                        // des Servers zeigt rund 3000 Anmeldeversuche". So is what it held,
                        // told in a plain past: "die blockierten Mails hatten alle ...".
                        && (self.dated_by_calendar()
                            || self.past_form(r)
                            || self.counted()
                            || (self.past_tense() && self.particular_report()))
                })?;
                (self.determined(o.start)
                    && !self.advised_at(o.start)
                    && !self.poster_advised(o.start))
                .then_some((*o, shown))
            });
            if let Some((o, r)) = read {
                push("entrusted", ClaimLevel::Blocked, &[o, r]);
                return;
            }
            // "It holds about 900,000 rows now", "en la lista hay unas 400 direcciones": a
            // count of stored things told of one store, plainly and in particular, was
            // counted in it.
            let holds = self
                .of(Role::Reveal)
                .chain(
                    self.of(Role::Access)
                        .filter(|(_, h)| self.entry(h).class == "kept"),
                )
                .any(|(_, h)| !self.negated_at(h.start) && !self.advised_at(h.start));
            // A price list, a rule for every plan and a count the post gave are no count of
            // ours: "24 EUR/month", "every package keeps 14 copies", "your 6000 images".
            let word = |i: usize| self.w.words[i].lower.as_str();
            let next = |i: usize| if i + 1 < self.b { word(i + 1) } else { "" };
            // "21 h 05", "30 days": a time or a duration counts nothing stored.
            let own_count = (self.a..self.b).any(|i| {
                let clock = next(i) == "h" || (i > self.a && word(i - 1) == "h");
                // A count stands before what it counts; a number ending the sentence is a
                // list's ("... prüfen. 2.").
                let last = i + 1 >= self.b;
                let not_a_count = post.said_number(word(i))
                    || self.amount_at(i)
                    || is_time_unit(next(i))
                    || clock
                    || last;
                self.w.words[i].numeric && !not_a_count
            });
            // "höchstens 500 Dateien", "at most", "como máximo": a limit of the product.
            const LIMIT: &[&str] = &[
                "höchstens",
                "maximal",
                "max",
                "maximum",
                "máximo",
                "most",
                "least",
                "mindestens",
                "minimum",
                "mínimo",
            ];
            let product = (self.a..self.b).any(|i| {
                self.amount_at(i)
                    || EVERY.contains(&word(i))
                    || USUALLY.contains(&word(i))
                    || LIMIT.contains(&word(i))
            });
            if holds && own_count && !product && self.counted() && self.particular_report() {
                if let Some(o) = entrusted
                    .iter()
                    .find(|o| !self.any_one(o) && !self.advised_at(o.start))
                {
                    push("entrusted", ClaimLevel::Blocked, &[o]);
                    return;
                }
            }
            if let Some(o) = self.content_of_place(&entrusted) {
                push("entrusted", ClaimLevel::Blocked, &[o]);
                return;
            }
            if let Some(o) = self
                .space_taken(&entrusted, post)
                .or_else(|| self.clocked(&entrusted))
            {
                push("entrusted", ClaimLevel::Blocked, &[o]);
                return;
            }
        }
        if attributed && self.policy.settings.echo_poster_statements == Level::Routine {
            out.routine_spans.push((start, end));
            return;
        }
        if let Some(h) = specific_fact {
            let class = self.entry(h).class.clone();
            push(&class, ClaimLevel::NeedsReview, &[h]);
            return;
        }
        if let Some(h) = self.presupposed_billing(post) {
            push("billing", ClaimLevel::NeedsReview, &[h]);
            return;
        }
        // Rules of the sentence's shape, which name the word that tells it rather than a
        // policy entry.
        let shaped = self
            .counted_with_us()
            .map(|k| (k, "account_fact", "builtin.counted_with_us"))
            .or_else(|| {
                self.conversation()
                    .map(|k| (k, "contact", "builtin.conversation"))
            });
        if let Some((k, class, entry)) = shaped {
            out.claims.push(Claim {
                start,
                end,
                class: class.into(),
                entry: entry.into(),
                words: vec![self.w.words[k].lower.clone()],
                level: ClaimLevel::NeedsReview,
            });
            return;
        }
        if let Some(h) = self.company_acted(post, poster) {
            let class = self.entry(h).class.clone();
            push(&class, ClaimLevel::NeedsReview, &[h]);
            return;
        }
        // "Bis 31. Dezember ... für neue und bestehende Kunden", "anyone who stays with us
        // for three years gets 10% off": a rule or an offer for everyone, naming no one; its
        // years, dates and prices are the rule's.
        if self.whoever() && (self.dated_by_calendar() || self.has_year()) {
            if let Some(h) = self.of(Role::Account).map(|(_, h)| h).find(|h| {
                matches!(
                    self.entry(h).class.as_str(),
                    "billing" | "plan" | "tenure" | "account_fact"
                )
            }) {
                let class = self.entry(h).class.clone();
                push(&class, ClaimLevel::NeedsReview, &[h]);
                return;
            }
        }
        if who.is_none() && self.for_all() {
            out.routine_spans.push((start, end));
            return;
        }
        // "the same problem as last time": an earlier case of the poster's, whoever the
        // sentence names.
        if !question && !negated {
            if let Some(h) = self
                .of(Role::Account)
                .map(|(_, h)| h)
                .find(|h| self.entry(h).id.ends_with("contact.earlier"))
            {
                push("contact", ClaimLevel::NeedsReview, &[h]);
                return;
            }
        }
        if let Some(h) = self.usage() {
            push("account_fact", ClaimLevel::NeedsReview, &[h]);
            return;
        }

        if let Some(h) = self.past_event(post) {
            let class = self.entry(h).class.clone();
            push(&class, ClaimLevel::NeedsReview, &[h]);
            return;
        }
        // The company's records or perception of the poster.
        // A search of the records tells the relationship even when it found nothing.
        let perception = self.of(Role::Perception).map(|(_, h)| h).find(|h| {
            (self.entry(h).class == "records_search" && !self.practice_negated(h.start))
                || (!self.negated_at(h.start) && !self.advised_at(h.start))
        });
        if let Some(p) = perception {
            if who.is_some() || self.entry(p).class == "records_search" {
                push("relationship", ClaimLevel::NeedsReview, &[p]);
                return;
            }
        }
        // The relationship itself: "you're one of our customers".
        let relation = self.of(Role::Relationship).map(|(_, h)| h).find(|h| {
            // "we only look at a customer's files when ...": in a rule, anyone, not the
            // poster ("a loyal customer" alone is the poster, `one_person`).
            let word = |i: usize| self.w.words[i].lower.as_str();
            // "for our customers", "pour nos clients", "für unsere Kunden", in a sentence that
            // names no one: the company's clientele, nobody in it; "one of our customers" is
            // one person.
            const ONE_OF: &[&str] = &["of", "de", "d'", "von", "unter"];
            let ours_all = who.is_none()
                && h.start > self.a
                && OUR.contains(&word(h.start - 1))
                && h.end - h.start == 1
                && (word(h.start).ends_with('s') || word(h.start).ends_with("en"))
                && !(h.start >= self.a + 2 && ONE_OF.contains(&word(h.start - 2)))
                && !matches!(word(h.start - 1), "unseren" | "unserer");
            if ours_all {
                return false;
            }
            const ANYONE: &[&str] = &[
                "a",
                "an",
                "any",
                "every",
                "each",
                "the",
                "un",
                "une",
                "le",
                "la",
                "ein",
                "eine",
                "einen",
                "einem",
                "einer",
                "der",
                "die",
                "jeder",
                "jede",
                "chaque",
                "cada",
                "una",
                "el",
                "cualquier",
            ];
            if (h.start > self.a
                && ANYONE.contains(&word(h.start - 1))
                && self.of(Role::Access).any(|(_, a)| self.restricted(a)))
                || self.affected_role(h)
            {
                return false;
            }
            // "happy to hear that from a loyal customer": a modal that advises nobody.
            // "one of our own", "es de los nuestros", "vous êtes des nôtres": a partitive of
            // the company's own is one person too.
            let next = |i: usize| self.w.words.get(i + 1).map_or("", |x| x.lower.as_str());
            let partitive = matches!(word(h.start), "one" | "uno" | "una" | "einer" | "eine")
                || (matches!(word(h.start), "de" | "des")
                    && matches!(
                        next(h.start + usize::from(word(h.start) == "de")),
                        "nuestros" | "nuestras" | "nôtres"
                    ));
            if self.one_person(h.start) || partitive {
                !self.poster_advised(h.start)
            } else {
                !self.advised_at(h.start)
            }
        });
        // "we no longer have you as a customer" tells the relationship as much as its
        // affirmative; only a negation that names nobody ("we're not a reseller") is silent.
        let silenced = |k: usize| negated && (who.is_none() || self.practice_negated(k));
        if let (Some(r), false) = (
            relation,
            relation.is_some_and(|r| silenced(r.start)) || question,
        ) {
            // "a long-standing customer who knows our services", "thanks for being a
            // customer", "una clienta de larga trayectoria": one person, in a reply to one
            // person, is the poster.
            let greeting = self.entry(r).id.ends_with("relationship.return");
            if who.is_some() || (company && poster.matched) || self.one_person(r.start) || greeting
            {
                // "we no longer have you as a customer" after "my account": a relationship
                // denied or ended is news, never an echo of the one the post states.
                let level = if post.declares_relationship && !self.negated_at(r.start) {
                    self.policy.settings.confirm_customer
                } else {
                    Level::NeedsReview
                };
                if level != Level::Routine {
                    push("relationship", ClaimLevel::NeedsReview, &[r]);
                    return;
                }
                routine(&mut out.routine_spans);
            }
        }
        // An account fact: said of the poster, or specific (a number, a date) about the
        // matched account.
        let dated = self.dated();
        // Specific facts need no matched account: the company knows who wrote.
        let specific = (if self.rule {
            self.occasion_numeric()
        } else {
            self.numeric()
        } || dated)
            && !habitual
            && !self.for_all();
        // The company as the subject of its look: "we noticed", "we've seen".
        // "It has been found that the new mandate ...", "se ha comprobado que ...": the look
        // told without a subject is the company's too.
        let company_look = !question
            && (self.of(Role::Access).any(|(_, h)| {
                self.entry(h).class != "kept"
                    && !self.negated_at(h.start)
                    && !self.advised_at(h.start)
                    && self
                        .of(Role::Company)
                        .any(|(_, c)| c.end <= h.start && c.end + 2 >= h.start)
            }) || self.impersonal_look());
        let facts: Vec<&(Lang, Hit)> = self
            .of(Role::Account)
            .filter(|(_, h)| {
                let e = self.entry(h);
                // "we plan to", "to order": the verb, not the account's thing.
                let verb = h.start > self.a
                    && matches!(
                        self.w.words[h.start - 1].lower.as_str(),
                        "we" | "i" | "to" | "will" | "they"
                    );
                if verb {
                    return false;
                }
                // "Ihre Sicherungen sind verschlüsselt": the copula of how the poster's data is
                // protected claims nothing of their account.
                if matches!(e.class.as_str(), "claim" | "account_object")
                    && self
                        .entrusted_objects()
                        .iter()
                        .any(|o| self.protected_state(o))
                {
                    return false;
                }
                // "Wir haben keinen Schlüssel": the company's own verb claims nothing of the
                // poster.
                if e.class == "claim" && self.company_before(h) {
                    return false;
                }
                // "a backup you have never tested": the perfect's auxiliary, not what the
                // poster has.
                if matches!(
                    self.w.words[h.end - 1].lower.as_str(),
                    "have" | "has" | "had"
                ) && self.auxiliary(h)
                {
                    return false;
                }
                // "on vous demandera de nous transférer les en-têtes", "we'll call you back
                // if ...": contact to come is a procedure, not a history.
                if e.class == "contact" && !specific && self.future_at(h.start) {
                    return false;
                }
                // "Starter 9 EUR/month, Web Guard 19 EUR/month ...": a price list is everyone's.
                if matches!(e.class.as_str(), "billing" | "plan")
                    && self.price_list()
                    && !self.tied_to_poster(h, poster)
                {
                    return false;
                }
                let needs_poster = matches!(e.class.as_str(), "claim" | "account_object");
                let needs_date = e.id.ends_with(".since");
                let weak = matches!(e.class.as_str(), "claim" | "account_object" | "contact");
                // A negated state of the poster's own account ("your account has no unpaid
                // invoices", "keine offenen Posten bei Ihnen") is still its state.
                if (self.negated_at(h.start)
                    && (who.is_none() || weak || self.practice_negated(h.start)))
                    || self.advised_at(h.start)
                    || (question && e.class == "claim")
                    // "Thanks for your message" is for the post; "sorry we missed your call"
                    // tells a call.
                    || (weak
                        && self.formula()
                        && !(h.start..h.end)
                            .any(|k| CHANNEL.contains(&self.w.words[k].lower.as_str())))
                    // "opening a ticket doesn't give access": any ticket, no one's history.
                    || (weak && !specific && h.start > self.a
                        && INDEFINITE.contains(&self.w.words[h.start - 1].lower.as_str()))
                {
                    return false;
                }
                (!needs_date || self.dated_beyond_days())
                    && if needs_poster || (e.class == "tenure" && !needs_date) {
                        // "after more than three years working together", "the cooperation
                        // began in October 2021": a dated time together is the poster's.
                        // "after so many years together": a time spent together needs no
                        // date to be the poster's.
                        who.is_some() || (e.class == "tenure" && self.together())
                    } else {
                        who.is_some()
                            || (specific && (needs_date || self.determined(h.start)))
                            // "notre rappel de la semaine dernière", "our call on Monday": the
                            // company's contact, dated, was with the poster.
                            || (specific && e.class == "contact" && self.ours_before(h.start))
                            // "we noticed the invoices went out without it": the company
                            // looked at the account's own thing.
                            || (company_look
                                && self.determined(h.start)
                                && matches!(e.class.as_str(), "billing" | "plan" | "account_fact"))
                            // "the entry-level package", "el plan más básico": a plan told by
                            // its rank, in a reply to a customer's post, is theirs.
                            || (e.class == "plan"
                                && post.declares_relationship
                                && self.ranked(h)
                                && self.determined(h.start))
                    }
            })
            .collect();
        // The first fact the post did not state: "ist" may echo the post's "Ist mein Konto in
        // Ordnung?", "keine offenen Posten" after it does not.
        let fact = facts
            .iter()
            .find(|(l, h)| !self.echoes_post(*l, h, post))
            .or(facts.first())
            .copied();
        if let Some((l, h)) = fact {
            let echo = self.echoes_post(*l, h, post);
            let level = if echo {
                self.policy.settings.echo_poster_statements
            } else {
                Level::NeedsReview
            };
            if level != Level::Routine {
                let class = self.entry(h).class.clone();
                push(&class, ClaimLevel::NeedsReview, &[h]);
                return;
            }
            // Every account fact of the sentence, its numbers and dates are the post's own
            // ("Schade, dass du gekündigt hast" after "ich habe gekündigt"): the sentence
            // restates the post, even though it names the poster, unless it names their
            // stored data or the company looking at something.
            // Letters spaced out ("Y o u  w e r e  b a n n e d") are for the older rules to read.
            let spaced = self.w.words[self.a..self.b]
                .windows(3)
                .any(|w| w.iter().all(|x| x.lower.chars().count() == 1));
            let stated = facts.iter().all(|(l, h)| {
                (h.start..h.end).all(|k| post.stated[l.index()].contains(&self.stems[l.index()][k]))
            });
            if stated
                && !spaced
                && self.specifics_echo_post(post)
                && self.entrusted_objects().is_empty()
                && !(company && self.has(Role::Access))
            {
                out.routine_spans.push((start, end));
                return;
            }
            routine(&mut out.routine_spans);
        }
        // A factual clause about the poster that carries a date, an amount or a duration the
        // post did not state tells an account fact, whatever the noun ("you're at 1.9 of 2 GB",
        // "three-and-a-bit years in"): the vocabulary can not list every paraphrase.
        // Thanks and apologies name the poster without claiming anything ("thank you for the
        // five stars"): there only digits count.
        // Digits of the poster's own handle ("Hi 198.51.100.23") are public.
        let digits = self.own_digits(poster);
        let absolute = self.has_year()
            || self
                .of(Role::Date)
                .any(|(_, h)| !self.entry(h).id.ends_with("date.relative"));
        if who.is_some()
            && (digits || (absolute && !self.formula()))
            && !question
            && !self.poster_advised(self.b)
            && !self.specifics_echo_post(post)
        {
            let found: Vec<&Hit> = self
                .of(Role::Date)
                .map(|(_, h)| h)
                .chain(self.of(Role::Poster).map(|(_, h)| h))
                .take(2)
                .collect();
            push("account_fact", ClaimLevel::NeedsReview, &found);
            return;
        }
        let modal_any = self
            .of(Role::Advice)
            .any(|(_, h)| self.entry(h).class == "modal");
        if modal_any {
            routine(&mut out.routine_spans);
        }
        // A language without a policy: the rules can not read it, so a mention of the poster
        // is enough to hold it.
        let handle_named = poster.handle.len() >= 3
            && self.w.words[self.a..self.b]
                .iter()
                .map(|x| x.lower.as_str())
                .collect::<String>()
                .contains(poster.handle);
        let who = who.or_else(|| handle_named.then(|| poster.handle.to_string()));
        if detected == Detected::Other && who.is_some() {
            out.claims.push(Claim {
                start,
                end,
                class: "language".into(),
                entry: "language.unknown".into(),
                words: who.into_iter().collect(),
                level: ClaimLevel::NeedsReview,
            });
        }
    }
}

/// A word that may stand for a digit of a number spelled out ("plus four four one ..."): a
/// short number, a number word under 100, or a word read as "one", "plus" or "oh". Also read
/// by the early exit (`fast`).
pub(super) fn digitish(x: &lang::Word) -> bool {
    let w = x.lower.as_str();
    (x.numeric && w.len() <= 3)
        || matches!(w, "un" | "une" | "ein" | "plus" | "oh")
        || super::numbers::spelled(w).is_some_and(|v| v < 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_sentence_is_judged_in_overlapping_runs_that_cover_it() {
        assert_eq!(windows(3, 40).collect::<Vec<_>>(), vec![(3, 40)]);
        assert_eq!(windows(0, 256).collect::<Vec<_>>(), vec![(0, 256)]);
        let step = MAX_SENTENCE_WORDS / 2;
        for len in [257, 300, 384, 385, 1000, 5000] {
            let runs: Vec<(usize, usize)> = windows(10, 10 + len).collect();
            assert_eq!(runs.first().map(|r| r.0), Some(10), "{len}");
            assert_eq!(runs.last().map(|r| r.1), Some(10 + len), "{len}");
            for pair in runs.windows(2) {
                // Each run overlaps the next by half a run (or ends the sentence).
                assert_eq!(pair[1].0, pair[0].0 + step, "{len}");
            }
            // Any two words within half a run of each other share a run.
            for k in 10..10 + len - step {
                assert!(
                    runs.iter().any(|&(a, b)| a <= k && k + step <= b),
                    "{len}: {k}"
                );
            }
            assert!(runs.iter().all(|&(a, b)| b - a <= MAX_SENTENCE_WORDS));
        }
    }
}
