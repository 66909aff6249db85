//! A fake Discord gateway on loopback: a WebSocket server that speaks HELLO, IDENTIFY, READY,
//! GUILD_CREATE, heartbeats, dispatched events, RESUME/RESUMED, INVALID_SESSION and
//! RECONNECT, records every connection and command, and on demand drops the socket, stops
//! acknowledging heartbeats (a zombie connection), refuses the token (close code 4004) or
//! sends an oversized payload.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

/// Milliseconds between heartbeats that HELLO asks for.
pub const HEARTBEAT_MS: u64 = 250;

/// One WebSocket connection the client opened.
#[derive(Debug, Clone)]
pub struct Connection {
    /// The request path (`/first` for the URL from `GET /gateway`, `/resume` for READY's
    /// `resume_gateway_url`).
    pub path: String,
    pub opened: Instant,
    /// The first command after HELLO: op 2 (IDENTIFY) or op 6 (RESUME), with its payload.
    pub hello_answer: Option<(u64, Value)>,
}

#[derive(Default)]
struct State {
    connections: Vec<Connection>,
    /// When each heartbeat (op 1) arrived, with the connection's index.
    heartbeats: Vec<(usize, Instant)>,
    sessions: u64,
    session_id: String,
    seq: u64,
    refuse_next_resume: bool,
    /// When the last INVALID_SESSION was sent.
    refused_at: Option<Instant>,
    /// The session's dispatches (op 0 payloads), for replay on RESUME.
    events: Vec<Value>,
    replay_all: bool,
    replayed: usize,
    /// Heartbeats on this connection get no ACK.
    no_ack_on: Option<usize>,
    /// IDENTIFY is answered by closing the connection with this code.
    close_identify_with: Option<u16>,
    /// The control channel of the connection in use.
    current: Option<mpsc::UnboundedSender<Control>>,
}

#[derive(Debug)]
enum Control {
    /// Send this dispatch (op 0, its sequence number already given).
    Dispatch(Value),
    /// Close the TCP connection without a close frame, as a network failure does.
    Drop,
    /// Send op 7 RECONNECT.
    Reconnect,
    /// Send a text payload of this many bytes.
    Oversized(usize),
    /// Send this payload as it is.
    Raw(Value),
    /// Close the connection with this code.
    Close(u16),
}

#[derive(Clone)]
pub struct FakeGateway {
    state: Arc<Mutex<State>>,
    /// What the fake REST server's `GET /api/v10/gateway` answers.
    pub url: String,
    /// What READY names as `resume_gateway_url`.
    pub resume_url: String,
}

