//! Custom ids of buttons and modals. Each carries the item id and the version it was rendered
//! for, so a click on a message that shows an outdated version is refused instead of acting
//! on text the reviewer never saw.

use std::fmt;

/// What a button or modal asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Approve (routine: at once; needs_review: opens the reason modal).
    Approve,
    /// Reject (opens a modal asking for the reason).
    Reject,
    /// Opens the rewrite modal holding the reply text.
    Rewrite,
    /// Replace the reply with its redacted version.
    UseRedacted,
    /// Ephemeral view of the linked account, audited.
    Details,
    /// A candidate match is the poster's account.
    ConfirmMatch,
    /// A candidate match is not the poster's account (with ranked candidates: none of them is).
    RejectMatch,
    /// The ranked candidate at this index (0-based, below [`MAX_PICKS`]) is the poster's account.
    ConfirmCandidate(u8),
    /// The approved reply was posted (opens a modal asking where).
    MarkPosted,
    /// Publish the approved reply through its source's publisher (shown only where one is
    /// configured).
    Publish,
    /// Flag the decision as having missed something (opens a modal for the note).
    FlagMissed,
    /// Flag the decision as too strict (opens a modal for the note).
    FlagTooStrict,
}

/// Candidates a review message offers to confirm, one button each (the matcher lists at most three).
pub const MAX_PICKS: usize = 3;

impl Action {
    const ALL: [Action; 14] = [
        Action::Approve,
        Action::Reject,
        Action::Rewrite,
        Action::UseRedacted,
        Action::Details,
        Action::ConfirmMatch,
        Action::RejectMatch,
        Action::ConfirmCandidate(0),
        Action::ConfirmCandidate(1),
        Action::ConfirmCandidate(2),
        Action::MarkPosted,
        Action::FlagMissed,
        Action::FlagTooStrict,
        Action::Publish,
    ];

    fn code(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Rewrite => "rewrite",
            Action::UseRedacted => "redacted",
            Action::Details => "details",
            Action::ConfirmMatch => "confirm",
            Action::RejectMatch => "notmatch",
            // Only indexes below MAX_PICKS are ever rendered; ALL lists exactly those.
            Action::ConfirmCandidate(0) => "pick1",
            Action::ConfirmCandidate(1) => "pick2",
            Action::ConfirmCandidate(_) => "pick3",
            Action::MarkPosted => "posted",
            Action::FlagMissed => "flagmissed",
            Action::FlagTooStrict => "flagstrict",
            Action::Publish => "publish",
        }
    }

    fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Whether the id belongs to a button (click) or a modal (submitted form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Button,
    Modal,
}

/// A parsed custom id: `rg:b:approve:17:2` (button) or `rg:m:approve:17:2` (modal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomId {
    pub kind: Kind,
    pub action: Action,
    pub item_id: i64,
    pub version: u32,
}

impl CustomId {
    pub fn button(action: Action, item_id: i64, version: u32) -> Self {
        CustomId {
            kind: Kind::Button,
            action,
            item_id,
            version,
        }
    }

    pub fn modal(action: Action, item_id: i64, version: u32) -> Self {
        CustomId {
            kind: Kind::Modal,
            action,
            item_id,
            version,
        }
    }

    /// Parses an id this module wrote; anything else is `None` (and refused by the caller).
    pub fn parse(s: &str) -> Option<CustomId> {
        let mut parts = s.split(':');
        if parts.next()? != "rg" {
            return None;
        }
        let kind = match parts.next()? {
            "b" => Kind::Button,
            "m" => Kind::Modal,
            _ => return None,
        };
        let action = Action::from_code(parts.next()?)?;
        let item_id = parts.next()?.parse().ok()?;
        let version = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Some(CustomId {
            kind,
            action,
            item_id,
            version,
        })
    }
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            Kind::Button => "b",
            Kind::Modal => "m",
        };
        write!(
            f,
            "rg:{kind}:{}:{}:{}",
            self.action.code(),
            self.item_id,
            self.version
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_action() {
        for action in Action::ALL {
            for id in [
                CustomId::button(action, 17, 2),
                CustomId::modal(action, i64::MAX, u32::MAX),
            ] {
                let s = id.to_string();
                assert!(
                    s.len() <= 100,
                    "Discord limits custom ids to 100 characters"
                );
                assert_eq!(CustomId::parse(&s), Some(id));
            }
        }
    }

    #[test]
    fn refuses_foreign_or_malformed_ids() {
        for s in [
            "",
            "rg",
            "xx:b:approve:1:1",
            "rg:b:approve:1",
            "rg:b:nope:1:1",
            "rg:b:approve:x:1",
            "rg:b:approve:1:1:9",
            "rg:q:approve:1:1",
            "rg:b:pick4:1:1",
            "rg:b:pick0:1:1",
        ] {
            assert_eq!(CustomId::parse(s), None, "{s}");
        }
    }
}
