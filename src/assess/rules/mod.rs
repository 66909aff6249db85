//! Rules over tokens that catch account facts stated without any account value ("you were
//! suspended", "according to our records") and statements drawn from entrusted data
//! ("we found 300 spam mails in your inbox"), while letting policy statements through
//! ("we never read your mail").

mod entrusted;

use super::phrases::{PhraseIndex, WordSet};
use super::text::{Doc, Token};
use super::vocab::*;
use super::vocab_de as de;

/// Severity of a rule finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// Account information: two reviewers.
    Account,
    /// Entrusted data: never publishable.
    Entrusted,
}

/// A rule that fired, with the sentence it fired in (token range).
#[derive(Debug, Clone)]
pub(crate) struct RuleHit {
    pub kind: &'static str,
    pub level: Level,
    pub start: usize,
    pub end: usize,
}

/// The compiled vocabulary.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    account_nouns: PhraseIndex<Topic>,
    history: PhraseIndex<Topic>,
    records: PhraseIndex<Topic>,
    references: PhraseIndex<()>,
    item_references: PhraseIndex<()>,
    entrusted: PhraseIndex<()>,
    countable: PhraseIndex<Topic>,
    conditional: PhraseIndex<()>,
    own_records: PhraseIndex<()>,
    descriptors: PhraseIndex<()>,
    about_post: PhraseIndex<()>,
    core_relationship: PhraseIndex<()>,
    units: WordSet,
    evidential: WordSet,
    threats: PhraseIndex<()>,
    numbered: PhraseIndex<Topic>,
    requests: PhraseIndex<()>,
    advice: PhraseIndex<()>,
    reference_words: WordSet,
    observation: WordSet,
    weak_observation: WordSet,
    access: WordSet,
    details: PhraseIndex<()>,
    policy_neg: WordSet,
    past_aux: WordSet,
    policy_pred: WordSet,
    modals: WordSet,
    question_aux: WordSet,
    quantity: WordSet,
    first_person: WordSet,
    company_subjects: WordSet,
    customer_nouns: WordSet,
    be_forms: WordSet,
    fillers: WordSet,
    function_words: WordSet,
}

