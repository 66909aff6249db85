//! The review queue policy: states, who may approve what, two-person rule, rewrites. Pure; the store persists it.
//! [`Queue`] is the one service the CLI and Discord both call; every action and refusal is audited.

mod flag;
mod pairs;
mod people;
mod policy;
mod service;
mod view;

use serde::{Deserialize, Serialize};

pub use crate::model::review::{Approval, Flag, FlagKind, ItemId, MatchState, Posted, State};
pub use flag::FlagCase;
pub use pairs::{pairs_of, LabelledPair, PairLabel};
pub use people::{IdentityError, People, NO_PEOPLE};
pub use policy::{decide, required_approvals, Effect, Refusal, Request, Snapshot};
pub use service::{Queue, QueueError};
pub use view::{ItemView, VersionSummary};

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
