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
                    format!("{id:?} is not a Discord user id (a number such as \"123456789012345678\")"),
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
                "names neither a discord_user_id nor os_users: this reviewer could never act".into(),
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