impl Rules {
    pub(crate) fn new(
        extra_account: &[String],
        extra_entrusted: &[String],
    ) -> Result<Rules, (String, usize)> {
        let mut history = PhraseIndex::with(&[HISTORY_TERMS, de::HISTORY_TERMS].concat());
        for (i, t) in extra_account.iter().enumerate() {
            if !history.add(t, Topic::Relationship) {
                return Err(("account_terms".into(), i));
            }
        }
        let mut entrusted = PhraseIndex::new();
        for t in ENTRUSTED_TERMS.iter().chain(de::ENTRUSTED_TERMS) {
            entrusted.add(t, ());
        }
        for (i, t) in extra_entrusted.iter().enumerate() {
            if !entrusted.add(t, ()) {
                return Err(("entrusted_terms".into(), i));
            }
        }
        let unit = |l: &[&str]| PhraseIndex::with(&l.iter().map(|w| (*w, ())).collect::<Vec<_>>());
        Ok(Rules {
            account_nouns: PhraseIndex::with(&[ACCOUNT_NOUNS, de::ACCOUNT_NOUNS].concat()),
            history,
            records: PhraseIndex::with(&[RECORD_PHRASES, de::RECORD_PHRASES].concat()),
            references: {
                let mut r = PhraseIndex::new();
                for p in REFERENCE_PHRASES {
                    r.add(&format!("={p}"), ());
                }
                r
            },
            // "the invoice", "this account": a definite account item is the poster's.
            item_references: {
                let mut r = PhraseIndex::new();
                for (noun, _) in ACCOUNT_NOUNS {
                    for det in ["the", "this", "that"] {
                        r.add(&format!("={det} {noun}"), ());
                    }
                }
                r
            },
            own_records: unit(OWN_RECORDS),
            descriptors: unit(CUSTOMER_DESCRIPTORS),
            about_post: unit(ABOUT_POST),
            core_relationship: unit(CORE_RELATIONSHIP),
            units: WordSet::new(CONTENT_UNITS),
            evidential: WordSet::new(&[EVIDENTIAL_VERBS, de::EVIDENTIAL_VERBS].concat()),
            threats: unit(THREAT_WORDS),
            numbered: PhraseIndex::with(NUMBERED_ITEMS),
            entrusted,
            countable: PhraseIndex::with(COUNTABLE_HISTORY),
            conditional: unit(&[CONDITIONAL_OPENERS, de::CONDITIONAL_OPENERS].concat()),
            requests: unit(REQUEST_CUES),
            advice: unit(ADVICE_CUES),
            reference_words: WordSet::new(&[REFERENCE_WORDS, de::REFERENCE_WORDS].concat()),
            observation: WordSet::new(&[OBSERVATION_VERBS, de::OBSERVATION_VERBS].concat()),
            weak_observation: WordSet::new(&[WEAK_OBSERVATION, de::WEAK_OBSERVATION].concat()),
            access: WordSet::new(&[ACCESS_VERBS, de::ACCESS_VERBS].concat()),
            details: unit(&[CONTENT_DETAILS, de::CONTENT_DETAILS].concat()),
            policy_neg: WordSet::new(&[POLICY_NEGATIONS, de::POLICY_NEGATIONS].concat()),
            past_aux: WordSet::new(PAST_NEGATIONS),
            policy_pred: WordSet::new(&[POLICY_PREDICATES, de::POLICY_PREDICATES].concat()),
            modals: WordSet::new(&[MODALS, de::MODALS].concat()),
            question_aux: WordSet::new(QUESTION_AUXILIARIES),
            quantity: WordSet::new(QUANTITY_WORDS),
            first_person: WordSet::new(&[FIRST_PERSON, de::FIRST_PERSON].concat()),
            company_subjects: WordSet::new(COMPANY_SUBJECTS),
            customer_nouns: WordSet::new(&[CUSTOMER_NOUNS, de::CUSTOMER_NOUNS].concat()),
            be_forms: WordSet::new(&[BE_FORMS, de::BE_FORMS].concat()),
            fillers: WordSet::new(CUSTOMER_FILLERS),
            function_words: WordSet::new(FUNCTION_WORDS),
        })
    }

    /// Whether a post states the relationship itself ("my account", "I've been a customer").
    pub(crate) fn declares_relationship(&self, post: &Doc) -> bool {
        let t = &post.tokens;
        for (a, b) in post.clauses.iter().copied() {
            for h in self.account_nouns.find(t, a, b) {
                if (h.start.saturating_sub(3)..h.start)
                    .any(|k| k >= a && self.first_person.has(&t[k]))
                {
                    return true;
                }
            }
            for h in self.history.find(t, a, b) {
                if (h.start.saturating_sub(3)..h.start)
                    .any(|k| k >= a && self.first_person.has(&t[k]))
                {
                    return true;
                }
            }
            for i in a..b {
                if self.customer_nouns.has(&t[i])
                    && (i.saturating_sub(4)..i).any(|k| k >= a && self.first_person.has(&t[k]))
                {
                    return true;
                }
            }
        }
        false
    }

