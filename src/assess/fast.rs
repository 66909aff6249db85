//! The early exit of an assessment: one scan of a reply's words that proves the claim rules
//! can make no claim in it, so the language detector and the claim rules are skipped when
//! nothing else (account values, identifiers, names, the older token rules) found anything.
//!
//! The scan reads the same data the claim rules read: every entry of the policy, in all four
//! languages whatever the detector would say, and the rules' own word tests (`digitish`,
//! `gapped_possession`, `Poster::names_word`). A claim needs a sentence that names the poster
//! or tells something of an account, a relationship, a date or stored data; only entries of
//! the roles in [`can_fire_alone`] that return `false` (the company as subject, negation,
//! advice) may stand in a reply that exits early.
//!
//! Where a new rule must register: a rule of `claims.rs` that can make a claim from a
//! sentence whose only policy hits are of a role `can_fire_alone` calls inert must either
//! change that role to `true` there, or add its own test to [`claims_cannot_fire`]. A new
//! `Role` does not compile until `can_fire_alone` decides it. New terms of any role need
//! nothing: the scan runs the policy itself.

use super::claims::{self, Poster};
use super::lang::{Lang, Words};
use super::policy::Policy;
use super::policy::Role;

/// Whether a policy hit of `role` can, with no hit of another role than these, make a claim.
/// Exhaustive on purpose: a new role must be decided here.
pub(crate) fn can_fire_alone(role: Role) -> bool {
    match role {
        // "We are sorry", "we never do that", "please write to us": the company, a negation
        // or advice shape a sentence; each claim also needs one of the roles below.
        Role::Company | Role::Negation | Role::Advice => false,
        Role::Poster
        | Role::Access
        | Role::Entrusted
        | Role::Reveal
        | Role::Perception
        | Role::Account
        | Role::Relationship
        | Role::Attribution
        | Role::Date => true,
    }
}

/// Whether no claim rule can fire on the reply's words `w`, whatever language it is read in:
/// no hit of a role that can fire in any of the four languages' policies, no word that names
/// the poster, no digits or numbers in words, no Spanish verb of holding with its object left
/// out. `false` means only "the full reading is needed".
pub(crate) fn claims_cannot_fire(policy: &Policy, w: &Words, poster: &Poster<'_>) -> bool {
    if w.words
        .iter()
        .any(|x| x.numeric || claims::digitish(x) || poster.names_word(x))
    {
        return false;
    }
    // "Hi the real deal": the handle written in words of a sentence names the poster.
    if poster.handle.len() >= 3 {
        let joined: String = w.words.iter().map(|x| x.lower.as_str()).collect();
        if joined.contains(poster.handle) {
            return false;
        }
    }
    if !claims::gapped_possession(w).is_empty() {
        return false;
    }
    Lang::ALL.into_iter().all(|l| {
        let stems: Vec<String> = w.words.iter().map(|x| l.stem(&x.lower)).collect();
        policy
            .find(l, &w.words, &stems)
            .iter()
            .all(|h| !can_fire_alone(policy.entries[h.entry].role))
    })
}

/// How often readings took the early exit on this thread, for the benchmark and the tests:
/// replies (an assessment's first reading) and redaction passes, each read and exited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EarlyExits {
    /// Replies read by `Assessor::assess` (the first reading of each).
    pub replies: u64,
    /// Of those, the ones that exited early.
    pub replies_exited: u64,
    /// Redaction passes read (each a reading of a redacted text).
    pub passes: u64,
    /// Of those, the ones that exited early.
    pub passes_exited: u64,
}

thread_local! {
    static COUNTS: std::cell::Cell<EarlyExits> = std::cell::Cell::default();
}

/// The counts of this thread so far.
pub fn early_exits() -> EarlyExits {
    COUNTS.with(|c| c.get())
}

/// Counts one reading that could exit early: a reply's first reading or a redaction pass.
pub(crate) fn count(pass: bool, exited: bool) {
    COUNTS.with(|c| {
        let mut n = c.get();
        if pass {
            n.passes += 1;
            n.passes_exited += u64::from(exited);
        } else {
            n.replies += 1;
            n.replies_exited += u64::from(exited);
        }
        c.set(n);
    });
}
