//! Who may do what to a queue item, decided from a snapshot of it: pure, no IO, so every rule
//! is tested directly. Refusals are typed and say what to do instead.

use super::{Actor, Approval, FlagKind, MatchState, People, State};
use crate::model::Decision;

/// What an actor asks to do to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request<'a> {
    Approve {
        reason: &'a str,
    },
    Reject {
        reason: &'a str,
    },
    Rewrite {
        text: &'a str,
    },
    /// Replace the reply by the assessment's redacted version.
    UseRedacted,
    /// The candidate match is right.
    ConfirmMatch,
    /// One of the ranked candidates (by account id) is the poster's account.
    ConfirmCandidate {
        customer_id: &'a str,
    },
    /// The match is wrong: "not this account".
    RejectMatch,
    /// Record that a human published the approved reply, and where.
    MarkPosted {
        place: &'a str,
    },
    /// Open the match evidence and account details.
    ViewDetails,
    /// Assess the same reply again because what it answers changed (the post was edited):
    /// a new version with the new verdict, approvals start over.
    Reassess,
    /// Say the gate's decision on this version was wrong (a correction for the regression
    /// set); changes nothing about the item.
    Flag {
        kind: FlagKind,
        note: &'a str,
    },
}

impl Request<'_> {
    /// The action's name in the audit trail.
    pub fn name(&self) -> &'static str {
        match self {
            Request::Approve { .. } => "approve",
            Request::Reject { .. } => "reject",
            Request::Rewrite { .. } => "rewrite",
            Request::UseRedacted => "use_redacted",
            Request::ConfirmMatch | Request::ConfirmCandidate { .. } => "confirm_match",
            Request::RejectMatch => "reject_match",
            Request::MarkPosted { .. } => "mark_posted",
            Request::ViewDetails => "view_details",
            Request::Reassess => "reassess",
            Request::Flag { .. } => "flag",
        }
    }
}

/// The item as the policy sees it.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub state: State,
    pub version: u32,
    pub decision: Decision,
    pub match_state: MatchState,
    /// Approvals of the current version.
    pub approvals: &'a [Approval],
    /// The accounts the post's ranked candidates name, best first (empty when the match was
    /// clear): the only accounts a reviewer may confirm instead of the best one.
    pub candidates: &'a [String],
    /// The current reply and its redacted form.
    pub text: &'a str,
    pub redacted: &'a str,
    /// Who is who: approvals are counted by person, not by actor id.
    pub people: &'a People,
}

/// What an allowed request does; the service persists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Add the approval; `completes` when it is the last one needed (state becomes approved).
    Approve {
        completes: bool,
    },
    Reject,
    /// A new version with this text, to be assessed again; approvals start over.
    NewVersion {
        text: String,
    },
    ConfirmMatch,
    /// Link the item to this candidate account, confirmed.
    ConfirmCandidate {
        customer_id: String,
    },
    /// Drop the link and assess the same text again as a new version (it was judged against the wrong account).
    RejectMatch {
        text: String,
    },
    MarkPosted,
    ViewDetails,
    /// Record the flag; `expected` is the decision the reviewer says is right.
    Flag {
        kind: FlagKind,
        expected: Decision,
    },
}

