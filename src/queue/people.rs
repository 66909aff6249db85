//! Who is who: the configured reviewers as one directory, so the two-person rule counts people
//! (not channels or spellings) and the CLI acts only as the reviewer mapped to the calling OS user.

use super::Actor;
use crate::config::ReviewerConfig;

/// One configured reviewer, lower-cased for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Person {
    name: String,
    discord_user_id: Option<String>,
    os_users: Vec<String>,
}

/// The configured reviewers. Empty when `[[reviewers]]` is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    people: Vec<Person>,
}

/// The directory with nobody in it: every actor id is its own person.
pub static NO_PEOPLE: People = People { people: Vec::new() };

/// Why the CLI can not act for the calling OS user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// Reviewers are configured, but this OS account is none of theirs.
    #[error("OS user {os_user:?} is not in the os_users of any [[reviewers]] table in the config; an admin must add it before this account can act on the queue")]
    UnknownOsUser { os_user: String },
    /// A recorded approval of the bundled example names no configured reviewer.
    #[error("{name:?} is not the name of any [[reviewers]] table in the config")]
    UnknownReviewer { name: String },
    /// `--as` named someone other than the caller.
    #[error("--as {claimed:?} does not match who is calling: OS user {os_user:?} acts as {actual:?}; leave --as out, or give that name")]
    NotYou {
        claimed: String,
        os_user: String,
        actual: String,
    },
}

impl People {
    /// The directory of `[[reviewers]]`.
    pub fn from_config(reviewers: &[ReviewerConfig]) -> People {
        People {
            people: reviewers
                .iter()
                .map(|r| Person {
                    name: fold(&r.name),
                    discord_user_id: r.discord_user_id.as_deref().map(fold),
                    os_users: r.os_users.iter().map(|u| fold(u)).collect(),
                })
                .collect(),
        }
    }

    /// No reviewers are configured.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    fn by_name(&self, name: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.name == name)
    }

    fn by_os_user(&self, os_user: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.os_users.iter().any(|u| u == os_user))
    }

    /// The person behind an actor id, for counting approvals: `person:alice` for a configured
    /// reviewer, whether they acted as `cli:ALICE`, from one of their OS accounts or as their
    /// Discord user; anyone else is their own person (the id, lower-cased).
    pub fn person_of(&self, actor_id: &str) -> String {
        let id = fold(actor_id);
        let found = match id.split_once(':') {
            Some(("cli", who)) => self.by_name(who).or_else(|| self.by_os_user(who)),
            // The bundled example's recorded approvals name reviewers by name.
            Some(("example", who)) => self.by_name(who),
            Some(("discord", user)) => self
                .people
                .iter()
                .find(|p| p.discord_user_id.as_deref() == Some(user)),
            _ => None,
        };
        match found {
            Some(p) => format!("person:{}", p.name),
            None => id,
        }
    }

    /// Whether two actor ids are the same person.
    pub fn same_person(&self, a: &str, b: &str) -> bool {
        self.person_of(a) == self.person_of(b)
    }

    /// The actor of one of the bundled example's recorded approvals (`by`), held to the rules
    /// of the CLI: with reviewers configured, `by` must name one (and is that person, whatever
    /// the spelling or the channel they also use); without, routine replies only.
    pub fn example_actor(&self, by: &str) -> Result<Actor, IdentityError> {
        let name = fold(by);
        if name.is_empty() || (!self.is_empty() && self.by_name(&name).is_none()) {
            return Err(IdentityError::UnknownReviewer {
                name: by.to_string(),
            });
        }
        let mut actor = Actor::new(format!("example:{name}"), true, false);
        actor.routine_only = self.is_empty();
        Ok(actor)
    }

    /// The CLI's actor for the calling OS account (`os_user`: the process's real uid resolved
    /// in the passwd database, never an environment variable). With reviewers configured, the
    /// reviewer mapped to that account; without, the account itself, for routine replies only.
    /// `claimed` (`--as`) is accepted only when it names that same reviewer.
    pub fn cli_actor(&self, os_user: &str, claimed: Option<&str>) -> Result<Actor, IdentityError> {
        let os = fold(os_user);
        let (name, routine_only) = if self.is_empty() {
            (os.clone(), true)
        } else {
            let person = self
                .by_os_user(&os)
                .ok_or_else(|| IdentityError::UnknownOsUser {
                    os_user: os_user.to_string(),
                })?;
            (person.name.clone(), false)
        };
        if let Some(c) = claimed.map(str::trim).filter(|c| !c.is_empty()) {
            if fold(c) != name {
                return Err(IdentityError::NotYou {
                    claimed: c.to_string(),
                    os_user: os_user.to_string(),
                    actual: name,
                });
            }
        }
        let mut actor = Actor::new(format!("cli:{name}"), true, false);
        actor.routine_only = routine_only;
        Ok(actor)
    }
}

