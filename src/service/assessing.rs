//! Assessing a queued reply against its post and accounts (the matched one and every ranked
//! candidate), shared by the pipeline, the repair sweep, Discord and the CLI; below them all, so
//! none of them imports another for it.

use std::sync::Arc;

use crate::assess::{AssessInput, Assessor};
use crate::discord;
use crate::model::{Assessment, Customer, Match, MatchStatus};
use crate::queue::{ItemView, MatchState};
use crate::store::{Store, StoreError};

/// The assessor for rewrites (Discord and CLI): the reply is checked against the item's post,
/// the account it is matched to (none after "Not this account") and every account its post's
/// ranked candidates name (rejected or not: a stranger's data stays a stranger's).
/// The queue calls it outside its write transaction, so it may read the store.
pub fn item_assessor(reader: Arc<Store>, assessor: Arc<Assessor>) -> discord::AssessFn {
    Arc::new(move |item: &ItemView, reply: &str| {
        // The stored post: its full text, so values the poster wrote stay public (the excerpt
        // stands in only if the post is gone), and its current match, which a customers
        // import may have found after the item was queued.
        let post = reader.post(&item.source, &item.post_id).ok().flatten();
        let post_text = post
            .as_ref()
            .map_or_else(|| item.post_excerpt.clone(), |p| p.text.clone());
        let matched = match (&item.matched, item.match_state) {
            (Some(m), _) => Some(m.clone()),
            // "Not this account" is final for the item: no account, whatever the post says.
            (None, MatchState::Rejected) => None,
            (None, _) => post.and_then(|p| p.matched),
        };
        let customers = linked_customer(&reader, matched.as_ref()).and_then(|first| {
            let candidates = reader.post_candidates(&item.source, &item.post_id)?;
            let mut all: Vec<Customer> = first.into_iter().collect();
            for c in candidates.iter().chain(&item.candidates) {
                if all.iter().all(|a| a.id != c.customer_id) {
                    all.extend(reader.customer(&c.customer_id)?);
                }
            }
            Ok(all)
        });
        let customers = match customers {
            Ok(c) => c,
            Err(error) => {
                // Without the accounts their values can't be looked for: hold the reply.
                tracing::error!(message = "Could not read the account for an assessment; holding the reply.", %error);
                return unreadable_account(reply);
            }
        };
        assess_against_all(&assessor, &customers, &item.post_author, &post_text, reply)
    })
}

/// Assesses `reply` against each of `customers` (none: against no account) and keeps the
/// strictest verdict: every finding for any of them, and a redaction that covers them all.
/// A post several accounts fit may be by any of them, so a reply disclosing one is held.
pub fn assess_against_all(
    assessor: &Assessor,
    customers: &[Customer],
    post_author: &str,
    post_text: &str,
    reply: &str,
) -> Assessment {
    fn input<'a>(
        customer: Option<&'a Customer>,
        post_author: &'a str,
        post_text: &'a str,
        reply: &'a str,
    ) -> AssessInput<'a> {
        AssessInput {
            customer,
            post_author,
            post_text,
            reply,
        }
    }
    let Some((first, rest)) = customers.split_first() else {
        return assessor.assess(&input(None, post_author, post_text, reply));
    };
    let mut all = assessor.assess(&input(Some(first), post_author, post_text, reply));
    for c in rest {
        let one = assessor.assess(&input(Some(c), post_author, post_text, reply));
        all.decision = all.decision.max(one.decision);
        if one.findings.is_empty() {
            continue;
        }
        for f in one.findings {
            if !all.findings.contains(&f) {
                all.findings.push(f);
            }
        }
        // This account's values are looked for in what the others' redaction left.
        let rest = assessor.assess(&input(Some(c), post_author, post_text, &all.redacted));
        all.redacted = rest.redacted;
    }
    all.findings.sort_by_key(|f| (f.start, f.end));
    all
}

/// The gate holds when unsure: an assessment that could not see the account needs review.
fn unreadable_account(reply: &str) -> crate::model::Assessment {
    crate::model::Assessment {
        decision: crate::model::Decision::NeedsReview,
        findings: vec![crate::model::Finding {
            kind: "unverified".into(),
            field: None,
            start: 0,
            end: reply.chars().count(),
        }],
        redacted: crate::assess::REDACTION_MARKER.to_string(),
    }
}

/// The account a reply must be checked against: linked and candidate matches alike, since
/// a candidate may well be the poster and the gate holds when unsure.
pub fn linked_customer(store: &Store, m: Option<&Match>) -> Result<Option<Customer>, StoreError> {
    match m {
        Some(m) if matches!(m.status, MatchStatus::Linked | MatchStatus::Candidate) => {
            store.customer(&m.customer_id)
        }
        _ => Ok(None),
    }
}
