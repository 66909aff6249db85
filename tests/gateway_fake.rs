//! Gateway mode (the default) against a fake gateway on loopback: the fake REST server answers
//! `GET /api/v10/gateway` with the fake's `ws://` URL (reviewgate's client has no built-in
//! default, so it never reaches the real gateway), and the review flow runs over the WebSocket
//! through a dropped socket and op 7 RECONNECT (both resumed on READY's `resume_gateway_url`)
//! and a refused resume (re-identified after Discord's short wait only), each interaction
//! answered once; a resume replays what came while the socket was down, and a replayed
//! interaction is not handled twice. Beside it: a refused token stops with an error naming its variable, a
//! connection without heartbeat ACKs is resumed, heartbeats keep their interval while the
//! blocking pool is busy with a large poll, and an oversized payload costs a connection only.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reviewgate::config::DiscordConfig;
use reviewgate::discord::{serve, DiscordDeps, DiscordError, GatewayTuning, Tuning};
use reviewgate::model::ExtractedPost;
use reviewgate::queue::{Queue, State};
use reviewgate::store::{PollRecord, PolledPost, Store};
use serde_json::{json, Value};

#[allow(dead_code)]
mod cli_support;
mod fake_discord;
mod fake_gateway;

use fake_discord::harness::{self, ALICE, REVIEWER_ROLE, REVIEW_CHANNEL};
use fake_discord::FakeDiscord;
use fake_gateway::{wait_until, FakeGateway, HEARTBEAT_MS};

/// The tests share the process-wide connection status (`/readyz`) and a heartbeat-timing test
/// wants the CPU to itself: they run one at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Discord's waits, shortened: a re-identify after INVALID_SESSION comes 200 to 400 ms later.
fn fast_gateway() -> GatewayTuning {
    GatewayTuning {
        reidentify_min: Duration::from_millis(200),
        reidentify_max: Duration::from_millis(400),
        reconnect_base: Duration::from_millis(50),
        reconnect_max: Duration::from_millis(500),
        ..GatewayTuning::default()
    }
}

/// Gateway mode running against the fakes, with `items` queue items waiting for review.
struct Running {
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    fake: FakeDiscord,
    gw: FakeGateway,
    items: Vec<i64>,
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<Result<(), DiscordError>>,
}

/// Starts the fakes and `serve` in gateway mode; `prepare` adjusts the config, the tuning and
/// the fake gateway before the client connects.
async fn start(
    items: usize,
    prepare: impl FnOnce(&mut DiscordConfig, &mut Tuning, &FakeGateway),
) -> Running {
    let (dir, path) = harness::temp_db();
    let store = harness::open(&path);
    let fake = FakeDiscord::start().await;
    let gw = FakeGateway::start().await;
    fake.set_gateway_url(&gw.url);
    let items = (1..=items)
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
    tuning.gateway = fast_gateway();
    prepare(&mut config, &mut tuning, &gw);
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
    Running {
        _dir: dir,
        store,
        fake,
        gw,
        items,
        stop,
        task,
    }
}

