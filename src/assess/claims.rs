//! Claims about the poster, decided by the shape of each sentence rather than by keywords: who
//! it is about (the poster, the company), what it asserts (an account fact, the company's
//! records, access to entrusted data) and what makes it routine (advice, a question, a negation).
//! The words come from the policy (`policy.rs`); this module only combines them.

use std::collections::HashSet;

use super::lang::{self, Detected, Lang, Words};
use super::policy::{Hit, Level, Policy, Role};

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
    /// The post says the poster is a customer ("my account", "I'm a customer").
    pub declares_relationship: bool,
}

impl PostContext {
    pub(crate) fn new(post: &str, policy: &Policy) -> PostContext {
        let w = lang::words(post);
        let mut stems: [HashSet<String>; 4] = Default::default();
        for l in Lang::ALL {
            stems[l.index()] = w.words.iter().map(|x| l.stem(&x.lower)).collect();
        }
        let mut declares = false;
        for l in Lang::ALL {
            let st: Vec<String> = w.words.iter().map(|x| l.stem(&x.lower)).collect();
            let hits = policy.find(l, &w.words, &st);
            let first_person = w.words.iter().any(|x| {
                matches!(
                    x.lower.as_str(),
                    "i" | "my" | "me" | "ich" | "mein" | "meine" | "meinen" | "meinem" | "je"
                        | "j'" | "mon" | "ma" | "mes" | "yo" | "mi" | "mis" | "we" | "our"
                )
            });
            declares |= first_person
                && hits.iter().any(|h| {
                    let e = &policy.entries[h.entry];
                    e.role == Role::Relationship || (e.role == Role::Account && e.class != "claim")
                });
        }
        PostContext {
            stems,
            declares_relationship: declares,
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
}

/// The outcome of the claim rules over one reply.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub claims: Vec<Claim>,
    /// Char spans of sentences shaped as routine (advice, questions, negated practice).
    pub routine_spans: Vec<(usize, usize)>,
    pub notes: Vec<SentenceNote>,
    pub language: Option<&'static str>,
}

/// Who the poster is, beyond pronouns: words of their handle and account name.
pub(crate) struct Poster<'a> {
    pub names: &'a [String],
    pub matched: bool,
}

/// Runs the claim rules over a reply.
pub(crate) fn assess(policy: &Policy, reply: &str, post: &PostContext, poster: &Poster<'_>) -> Outcome {
    let w = lang::words(reply);
    let detected = lang::detect(reply);
    let langs: Vec<Lang> = match detected {
        Detected::Known(Lang::En) => vec![Lang::En],
        Detected::Known(l) => vec![l, Lang::En],
        Detected::Other | Detected::Unsure => Lang::ALL.to_vec(),
    };
    let mut stems: Vec<Vec<String>> = vec![Vec::new(); 4];
    let mut hits: Vec<(Lang, Hit)> = Vec::new();
    for &l in &langs {
        stems[l.index()] = w.words.iter().map(|x| l.stem(&x.lower)).collect();
        hits.extend(
            policy
                .find(l, &w.words, &stems[l.index()])
                .into_iter()
                .map(|h| (l, h)),
        );
    }
    let mut out = Outcome {
        language: match detected {
            Detected::Known(l) => Some(l.code()),
            _ => None,
        },
        ..Outcome::default()
    };
    for (si, &(a, b)) in w.sentences.iter().enumerate() {
        let s = Sentence {
            policy,
            w: &w,
            a,
            b,
            hits: hits
                .iter()
                .filter(|(_, h)| h.start >= a && h.end <= b)
                .copied()
                .collect(),
            question: w.questions[si],
            quoting: w.quoting[si],
            stems: &stems,
        };
        s.judge(post, poster, detected, &mut out);
    }
    out
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
}

/// Words that may stand before an imperative verb: "please check", "just move it".
const BEFORE_IMPERATIVE: &[&str] = &[
    "please", "just", "then", "and", "so", "also", "now", "first", "simply", "bitte", "einfach",
    "dann", "puis", "ensuite", "alors", "merci", "de", "por", "favor", "luego", "solo", "y", "et",
    "und", "pls", "plz", "short", "version", "tip", "ps",
];

