//! Reviewers' corrections of the gate: a flag says a version's decision missed a disclosure or
//! was too strict, and [`FlagCase`] turns it into a labelled `assess` input for a regression set.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ItemId;
use crate::model::{Decision, Finding};

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

/// A flag exported as one labelled line: the `assess` input format (`customer_id`,
/// `post_author`, `post_text`, `reply`) plus the reviewer's label and what the gate said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagCase {
    pub customer_id: Option<String>,
    pub post_author: String,
    pub post_text: String,
    /// The flagged version's text.
    pub reply: String,
    /// The decision the reviewer says is right.
    pub expected: Decision,
    pub flag: FlagKind,
    pub note: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub item_id: ItemId,
    pub version: u32,
    /// What the gate decided for that version.
    pub decision: Decision,
    /// The flagged version's findings, as its assessment holds them.
    pub findings: Vec<Finding>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::queue::{
        decide, Actor, Effect, MatchState, Refusal, Request, Snapshot, State, NO_PEOPLE,
    };

    #[test]
    fn expected_is_one_level_away_in_the_flag_direction() {
        use Decision::*;
        assert_eq!(FlagKind::Missed.expected(Routine), Some(NeedsReview));
        assert_eq!(FlagKind::Missed.expected(NeedsReview), Some(Blocked));
        assert_eq!(FlagKind::Missed.expected(Blocked), None);
        assert_eq!(FlagKind::TooStrict.expected(Blocked), Some(NeedsReview));
        assert_eq!(FlagKind::TooStrict.expected(NeedsReview), Some(Routine));
        assert_eq!(FlagKind::TooStrict.expected(Routine), None);
    }

    fn snap(state: State, decision: Decision) -> Snapshot<'static> {
        Snapshot {
            state,
            version: 2,
            decision,
            match_state: MatchState::Linked,
            approvals: &[],
            candidates: &[],
            text: "Your plan is Pro.",
            redacted: "Your plan is [redacted].",
            people: &NO_PEOPLE,
        }
    }

    fn flag(
        s: &Snapshot<'_>,
        who: &Actor,
        version: u32,
        kind: FlagKind,
        note: &str,
    ) -> Result<Effect, Refusal> {
        decide(s, who, Some(version), &Request::Flag { kind, note })
    }

    #[test]
    fn the_policy_takes_a_flag_in_any_state_on_the_current_version_with_a_note() {
        let alice = Actor::new("cli:alice", true, false);
        for state in [
            State::Pending,
            State::Approved,
            State::Posted,
            State::Rejected,
        ] {
            assert_eq!(
                flag(
                    &snap(state, Decision::Routine),
                    &alice,
                    2,
                    FlagKind::Missed,
                    "plan"
                ),
                Ok(Effect::Flag {
                    kind: FlagKind::Missed,
                    expected: Decision::NeedsReview
                })
            );
        }
        let s = snap(State::Pending, Decision::NeedsReview);
        assert_eq!(
            flag(&s, &alice, 1, FlagKind::TooStrict, "x"),
            Err(Refusal::StaleVersion {
                given: 1,
                current: 2
            })
        );
        assert_eq!(
            flag(&s, &alice, 2, FlagKind::TooStrict, " \n "),
            Err(Refusal::NoteRequired)
        );
        let blocked = snap(State::Pending, Decision::Blocked);
        let beyond = flag(&blocked, &alice, 2, FlagKind::Missed, "x").unwrap_err();
        assert!(beyond.to_string().contains("already blocked"), "{beyond}");
        let stranger = Actor::new("discord:9", false, false);
        assert!(matches!(
            flag(&s, &stranger, 2, FlagKind::Missed, "x"),
            Err(Refusal::NotReviewer { .. })
        ));
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in [FlagKind::Missed, FlagKind::TooStrict] {
            assert_eq!(k.as_str().parse::<FlagKind>(), Ok(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert!("both".parse::<FlagKind>().is_err());
    }
}