impl Running {
    /// Shuts gateway mode down and checks that it stopped cleanly.
    async fn stop(self) {
        let _ = self.stop.send(true);
        tokio::time::timeout(Duration::from_secs(20), self.task)
            .await
            .expect("gateway mode stops on shutdown")
            .unwrap()
            .unwrap();
    }
}

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
    let _serial = SERIAL.lock().await;
    let r = start(4, |_, _, _| {}).await;
    let (gw, fake, store, items) = (&r.gw, &r.fake, &r.store, &r.items);

    // Connect: the gateway URL came from the fake REST server, then HELLO, IDENTIFY, READY.
    let (op, identify) = opened_with(gw, 0).await;
    assert_eq!(op, 2, "a new session identifies");
    assert_eq!(identify["token"], "Bot test-token");
    assert_eq!(identify["intents"], 1, "the Guilds intent only");
    assert_eq!(identify["compress"], false, "no payload compression");
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.method == "GET" && r.path == "/api/v10/gateway" && r.status == 200),
        "the client asked the fake for the gateway URL"
    );
    assert_eq!(gw.connections()[0].path, "/first");
    connected().await;
    harness::posted(fake, items[0]).await;

    // The review flow: an approval arrives as INTERACTION_CREATE and is answered once.
    let first = approve_over_gateway(gw, fake, store, items[0]).await;

    // A dropped socket: the session is resumed (RESUME with its session id and seq).
    gw.drop_socket();
    let (op, resume) = opened_with(gw, 1).await;
    assert_eq!(op, 6, "a dropped socket is resumed, not re-identified");
    assert_eq!(resume["session_id"], gw.session_id());
    assert!(resume["seq"].as_u64().unwrap() >= 3, "{resume}");
    // Discord asks for the resume on READY's `resume_gateway_url`, not the first URL.
    assert_eq!(gw.connections()[1].path, "/resume", "resume URL used");
    connected().await;
    let second = approve_over_gateway(gw, fake, store, items[1]).await;

    // Op 7 RECONNECT: resumed as well, on the resume URL.
    gw.send_reconnect();
    let (op, _) = opened_with(gw, 2).await;
    assert_eq!(op, 6, "RECONNECT is followed by a resume");
    assert_eq!(gw.connections()[2].path, "/resume");
    connected().await;

    // A refused resume (INVALID_SESSION, not resumable): a fresh IDENTIFY on a new socket to
    // the first URL, after Discord's random wait (here 200 to 400 ms) and nothing more.
    gw.refuse_next_resume();
    gw.drop_socket();
    let (op, _) = opened_with(gw, 3).await;
    assert_eq!(op, 6);
    let (op, _) = opened_with(gw, 4).await;
    assert_eq!(op, 2, "after a refused resume the client identifies anew");
    assert_eq!(
        gw.connections()[4].path,
        "/first",
        "a new session starts on the first URL"
    );
    let waited = gw.connections()[4].opened - gw.refused_at().unwrap();
    eprintln!("re-identify after a refused resume took {waited:?}");
    assert!(
        waited >= Duration::from_millis(200) && waited < Duration::from_millis(1500),
        "re-identify took {waited:?} for a wait of 200 to 400 ms"
    );
    assert_eq!(gw.session_id(), "session-2");
    connected().await;
    let third = approve_over_gateway(gw, fake, store, items[2]).await;
    gw.drop_socket();
    let (op, resume) = opened_with(gw, 5).await;
    assert_eq!((op, &resume["session_id"]), (6, &json!("session-2")));
    connected().await;
    let fourth = approve_over_gateway(gw, fake, store, items[3]).await;

    // Nothing lost, nothing repeated: every interaction answered once, every approval
    // applied and audited once, across all six connections.
    for (v, item) in [
        (&first, items[0]),
        (&second, items[1]),
        (&third, items[2]),
        (&fourth, items[3]),
    ] {
        assert_eq!(
            callbacks(fake, v),
            1,
            "answers to the approval of item {item}"
        );
        assert_eq!(
            approvals_in_audit(store, item),
            1,
            "audited approvals of item {item}"
        );
    }
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resume_neither_loses_nor_repeats_an_interaction() {
    let _serial = SERIAL.lock().await;
    let r = start(2, |_, _, _| {}).await;
    let (gw, fake, store, items) = (&r.gw, &r.fake, &r.store, &r.items);
    assert_eq!(opened_with(gw, 0).await.0, 2);
    connected().await;
    let first = approve_over_gateway(gw, fake, store, items[0]).await;

    // The socket drops and an approval comes before the client is back: Discord keeps it for
    // the resume, and here replays the whole session with it, the first approval included.
    gw.replay_all_on_resume();
    gw.drop_socket();
    let missed = approve(items[1]);
    gw.dispatch("INTERACTION_CREATE", missed.clone());
    let (op, _) = opened_with(gw, 1).await;
    assert_eq!(op, 6, "resumed");
    wait_until("the approval sent while disconnected answered", 20, || {
        (callbacks(fake, &missed) > 0).then_some(())
    })
    .await;
    assert!(gw.replayed() >= 2, "the resume replayed both approvals");
    // Give a repeated answer the time to show.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for (v, item) in [(&first, items[0]), (&missed, items[1])] {
        assert_eq!(
            callbacks(fake, v),
            1,
            "answers to the approval of item {item}"
        );
        assert_eq!(
            approvals_in_audit(store, item),
            1,
            "audited approvals of item {item}"
        );
        assert_eq!(Queue::new(store).show(item).unwrap().state, State::Approved);
    }
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_gateway_mode_with_an_error_naming_the_token() {
    let _serial = SERIAL.lock().await;
    let r = start(0, |config, _, gw| {
        config.token_env = "REVIEWGATE_TEST_TOKEN".into();
        gw.close_identify_with(4004);
    })
    .await;
    let result = tokio::time::timeout(Duration::from_secs(20), r.task)
        .await
        .expect("gateway mode stops by itself on close code 4004")
        .unwrap();
    let message = result.expect_err("a refused token is an error").to_string();
    eprintln!("{message}");
    for part in ["4004", "token", "REVIEWGATE_TEST_TOKEN", "not reconnecting"] {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(r.gw.connections().len(), 1, "no reconnect after 4004");
    assert!(!reviewgate::discord::status::connected());
}

/// The same through the binary: `run` stops, exits 1 and says which variable to fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_exits_1_naming_the_token_variable_when_discord_refuses_the_token() {
    let _serial = SERIAL.lock().await;
    let fake = FakeDiscord::start().await;
    let gw = FakeGateway::start().await;
    fake.set_gateway_url(&gw.url);
    gw.close_identify_with(4004);
    let dir = tempfile::tempdir().unwrap();
    let cfg = cli_support::example_config(dir.path());
    let mut text = std::fs::read_to_string(&cfg).unwrap();
    text.push_str(&format!(
        "\n[discord]\ntoken_env = \"RG_GATEWAY_TEST_TOKEN\"\nreview_channel_id = {REVIEW_CHANNEL}\n\
         reviewer_role_id = {REVIEWER_ROLE}\nadmin_role_id = 3\napi_base = \"{}\"\n",
        fake.base
    ));
    std::fs::write(&cfg, text).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        assert_cmd::Command::cargo_bin("reviewgate")
            .unwrap()
            .arg("--config")
            .arg(&cfg)
            .arg("run")
            .env("RG_GATEWAY_TEST_TOKEN", "not-a-token")
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for part in ["4004", "RG_GATEWAY_TEST_TOKEN", "token"] {
        assert!(stderr.contains(part), "{part:?} missing from: {stderr}");
    }
    assert_eq!(gw.connections().len(), 1, "no reconnect after 4004");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_without_heartbeat_acks_is_dropped_and_resumed() {
    let _serial = SERIAL.lock().await;
    let r = start(1, |_, _, _| {}).await;
    let (gw, fake, store) = (&r.gw, &r.fake, &r.store);
    assert_eq!(opened_with(gw, 0).await.0, 2);
    connected().await;

    gw.withhold_acks();
    let since = Instant::now();
    let (op, resume) = opened_with(gw, 1).await;
    let took = gw.connections()[1].opened - since;
    eprintln!("zombie connection replaced after {took:?} (interval {HEARTBEAT_MS} ms)");
    assert_eq!(op, 6, "a zombie connection is resumed");
    assert_eq!(resume["session_id"], gw.session_id());
    assert_eq!(gw.connections()[1].path, "/resume");
    // The beat after an unacknowledged one finds it missing: at most two intervals.
    assert!(
        took < Duration::from_millis(2 * HEARTBEAT_MS + 500),
        "took {took:?}"
    );
    let unanswered = gw.heartbeats_on(0).into_iter().filter(|t| *t >= since);
    assert_eq!(
        unanswered.count(),
        1,
        "one beat without ACK, then a new connection"
    );
    connected().await;
    let v = approve_over_gateway(gw, fake, store, r.items[0]).await;
    assert_eq!(callbacks(fake, &v), 1);
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeat_requests_invalid_sessions_and_close_codes_are_followed() {
    let _serial = SERIAL.lock().await;
    // A long wait after INVALID_SESSION, to tell it from the new session 4009 starts at once.
    let r = start(0, |_, tuning, _| {
        tuning.gateway.reidentify_min = Duration::from_secs(2);
        tuning.gateway.reidentify_max = Duration::from_secs(3);
    })
    .await;
    let gw = &r.gw;
    assert_eq!(opened_with(gw, 0).await.0, 2);
    connected().await;
    // The first beat comes within one interval (after a random part of it).
    let first = wait_until("the first heartbeat", 5, || {
        gw.heartbeats_on(0).first().copied()
    })
    .await;
    assert!(first - gw.connections()[0].opened <= Duration::from_millis(HEARTBEAT_MS + 100));

    // Op 1 from Discord: a heartbeat at once, each time (the schedule alone gives at most
    // three in 500 ms).
    let since = Instant::now();
    for _ in 0..8 {
        gw.send_raw(json!({"op": 1, "d": null}));
    }
    let answered = wait_until("eight heartbeats answering op 1", 5, || {
        let beats = gw
            .heartbeats_on(0)
            .into_iter()
            .filter(|t| *t >= since)
            .count();
        (beats >= 8).then(|| since.elapsed())
    })
    .await;
    assert!(answered < Duration::from_millis(500), "took {answered:?}");

    // INVALID_SESSION that may be resumed: resumed, on the resume URL.
    gw.send_raw(json!({"op": 9, "d": true}));
    let (op, _) = opened_with(gw, 1).await;
    assert_eq!((op, gw.connections()[1].path.as_str()), (6, "/resume"));
    connected().await;
    // A close code that allows it (4000, unknown error): resumed.
    gw.close_with(4000);
    let (op, _) = opened_with(gw, 2).await;
    assert_eq!((op, gw.connections()[2].path.as_str()), (6, "/resume"));
    connected().await;
    // Session timed out (4009): a new session at once, on the first URL.
    let closed = Instant::now();
    gw.close_with(4009);
    let (op, _) = opened_with(gw, 3).await;
    assert_eq!((op, gw.connections()[3].path.as_str()), (2, "/first"));
    assert!(gw.connections()[3].opened - closed < Duration::from_secs(1));
    connected().await;
    assert_eq!(gw.session_id(), "session-2");
    r.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_payload_costs_the_connection_not_the_process() {
    let _serial = SERIAL.lock().await;
    let r = start(1, |_, tuning, _| {
        tuning.gateway.max_message_bytes = 64 << 10;
    })
    .await;
    let (gw, fake, store) = (&r.gw, &r.fake, &r.store);
    assert_eq!(opened_with(gw, 0).await.0, 2);
    connected().await;
    gw.send_oversized(100 << 10);
    let (op, _) = opened_with(gw, 1).await;
    assert_eq!(op, 6, "the session is resumed after the oversized payload");
    connected().await;
    assert!(!r.task.is_finished());
    let v = approve_over_gateway(gw, fake, store, r.items[0]).await;
    assert_eq!(callbacks(fake, &v), 1);
    r.stop().await;
}

/// Keeps a CPU busy for `time`, as parsing a large page does.
fn spin(time: Duration) {
    let until = Instant::now() + time;
    let mut x = 0u64;
    while Instant::now() < until {
        for i in 0..10_000u64 {
            x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(i));
        }
    }
}

/// The pipeline commits polls on the blocking pool; the heartbeat must not need it. With the
/// pool at its limit (two threads: a large poll and CPU-bound work, more queued behind them),
/// heartbeats keep their interval.
#[test]
fn heartbeats_keep_their_interval_while_the_blocking_pool_is_busy() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let _serial = SERIAL.lock().await;
        let r = start(0, |_, _, _| {}).await;
        let gw = &r.gw;
        assert_eq!(opened_with(gw, 0).await.0, 2);
        connected().await;

        let busy = Duration::from_millis(2500);
        let since = Instant::now();
        let poll = tokio::spawn(heavy_poll(r.store.clone()));
        // The poll takes the first blocking thread, CPU-bound work the second, and more wait.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let blockers: Vec<_> = (0..4)
            .map(|_| tokio::task::spawn_blocking(move || spin(busy)))
            .collect();
        tokio::time::sleep(busy).await;
        let until = Instant::now();
        let beats: Vec<Instant> = gw
            .heartbeats_on(0)
            .into_iter()
            .filter(|t| *t >= since && *t <= until)
            .collect();
        let mut edges = vec![since];
        edges.extend(beats.iter().copied());
        edges.push(until);
        let worst = edges.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        let took = poll.await.unwrap();
        for b in blockers {
            b.await.unwrap();
        }
        eprintln!(
            "{} heartbeats in {busy:?} with the blocking pool full, worst gap {worst:?} \
             (interval {HEARTBEAT_MS} ms); the poll committed in {took:?}",
            beats.len()
        );
        // A beat waiting for the pool would leave a gap of the whole busy time.
        assert!(
            worst < Duration::from_millis(4 * HEARTBEAT_MS),
            "heartbeat gap {worst:?} for an interval of {HEARTBEAT_MS} ms"
        );
        assert_eq!(gw.connections().len(), 1, "the connection held");
        r.stop().await;
    });
}
