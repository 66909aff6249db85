//! Weak evidence, compared through the index: the author's handle against every form accounts give
//! (local parts, name forms, domain labels), names from the author field, signature and text, and
//! then the post's context against the accounts those already pointed at.

use std::collections::HashMap;

use super::compare::Agreement;
use super::handles::{
    domain_label, handle_variants, local_forms, monogram_variants, name_forms, trailing_digits,
    Form,
};
use super::index::KeyKind;
use super::names::names_in_post;
use super::{custom_domain, weight, Matcher};
use crate::model::EvidenceKind;

impl Matcher {
    /// Every handle form account `acct` gives: (key, form, the account value it came from).
    pub(super) fn handle_forms(&self, acct: u32) -> Vec<(String, Form, String)> {
        let view = self.accounts.get(acct);
        let mut out = Vec::new();
        for e in view.emails() {
            let (local, domain) = e.rsplit_once('@').unwrap_or((e, ""));
            for (k, f) in local_forms(local) {
                out.push((k, f, e.to_string()));
            }
            if let Some(l) = custom_domain(domain).as_deref().and_then(domain_label) {
                out.push((l, Form::DomainLabel, e.to_string()));
            }
        }
        for h in view.hosts() {
            if let Some(l) = custom_domain(h).as_deref().and_then(domain_label) {
                out.push((l, Form::DomainLabel, h.to_string()));
            }
        }
        for (k, f) in name_forms(view.name) {
            out.push((k, f, format!("\"{}\"", view.name)));
        }
        out
    }

    /// The author's handle against the handle forms of every account (one lookup per variant).
    /// Returns the accounts whose name the handle was built from: a name written in the post is
    /// then the same evidence again, not independent of it.
    pub(super) fn compare_handle(
        &self,
        author: &str,
        found: &mut HashMap<u32, Vec<Agreement>>,
    ) -> HashMap<u32, f64> {
        let mut best: HashMap<u32, Agreement> = HashMap::new();
        let mut name_derived: Vec<u32> = Vec::new();
        let variants = handle_variants(author)
            .into_iter()
            .chain(monogram_variants(author).into_iter().map(|k| (k, 0.0)));
        for (variant, penalty) in variants {
            let Some(hits) = self.lookup(KeyKind::Handle, &variant) else {
                continue;
            };
            for &acct in hits {
                // Which forms of this account gave the key (the hash could collide, so recompute),
                // strongest first: `kreed3` disagrees with the local part `kreed1972` but may
                // still be Kayla Reed's `kreed`.
                let mut forms: Vec<(Form, String)> = self
                    .handle_forms(acct)
                    .into_iter()
                    .filter(|(k, _, _)| *k == variant)
                    .map(|(_, f, v)| (f, v))
                    .collect();
                forms.sort_by(|a, b| b.0.weight().total_cmp(&a.0.weight()));
                // `kreed72` and `kreed1972@...` are two people who like the same name: different
                // numbers on both sides disagree rather than agree.
                let Some((form, value)) = forms.into_iter().find(|(form, value)| {
                    if !matches!(form, Form::Local | Form::LocalBare) {
                        return true;
                    }
                    let local = value.rsplit_once('@').map_or(value.as_str(), |(l, _)| l);
                    let (mine, theirs) = (trailing_digits(author), trailing_digits(local));
                    mine.is_empty() || theirs.is_empty() || mine == theirs
                }) else {
                    continue;
                };
                let w = form.weight() - penalty - (hits.len() as f64).log2();
                // A form several accounts share may weigh nothing alone, yet context can still
                // tell them apart; only a form that weighs nothing even when unique is dropped.
                if form.weight() - penalty <= 0.0 || best.get(&acct).is_some_and(|b| b.weight >= w)
                {
                    continue;
                }
                name_derived.retain(|&a| a != acct);
                // A local part that is the name run together (`ianmoore`) is built from the name
                // as much as a name form is: a name written in the post is not independent of it.
                let from_name = matches!(form, Form::FullName | Form::Initial | Form::Monogram)
                    || name_forms(self.accounts.get(acct).name)
                        .iter()
                        .any(|(k, _)| *k == variant);
                if from_name {
                    name_derived.push(acct);
                }
                let detail = format!(
                    // The account's value is quoted so the review card masks it.
                    "author \"{}\" ~ {} \"{value}\"{}",
                    author.trim(),
                    form.describe(),
                    shared(hits.len())
                );
                best.insert(
                    acct,
                    Agreement {
                        kind: EvidenceKind::Handle,
                        weight: w,
                        detail,
                        from_author: true,
                    },
                );
            }
        }
        let mut from_name = HashMap::new();
        for (acct, a) in best {
            if name_derived.contains(&acct) {
                from_name.insert(acct, a.weight);
            }
            found.entry(acct).or_default().push(a);
        }
        from_name
    }