/// Why a request was refused. The message is shown to the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Queue actions need the reviewer role.
    #[error("{actor} does not have the reviewer role")]
    NotReviewer { actor: String },
    /// The action was made on an older version than the current one.
    #[error("this was done on version {given}, but the reply is now at version {current}; look at the new version first")]
    StaleVersion { given: u32, current: u32 },
    /// The item's state does not allow the action.
    #[error("can not {action}: the item is {state}")]
    WrongState { action: &'static str, state: State },
    /// Blocked replies draw on entrusted data and are never approved.
    #[error("the reply draws on entrusted customer data and can not be approved; rewrite it, use the redacted version, or reject it")]
    Blocked,
    /// Nobody vouches for who this is (no `[[reviewers]]` configured), so they may approve
    /// routine replies only.
    #[error("no [[reviewers]] are configured, so {actor} is not known to be a person and may approve routine replies only; an admin adds a [[reviewers]] table mapping you (name, discord_user_id, os_users), or approve in Discord")]
    RoutineOnly { actor: String },
    /// A disclosing reply needs a reason with each approval.
    #[error("this reply discloses account information: give a reason with your approval")]
    ReasonRequired,
    /// The two-person rule: the second approval must come from someone else.
    #[error("{by} already approved version {version}; a second, different reviewer must approve")]
    SameReviewer { by: String, version: u32 },
    /// A disclosing reply about a merely candidate account waits for the match to be confirmed.
    #[error("the customer match is only a candidate: confirm it (or say it is not this account) before approving a reply that discloses account information")]
    MatchUnconfirmed,
    /// The account named is not one of the item's candidates (the id is left out: refusals
    /// are audited, and the trail keeps no account ids).
    #[error("that account is not one of this item's candidates; `queue show` lists them")]
    NotACandidate,
    /// There is no match the action could apply to.
    #[error("can not {action}: the match is {state}")]
    NoMatch {
        action: &'static str,
        state: &'static str,
    },
    /// A rewrite must say something.
    #[error("the rewritten reply is empty")]
    EmptyText,
    /// The rewrite equals the current version.
    #[error("the rewritten reply is the same as version {version}")]
    Unchanged { version: u32 },
    /// The redacted version would not change anything.
    #[error("the reply has nothing to redact")]
    NothingToRedact,
    /// Marking posted needs the URL or a note.
    #[error("say where the reply was posted (URL or note)")]
    NoPlace,
    /// A flag must say what the gate got wrong.
    #[error("say what the gate got wrong: a flag needs a note")]
    NoteRequired,
    /// There is no decision beyond this one in the flag's direction.
    #[error("the reply is already {}: nothing is {} than that", decision.as_str(), if *kind == FlagKind::Missed { "stricter" } else { "looser" })]
    NothingBeyond { kind: FlagKind, decision: Decision },
}

/// Approvals a decision needs; `None` when it can not be approved at all.
pub fn required_approvals(decision: Decision) -> Option<usize> {
    match decision {
        Decision::Routine => Some(1),
        Decision::NeedsReview => Some(2),
        Decision::Blocked => None,
    }
}