    /// Runs every rule over the reply. `extra_ref[i]` marks tokens that name the poster (their
    /// handle or account name).
    pub(crate) fn apply(
        &self,
        doc: &Doc,
        extra_ref: &[bool],
        post_declares: bool,
        paths: &[(usize, usize)],
    ) -> Vec<RuleHit> {
        let t = &doc.tokens;
        let mut out = Vec::new();
        for &(a, b) in &doc.clauses {
            let strong_refs = self.reference_positions(t, a, b, extra_ref);
            let mut refs = strong_refs.clone();
            refs.extend(
                self.item_references
                    .find(t, a, b)
                    .into_iter()
                    .map(|h| h.start),
            );
            refs.sort_unstable();
            let conditional = self.is_conditional(t, a, b);
            // A real question starts like one; "you're on the cheapest plan, what did you
            // expect?" is a statement with a question tag.
            let question = doc.chars[t[b - 1].end..]
                .iter()
                .take_while(|c| !c.is_alphanumeric())
                .any(|&c| c == '?')
                && (self.question_aux.has(&t[a]) || QUESTION_WORDS.contains(&t[a].text.as_str()));
            let wh_clause = matches!(
                t[a].text.as_str(),
                "which" | "what" | "whichever" | "whatever" | "how" | "whether"
            );
            let counterfactual = (a..b).any(|i| t[i].text == "had");
            let mut push = |kind: &'static str, level: Level| {
                out.push(RuleHit {
                    kind,
                    level,
                    start: a,
                    end: b,
                })
            };

            // R1: "your <account noun>".
            for h in self.account_nouns.find(t, a, b) {
                if let Some(owner) = self.possessor(t, a, h.start) {
                    let before = owner.saturating_sub(4).max(a);
                    let asked = self.requests.any(t, before, owner + 1);
                    let advised = self.advice.any(t, before, owner + 1);
                    // "send us your invoice number" asks; "update your payment details" hints.
                    let soft = match h.payload {
                        Topic::Relationship | Topic::Support | Topic::Plan => asked || advised,
                        Topic::Billing => asked,
                        Topic::Abuse => false,
                    };
                    // "it never logs into your server": a practice, not a fact about the poster.
                    let practice = (owner.saturating_sub(6).max(a)..owner).any(|k| {
                        matches!(
                            t[k].text.as_str(),
                            "never"
                                | "not"
                                | "no"
                                | "nobody"
                                | "noone"
                                | "cannot"
                                | "neither"
                                | "nor"
                        )
                    });
                    let core = self.core_relationship.any(t, h.start, h.end);
                    // "your web server", "your shop", "your outbound IP": anyone has one, so
                    // owning it tells no relationship; what is said of it is for the other
                    // rules to read.
                    let noun: Vec<&str> =
                        t[h.start..h.end].iter().map(|x| x.text.as_str()).collect();
                    let anyones = matches!(
                        noun.as_slice(),
                        ["server" | "servers" | "vps" | "instance" | "domain" | "website"
                            | "site" | "shop" | "ip"]
                            | ["ip", "address"]
                    )
                        // "only your server was hit", "your shop got listed": what happened to
                        // it is the account's news.
                        && !(a..b).any(|k| {
                            let w = t[k].text.as_str();
                            matches!(
                                w,
                                "was" | "were" | "got" | "been" | "had" | "did" | "wurde"
                                    | "wurden" | "war" | "waren" | "worden" | "été" | "était"
                                    | "fue" | "fueron" | "estuvo"
                            ) || (k >= h.end && k < h.end + 4 && w.len() > 4 && w.ends_with("ed"))
                        });
                    if h.payload == Topic::Relationship
                        && ((post_declares && core) || conditional || practice || anyones)
                    {
                        continue;
                    }
                    if soft {
                        continue;
                    }
                    push(h.payload.kind(), Level::Account);
                }
            }
            // R2: history terms said of the poster.
            for h in self.history.find(t, a, b) {
                let near = refs.iter().any(|&r| {
                    (r < h.start && r + 6 >= h.start && !self.other_subject(t, r, h.start))
                        || (r >= h.end && r < h.end + 3)
                });
                if !near {
                    continue;
                }
                if conditional && !counterfactual {
                    continue;
                }
                if question && matches!(h.payload, Topic::Relationship | Topic::Support) {
                    continue;
                }
                if self.generic_modal(t, a, h.start) {
                    continue;
                }
                push(h.payload.kind(), Level::Account);
            }
            // R3: "you are / have been a customer".
            // Here "thank you for being a loyal customer" counts: it confirms the relationship.
            let mut all_refs = refs.clone();
            all_refs.extend((a..b).filter(|&i| t[i].text == "you"));
            all_refs.sort_unstable();
            if !conditional
                && (self.states_customer(t, a, b, &all_refs)
                    || (!all_refs.is_empty() && self.descriptors.any(t, a, b)))
            {
                push("relationship", Level::Account);
            }
            // R4: record look-ups; those about billing, tickets or abuse need someone they are about.
            for h in self.records.find(t, a, b) {
                let negated_before =
                    (h.start.saturating_sub(5).max(a)..h.start).any(|i| self.policy_neg.has(&t[i]));
                if negated_before && refs.is_empty() {
                    continue;
                }
                let determined = h.start > a
                    && matches!(
                        t[h.start - 1].text.as_str(),
                        "the"
                            | "this"
                            | "that"
                            | "these"
                            | "those"
                            | "his"
                            | "her"
                            | "their"
                            | "your"
                    );
                if h.payload != Topic::Relationship && refs.is_empty() && !determined {
                    continue;
                }
                push(h.payload.kind(), Level::Account);
            }
            // "our logs show ...", said of the poster.
            if !refs.is_empty() && !conditional && self.own_records.any(t, a, b) {
                push("relationship", Level::Account);
            }
            // R6: billing, abuse and contract items in a statement about the poster ("we sent you a
            // final warning"), unless the clause is general or talks about the post itself.
            let general = conditional
                || wh_clause
                || question
                || (a..b).any(|i| self.modals.has(&t[i]))
                || self.about_post.any(t, a, b);
            if !refs.is_empty() && !general && !self.requests.any(t, a, b) {
                for h in self.account_nouns.find(t, a, b) {
                    // "we plan to ...", "to plan": the verb, not the product.
                    let verb = h.start > a
                        && matches!(t[h.start - 1].text.as_str(), "we" | "i" | "they" | "to");
                    let itemised =
                        (matches!(h.payload, Topic::Billing | Topic::Abuse | Topic::Plan)
                            || self.core_relationship.any(t, h.start, h.end))
                            && !verb;
                    let near = refs.iter().any(|&r| {
                        r + 6 >= h.start && r < h.end + 6 && !(r + 1 >= h.start && r < h.end)
                    });
                    if itemised && near {
                        push(h.payload.kind(), Level::Account);
                    }
                }
            }
            // R7: numbered items ("ticket #4711", "invoice 2023-118").
            for h in self.numbered.find(t, a, b) {
                let mut k = h.end;
                while k < b
                    && k < h.end + 2
                    && matches!(t[k].text.as_str(), "number" | "no" | "nr" | "id")
                {
                    k += 1;
                }
                if k < b && t[k].text.chars().any(|c| c.is_ascii_digit()) && t[k].text.len() >= 3 {
                    push(h.payload.kind(), Level::Account);
                }
            }
            // R5: counted history ("3 tickets", "several abuse reports"). A small exact count
            // ("six tickets in two weeks") is about someone even when nobody is named.
            if !conditional && !wh_clause && !question {
                for h in self.countable.find(t, a, b) {
                    let period = h.payload == Topic::Relationship;
                    if !self.counted(t, a, h.start, period) {
                        continue;
                    }
                    if !refs.is_empty() || (!period && self.small_count(t, a, h.start)) {
                        push(h.payload.kind(), Level::Account);
                    }
                }
            }
            // E: entrusted data.
            if let Some(level) = self.entrusted_level(doc, a, b, &strong_refs, paths) {
                push(
                    if level == Level::Entrusted {
                        "entrusted"
                    } else {
                        "possible_entrusted"
                    },
                    level,
                );
            }
        }
        out
    }

    /// Tokens in the clause that refer to the poster or their account.
    fn reference_positions(
        &self,
        t: &[Token],
        a: usize,
        b: usize,
        extra_ref: &[bool],
    ) -> Vec<usize> {
        // "our colleague Sabine ..., she is great": "she" is Sabine, not the poster.
        let third_party = (a..b).any(|i| {
            super::personal::is_given_name(&t[i].text)
                && !extra_ref.get(i).copied().unwrap_or(false)
        });
        let mut refs: Vec<usize> = (a..b)
            .filter(|&i| {
                // "existing plans keep their price": "their" is the plans.
                let plural_before = matches!(t[i].text.as_str(), "they" | "them" | "their")
                    && (a..i).any(|k| {
                        let w = t[k].text.as_str();
                        w.len() > 3
                            && w.ends_with('s')
                            && !w.ends_with("ss")
                            && !self.reference_words.has(&t[k])
                    });
                if plural_before {
                    return false;
                }
                if third_party
                    && matches!(
                        t[i].text.as_str(),
                        "he" | "she" | "him" | "her" | "his" | "they" | "them" | "their"
                    )
                {
                    return false;
                }
                (self.reference_words.has(&t[i])
                    && !(t[i].text == "you"
                        && i > a
                        && matches!(t[i - 1].text.as_str(), "thank" | "see")))
                    || extra_ref.get(i).copied().unwrap_or(false)
            })
            .collect();
        // A phrase ("the person posting this") refers from its last word.
        refs.extend(self.references.find(t, a, b).into_iter().map(|h| h.end - 1));
        refs.sort_unstable();
        refs
    }

    /// The owner word ("your", "his", "their") before an account noun, with at most three
    /// modifiers between them.
    fn possessor(&self, t: &[Token], a: usize, noun: usize) -> Option<usize> {
        let mut k = noun;
        for _ in 0..4 {
            if k == a {
                return None;
            }
            k -= 1;
            if matches!(
                t[k].text.as_str(),
                "your" | "ur" | "his" | "her" | "their" | "yours"
            ) || de::POSSESSIVES.contains(&t[k].text.as_str())
            {
                return Some(k);
            }
            if self.function_words.has(&t[k]) {
                return None;
            }
        }
        None
    }

    /// A clause that states a general case ("if you ...", "whenever a customer ...").
    fn is_conditional(&self, t: &[Token], a: usize, b: usize) -> bool {
        self.conditional
            .find(t, a, b.min(a + 3))
            .iter()
            .any(|h| h.start <= a + 1)
    }

    /// "you can be suspended": a general warning, not a report.
    fn generic_modal(&self, t: &[Token], a: usize, term: usize) -> bool {
        let from = term.saturating_sub(3).max(a);
        (from..term).any(|k| matches!(t[k].text.as_str(), "can" | "could" | "may" | "might"))
    }

    fn states_customer(&self, t: &[Token], a: usize, b: usize, refs: &[usize]) -> bool {
        for k in a..b {
            if !self.customer_nouns.has(&t[k]) {
                continue;
            }
            // Walk back over "a long-time paying" to a form of "be".
            let mut j = k;
            let mut saw_be = false;
            while j > a {
                j -= 1;
                if self.be_forms.has(&t[j]) {
                    saw_be = true;
                } else if !self.fillers.has(&t[j]) && !t[j].text.chars().all(|c| c.is_ascii_digit())
                {
                    break;
                }
            }
            if !saw_be {
                continue;
            }
            // Someone it is said of, before it; "are you a customer?" asks rather than states.
            let subject = refs
                .iter()
                .any(|&r| r < k && r + 8 >= k && !(r > a && self.question_aux.has(&t[r - 1])));
            if subject {
                return true;
            }
        }
        false
    }

    /// A count of at most twenty right before a noun: "six tickets", "3 abuse reports".
    fn small_count(&self, t: &[Token], a: usize, noun: usize) -> bool {
        const WORDS: &[&str] = &[
            "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "twice", "several", "multiple", "repeated", "numerous",
        ];
        let from = noun.saturating_sub(3).max(a);
        (from..noun).any(|k| {
            let w = t[k].text.as_str();
            WORDS.contains(&w)
                || w.parse::<u32>()
                    .is_ok_and(|n| (1..=20).contains(&n) && w.len() <= 2)
        }) && !(a..noun).any(|k| {
            matches!(
                t[k].text.as_str(),
                "every" | "per" | "each" | "all" | "our" | "we"
            )
        })
    }

    /// Another subject between a reference and a verb: "you're not alone, several users reported".
    fn other_subject(&self, t: &[Token], r: usize, term: usize) -> bool {
        (r + 1..term).any(|k| OTHER_SUBJECTS.contains(&t[k].text.as_str()))
    }

    /// A number or quantity word just before a countable history noun. Periods ("years") need
    /// a real number: "last year" is a time, "six years" a history.
    fn counted(&self, t: &[Token], a: usize, noun: usize, period: bool) -> bool {
        let from = noun.saturating_sub(3).max(a);
        (from..noun).any(|k| {
            let w = &t[k].text;
            let relative = matches!(
                w.as_str(),
                "last"
                    | "past"
                    | "previous"
                    | "earlier"
                    | "prior"
                    | "recent"
                    | "first"
                    | "second"
                    | "another"
            );
            (w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 5)
                || (self.quantity.has(&t[k]) && !(period && relative))
        })
    }
}
