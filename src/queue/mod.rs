//! The review queue policy: states, who may approve what, two-person rule, rewrites. Pure; the store persists it.
//! [`Queue`] is the one service the CLI and Discord both call; every action and refusal is audited.

mod flag;
mod pairs;
mod people;
mod policy;
mod service;
mod view;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use flag::{Flag, FlagCase, FlagKind};
pub use pairs::{pairs_of, LabelledPair, PairLabel};
pub use people::{IdentityError, People, NO_PEOPLE};
pub use policy::{decide, required_approvals, Effect, Refusal, Request, Snapshot};
pub use service::{Queue, QueueError};
pub use view::{ItemView, VersionSummary};

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

/// Who is acting, and the roles they hold (resolved by the caller: Discord roles, CLI user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// `discord:1234` or `cli:alice`.
    pub id: String,
    /// May approve, reject, rewrite, confirm matches, mark posted and view details.
    pub reviewer: bool,
    /// May manage sources; not by itself a reviewer.
    pub admin: bool,
    /// May approve routine replies only: a CLI user while no `[[reviewers]]` are configured,
    /// whom nothing maps to a person, so they can not count towards the two-person rule.
    #[serde(default)]
    pub routine_only: bool,
}

impl Actor {
    pub fn new(id: impl Into<String>, reviewer: bool, admin: bool) -> Self {
        Actor {
            id: id.into(),
            reviewer,
            admin,
            routine_only: false,
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
