//! What a reviewer sees of an item; serialises to the contract's queue JSON (extra fields added).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{required_approvals, Approval, ItemId, MatchState, Posted, State};
use crate::model::{Candidate, Decision, Finding, Match, Post};
use crate::store::{ItemRecord, VersionRecord};

/// Characters of the post shown with an item.
const EXCERPT_CHARS: usize = 280;

/// One queue item for `queue list/show --json` and Discord messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub id: ItemId,
    pub state: State,
    pub version: u32,
    pub decision: Decision,
    pub source: String,
    pub post_id: String,
    pub customer_id: Option<String>,
    /// The current version's text.
    pub reply: String,
    /// Approvals of the current version.
    pub approvals: Vec<Approval>,
    /// Approvals the current version needs in all (`null`: blocked, can not be approved).
    pub approvals_needed: Option<u32>,
    pub post_url: Option<String>,
    pub post_author: String,
    /// The start of the post's text.
    pub post_excerpt: String,
    #[serde(rename = "match")]
    pub matched: Option<Match>,
    pub match_state: MatchState,
    /// The accounts that fit the post about equally, ranked, with their evidence (empty when
    /// the match was clear): a reviewer confirms one of them or rejects them all.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    pub findings: Vec<Finding>,
    /// The current reply with every finding replaced.
    pub redacted: String,
    pub origin: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub posted: Option<Posted>,
    /// Every version, oldest first.
    pub history: Vec<VersionSummary>,
}

/// One version in an item's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub version: u32,
    pub decision: Decision,
    pub by: String,
    pub at: DateTime<Utc>,
}

fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

impl ItemView {
    pub(super) fn build(
        item: ItemRecord,
        current: VersionRecord,
        approvals: Vec<Approval>,
        versions: &[VersionRecord],
        post: Option<&Post>,
    ) -> ItemView {
        ItemView {
            id: item.id,
            state: item.state,
            version: item.version,
            decision: current.assessment.decision,
            source: item.source,
            post_id: item.post_id,
            customer_id: item.customer_id,
            reply: current.text,
            approvals,
            approvals_needed: required_approvals(current.assessment.decision).map(|n| n as u32),
            post_url: post.and_then(|p| p.url.clone()),
            post_author: post.map(|p| p.author.clone()).unwrap_or_default(),
            post_excerpt: post.map(|p| excerpt(&p.text)).unwrap_or_default(),
            matched: item.matched,
            match_state: item.match_state,
            candidates: Vec::new(),
            findings: current.assessment.findings,
            redacted: current.assessment.redacted,
            origin: item.origin,
            created_at: item.created_at,
            updated_at: item.updated_at,
            posted: item.posted,
            history: versions
                .iter()
                .map(|v| VersionSummary {
                    version: v.version,
                    decision: v.assessment.decision,
                    by: v.author.clone(),
                    at: v.created_at,
                })
                .collect(),
        }
    }
}

impl ItemView {
    /// The view with its post's ranked candidates.
    pub(super) fn with_candidates(mut self, candidates: Vec<Candidate>) -> ItemView {
        self.candidates = candidates;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_cuts_on_characters() {
        let long = "ä".repeat(300);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(excerpt("short"), "short");
    }
}
