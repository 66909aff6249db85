//! Gateway mode (the default) against a fake gateway on loopback: the fake REST server answers
//! `GET /api/v10/gateway` with the fake's `ws://` URL (so serenity never falls back to the real
//! gateway), and the review flow runs over the WebSocket through a dropped socket (resume),
//! op 7 RECONNECT (resume) and a refused resume (re-identify), each interaction answered once,
//! with heartbeats on time while a large poll is committed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reviewgate::discord::{serve, DiscordDeps};
use reviewgate::model::ExtractedPost;
use reviewgate::queue::{Queue, State};
use reviewgate::store::{PollRecord, PolledPost, Store};
use serde_json::{json, Value};

mod fake_discord;
mod fake_gateway;

use fake_discord::harness::{self, ALICE, REVIEWER_ROLE, REVIEW_CHANNEL};
use fake_discord::FakeDiscord;
use fake_gateway::{wait_until, FakeGateway, HEARTBEAT_MS};

static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(70_000);

/// An approve modal submit as the gateway delivers it (the full member object serenity reads).
fn approve(item: i64) -> Value {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    json!({"id": n.to_string(), "application_id": "999", "type": 5, "token": format!("gw-tok{n}"),
        "version": 1, "guild_id": "1", "channel_id": REVIEW_CHANNEL.to_string(),
        "member": {"user": {"id": ALICE.to_string(), "username": "alice", "global_name": null, "avatar": null},
                   "roles": [REVIEWER_ROLE.to_string()], "joined_at": "2026-01-01T00:00:00+00:00",
                   "deaf": false, "mute": false, "flags": 0},
        "locale": "en-US", "entitlements": [], "attachment_size_limit": 1000, "app_permissions": "0",
        "data": {"custom_id": format!("rg:m:approve:{item}:1"), "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "reason", "value": "fine", "style": 2, "label": "Reason"}]}]}})
}

/// How often the fake REST server saw the callback of interaction `v`.
fn callbacks(fake: &FakeDiscord, v: &Value) -> usize {
    let path = format!(
        "/api/v10/interactions/{}/{}/callback",
        v["id"].as_str().unwrap(),
        v["token"].as_str().unwrap()
    );
    fake.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == path)
        .count()
}

/// Sends one approval over the gateway and waits until it is answered and applied.
async fn approve_over_gateway(
    gw: &FakeGateway,
    fake: &FakeDiscord,
    store: &Store,
    item: i64,
) -> Value {
    let v = approve(item);
    gw.dispatch("INTERACTION_CREATE", v.clone());
    wait_until(&format!("the approval of item {item} answered"), 20, || {
        (callbacks(fake, &v) > 0).then_some(())
    })
    .await;
    let view = Queue::new(store).show(item).unwrap();
    assert_eq!(view.state, State::Approved, "item {item}");
    v
}

fn approvals_in_audit(store: &Store, item: i64) -> usize {
    store
        .audit_entries(Some(item))
        .unwrap()
        .iter()
        .filter(|e| e.action == "approve")
        .count()
}

/// The command (op 2 IDENTIFY or op 6 RESUME) that opened connection `index`.
async fn opened_with(gw: &FakeGateway, index: usize) -> (u64, Value) {
    wait_until(
        &format!("connection {index} identified or resumed"),
        30,
        || gw.connections().get(index)?.hello_answer.clone(),
    )
    .await
}

async fn connected() {
    wait_until("the shard connected", 20, || {
        reviewgate::discord::status::connected().then_some(())
    })
    .await;
}

/// A large poll committed off the runtime, as the pipeline does; returns how long it took.
async fn heavy_poll(store: Arc<Store>) -> Duration {
    let posts: Vec<PolledPost> = (0..4000)
        .map(|i| PolledPost {
            post: ExtractedPost {
                id: format!("bulk{i}"),
                url: Some(format!("https://forum.example/t/9#bulk{i}")),
                author: format!("user{i}"),
                published_at: None,
                text: format!(
                    "Smart Security Scan flagged shop{i}.example again; {}",
                    "words ".repeat(60)
                ),
                quotes: vec![],
                truncated: false,
                details: Default::default(),
            },
            relevant: false,
        })
        .collect();
    tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        store
            .commit_poll(&PollRecord {
                source: "bulk".into(),
                at: chrono::Utc::now(),
                items_found: posts.len() as u64,
                posts,
                pages_fetched: 40,
                ..PollRecord::default()
            })
            .unwrap();
        started.elapsed()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_flow_runs_over_the_gateway_through_drops_reconnects_and_refused_resumes() {
    let (_dir, path) = harness::temp_db();
    let store = harness::open(&path);
    let fake = FakeDiscord::start().await;
    let gw = FakeGateway::start().await;
    fake.set_gateway_url(&gw.url);
    let items: Vec<i64> = (1..=4)
        .map(|i| {
            harness::enqueue(
                &store,
                &format!("p{i}"),
                "Smart Security Scan flagged my site",
                None,
                "Thanks, we are looking into it.",
            )
        })
        .collect();

    let mut config = harness::config(&fake.base);
    config.interactions_listen = None;
    config.public_key = None;
    let mut tuning = harness::fast_tuning();
    tuning.register_commands = false;
    let deps = DiscordDeps {
        config,
        token: "test-token".into(),
        store: store.clone(),
        assess: harness::assessor(),
        sources: Arc::new(harness::FakeSources::default()),
        tuning,
        people: Arc::new(harness::people()),
        publishing: None,
    };
    let (stop, rx) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(serve(deps, rx));

    // Connect: the gateway URL came from the fake REST server, then HELLO, IDENTIFY, READY.
    let (op, identify) = opened_with(&gw, 0).await;
    assert_eq!(op, 2, "a new session identifies");
    assert_eq!(identify["token"], "Bot test-token");
    assert_eq!(identify["intents"], 1, "the Guilds intent only");
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.method == "GET" && r.path == "/api/v10/gateway" && r.status == 200),
        "serenity asked the fake for the gateway URL (and so did not fall back to Discord's)"
    );
    assert_eq!(gw.connections()[0].path, "/first");
    connected().await;
    harness::posted(&fake, items[0]).await;

    // The review flow: an approval arrives as INTERACTION_CREATE and is answered once.
    let first = approve_over_gateway(&gw, &fake, &store, items[0]).await;

    // A dropped socket: serenity resumes the session (RESUME with its session id and seq).
    gw.drop_socket();
    let (op, resume) = opened_with(&gw, 1).await;
    assert_eq!(op, 6, "a dropped socket is resumed, not re-identified");
    assert_eq!(resume["session_id"], gw.session_id());
    assert!(resume["seq"].as_u64().unwrap() >= 3, "{resume}");
    // Discord asks for the resume on READY's `resume_gateway_url`, not the first URL.
    assert_eq!(gw.connections()[1].path, "/resume", "resume URL used");
    connected().await;
    let second = approve_over_gateway(&gw, &fake, &store, items[1]).await;

    // Op 7 RECONNECT: resumed as well.
    gw.send_reconnect();
    let (op, _) = opened_with(&gw, 2).await;
    assert_eq!(op, 6, "RECONNECT is followed by a resume");
    connected().await;

    // A refused resume (INVALID_SESSION, not resumable): a fresh IDENTIFY on a new socket.
    gw.refuse_next_resume();
    gw.drop_socket();
    let (op, _) = opened_with(&gw, 3).await;
    assert_eq!(op, 6);
    let index = wait_until("a connection after the refused resume", 30, || {
        let conns = gw.connections();
        (conns.len() > 4).then(|| conns.len() - 1)
    })
    .await;
    let (op, _) = opened_with(&gw, index).await;
    assert_eq!(op, 2, "after a refused resume the client identifies anew");
    let waited = gw.connections()[index].opened - gw.refused_at().unwrap();
    eprintln!("re-identify after a refused resume took {waited:?}");
    assert!(
        waited < Duration::from_secs(15),
        "re-identify took {waited:?}"
    );
    assert_eq!(gw.session_id(), "session-2");
    connected().await;
    let third = approve_over_gateway(&gw, &fake, &store, items[2]).await;

    // Heartbeats keep their interval while a large poll is committed beside them.
    let hb_before = gw.heartbeats_on(index).len();
    let took = heavy_poll(store.clone()).await;
    tokio::time::sleep(Duration::from_millis(3 * HEARTBEAT_MS)).await;
    let beats = gw.heartbeats_on(index);
    assert!(
        beats.len() > hb_before,
        "heartbeats went on during the poll"
    );
    let worst = beats
        .windows(2)
        .map(|w| w[1] - w[0])
        .max()
        .unwrap_or_default();
    eprintln!(
        "poll committed in {took:?}; {} heartbeats, worst gap {worst:?} (interval {HEARTBEAT_MS} ms)",
        beats.len()
    );
    assert!(
        worst < Duration::from_millis(4 * HEARTBEAT_MS),
        "heartbeat gap {worst:?} for an interval of {HEARTBEAT_MS} ms"
    );
    let fourth = approve_over_gateway(&gw, &fake, &store, items[3]).await;

    // Nothing lost, nothing repeated: every interaction answered once, every approval
    // applied and audited once, across all five connections.
    for (v, item) in [
        (&first, items[0]),
        (&second, items[1]),
        (&third, items[2]),
        (&fourth, items[3]),
    ] {
        assert_eq!(
            callbacks(&fake, v),
            1,
            "answers to the approval of item {item}"
        );
        assert_eq!(
            approvals_in_audit(&store, item),
            1,
            "audited approvals of item {item}"
        );
    }

    let _ = stop.send(true);
    tokio::time::timeout(Duration::from_secs(20), task)
        .await
        .expect("gateway mode stops on shutdown")
        .unwrap()
        .unwrap();
}