impl FakeGateway {
    pub async fn start() -> FakeGateway {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let gw = FakeGateway {
            state: Arc::default(),
            url: format!("ws://{addr}/first"),
            resume_url: format!("ws://{addr}/resume"),
        };
        let server = gw.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let gw = server.clone();
                tokio::spawn(async move { gw.serve(stream).await });
            }
        });
        gw
    }

    pub fn connections(&self) -> Vec<Connection> {
        self.state.lock().unwrap().connections.clone()
    }

    /// Heartbeat arrival times on connection `index`.
    pub fn heartbeats_on(&self, index: usize) -> Vec<Instant> {
        let s = self.state.lock().unwrap();
        s.heartbeats
            .iter()
            .filter(|(c, _)| *c == index)
            .map(|(_, t)| *t)
            .collect()
    }

    pub fn session_id(&self) -> String {
        self.state.lock().unwrap().session_id.clone()
    }

    pub fn refused_at(&self) -> Option<Instant> {
        self.state.lock().unwrap().refused_at
    }

    /// The next RESUME is answered INVALID_SESSION (not resumable).
    pub fn refuse_next_resume(&self) {
        self.state.lock().unwrap().refuse_next_resume = true;
    }

    /// Sends a dispatch event (op 0) on the connection in use.
    /// Like Discord, the fake keeps the session's dispatches: one sent while no connection is
    /// up is not lost but replayed on RESUME.
    pub fn dispatch(&self, event: &'static str, data: Value) {
        let mut s = self.state.lock().unwrap();
        s.seq += 1;
        let payload = json!({"op": 0, "t": event, "s": s.seq, "d": data});
        s.events.push(payload.clone());
        if let Some(current) = &s.current {
            let _ = current.send(Control::Dispatch(payload));
        }
    }

    /// Every later RESUME replays all of the session's dispatches, also those the client
    /// already had (as a resume from an older sequence number would).
    pub fn replay_all_on_resume(&self) {
        self.state.lock().unwrap().replay_all = true;
    }

    /// How many dispatches RESUMEs replayed.
    pub fn replayed(&self) -> usize {
        self.state.lock().unwrap().replayed
    }

    pub fn drop_socket(&self) {
        self.control(Control::Drop);
    }

    pub fn send_reconnect(&self) {
        self.control(Control::Reconnect);
    }

    /// Heartbeats on the connection in use are no longer acknowledged (a zombie connection).
    pub fn withhold_acks(&self) {
        let mut s = self.state.lock().unwrap();
        s.no_ack_on = s.connections.len().checked_sub(1);
    }

    /// Every IDENTIFY from now on is answered by closing the connection with `code`.
    pub fn close_identify_with(&self, code: u16) {
        self.state.lock().unwrap().close_identify_with = Some(code);
    }

    /// Sends `payload` as it is on the connection in use (op 1, op 9, …).
    pub fn send_raw(&self, payload: Value) {
        self.control(Control::Raw(payload));
    }

    /// Closes the connection in use with `code`, as Discord does.
    pub fn close_with(&self, code: u16) {
        self.control(Control::Close(code));
    }

    /// Sends a dispatch of about `bytes` bytes on the connection in use.
    pub fn send_oversized(&self, bytes: usize) {
        self.control(Control::Oversized(bytes));
    }

    fn control(&self, c: Control) {
        let s = self.state.lock().unwrap();
        s.current
            .as_ref()
            .expect("a client is connected")
            .send(c)
            .expect("the connection is open");
    }

    fn next_seq(&self) -> u64 {
        let mut s = self.state.lock().unwrap();
        s.seq += 1;
        s.seq
    }

    // The handshake callback's error type is tungstenite's (an HTTP response), not ours.
    #[allow(clippy::result_large_err)]
    async fn serve(self, stream: tokio::net::TcpStream) {
        let path = Arc::new(Mutex::new(String::new()));
        let seen = path.clone();
        let callback = move |req: &Request, resp: Response| {
            *seen.lock().unwrap() = req.uri().path().to_string();
            Ok(resp)
        };
        let Ok(ws) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
            return;
        };
        let (mut tx, mut rx) = ws.split();
        let (ctl_tx, mut ctl_rx) = mpsc::unbounded_channel();
        let index = {
            let mut s = self.state.lock().unwrap();
            s.connections.push(Connection {
                path: path.lock().unwrap().clone(),
                opened: Instant::now(),
                hello_answer: None,
            });
            s.current = Some(ctl_tx);
            s.connections.len() - 1
        };
        let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}});
        if tx.send(Message::Text(hello.to_string())).await.is_err() {
            return;
        }
        loop {
            tokio::select! {
                msg = rx.next() => {
                    let Some(Ok(msg)) = msg else { return };
                    let Message::Text(text) = msg else {
                        if matches!(msg, Message::Close(_)) { return; }
                        continue;
                    };
                    let Ok(cmd) = serde_json::from_str::<Value>(&text) else { continue };
                    if let Some(code) = self.refuses_identify(index, &cmd) {
                        let frame = CloseFrame { code: CloseCode::from(code), reason: "Authentication failed.".into() };
                        let _ = tx.send(Message::Close(Some(frame))).await;
                        return;
                    }
                    for reply in self.answer(index, &cmd) {
                        if tx.send(Message::Text(reply.to_string())).await.is_err() {
                            return;
                        }
                    }
                }
                ctl = ctl_rx.recv() => {
                    let out = match ctl {
                        None | Some(Control::Drop) => return,
                        Some(Control::Reconnect) => json!({"op": 7, "d": null}),
                        Some(Control::Oversized(n)) => {
                            json!({"op": 0, "t": "MESSAGE_CREATE", "s": self.next_seq(), "d": {"content": "x".repeat(n)}})
                        }
                        Some(Control::Dispatch(payload)) | Some(Control::Raw(payload)) => payload,
                        Some(Control::Close(code)) => {
                            let frame = CloseFrame { code: CloseCode::from(code), reason: "".into() };
                            let _ = tx.send(Message::Close(Some(frame))).await;
                            return;
                        }
                    };
                    if tx.send(Message::Text(out.to_string())).await.is_err() {
                        return;
                    }
                }
            }
        }
    }

    /// The close code IDENTIFY is answered with, if it is refused (the command is recorded).
    fn refuses_identify(&self, index: usize, cmd: &Value) -> Option<u16> {
        let mut s = self.state.lock().unwrap();
        let code = s.close_identify_with.filter(|_| cmd["op"] == 2)?;
        s.connections[index].hello_answer = Some((2, cmd["d"].clone()));
        Some(code)
    }

    /// What the server sends back for one command of the client.
    fn answer(&self, index: usize, cmd: &Value) -> Vec<Value> {
        let op = cmd["op"].as_u64().unwrap_or(u64::MAX);
        let mut s = self.state.lock().unwrap();
        if matches!(op, 2 | 6) && s.connections[index].hello_answer.is_none() {
            s.connections[index].hello_answer = Some((op, cmd["d"].clone()));
        }
        match op {
            1 => {
                s.heartbeats.push((index, Instant::now()));
                if s.no_ack_on == Some(index) {
                    return vec![];
                }
                vec![json!({"op": 11})]
            }
            2 => {
                s.sessions += 1;
                s.session_id = format!("session-{}", s.sessions);
                s.seq = 2;
                s.events.clear();
                vec![
                    json!({"op": 0, "t": "READY", "s": 1, "d": ready(&s.session_id, &self.resume_url)}),
                    json!({"op": 0, "t": "GUILD_CREATE", "s": 2, "d": guild()}),
                ]
            }
            6 if s.refuse_next_resume => {
                s.refuse_next_resume = false;
                s.refused_at = Some(Instant::now());
                vec![json!({"op": 9, "d": false})]
            }
            6 => {
                let from = if s.replay_all {
                    0
                } else {
                    cmd["d"]["seq"].as_u64().unwrap_or(0)
                };
                let mut replies: Vec<Value> = s
                    .events
                    .iter()
                    .filter(|e| e["s"].as_u64().unwrap_or(0) > from)
                    .cloned()
                    .collect();
                s.replayed += replies.len();
                s.seq += 1;
                replies.push(json!({"op": 0, "t": "RESUMED", "s": s.seq, "d": {}}));
                replies
            }
            _ => vec![],
        }
    }
}

