//! The entrusted-data rule: does a clause draw on what customers store with the company (server
//! content, databases, mail, browsing history, storage, logs of their systems), or only state a
//! practice ("we never read your mail")?

use super::super::phrases::PhraseHit;
use super::super::text::{Doc, Token};
use super::{Level, Rules};

impl Rules {
    /// Whether the clause draws on entrusted data (Entrusted), may do so (Account), or not at all.
    pub(super) fn entrusted_level(
        &self,
        doc: &Doc,
        a: usize,
        b: usize,
        refs: &[usize],
        paths: &[(usize, usize)],
    ) -> Option<Level> {
        let t = &doc.tokens;
        let mut hits: Vec<PhraseHit<()>> = self.entrusted.find(t, a, b);
        // The company's own data ("our logs", "our servers") is not entrusted.
        // Nor is the poster's own spam folder ("check your spam folder").
        hits.retain(|h| {
            let prev = if h.start > a {
                t[h.start - 1].text.as_str()
            } else {
                ""
            };
            let filter = matches!(prev, "spam" | "junk")
                && matches!(
                    t[h.start].text.as_str(),
                    "folder" | "filter" | "box" | "directory"
                );
            // "our own logs": the possessive one word further off.
            let our_own = prev == "own" && h.start > a + 1 && t[h.start - 2].text == "our";
            !(matches!(prev, "our" | "ours") || our_own || filter)
        });
        let clause_span = (t[a].start, t[b - 1].end);
        let has_path = paths
            .iter()
            .any(|&(s, e)| s < clause_span.1 && e > clause_span.0);
        if hits.is_empty() && !has_path {
            return None;
        }
        // Concrete content ("pirated", "3,000 mails", a path, a quote) versus threat words that a
        // security company uses in every product description ("malware", "spam").
        let specific_words = self.details.any(t, a, b);
        let specific = has_path
            || specific_words
            || (a..b).any(|i| self.counted_content(t, i, b))
            // "full of videos", "full of spam mails": says what the data holds.
            || (a..b.saturating_sub(2)).any(|i| {
                t[i].text == "full"
                    && t[i + 1].text == "of"
                    && (i + 2..(i + 4).min(b)).any(|k| self.units.has(&t[k]))
            })
            || doc.chars[clause_span.0..clause_span.1]
                .iter()
                .filter(|&&c| c == '"' || c == '\u{201c}' || c == '\u{201d}')
                .count()
                >= 2;
        let threat = self.threats.any(t, a, b);
        let (mut past, mut evidential, mut process, mut weak) = (false, false, false, false);
        let mut past_state = false;
        let mut policy_verb = false;
        for k in a..b {
            if !self.observation.has(&t[k]) {
                continue;
            }
            // "you can check your files", "we will look at it": an instruction or intention.
            let infinitive = k > a && t[k - 1].text == "to";
            if infinitive
                || (k.saturating_sub(3).max(a)..k).any(|m| {
                    self.modals.has(&t[m]) || matches!(t[m].text.as_str(), "please" | "let")
                })
            {
                continue;
            }
            // A negation governs the verb of its own phrase: stop at "and", "who", "which".
            let negation = (k.saturating_sub(6).max(a)..k)
                .rev()
                .take_while(|&n| {
                    !matches!(
                        t[n].text.as_str(),
                        "and" | "or" | "who" | "whoever" | "which" | "that" | "because" | "while"
                    )
                })
                .find(|&n| self.policy_neg.has(&t[n]));
            let near_entrusted = hits.iter().any(|h| k + 6 >= h.start && k < h.end + 6);
            if let Some(n) = negation {
                // "we never found" reports a look; "is never scanned" states a practice.
                let passive = n > a
                    && matches!(
                        t[n - 1].text.as_str(),
                        "is" | "are" | "am" | "be" | "being" | "get" | "gets"
                    );
                let past_aux = n > a && self.past_aux.has(&t[n - 1])
                    || t[n].text == "never" && is_past(&t[k].text) && !passive;
                let access = self.access.has(&t[k]);
                if !past_aux || access {
                    // A practice; it speaks for the data only if it is about that data.
                    policy_verb |= near_entrusted || hits.is_empty();
                    continue;
                }
            }
            // "is stored", "are kept": a present-tense description of a practice.
            let present_passive =
                k > a && matches!(t[k - 1].text.as_str(), "is" | "are" | "be" | "get" | "gets");
            let perfect = k > a && matches!(t[k - 1].text.as_str(), "have" | "has" | "had");
            if self.weak_observation.has(&t[k]) || present_passive {
                weak = true;
                past_state |=
                    matches!(t[k].text.as_str(), "was" | "were" | "had" | "held" | "kept");
            } else if is_past(&t[k].text) || perfect {
                past = true;
            } else if self.evidential.has(&t[k]) {
                evidential = true;
            } else {
                process = true;
            }
        }
        // Phrases like "you visited" carry their own observation.
        let self_observing = hits
            .iter()
            .any(|h| t[h.start].text == "you" && h.end - h.start >= 2);
        if self_observing && !policy_verb && !(a..b).any(|i| self.policy_neg.has(&t[i])) {
            past = true;
        }
        let detail = specific || (threat && (past || evidential || past_state));
        let company = (a..b).any(|i| self.company_subjects.has(&t[i]));
        // "please check your spam folder", "you can download your backups": advice to the poster.
        let directive = self.is_directive(t, a, b);
        if directive && !(past && company) && !detail {
            return None;
        }
        let has_ref = !refs.is_empty();
        // A practice statement must be about the data mentioned, not elsewhere in the clause:
        // "we never read customers' mail, and your inbox was full of spam" is no policy.
        let policy = policy_verb
            || (a..b).any(|i| {
                let near =
                    hits.iter().any(|h| i + 6 >= h.start && i < h.end + 6) || hits.is_empty();
                near && (self.policy_neg.has(&t[i])
                    || self.policy_pred.has(&t[i])
                    || t[i].text == "yours")
            });
        // Reported looks ("we found", "you visited"), evidence ("your logs show"), or a
        // description of the poster's data with concrete content.
        if past && (has_ref || detail || company) {
            return Some(Level::Entrusted);
        }
        if evidential && (has_ref || detail) {
            return Some(Level::Entrusted);
        }
        if (weak || process || evidential) && detail && (has_ref || has_path) {
            return Some(Level::Entrusted);
        }
        if (has_path || (has_ref && specific)) && !policy {
            return Some(Level::Entrusted);
        }
        // The poster's data is mentioned and it is not a statement of practice: unsure.
        // "the scan results you posted": what the poster published.
        if (has_ref || has_path) && !policy && !self.about_post.any(t, a, b) {
            return Some(Level::Account);
        }
        None
    }
}

