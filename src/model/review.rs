//! The review queue's plain data, shared by the queue policy (`queue`) and its persistence
//! (`store`): item numbers, states, approvals, flags. `queue` re-exports every type here.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Decision;

/// A queue item's number, shown to reviewers.
pub type ItemId = i64;

/// Where an item is in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Waiting for approvals (or a rewrite).
    Pending,
    /// Approved: ready for a human to post.
    Approved,
    /// A human posted it and recorded where.
    Posted,
    /// Rejected; final.
    Rejected,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Approved => "approved",
            State::Posted => "posted",
            State::Rejected => "rejected",
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for State {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pending" => Ok(State::Pending),
            "approved" => Ok(State::Approved),
            "posted" => Ok(State::Posted),
            "rejected" => Ok(State::Rejected),
            other => Err(format!(
                "{other:?} is not a queue state (pending, approved, posted, rejected)"
            )),
        }
    }
}

/// How sure the link between the post and a customer account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchState {
    /// No account matched (or the link was removed by retention).
    None,
    /// Linked automatically (confidence at or above the link threshold).
    Linked,
    /// A candidate: a human must confirm it before a disclosing reply can be approved.
    Candidate,
    /// A reviewer confirmed the candidate.
    Confirmed,
    /// A reviewer said it is not this account; the link was removed.
    Rejected,
}

impl MatchState {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchState::None => "none",
            MatchState::Linked => "linked",
            MatchState::Candidate => "candidate",
            MatchState::Confirmed => "confirmed",
            MatchState::Rejected => "rejected",
        }
    }
}

impl FromStr for MatchState {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(MatchState::None),
            "linked" => Ok(MatchState::Linked),
            "candidate" => Ok(MatchState::Candidate),
            "confirmed" => Ok(MatchState::Confirmed),
            "rejected" => Ok(MatchState::Rejected),
            other => Err(format!("{other:?} is not a match state")),
        }
    }
}

/// One approval of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub by: String,
    /// Empty when none was given (allowed for routine replies only).
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// Who posted an approved reply, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted {
    pub by: String,
    /// URL of the published reply, or a note.
    #[serde(rename = "where")]
    pub place: String,
    pub at: DateTime<Utc>,
}

/// What a reviewer says was wrong with a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The gate missed something: the reply discloses more than the decision says.
    Missed,
    /// The gate held a reply that discloses less than the decision says.
    TooStrict,
}

impl FlagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::Missed => "missed",
            FlagKind::TooStrict => "too_strict",
        }
    }

    /// The decision the reviewer says is right, one level from the gate's: `None` when there
    /// is no such level (nothing is stricter than blocked, nothing looser than routine).
    pub fn expected(self, decision: Decision) -> Option<Decision> {
        match (self, decision) {
            (FlagKind::Missed, Decision::Routine) => Some(Decision::NeedsReview),
            (FlagKind::Missed, Decision::NeedsReview) => Some(Decision::Blocked),
            (FlagKind::Missed, Decision::Blocked) => None,
            (FlagKind::TooStrict, Decision::Blocked) => Some(Decision::NeedsReview),
            (FlagKind::TooStrict, Decision::NeedsReview) => Some(Decision::Routine),
            (FlagKind::TooStrict, Decision::Routine) => None,
        }
    }
}

impl fmt::Display for FlagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FlagKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "missed" => Ok(FlagKind::Missed),
            "too_strict" => Ok(FlagKind::TooStrict),
            other => Err(format!("{other:?} is not a flag (missed, too_strict)")),
        }
    }
}

/// One flag as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub item_id: ItemId,
    pub version: u32,
    pub kind: FlagKind,
    /// What the gate decided for the flagged version.
    pub decision: Decision,
    /// What the reviewer says it should have decided.
    pub expected: Decision,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A Discord message (an item's review message): where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DiscordRef {
    pub channel_id: u64,
    pub message_id: u64,
}