/// Identities compare case-insensitively and without surrounding white space.
fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> People {
        People::from_config(&[
            ReviewerConfig {
                name: "Alice".into(),
                discord_user_id: Some("111".into()),
                os_users: vec!["alice".into(), "ops-alice".into()],
            },
            ReviewerConfig {
                name: "bob".into(),
                discord_user_id: None,
                os_users: vec!["bob".into()],
            },
        ])
    }

    #[test]
    fn one_person_across_channels_spellings_and_accounts() {
        let p = people();
        assert!(p.same_person("cli:alice", "discord:111"));
        assert!(p.same_person("cli:ALICE", "cli:alice"));
        assert!(p.same_person("cli:ops-alice", "discord:111"));
        assert!(!p.same_person("cli:alice", "cli:bob"));
        // An unmapped Discord user is their own person.
        assert!(!p.same_person("discord:222", "cli:alice"));
        assert!(p.same_person("discord:222", "discord:222"));
        // Without a directory, spellings still fold.
        assert!(NO_PEOPLE.same_person("cli:Carol", "cli:carol"));
        assert!(!NO_PEOPLE.same_person("cli:carol", "discord:1"));
    }

    #[test]
    fn a_recorded_example_approval_is_its_reviewer_or_routine_only() {
        let p = people();
        let a = p.example_actor(" Alice").unwrap();
        assert_eq!(a.id, "example:alice");
        assert!(!a.routine_only);
        assert!(p.same_person("example:alice", "discord:111"));
        assert!(p.same_person("example:ALICE", "cli:ops-alice"));
        assert!(!p.same_person("example:alice", "example:bob"));
        assert!(matches!(
            p.example_actor("mallory"),
            Err(IdentityError::UnknownReviewer { .. })
        ));
        assert!(p.example_actor("  ").is_err());
        // With nobody configured, nobody vouches for the name: routine replies only.
        let carol = NO_PEOPLE.example_actor("carol").unwrap();
        assert!(carol.routine_only);
        assert!(!NO_PEOPLE.same_person("example:carol", "cli:carol"));
    }

    #[test]
    fn cli_acts_only_as_the_reviewer_mapped_to_the_os_user() {
        let p = people();
        let a = p.cli_actor("ops-alice", None).unwrap();
        assert_eq!(a.id, "cli:alice");
        assert!(a.reviewer && !a.routine_only);
        assert_eq!(
            p.cli_actor("ops-alice", Some("ALICE")).unwrap().id,
            "cli:alice"
        );
        assert!(matches!(
            p.cli_actor("alice", Some("bob")),
            Err(IdentityError::NotYou { .. })
        ));
        assert!(matches!(
            p.cli_actor("mallory", None),
            Err(IdentityError::UnknownOsUser { .. })
        ));
    }

    #[test]
    fn without_reviewers_the_cli_is_the_os_user_and_routine_only() {
        let a = NO_PEOPLE.cli_actor("Root", None).unwrap();
        assert_eq!(a.id, "cli:root");
        assert!(a.routine_only);
        assert!(NO_PEOPLE.cli_actor("root", Some("alice")).is_err());
        assert!(NO_PEOPLE.cli_actor("root", Some("root")).is_ok());
    }
}