/// Decides a request. `version` is the version the actor saw (`None` only for `ViewDetails`).
pub fn decide(
    item: &Snapshot<'_>,
    actor: &Actor,
    version: Option<u32>,
    req: &Request<'_>,
) -> Result<Effect, Refusal> {
    if !actor.reviewer {
        return Err(Refusal::NotReviewer {
            actor: actor.id.clone(),
        });
    }
    if let Request::ViewDetails = req {
        return Ok(Effect::ViewDetails);
    }
    let given = version.unwrap_or(0);
    if given != item.version {
        return Err(Refusal::StaleVersion {
            given,
            current: item.version,
        });
    }
    let open = matches!(item.state, State::Pending | State::Approved);
    let wrong_state = || Refusal::WrongState {
        action: req.name(),
        state: item.state,
    };
    match *req {
        Request::Approve { reason } => {
            if item.state != State::Pending {
                return Err(wrong_state());
            }
            let needed = required_approvals(item.decision).ok_or(Refusal::Blocked)?;
            if item.decision != Decision::Routine {
                if actor.routine_only {
                    return Err(Refusal::RoutineOnly {
                        actor: actor.id.clone(),
                    });
                }
                if reason.trim().is_empty() {
                    return Err(Refusal::ReasonRequired);
                }
                if item.match_state == MatchState::Candidate {
                    return Err(Refusal::MatchUnconfirmed);
                }
            }
            if let Some(a) = item
                .approvals
                .iter()
                .find(|a| item.people.same_person(&a.by, &actor.id))
            {
                return Err(Refusal::SameReviewer {
                    by: a.by.clone(),
                    version: item.version,
                });
            }
            Ok(Effect::Approve {
                completes: item.approvals.len() + 1 >= needed,
            })
        }
        Request::Reject { .. } => open.then_some(Effect::Reject).ok_or_else(wrong_state),
        Request::Reassess => {
            if !open {
                return Err(wrong_state());
            }
            Ok(Effect::NewVersion {
                text: item.text.to_string(),
            })
        }
        Request::Rewrite { text } => {
            if !open {
                return Err(wrong_state());
            }
            let text = text.trim();
            if text.is_empty() {
                return Err(Refusal::EmptyText);
            }
            if text == item.text.trim() {
                return Err(Refusal::Unchanged {
                    version: item.version,
                });
            }
            Ok(Effect::NewVersion {
                text: text.to_string(),
            })
        }
        Request::UseRedacted => {
            if !open {
                return Err(wrong_state());
            }
            if item.redacted.trim().is_empty() || item.redacted == item.text {
                return Err(Refusal::NothingToRedact);
            }
            Ok(Effect::NewVersion {
                text: item.redacted.to_string(),
            })
        }
        Request::ConfirmMatch => {
            if !open {
                return Err(wrong_state());
            }
            match item.match_state {
                MatchState::Candidate => Ok(Effect::ConfirmMatch),
                other => Err(Refusal::NoMatch {
                    action: req.name(),
                    state: other.as_str(),
                }),
            }
        }
        Request::ConfirmCandidate { customer_id } => {
            if !open {
                return Err(wrong_state());
            }
            if item.match_state != MatchState::Candidate {
                return Err(Refusal::NoMatch {
                    action: req.name(),
                    state: item.match_state.as_str(),
                });
            }
            if !item.candidates.iter().any(|c| c == customer_id.trim()) {
                return Err(Refusal::NotACandidate);
            }
            Ok(Effect::ConfirmCandidate {
                customer_id: customer_id.trim().to_string(),
            })
        }
        Request::RejectMatch => {
            if !open {
                return Err(wrong_state());
            }
            match item.match_state {
                MatchState::Candidate | MatchState::Linked | MatchState::Confirmed => {
                    Ok(Effect::RejectMatch {
                        text: item.text.to_string(),
                    })
                }
                other => Err(Refusal::NoMatch {
                    action: req.name(),
                    state: other.as_str(),
                }),
            }
        }
        Request::MarkPosted { place } => {
            if item.state != State::Approved {
                return Err(wrong_state());
            }
            if place.trim().is_empty() {
                return Err(Refusal::NoPlace);
            }
            Ok(Effect::MarkPosted)
        }
        // A correction is welcome in any state: a leak is often noticed after posting.
        Request::Flag { kind, note } => {
            if note.trim().is_empty() {
                return Err(Refusal::NoteRequired);
            }
            let expected = kind.expected(item.decision).ok_or(Refusal::NothingBeyond {
                kind,
                decision: item.decision,
            })?;
            Ok(Effect::Flag { kind, expected })
        }
        Request::ViewDetails => unreachable!("handled above"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn reviewer(id: &str) -> Actor {
        Actor::new(id, true, false)
    }

    fn snap(decision: Decision, approvals: &[Approval]) -> Snapshot<'_> {
        Snapshot {
            state: State::Pending,
            version: 1,
            decision,
            match_state: MatchState::Linked,
            approvals,
            candidates: &[],
            text: "Your plan is Pro.",
            redacted: "Your plan is [redacted].",
            people: &super::super::NO_PEOPLE,
        }
    }

    #[test]
    fn reassess_makes_a_new_version_of_the_same_text_only_while_open() {
        let s = snap(Decision::Routine, &[]);
        assert_eq!(
            decide(
                &s,
                &reviewer("system:post-edit"),
                Some(1),
                &Request::Reassess
            ),
            Ok(Effect::NewVersion {
                text: "Your plan is Pro.".into()
            })
        );
        let closed = Snapshot {
            state: State::Rejected,
            ..s
        };
        assert!(decide(
            &closed,
            &reviewer("system:post-edit"),
            Some(1),
            &Request::Reassess
        )
        .is_err());
        assert!(
            decide(
                &s,
                &reviewer("system:post-edit"),
                Some(0),
                &Request::Reassess
            )
            .is_err(),
            "stale version"
        );
    }

    fn approval(by: &str) -> Approval {
        Approval {
            by: by.into(),
            reason: "ok".into(),
            at: Utc::now(),
        }
    }

    #[test]
    fn routine_needs_one_approval_without_reason() {
        let s = snap(Decision::Routine, &[]);
        let e = decide(
            &s,
            &reviewer("cli:a"),
            Some(1),
            &Request::Approve { reason: "" },
        );
        assert_eq!(e, Ok(Effect::Approve { completes: true }));
    }

    #[test]
    fn needs_review_needs_two_different_reviewers_with_reasons() {
        let s = snap(Decision::NeedsReview, &[]);
        let a = reviewer("cli:a");
        assert_eq!(
            decide(&s, &a, Some(1), &Request::Approve { reason: " " }),
            Err(Refusal::ReasonRequired)
        );
        assert_eq!(
            decide(&s, &a, Some(1), &Request::Approve { reason: "fine" }),
            Ok(Effect::Approve { completes: false })
        );
        let one = [approval("cli:a")];
        let s = snap(Decision::NeedsReview, &one);
        assert!(matches!(
            decide(&s, &a, Some(1), &Request::Approve { reason: "again" }),
            Err(Refusal::SameReviewer { .. })
        ));
        let b = reviewer("cli:b");
        assert_eq!(
            decide(&s, &b, Some(1), &Request::Approve { reason: "agree" }),
            Ok(Effect::Approve { completes: true })
        );
    }

    #[test]
    fn blocked_is_never_approved_but_can_be_redacted() {
        let s = snap(Decision::Blocked, &[]);
        let a = reviewer("cli:a");
        assert_eq!(
            decide(&s, &a, Some(1), &Request::Approve { reason: "x" }),
            Err(Refusal::Blocked)
        );
        assert_eq!(
            decide(&s, &a, Some(1), &Request::UseRedacted),
            Ok(Effect::NewVersion {
                text: "Your plan is [redacted].".into()
            })
        );
        assert_eq!(
            decide(&s, &a, Some(1), &Request::Reject { reason: "" }),
            Ok(Effect::Reject)
        );
    }

    #[test]
    fn non_reviewers_and_stale_versions_are_refused() {
        let s = snap(Decision::Routine, &[]);
        let admin = Actor::new("discord:9", false, true);
        assert!(matches!(
            decide(&s, &admin, Some(1), &Request::Approve { reason: "" }),
            Err(Refusal::NotReviewer { .. })
        ));
        assert!(matches!(
            decide(&s, &admin, None, &Request::ViewDetails),
            Err(Refusal::NotReviewer { .. })
        ));
        assert_eq!(
            decide(
                &s,
                &reviewer("cli:a"),
                Some(0),
                &Request::Reject { reason: "" }
            ),
            Err(Refusal::StaleVersion {
                given: 0,
                current: 1
            })
        );
    }

    #[test]
    fn candidate_match_holds_disclosing_replies() {
        let mut s = snap(Decision::NeedsReview, &[]);
        s.match_state = MatchState::Candidate;
        let a = reviewer("cli:a");
        assert_eq!(
            decide(&s, &a, Some(1), &Request::Approve { reason: "r" }),
            Err(Refusal::MatchUnconfirmed)
        );
        assert_eq!(
            decide(&s, &a, Some(1), &Request::ConfirmMatch),
            Ok(Effect::ConfirmMatch)
        );
        s.decision = Decision::Routine;
        assert_eq!(
            decide(&s, &a, Some(1), &Request::Approve { reason: "" }),
            Ok(Effect::Approve { completes: true })
        );
    }

    #[test]
    fn publishing_needs_approval_and_a_place() {
        let mut s = snap(Decision::Routine, &[]);
        let a = reviewer("cli:a");
        let posted = Request::MarkPosted {
            place: "https://forum.example/p/1",
        };
        assert!(matches!(
            decide(&s, &a, Some(1), &posted),
            Err(Refusal::WrongState { .. })
        ));
        s.state = State::Approved;
        assert_eq!(
            decide(&s, &a, Some(1), &Request::MarkPosted { place: "" }),
            Err(Refusal::NoPlace)
        );
        assert_eq!(decide(&s, &a, Some(1), &posted), Ok(Effect::MarkPosted));
        s.state = State::Posted;
        assert!(matches!(
            decide(&s, &a, Some(1), &Request::Rewrite { text: "new" }),
            Err(Refusal::WrongState { .. })
        ));
    }

    #[test]
    fn the_two_person_rule_counts_people_not_channels_or_spellings() {
        use crate::config::ReviewerConfig;
        let people = super::super::People::from_config(&[ReviewerConfig {
            name: "alice".into(),
            discord_user_id: Some("111".into()),
            os_users: vec!["alice".into()],
        }]);
        let one = [approval("cli:alice")];
        let s = Snapshot {
            people: &people,
            ..snap(Decision::NeedsReview, &one)
        };
        for same in ["cli:ALICE", "discord:111"] {
            assert!(
                matches!(
                    decide(
                        &s,
                        &reviewer(same),
                        Some(1),
                        &Request::Approve { reason: "r" }
                    ),
                    Err(Refusal::SameReviewer { .. })
                ),
                "{same} is alice"
            );
        }
        // An unmapped Discord user is their own person.
        assert_eq!(
            decide(
                &s,
                &reviewer("discord:222"),
                Some(1),
                &Request::Approve { reason: "r" }
            ),
            Ok(Effect::Approve { completes: true })
        );
    }

    #[test]
    fn an_unmapped_cli_user_approves_routine_replies_only() {
        let mut cli = reviewer("cli:root");
        cli.routine_only = true;
        let s = snap(Decision::NeedsReview, &[]);
        assert!(matches!(
            decide(&s, &cli, Some(1), &Request::Approve { reason: "r" }),
            Err(Refusal::RoutineOnly { .. })
        ));
        let s = snap(Decision::Routine, &[]);
        assert_eq!(
            decide(&s, &cli, Some(1), &Request::Approve { reason: "" }),
            Ok(Effect::Approve { completes: true })
        );
    }

    #[test]
    fn rewrite_must_change_something() {
        let s = snap(Decision::Routine, &[]);
        let a = reviewer("cli:a");
        assert_eq!(
            decide(&s, &a, Some(1), &Request::Rewrite { text: "  " }),
            Err(Refusal::EmptyText)
        );
        assert_eq!(
            decide(
                &s,
                &a,
                Some(1),
                &Request::Rewrite {
                    text: "Your plan is Pro. "
                }
            ),
            Err(Refusal::Unchanged { version: 1 })
        );
    }

    #[test]
    fn a_reviewer_confirms_one_of_the_candidates_and_nothing_else() {
        let ids = ["C-1".to_string(), "C-2".to_string(), "C-3".to_string()];
        let mut s = snap(Decision::NeedsReview, &[]);
        s.match_state = MatchState::Candidate;
        s.candidates = &ids;
        let a = reviewer("cli:a");
        assert_eq!(
            decide(
                &s,
                &a,
                Some(1),
                &Request::ConfirmCandidate { customer_id: "C-2" }
            ),
            Ok(Effect::ConfirmCandidate {
                customer_id: "C-2".into()
            })
        );
        assert_eq!(
            decide(
                &s,
                &a,
                Some(1),
                &Request::ConfirmCandidate { customer_id: "C-9" }
            ),
            Err(Refusal::NotACandidate)
        );
        let outsider = Actor::new("discord:9", false, true);
        assert!(matches!(
            decide(
                &s,
                &outsider,
                Some(1),
                &Request::ConfirmCandidate { customer_id: "C-2" }
            ),
            Err(Refusal::NotReviewer { .. })
        ));
        // Once confirmed (or for a clear link) there is nothing left to choose.
        s.match_state = MatchState::Confirmed;
        assert!(matches!(
            decide(
                &s,
                &a,
                Some(1),
                &Request::ConfirmCandidate { customer_id: "C-2" }
            ),
            Err(Refusal::NoMatch { .. })
        ));
        // Reject all is "not this account" on every candidate.
        s.match_state = MatchState::Candidate;
        assert!(matches!(
            decide(&s, &a, Some(1), &Request::RejectMatch),
            Ok(Effect::RejectMatch { .. })
        ));
    }
}
