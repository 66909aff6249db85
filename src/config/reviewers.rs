//! The `[[reviewers]]` tables: one per person, naming the Discord user and the OS accounts
//! they act from, so the two-person rule counts people and the CLI knows who is calling.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// One reviewer: a person, however they act (Discord or the CLI).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ReviewerConfig {
    /// The person's name, unique (compared case-insensitively); the CLI records it as `cli:NAME`.
    pub name: String,
    /// Their Discord user id (a number, written as a string): approvals from this Discord
    /// account and from their OS accounts count as one person.
    #[serde(default)]
    pub discord_user_id: Option<String>,
    /// The OS accounts they may use the CLI from (the process's real uid, looked up in the
    /// passwd database; `$USER` is never trusted). Each account belongs to one reviewer.
    #[serde(default)]
    pub os_users: Vec<String>,
}

/// Checks every reviewer: non-empty names, unique names, Discord ids and OS users.
pub(super) fn validate(reviewers: &[ReviewerConfig], push: &mut impl FnMut(String, String)) {
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut discord: HashMap<String, usize> = HashMap::new();
    let mut os: HashMap<String, usize> = HashMap::new();
    for (i, r) in reviewers.iter().enumerate() {
        let key = |k: &str| format!("reviewers[{i}].{k}");
        let name = r.name.trim();
        if name.is_empty() {
            push(key("name"), "must not be empty".into());
        } else if name.contains(char::is_whitespace) || name.contains(':') {
            push(
                key("name"),
                format!("{name:?} must be one word without ':' (it is recorded as cli:NAME)"),
            );
        } else if let Some(first) = names.insert(name.to_lowercase(), i) {
            push(
                key("name"),
                format!("{name:?} is already the name of reviewers[{first}] (names compare case-insensitively)"),
            );
        }
        if let Some(id) = &r.discord_user_id {
            let id = id.trim();
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || id.len() > 20 {
                push(
                    key("discord_user_id"),
                    format!(
                        "{id:?} is not a Discord user id (a number such as \"123456789012345678\")"
                    ),
                );
            } else if let Some(first) = discord.insert(id.to_string(), i) {
                push(
                    key("discord_user_id"),
                    format!("{id} is already the Discord user of reviewers[{first}]: one person, one table"),
                );
            }
        }
        if r.discord_user_id.is_none() && r.os_users.is_empty() {
            push(
                key("name"),
                "names neither a discord_user_id nor os_users: this reviewer could never act"
                    .into(),
            );
        }
        for (j, u) in r.os_users.iter().enumerate() {
            let u = u.trim();
            let k = format!("reviewers[{i}].os_users[{j}]");
            if u.is_empty() {
                push(k, "must not be empty".into());
            } else if let Some(first) = os.insert(u.to_lowercase(), i) {
                push(
                    k,
                    format!("OS user {u:?} is already mapped to reviewers[{first}]: an account belongs to one person"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn problems(reviewers: &str) -> Vec<String> {
        let text = format!("[service]\nname = \"Smart Security Scan\"\n{reviewers}");
        match super::super::load_str(Path::new("cfg.toml"), &text) {
            Ok(_) => vec![],
            Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn reviewers_load_and_are_validated_together_with_lines() {
        let ok = "[[reviewers]]\nname = \"alice\"\ndiscord_user_id = \"123456789012345678\"\nos_users = [\"alice\"]\n[[reviewers]]\nname = \"bob\"\nos_users = [\"bob\", \"bob-ops\"]\n";
        assert_eq!(problems(ok), Vec::<String>::new());
        let bad = "[[reviewers]]\nname = \"alice\"\ndiscord_user_id = \"123\"\nos_users = [\"alice\"]\n\
                   [[reviewers]]\nname = \"ALICE\"\ndiscord_user_id = \"123\"\nos_users = [\"Alice\", \"\"]\n\
                   [[reviewers]]\nname = \" \"\ndiscord_user_id = \"@carol\"\n\
                   [[reviewers]]\nname = \"dave\"\n";
        let p = problems(bad);
        let has = |needle: &str| p.iter().any(|l| l.contains(needle));
        assert!(
            has("cfg.toml:8: reviewers[1].name: \"ALICE\" is already the name of reviewers[0]"),
            "{p:#?}"
        );
        assert!(has("cfg.toml:9: reviewers[1].discord_user_id: 123 is already the Discord user of reviewers[0]"), "{p:#?}");
        assert!(
            has("reviewers[1].os_users[0]: OS user \"Alice\" is already mapped to reviewers[0]"),
            "{p:#?}"
        );
        assert!(has("reviewers[1].os_users[1]: must not be empty"), "{p:#?}");
        assert!(has("reviewers[2].name: must not be empty"), "{p:#?}");
        assert!(
            has("reviewers[2].discord_user_id: \"@carol\" is not a Discord user id"),
            "{p:#?}"
        );
        assert!(
            has("reviewers[3].name: names neither a discord_user_id nor os_users"),
            "{p:#?}"
        );
        assert_eq!(p.len(), 7, "{p:#?}");
        assert!(problems("[[reviewers]]\nname = \"x\"\nos_user = [\"x\"]\n")
            .iter()
            .any(|l| l.contains("reviewers[0].os_user: unknown key")));
    }
}