impl Sentence<'_> {
    fn of(&self, role: Role) -> impl Iterator<Item = &(Lang, Hit)> {
        self.hits
            .iter()
            .filter(move |(_, h)| self.policy.entries[h.entry].role == role)
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

    /// A negation within a few words before position `k`.
    fn negated_at(&self, k: usize) -> bool {
        self.of(Role::Negation)
            .any(|(_, n)| n.start < k && n.start + 6 >= k && n.start >= self.a)
    }

    fn negated(&self) -> bool {
        self.has(Role::Negation)
    }

    /// Advice: a modal, condition or invitation anywhere, or an imperative verb that opens the
    /// sentence.
    fn advice(&self) -> bool {
        self.of(Role::Advice).any(|(_, h)| {
            let e = self.entry(h);
            match e.class.as_str() {
                "imperative" => (self.a..h.start)
                    .all(|k| BEFORE_IMPERATIVE.contains(&self.w.words[k].lower.as_str())),
                "formula" => false,
                _ => true,
            }
        })
    }

    fn formula(&self) -> bool {
        self.of(Role::Advice)
            .any(|(_, h)| self.entry(h).class == "formula")
    }

    fn poster(&self, poster: &Poster<'_>) -> Option<String> {
        if let Some((_, h)) = self.of(Role::Poster).next() {
            return Some(self.words_of(h));
        }
        self.w.words[self.a..self.b]
            .iter()
            .find(|x| poster.names.iter().any(|n| *n == x.lower))
            .map(|x| x.lower.clone())
    }

    fn numeric(&self) -> bool {
        self.w.words[self.a..self.b].iter().any(|x| x.numeric)
    }

    /// The post stated this term itself ("I cancelled last month").
    fn echoes_post(&self, l: Lang, h: &Hit, post: &PostContext) -> bool {
        (h.start..h.end).all(|k| post.stems[l.index()].contains(&self.stems[l.index()][k]))
    }

    fn span(&self) -> (usize, usize) {
        (self.w.words[self.a].start, self.w.words[self.b - 1].end)
    }

    fn judge(&self, post: &PostContext, poster: &Poster<'_>, detected: Detected, out: &mut Outcome) {
        let (start, end) = self.span();
        let who = self.poster(poster);
        let company = self.has(Role::Company);
        let advice = self.advice();
        let question = self.question;
        let mut shape = Vec::new();
        for (on, name) in [
            (who.is_some(), "poster"),
            (company, "company"),
            (advice, "advice"),
            (question, "question"),
            (self.negated(), "negated"),
            (self.formula(), "formula"),
        ] {
            if on {
                shape.push(name);
            }
        }
        out.notes.push(SentenceNote { start, end, shape });
        let mut push = |class: &str, level: ClaimLevel, found: &[&Hit]| {
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
        if advice || (question && who.is_none()) {
            out.routine_spans.push((start, end));
        }

        // Entrusted data the company accessed: blocked, unless negated or advice.
        let access: Vec<&Hit> = self
            .of(Role::Access)
            .map(|(_, h)| h)
            .filter(|h| !self.negated_at(h.start))
            .collect();
        let entrusted: Vec<&Hit> = self.of(Role::Entrusted).map(|(_, h)| h).collect();
        if let (Some(acc), Some(obj)) = (access.first(), entrusted.first()) {
            let modal_advice = self
                .of(Role::Advice)
                .any(|(_, h)| self.entry(h).class != "imperative" && self.entry(h).class != "formula");
            let imperative = advice && !modal_advice;
            if (company || who.is_none()) && !modal_advice && !imperative && !question {
                push("entrusted", ClaimLevel::Blocked, &[obj, acc]);
                return;
            }
        }
        if self.negated() && !entrusted.is_empty() && who.is_none() {
            out.routine_spans.push((start, end));
        }
        if advice || question {
            return;
        }
        // An entrusted object tied to the poster: at least two reviewers; blocked when the
        // sentence shows what it holds.
        if let (Some(obj), Some(_)) = (entrusted.first(), &who) {
            if !self.negated() {
                let reveal = self.of(Role::Reveal).map(|(_, h)| h).next();
                if let Some(r) = reveal.filter(|_| self.numeric() || self.quoting) {
                    push("entrusted", ClaimLevel::Blocked, &[obj, r]);
                } else if self.quoting {
                    push("entrusted", ClaimLevel::Blocked, &[obj]);
                } else {
                    push("entrusted", ClaimLevel::NeedsReview, &[obj]);
                }
                return;
            }
        }
        // The company's records or perception of the poster.
        let perception = self
            .of(Role::Perception)
            .map(|(_, h)| h)
            .find(|h| !self.negated_at(h.start));
        if let Some(p) = perception {
            if who.is_some() || poster.matched {
                push("relationship", ClaimLevel::NeedsReview, &[p]);
                return;
            }
        }
        // The relationship itself: "you're one of our customers".
        let relation = self.of(Role::Relationship).find(|(_, h)| !self.negated_at(h.start));
        if let Some((_, r)) = relation {
            if who.is_some() || (company && poster.matched) {
                let level = if post.declares_relationship {
                    self.policy.settings.confirm_customer
                } else {
                    Level::NeedsReview
                };
                if level != Level::Routine {
                    push("relationship", ClaimLevel::NeedsReview, &[r]);
                    return;
                }
            }
        }
        // An account fact: said of the poster, or specific (a number, a date) about the
        // matched account.
        let specific = poster.matched && self.numeric();
        let mut facts = self.of(Role::Account).filter(|(_, h)| {
            let e = self.entry(h);
            !self.negated_at(h.start) && (e.class != "claim" || who.is_some())
        });
        if who.is_some() || specific {
            let claim_only = who.is_some() && self.formula();
            if let Some((l, h)) = facts.find(|(_, h)| {
                !(claim_only && self.entry(h).class == "claim")
                    && (who.is_some() || self.entry(h).class != "claim")
            }) {
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
            }
        }
        // A language without a policy: the rules can not read it, so a mention of the poster
        // is enough to hold it.
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
