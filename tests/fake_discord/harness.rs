//! Test harness: a store with queued items, the Discord side serving HTTP interactions against
//! the fake REST server, and signed interactions.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ed25519_dalek::{Signer, SigningKey};
use reviewgate::config::{DiscordConfig, ReviewerConfig};
use reviewgate::discord::{
    serve_interactions, AssessFn, BoxFuture, DiscordDeps, SourceControl, SourceSummary, Tuning,
};
use reviewgate::model::{
    Assessment, Decision, Evidence, EvidenceKind, Finding, Match, MatchStatus, Post,
};
use reviewgate::queue::{People, Queue};
use reviewgate::store::Store;
use serde_json::{json, Value};

use super::FakeDiscord;

pub const GUILD: u64 = 1;
pub const REVIEW_CHANNEL: u64 = 100;
pub const ADMIN_CHANNEL: u64 = 200;
pub const REVIEWER_ROLE: u64 = 300;
pub const ADMIN_ROLE: u64 = 400;
pub const ALICE: u64 = 11;
pub const BOB: u64 = 12;
pub const MALLORY: u64 = 13;

pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[9u8; 32])
}

pub fn config(api_base: &str) -> DiscordConfig {
    DiscordConfig {
        token_env: "DISCORD_TOKEN".into(),
        review_channel_id: REVIEW_CHANNEL,
        admin_channel_id: ADMIN_CHANNEL,
        reviewer_role_id: REVIEWER_ROLE,
        admin_role_id: ADMIN_ROLE,
        api_base: api_base.to_string(),
        interactions_listen: Some("127.0.0.1:0".into()),
        public_key: Some(hex::encode(signing_key().verifying_key().to_bytes())),
        application_id: None,
        guild_id: Some(GUILD),
    }
}

/// The configured reviewers: Alice reviews from Discord and from the OS account `alice`;
/// Bob and Mallory are not configured (each their own person).
pub fn reviewers() -> Vec<ReviewerConfig> {
    vec![ReviewerConfig {
        name: "alice".into(),
        discord_user_id: Some(ALICE.to_string()),
        os_users: vec!["alice".into()],
    }]
}

pub fn people() -> People {
    People::from_config(&reviewers())
}

pub fn fast_tuning() -> Tuning {
    Tuning {
        retry_base: Duration::from_millis(20),
        retry_max: Duration::from_millis(200),
        poll_interval: Duration::from_millis(20),
        sync_interval: Duration::from_millis(200),
        defer_after: Duration::from_millis(2500),
        http_timeout: Duration::from_secs(5),
        register_commands: true,
        ..Tuning::default()
    }
}

/// A stand-in for the assessment: e-mail addresses disclose (needs_review), the word
/// "database" draws on entrusted data (blocked). The real assessor is tested in `assess`.
pub fn assess_text(text: &str) -> Assessment {
    let mut findings = Vec::new();
    let mut redacted = String::new();
    let mut decision = Decision::Routine;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            redacted.push(' ');
        }
        let start = text
            .split(' ')
            .take(i)
            .map(|w| w.chars().count() + 1)
            .sum::<usize>();
        let end = start + word.chars().count();
        if word.contains('@') {
            findings.push(Finding {
                kind: "email".into(),
                field: Some("email".into()),
                start,
                end,
            });
            decision = decision.max(Decision::NeedsReview);
            redacted.push_str("[email]");
        } else if word.trim_matches(|c: char| !c.is_alphanumeric()) == "database" {
            findings.push(Finding {
                kind: "entrusted".into(),
                field: None,
                start,
                end,
            });
            decision = Decision::Blocked;
            redacted.push_str("[entrusted]");
        } else {
            redacted.push_str(word);
        }
    }
    Assessment {
        decision,
        findings,
        redacted,
    }
}

pub fn assessor() -> AssessFn {
    Arc::new(|_view, text| assess_text(text))
}

/// Source control recording what was asked.
#[derive(Default)]
pub struct FakeSources {
    pub paused: Mutex<Vec<String>>,
    /// How long `/source test` takes (to exercise deferred answers).
    pub test_delay: Duration,
}

impl SourceControl for FakeSources {
    fn list(&self) -> Vec<SourceSummary> {
        vec![SourceSummary {
            name: "phpbb-thread".into(),
            paused: !self.paused.lock().unwrap().is_empty(),
            health: "ok".into(),
        }]
    }
    fn set_paused(&self, name: &str, paused: bool) -> Result<(), String> {
        if name != "phpbb-thread" {
            return Err(format!("no source named {name}"));
        }
        let mut p = self.paused.lock().unwrap();
        if paused {
            p.push(name.to_string());
        } else {
            p.clear();
        }
        Ok(())
    }
    fn test<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async move {
            tokio::time::sleep(self.test_delay).await;
            Ok(format!("{name}: 3 posts"))
        })
    }
}

pub fn post(id: &str, text: &str) -> Post {
    Post {
        source: "phpbb-thread".into(),
        id: id.into(),
        url: Some(format!("https://forum.example/viewtopic.php?t=1#{id}")),
        author: "bytewarden941".into(),
        published_at: None,
        text: text.into(),
        quotes: vec![],
        relevant: true,
        truncated: false,
        matched: None,
    }
}

pub fn linked(status: MatchStatus) -> Match {
    Match {
        customer_id: "C-10429".into(),
        confidence: if status == MatchStatus::Linked {
            0.97
        } else {
            0.7
        },
        status,
        evidence: vec![Evidence {
            kind: EvidenceKind::Email,
            detail: "jan.doe@example.de".into(),
        }],
    }
}

