//! Assessing a queued reply against its post and account, shared by the pipeline, the repair
//! sweep, Discord and the CLI; below them all, so none of them imports another for it.

use std::sync::Arc;

use crate::assess::{AssessInput, Assessor};
use crate::discord;
use crate::model::{Customer, Match, MatchStatus};
use crate::queue::{ItemView, MatchState};
use crate::store::{Store, StoreError};

/// The assessor for rewrites (Discord and CLI): the reply is checked against the item's post
/// and the account it is matched to (none after "Not this account").
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
        let customer = match linked_customer(&reader, matched.as_ref()) {
            Ok(c) => c,
            Err(error) => {
                // Without the account its values can't be looked for: hold the reply.
                tracing::error!(message = "Could not read the account for an assessment; holding the reply.", %error);
                return unreadable_account(reply);
            }
        };
        assessor.assess(&AssessInput {
            customer: customer.as_ref(),
            post_author: &item.post_author,
            post_text: &post_text,
            reply,
        })
    })
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
