//! Reviewers' corrections of the gate: a flag says a version's decision missed a disclosure or
//! was too strict, and [`FlagCase`] turns it into a labelled `assess` input for a regression set.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{FlagKind, ItemId};
use crate::model::{Decision, Finding};

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
