//! The parts of an incoming interaction reviewgate reads, parsed from Discord's JSON. Both modes
//! end here: HTTP interactions parse the request body, the gateway the `d` of
//! INTERACTION_CREATE, so one parser (tolerant of fields Discord adds) serves both.

use serde::Deserialize;
use serde_json::Value;

use super::rest::snowflake;

/// Interaction types, as Discord numbers them.
pub const PING: u8 = 1;
pub const APPLICATION_COMMAND: u8 = 2;
pub const MESSAGE_COMPONENT: u8 = 3;
pub const MODAL_SUBMIT: u8 = 5;

#[derive(Debug, Deserialize)]
struct Raw {
    id: Value,
    application_id: Value,
    #[serde(rename = "type")]
    kind: u8,
    #[serde(default)]
    token: String,
    #[serde(default)]
    data: Value,
    #[serde(default)]
    guild_id: Value,
    #[serde(default)]
    channel_id: Value,
    #[serde(default)]
    member: Option<RawMember>,
    #[serde(default)]
    user: Option<RawUser>,
    #[serde(default)]
    message: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct RawMember {
    user: Option<RawUser>,
    #[serde(default)]
    roles: Vec<Value>,
}

#[derive(Debug, Deserialize)]
struct RawUser {
    id: Value,
}

/// One interaction, reduced to what the handler needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub id: String,
    pub application_id: String,
    pub kind: u8,
    pub token: String,
    pub guild_id: Option<u64>,
    pub channel_id: Option<u64>,
    /// The user who clicked or typed (0 if Discord sent none).
    pub user_id: u64,
    /// Role ids of the member; empty in DMs, where nobody holds a role.
    pub roles: Vec<u64>,
    /// Button or modal custom id.
    pub custom_id: Option<String>,
    /// Slash command name and its (sub)command path with string options, e.g. `["source", "pause", "phpbb-thread"]`.
    pub command: Vec<String>,
    /// Modal text inputs as (custom id, value).
    pub fields: Vec<(String, String)>,
    /// The message a button sits on.
    pub message_id: Option<u64>,
}

impl Incoming {
    /// Parses Discord's interaction JSON; the error names what was wrong.
    pub fn parse(body: &[u8]) -> Result<Incoming, String> {
        let raw: Raw = serde_json::from_slice(body)
            .map_err(|e| format!("interaction is not valid JSON: {e}"))?;
        let id = id_string(&raw.id).ok_or("interaction has no id")?;
        let application_id =
            id_string(&raw.application_id).ok_or("interaction has no application_id")?;
        let user = raw
            .member
            .as_ref()
            .and_then(|m| m.user.as_ref())
            .or(raw.user.as_ref());
        let user_id = user.and_then(|u| snowflake(&u.id)).unwrap_or(0);
        let roles = raw
            .member
            .as_ref()
            .map(|m| m.roles.iter().filter_map(snowflake).collect())
            .unwrap_or_default();
        let custom_id = raw.data["custom_id"].as_str().map(str::to_string);
        let mut command = Vec::new();
        if raw.kind == APPLICATION_COMMAND {
            if let Some(name) = raw.data["name"].as_str() {
                command.push(name.to_string());
            }
            collect_options(&raw.data["options"], &mut command);
        }
        let mut fields = Vec::new();
        if raw.kind == MODAL_SUBMIT {
            collect_inputs(&raw.data["components"], &mut fields);
        }
        Ok(Incoming {
            id,
            application_id,
            kind: raw.kind,
            token: raw.token,
            guild_id: snowflake(&raw.guild_id),
            channel_id: snowflake(&raw.channel_id),
            user_id,
            roles,
            custom_id,
            command,
            fields,
            message_id: raw.message.as_ref().and_then(|m| snowflake(&m["id"])),
        })
    }

    /// The value of a modal text input.
    pub fn field(&self, custom_id: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == custom_id)
            .map(|(_, v)| v.as_str())
    }

    /// The audit actor id, `discord:<user id>`.
    pub fn actor_id(&self) -> String {
        format!("discord:{}", self.user_id)
    }
}

fn id_string(v: &Value) -> Option<String> {
    snowflake(v).map(|n| n.to_string())
}

/// Subcommand names, then option values, depth first (`/source pause name:x` -> `source pause x`).
fn collect_options(options: &Value, out: &mut Vec<String>) {
    for opt in options.as_array().into_iter().flatten() {
        match opt["type"].as_u64() {
            Some(1 | 2) => {
                if let Some(name) = opt["name"].as_str() {
                    out.push(name.to_string());
                }
                collect_options(&opt["options"], out);
            }
            _ => match &opt["value"] {
                Value::String(s) => out.push(s.clone()),
                Value::Null => {}
                other => out.push(other.to_string()),
            },
        }
    }
}

/// Modal answers arrive as action rows of text inputs (or labelled components).
fn collect_inputs(components: &Value, out: &mut Vec<(String, String)>) {
    for c in components.as_array().into_iter().flatten() {
        if let (Some(id), Some(value)) = (c["custom_id"].as_str(), c["value"].as_str()) {
            out.push((id.to_string(), value.to_string()));
        }
        collect_inputs(&c["components"], out);
        if c["component"].is_object() {
            collect_inputs(&Value::Array(vec![c["component"].clone()]), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn parses_a_button_click_in_a_guild() {
        let body = json!({"id": "11", "application_id": "22", "type": 3, "token": "tok", "guild_id": "33",
            "channel_id": "44", "member": {"user": {"id": "55", "username": "a"}, "roles": ["66", "77"]},
            "data": {"custom_id": "rg:b:approve:1:1", "component_type": 2}, "message": {"id": "88"}});
        let i = Incoming::parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(
            (i.kind, i.user_id, i.roles.clone(), i.message_id),
            (3, 55, vec![66, 77], Some(88))
        );
        assert_eq!(i.custom_id.as_deref(), Some("rg:b:approve:1:1"));
        assert_eq!(i.actor_id(), "discord:55");
    }

    #[test]
    fn parses_commands_and_modals() {
        let cmd = json!({"id": "1", "application_id": "2", "type": 2, "token": "t", "user": {"id": "9"},
            "data": {"name": "source", "options": [{"type": 1, "name": "pause", "options": [{"type": 3, "name": "name", "value": "phpbb"}]}]}});
        let i = Incoming::parse(cmd.to_string().as_bytes()).unwrap();
        assert_eq!(i.command, ["source", "pause", "phpbb"]);
        assert!(i.roles.is_empty());
        let modal = json!({"id": "1", "application_id": "2", "type": 5, "token": "t", "member": {"user": {"id": "9"}, "roles": []},
            "data": {"custom_id": "rg:m:rewrite:1:2", "components": [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": "new"}]}]}});
        let i = Incoming::parse(modal.to_string().as_bytes()).unwrap();
        assert_eq!(i.field("text"), Some("new"));
    }

    #[test]
    fn reports_bad_input() {
        assert!(Incoming::parse(b"nope")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(Incoming::parse(br#"{"id": "1", "type": 1}"#).is_err());
    }
}