fn ready(session_id: &str, resume_url: &str) -> Value {
    json!({
        "v": 10,
        "user": {"id": "4242", "username": "reviewgate", "discriminator": "0", "global_name": null,
                 "avatar": null, "bot": true},
        "guilds": [{"id": "1", "unavailable": true}],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": [0, 1],
        "application": {"id": "999", "flags": 0}
    })
}

/// A GUILD_CREATE payload for guild 1 with the review channels.
fn guild() -> Value {
    let channel = |id: &str, name: &str| {
        json!({"id": id, "type": 0, "guild_id": "1", "name": name, "position": 0,
               "permission_overwrites": [], "nsfw": false, "parent_id": null, "topic": null,
               "last_message_id": null, "rate_limit_per_user": 0})
    };
    let mut g = json!({
        "id": "1", "name": "Reviews", "icon": null, "icon_hash": null, "splash": null,
        "discovery_splash": null, "owner_id": "11", "afk_channel_id": null, "afk_timeout": 300,
        "widget_enabled": false, "widget_channel_id": null, "verification_level": 1,
        "default_message_notifications": 1, "explicit_content_filter": 0,
        "emojis": [], "features": [], "mfa_level": 0, "application_id": null,
        "system_channel_id": null, "system_channel_flags": 0, "rules_channel_id": null,
        "max_presences": null, "max_members": 500000, "vanity_url_code": null
    });
    let more = json!({
        "description": null, "banner": null, "premium_tier": 0,
        "premium_subscription_count": 0, "preferred_locale": "en-US",
        "public_updates_channel_id": null, "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50, "nsfw_level": 0, "stickers": [],
        "premium_progress_bar_enabled": false, "safety_alerts_channel_id": null,
        "joined_at": "2026-01-01T00:00:00+00:00", "large": false, "unavailable": false,
        "member_count": 3, "voice_states": [], "members": [],
        "threads": [], "presences": [], "stage_instances": [], "guild_scheduled_events": []
    });
    let roles = json!([{"id": "1", "name": "@everyone", "color": 0, "hoist": false, "icon": null,
        "unicode_emoji": null, "position": 0, "permissions": "0", "managed": false,
        "mentionable": false, "flags": 0}]);
    let map = g.as_object_mut().unwrap();
    map.extend(more.as_object().unwrap().clone());
    map.insert("roles".into(), roles);
    map.insert(
        "channels".into(),
        json!([channel("100", "review"), channel("200", "admin")]),
    );
    g
}

/// Polls `cond` every 20 ms for up to `secs` seconds.
pub async fn wait_until<T>(what: &str, secs: u64, mut cond: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if let Some(v) = cond() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out after {secs} s waiting for {what}");
}