/// Enqueues a reply for a new post; returns the item id.
pub fn enqueue(
    store: &Store,
    post_id: &str,
    post_text: &str,
    matched: Option<Match>,
    reply: &str,
) -> i64 {
    let p = post(post_id, post_text);
    Queue::new(store)
        .enqueue(
            &p,
            matched.as_ref(),
            reply,
            &assess_text(reply),
            "bot:draft",
        )
        .unwrap()
}

/// The Discord side running in HTTP interactions mode.
pub struct Running {
    pub addr: SocketAddr,
    pub shutdown: tokio::sync::watch::Sender<bool>,
    pub task: tokio::task::JoinHandle<()>,
    pub sources: Arc<FakeSources>,
}

impl Running {
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("Discord side stops on shutdown")
            .unwrap();
    }
}

pub async fn start(store: Arc<Store>, fake: &FakeDiscord, tuning: Tuning) -> Running {
    start_with(store, fake, tuning, FakeSources::default()).await
}

pub async fn start_with(
    store: Arc<Store>,
    fake: &FakeDiscord,
    tuning: Tuning,
    sources: FakeSources,
) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::watch::channel(false);
    let sources = Arc::new(sources);
    let deps = DiscordDeps {
        config: config(&fake.base),
        token: "test-token".into(),
        store,
        assess: assessor(),
        sources: sources.clone(),
        tuning,
        people: Arc::new(people()),
        publishing: None,
    };
    let task = tokio::spawn(async move { serve_interactions(deps, listener, rx).await.unwrap() });
    Running {
        addr,
        shutdown: tx,
        task,
        sources,
    }
}

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviewgate.sqlite3");
    (dir, path)
}

pub fn open(path: &Path) -> Arc<Store> {
    Arc::new(Store::open(path).unwrap())
}

/// Polls `cond` until it holds (10 s at most).
pub async fn eventually<T>(what: &str, mut cond: impl FnMut() -> Option<T>) -> T {
    for _ in 0..500 {
        if let Some(v) = cond() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Waits for the item's review message; returns its id.
pub async fn posted(fake: &FakeDiscord, item: i64) -> u64 {
    eventually(&format!("item {item} posted"), || {
        fake.messages_for_item(item).first().map(|m| m.1)
    })
    .await
}

pub fn member(user: u64, roles: &[u64]) -> Value {
    json!({"user": {"id": user.to_string(), "username": format!("user{user}")}, "roles": roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(), "nick": null})
}

static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(5000);

fn base(kind: u8, user: u64, roles: &[u64], data: Value) -> Value {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    json!({"id": n.to_string(), "application_id": super::APPLICATION_ID, "type": kind, "token": format!("tok{n}"),
           "version": 1, "guild_id": "1", "channel_id": REVIEW_CHANNEL.to_string(), "member": member(user, roles),
           "locale": "en-US", "data": data})
}

pub fn click(user: u64, roles: &[u64], custom_id: &str, message_id: u64) -> Value {
    let mut v = base(
        3,
        user,
        roles,
        json!({"custom_id": custom_id, "component_type": 2}),
    );
    v["message"] = json!({"id": message_id.to_string()});
    v
}

pub fn modal(user: u64, roles: &[u64], custom_id: &str, field: &str, value: &str) -> Value {
    base(
        5,
        user,
        roles,
        json!({"custom_id": custom_id, "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": field, "value": value}]}]}),
    )
}

pub fn command(user: u64, roles: &[u64], name: &str, sub: Option<(&str, Option<&str>)>) -> Value {
    let options = match sub {
        None => json!([]),
        Some((s, None)) => json!([{"type": 1, "name": s, "options": []}]),
        Some((s, Some(v))) => {
            json!([{"type": 1, "name": s, "options": [{"type": 3, "name": "name", "value": v}]}])
        }
    };
    base(
        2,
        user,
        roles,
        json!({"id": "77", "name": name, "type": 1, "options": options}),
    )
}

/// Signs and sends an interaction; returns the status and the JSON answer.
pub async fn send_signed(addr: SocketAddr, body: &Value) -> (u16, Value) {
    let body = body.to_string();
    let ts = chrono::Utc::now().timestamp().to_string();
    send_raw(addr, &body, Some(&sign(&ts, &body)), Some(&ts)).await
}

pub fn sign(ts: &str, body: &str) -> String {
    let mut m = ts.as_bytes().to_vec();
    m.extend_from_slice(body.as_bytes());
    hex::encode(signing_key().sign(&m).to_bytes())
}

pub async fn send_raw(
    addr: SocketAddr,
    body: &str,
    sig: Option<&str>,
    ts: Option<&str>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .post(format!("http://{addr}/interactions"))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(s) = sig {
        req = req.header("X-Signature-Ed25519", s);
    }
    if let Some(t) = ts {
        req = req.header("X-Signature-Timestamp", t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// The text of an ephemeral answer (asserting it is one).
pub fn ephemeral_text(answer: &Value) -> String {
    assert_eq!(answer["type"], 4, "not a message answer: {answer}");
    assert_eq!(answer["data"]["flags"], 64, "not ephemeral: {answer}");
    assert_eq!(
        answer["data"]["allowed_mentions"]["parse"],
        json!([]),
        "mentions not disabled: {answer}"
    );
    answer["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Custom ids of all buttons in a message body.
pub fn buttons(body: &Value) -> Vec<String> {
    body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}

/// The latest body of the item's review message (after edits).
pub fn current(fake: &FakeDiscord, item: i64) -> Value {
    fake.messages_for_item(item)
        .first()
        .map(|m| m.2.clone())
        .unwrap_or(Value::Null)
}

pub fn title(body: &Value) -> String {
    body["embeds"][0]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}
