//! The gateway protocol as reviewgate speaks it, without IO: the commands it sends (IDENTIFY,
//! RESUME, heartbeats), what a close code asks of the client, the connect URL, and the waits
//! between connections. `gateway_conn` and `gateway` do the talking.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{json, Value};
use serenity::all::GatewayIntents;
use serenity::constants::close_codes;

/// The gateway API version reviewgate speaks (the REST client's too).
pub const VERSION: u8 = 10;

/// Timing and size limits of the gateway client; the defaults follow Discord's documentation,
/// tests shorten them.
#[derive(Debug, Clone)]
pub struct GatewayTuning {
    /// Shortest wait before a fresh IDENTIFY after INVALID_SESSION (Discord asks 1 to 5 s).
    pub reidentify_min: Duration,
    /// Longest such wait.
    pub reidentify_max: Duration,
    /// Wait before the second attempt after a connection that never got ready; doubles per
    /// attempt (with jitter). The first reconnect after a working session is immediate.
    pub reconnect_base: Duration,
    /// Longest wait between reconnect attempts.
    pub reconnect_max: Duration,
    /// How long connecting, the WebSocket handshake and HELLO may take together.
    pub hello_timeout: Duration,
    /// Largest WebSocket message (and frame) accepted, in bytes: a bigger one drops the
    /// connection instead of growing memory without bound.
    pub max_message_bytes: usize,
}

impl Default for GatewayTuning {
    fn default() -> Self {
        GatewayTuning {
            reidentify_min: Duration::from_secs(1),
            reidentify_max: Duration::from_secs(5),
            reconnect_base: Duration::from_secs(1),
            reconnect_max: Duration::from_secs(60),
            hello_timeout: Duration::from_secs(30),
            // With the Guilds intent only, GUILD_CREATE carries channels and roles but no
            // member list: far below this even for large servers.
            max_message_bytes: 8 << 20,
        }
    }
}

/// One payload from the gateway: `op`, and for dispatches (op 0) `t` and `s`.
#[derive(Debug, Deserialize)]
pub struct Frame {
    pub op: u8,
    #[serde(default)]
    pub d: Value,
    #[serde(default)]
    pub s: Option<u64>,
    #[serde(default)]
    pub t: Option<String>,
}

/// What READY tells the client to keep.
#[derive(Debug, Deserialize)]
pub struct ReadyInfo {
    pub session_id: String,
    pub resume_gateway_url: String,
}

/// A session that may be resumed: its id and where to resume it (the last sequence number is
/// kept beside it, where the heartbeat can read it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub resume_url: String,
}

/// What the client does after the gateway closed the connection with a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseAction {
    /// Reconnect and resume the session.
    Resume,
    /// Reconnect and identify anew: the session is gone.
    Identify,
    /// Stop: reconnecting would fail the same way (bad token, intents, shard).
    Stop,
}

/// Discord's table of gateway close codes ("Opcodes and Status Codes"): 4004 and 4010 to 4014
/// must not reconnect; 4007 and 4009 need a new session, and so do 4001 and 4003 (found
/// never to resume); anything else (4000, 4002, 4005, 4008, network-level codes) may resume.
pub fn close_action(code: u16) -> CloseAction {
    match code {
        close_codes::AUTHENTICATION_FAILED
        | close_codes::INVALID_SHARD
        | close_codes::SHARDING_REQUIRED
        | 4012
        | close_codes::INVALID_GATEWAY_INTENTS
        | close_codes::DISALLOWED_GATEWAY_INTENTS => CloseAction::Stop,
        close_codes::UNKNOWN_OPCODE
        | close_codes::NOT_AUTHENTICATED
        | close_codes::INVALID_SEQUENCE
        | close_codes::SESSION_TIMEOUT => CloseAction::Identify,
        _ => CloseAction::Resume,
    }
}

/// Why a close code stops the client, for the error it returns. `token_env` names where the
/// token came from, so a 4004 says which variable to fix.
pub fn stop_reason(code: u16, reason: &str, token_env: &str) -> String {
    let what = match code {
        close_codes::AUTHENTICATION_FAILED => format!(
            "Discord refused the bot token: check that the environment variable {token_env} \
             ([discord] token_env) holds the token from the application's Bot tab"
        ),
        close_codes::INVALID_SHARD => "invalid shard".into(),
        close_codes::SHARDING_REQUIRED => {
            "sharding required: the bot is in too many servers for one connection".into()
        }
        4012 => "invalid API version".into(),
        close_codes::INVALID_GATEWAY_INTENTS => "invalid intents".into(),
        close_codes::DISALLOWED_GATEWAY_INTENTS => "disallowed intents".into(),
        _ => "not reconnectable".into(),
    };
    let reason = reason.trim();
    let said = if reason.is_empty() {
        String::new()
    } else {
        format!(", {reason:?}")
    };
    format!("{what} (close code {code}{said}); not reconnecting")
}

/// The URL to open: `base` (from `GET /gateway` or READY's `resume_gateway_url`) with the API
/// version and JSON encoding, and no compression (none is asked for). Only `ws` and `wss`.
pub fn connect_url(base: &str) -> Result<String, String> {
    let mut url = url::Url::parse(base).map_err(|e| format!("gateway URL {base:?}: {e}"))?;
    if !matches!(url.scheme(), "ws" | "wss") {
        return Err(format!("gateway URL {base:?} is not ws:// or wss://"));
    }
    url.set_query(Some(&format!("v={VERSION}&encoding=json")));
    Ok(url.into())
}