    /// Names in the author field, a signature or an introduction against account names.
    pub(super) fn compare_names(
        &self,
        author: &str,
        text: &str,
        quoted: &[(usize, usize)],
        handle_from_name: &HashMap<u32, f64>,
        found: &mut HashMap<u32, Vec<Agreement>>,
    ) {
        let mut best: HashMap<u32, Agreement> = HashMap::new();
        let stated = names_in_post(author, text, quoted);
        // A full name the post gives for its author that is not the account's name speaks against
        // every account a handle pointed at ("o_olsen" signed "Ole Olsen" is not Oskar Olsen).
        for (&acct, ev) in found.iter_mut() {
            if ev.iter().any(Agreement::is_strong) {
                continue;
            }
            let keys = super::names::account_name_keys(self.accounts.get(acct).name);
            let other = stated.iter().find(|(n, _)| {
                matches!(n, super::names::NameRef::Full { .. })
                    && !n.keys().iter().any(|k| keys.iter().any(|(ak, _)| ak == k))
            });
            let agrees = stated
                .iter()
                .any(|(n, _)| n.keys().iter().any(|k| keys.iter().any(|(ak, _)| ak == k)));
            if let (Some((n, place)), false) = (other, agrees) {
                ev.push(Agreement {
                    kind: EvidenceKind::Name,
                    weight: weight::NAME_DISAGREE,
                    detail: format!(
                        "{} {} is not the account's name",
                        place.describe(),
                        n.written()
                    ),
                    from_author: false,
                });
            }
        }
        for (name, place) in stated {
            let full = matches!(name, super::names::NameRef::Full { .. });
            let (kk, base) = if full {
                (KeyKind::NameFull, weight::NAME)
            } else {
                (KeyKind::NameInitial, weight::NAME_INITIAL)
            };
            for k in name.keys() {
                let Some(hits) = self.lookup(kk, &k) else {
                    continue;
                };
                for &acct in hits {
                    let view = self.accounts.get(acct);
                    if !super::names::account_name_keys(view.name)
                        .iter()
                        .any(|(ak, _)| *ak == k)
                    {
                        continue;
                    }
                    let mut w = base - (hits.len() as f64).log2();
                    // The handle was made from this very name: count the two as one piece of
                    // evidence, with a little credit for the name being written out as well.
                    if let Some(&hw) = handle_from_name.get(&acct) {
                        w = if w > hw { w - hw + 0.25 * hw } else { 0.25 * w };
                    }
                    if best.get(&acct).is_some_and(|b| b.weight >= w) {
                        continue;
                    }
                    best.insert(
                        acct,
                        Agreement {
                            kind: EvidenceKind::Name,
                            weight: w,
                            detail: format!(
                                "{} = account name \"{}\"{}",
                                place.describe(),
                                view.name,
                                shared(hits.len())
                            ),
                            from_author: place == super::names::Place::Author,
                        },
                    );
                }
            }
        }
        for (acct, a) in best {
            found.entry(acct).or_default().push(a);
        }
    }

    /// Context weights for the accounts a name or handle pointed at (never for the others, and
    /// never for accounts a strong identifier already decided).
    /// The author field is read too: a handle often carries a place (`hpugh_cardiff`).
    pub(super) fn add_context(
        &self,
        author: &str,
        text: &str,
        found: &mut HashMap<u32, Vec<Agreement>>,
    ) {
        if found.is_empty() {
            return;
        }
        let ctx = self
            .contexts
            .read(&format!("{author}\n{text}"), self.this_year);
        for (&acct, ev) in found.iter_mut() {
            if ev.iter().any(|a| a.is_strong()) {
                continue;
            }
            for c in self.contexts.compare(acct, &ctx) {
                ev.push(Agreement {
                    kind: EvidenceKind::Context,
                    weight: c.weight,
                    detail: c.detail,
                    from_author: false,
                });
            }
        }
    }
}

fn shared(n: usize) -> String {
    if n > 1 {
        format!(", shared by {n} accounts")
    } else {
        String::new()
    }
}
