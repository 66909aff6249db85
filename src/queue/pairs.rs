//! Reviewers' match decisions as labelled pairs (a post, an account, match or not): what
//! `match pairs --json` prints and what the evidence weights are re-estimated from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ItemId, ItemView, MatchState};
use crate::model::{Evidence, Match, Post};

/// Whether a reviewer said the account is the poster's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairLabel {
    /// Confirmed: the account is the poster's.
    Match,
    /// Rejected, or another candidate was confirmed.
    NonMatch,
}

/// One account a reviewer judged for one post, with the evidence the matcher had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledPair {
    pub item_id: ItemId,
    pub source: String,
    pub post_id: String,
    pub customer_id: String,
    pub label: PairLabel,
    /// The account's place among the post's ranked candidates (1 = best); 1 for a single match.
    pub rank: usize,
    /// The matcher's confidence for this account.
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    pub author: String,
    pub text: String,
    /// Who decided, and when (from the audit trail; absent if it can not be found).
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

/// The pairs one decided item gives: every candidate it listed (or its single match), labelled
/// by the reviewer's decision. `post` is the stored post (its match is the single one a
/// "not this account" dropped from the item). Undecided items give none.
pub fn pairs_of(view: &ItemView, post: Option<&Post>) -> Vec<LabelledPair> {
    let confirmed = match view.match_state {
        MatchState::Confirmed => view.customer_id.as_deref(),
        MatchState::Rejected => None,
        _ => return Vec::new(),
    };
    let judged: Vec<(String, f64, Vec<Evidence>)> = if view.candidates.is_empty() {
        let single: Option<&Match> = view
            .matched
            .as_ref()
            .or_else(|| post.and_then(|p| p.matched.as_ref()));
        single
            .map(|m| (m.customer_id.clone(), m.confidence, m.evidence.clone()))
            .into_iter()
            .collect()
    } else {
        view.candidates
            .iter()
            .map(|c| (c.customer_id.clone(), c.confidence, c.evidence.clone()))
            .collect()
    };
    judged
        .into_iter()
        .enumerate()
        .map(|(i, (customer_id, confidence, evidence))| LabelledPair {
            item_id: view.id,
            source: view.source.clone(),
            post_id: view.post_id.clone(),
            label: if confirmed == Some(customer_id.as_str()) {
                PairLabel::Match
            } else {
                PairLabel::NonMatch
            },
            customer_id,
            rank: i + 1,
            confidence,
            evidence,
            author: view.post_author.clone(),
            text: post.map_or_else(|| view.post_excerpt.clone(), |p| p.text.clone()),
            by: None,
            at: None,
        })
        .collect()
}