/// Op 2 IDENTIFY: the token, the Guilds intent only, no compression, one shard.
pub fn identify(token: &str) -> Value {
    json!({"op": 2, "d": {
        "token": format!("Bot {token}"),
        "intents": GatewayIntents::GUILDS.bits(),
        "properties": {"os": std::env::consts::OS, "browser": "reviewgate", "device": "reviewgate"},
        "compress": false,
    }})
}

/// Op 6 RESUME of `session` from sequence `seq`.
pub fn resume(token: &str, session: &Session, seq: Option<u64>) -> Value {
    json!({"op": 6, "d": {"token": format!("Bot {token}"), "session_id": session.id, "seq": seq}})
}

/// Op 1 HEARTBEAT with the last sequence number seen (null before any).
pub fn heartbeat(seq: Option<u64>) -> Value {
    json!({"op": 1, "d": seq})
}

/// The first heartbeat comes after `interval * jitter` (jitter in 0..1, as Discord asks, so
/// clients reconnecting together do not beat together).
pub fn first_beat(interval: Duration, jitter: f64) -> Duration {
    interval.mul_f64(jitter.clamp(0.0, 1.0))
}

/// The wait before a fresh IDENTIFY after INVALID_SESSION: `min + (max - min) * unit`.
pub fn reidentify_wait(t: &GatewayTuning, unit: f64) -> Duration {
    let span = t.reidentify_max.saturating_sub(t.reidentify_min);
    t.reidentify_min + span.mul_f64(unit.clamp(0.0, 1.0))
}

/// The wait before connection attempt number `failures + 1` after `failures` attempts in a
/// row that never got ready: none for the first, then `reconnect_base` doubling up to
/// `reconnect_max`, scaled by `jitter` (0.5..1, so a fleet does not retry in step).
pub fn reconnect_wait(t: &GatewayTuning, failures: u32, jitter: f64) -> Duration {
    if failures == 0 {
        return Duration::ZERO;
    }
    let doubled = t
        .reconnect_base
        .saturating_mul(1u32 << (failures - 1).min(20));
    doubled.min(t.reconnect_max).mul_f64(jitter.clamp(0.5, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_codes_follow_discords_table() {
        assert_eq!(close_action(4004), CloseAction::Stop);
        for code in [4010, 4011, 4012, 4013, 4014] {
            assert_eq!(close_action(code), CloseAction::Stop, "{code}");
        }
        for code in [4001, 4003, 4007, 4009] {
            assert_eq!(close_action(code), CloseAction::Identify, "{code}");
        }
        for code in [1000, 1001, 1006, 4000, 4002, 4005, 4008, 4999] {
            assert_eq!(close_action(code), CloseAction::Resume, "{code}");
        }
    }

    #[test]
    fn a_refused_token_names_the_variable_it_came_from() {
        let why = stop_reason(4004, "Authentication failed.", "REVIEWGATE_TOKEN");
        assert!(why.contains("4004"), "{why}");
        assert!(why.contains("REVIEWGATE_TOKEN"), "{why}");
        assert!(why.contains("not reconnecting"), "{why}");
    }

    #[test]
    fn connect_urls_ask_for_v10_json_without_compression() {
        assert_eq!(
            connect_url("wss://gateway-us-east1-b.discord.gg").unwrap(),
            "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json"
        );
        assert_eq!(
            connect_url("ws://127.0.0.1:9/resume?compress=zlib-stream").unwrap(),
            "ws://127.0.0.1:9/resume?v=10&encoding=json"
        );
        assert!(connect_url("https://discord.com").is_err());
        assert!(connect_url("not a url").is_err());
    }

    #[test]
    fn identify_asks_for_the_guilds_intent_only_and_no_compression() {
        let v = identify("abc");
        assert_eq!(v["op"], 2);
        assert_eq!(v["d"]["token"], "Bot abc");
        assert_eq!(v["d"]["intents"], 1);
        assert_eq!(v["d"]["compress"], false);
        assert_eq!(v["d"]["properties"]["browser"], "reviewgate");
        let s = Session {
            id: "s1".into(),
            resume_url: "wss://x".into(),
        };
        assert_eq!(
            resume("abc", &s, Some(7)),
            json!({"op": 6, "d": {"token": "Bot abc", "session_id": "s1", "seq": 7}})
        );
        assert_eq!(heartbeat(None), json!({"op": 1, "d": null}));
    }

    #[test]
    fn waits_stay_in_their_ranges() {
        let t = GatewayTuning::default();
        let hb = Duration::from_millis(41_250);
        assert_eq!(first_beat(hb, 0.0), Duration::ZERO);
        assert_eq!(first_beat(hb, 2.0), hb);
        assert_eq!(reidentify_wait(&t, 0.0), Duration::from_secs(1));
        assert_eq!(reidentify_wait(&t, 1.0), Duration::from_secs(5));
        assert_eq!(reconnect_wait(&t, 0, 1.0), Duration::ZERO);
        assert_eq!(reconnect_wait(&t, 1, 1.0), Duration::from_secs(1));
        assert_eq!(reconnect_wait(&t, 3, 1.0), Duration::from_secs(4));
        assert_eq!(reconnect_wait(&t, 3, 0.5), Duration::from_secs(2));
        assert_eq!(reconnect_wait(&t, 40, 1.0), Duration::from_secs(60));
    }
}