impl Rules {
    fn is_directive(&self, t: &[Token], a: usize, b: usize) -> bool {
        const OPENERS: &[&str] = &[
            "please", "just", "also", "simply", "kindly", "then", "first", "so",
        ];
        const VERBS: &[&str] = &[
            "check", "look", "see", "open", "try", "make", "ensure", "verify", "review", "visit",
            "go", "log", "download", "upload", "use", "delete", "remove", "reset", "change",
            "update", "back", "clear", "restore", "keep", "find", "take", "read", "click", "move",
            "export", "enable", "disable", "set", "rotate", "encrypt",
        ];
        let mut k = a;
        while k < b && OPENERS.contains(&t[k].text.as_str()) {
            k += 1;
        }
        if k < b && VERBS.contains(&t[k].text.as_str()) {
            return true;
        }
        (a..b.saturating_sub(1)).any(|i| t[i].text == "you" && self.modals.has(&t[i + 1]))
    }
}

impl Rules {
    /// A number that counts content: "3,000 mails", "40 GB", "12 000 files" (not "2 hours").
    fn counted_content(&self, t: &[Token], i: usize, b: usize) -> bool {
        if !t[i].text.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        // Up to two words between the number and its unit: "50,000 spam emails", "900 failed logins".
        let mut k = i + 1;
        let mut words = 0;
        while k < b && k <= i + 4 {
            let w = &t[k];
            if w.text.chars().all(|c| c.is_ascii_digit()) {
                k += 1;
                continue;
            }
            let unit = self.units.has(w)
                || self
                    .entrusted
                    .find(t, k, (k + 2).min(b))
                    .iter()
                    .any(|h| h.start == k);
            if unit {
                return true;
            }
            words += 1;
            if words > 2 {
                return false;
            }
            k += 1;
        }
        false
    }
}

fn is_past(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "found"
                | "saw"
                | "seen"
                | "sent"
                | "held"
                | "kept"
                | "had"
                | "went"
                | "shown"
                | "read"
                | "knew"
                | "told"
                | "said"
                | "got"
                | "came"
                | "took"
                | "gefunden"
                | "gesehen"
                | "entdeckt"
                | "bemerkt"
                | "festgestellt"
                | "gelesen"
                | "geprüft"
                | "durchsucht"
                | "hochgeladen"
                | "besucht"
                | "enthielt"
                | "zeigten"
        )
}
