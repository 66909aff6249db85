//! Interactions are taken only from the configured server and the review or admin channel,
//! each id only once, and only with a strictly valid signature; the right one still works.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::discord::{serve_interactions, DiscordDeps, DiscordError};
use reviewgate::queue::{Queue, State};
use serde_json::{json, Value};

/// The same signature with S + L (L the group order): it verifies under the plain equation.
fn malleate(sig_hex: &str) -> String {
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut sig = hex::decode(sig_hex).unwrap();
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
        sig[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    hex::encode(sig)
}

fn refusals(store: &reviewgate::store::Store) -> Vec<String> {
    store
        .audit_entries(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "refuse:interaction")
        .map(|e| format!("{} {}", e.actor, e.detail))
        .collect()
}

#[tokio::test]
async fn foreign_places_replays_and_malleable_signatures_are_refused() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(&store, "p1", "slow", None, "Sorry, we are on it.");
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;
    let approve_id = format!("rg:b:approve:{item}:1");
    let approve = || click(ALICE, &[REVIEWER_ROLE], &approve_id, message);

    // Another server, another channel, a direct message: "not here", audited, nothing done.
    let mut elsewhere: Vec<Value> = Vec::new();
    let mut v = approve();
    v["guild_id"] = json!("666");
    elsewhere.push(v);
    let mut v = approve();
    v["channel_id"] = json!("555");
    elsewhere.push(v);
    let mut v = approve();
    v.as_object_mut().unwrap().remove("guild_id");
    elsewhere.push(v);
    let mut v = command(
        ALICE,
        &[REVIEWER_ROLE, ADMIN_ROLE],
        "source",
        Some(("pause", Some("phpbb-thread"))),
    );
    v["channel_id"] = json!("555");
    elsewhere.push(v);
    for body in &elsewhere {
        let (status, answer) = send_signed(svc.addr, body).await;
        assert_eq!(status, 200, "{answer}");
        assert!(ephemeral_text(&answer).starts_with("Not here"), "{answer}");
    }
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Pending);
    assert!(
        svc.sources.paused.lock().unwrap().is_empty(),
        "the command did not run"
    );
    let audited = refusals(&store);
    assert_eq!(audited.len(), 4, "{audited:?}");
    assert!(
        audited[0].contains(&format!("discord:{ALICE} not here: server 666")),
        "{audited:?}"
    );
    assert!(audited[1].contains("channel 555"), "{audited:?}");
    assert!(audited[2].contains("direct message"), "{audited:?}");
    assert!(
        audited[3].contains("/source pause phpbb-thread"),
        "{audited:?}"
    );

    // A non-canonical (malleated) signature of a good request: 401.
    let body = approve().to_string();
    let now = chrono::Utc::now().timestamp().to_string();
    let (status, _) = send_raw(
        svc.addr,
        &body,
        Some(&malleate(&sign(&now, &body))),
        Some(&now),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Pending);

    // The right one works once; the same id again, freshly signed, is a replay: 401.
    let (status, answer) = send_raw(svc.addr, &body, Some(&sign(&now, &body)), Some(&now)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Approved
    );
    let later = (chrono::Utc::now().timestamp() + 1).to_string();
    let (status, answer) =
        send_raw(svc.addr, &body, Some(&sign(&later, &body)), Some(&later)).await;
    assert_eq!(status, 401, "{answer}");
    let approvals = store
        .audit_entries(Some(item))
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "approve")
        .count();
    assert_eq!(approvals, 1);
    svc.stop().await;
}

#[tokio::test]
async fn a_small_order_public_key_is_refused_at_start() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let mut config = config(&fake.base);
    // The identity point: with it, R = identity and S = 0 "verify" any message.
    let mut weak = [0u8; 32];
    weak[0] = 1;
    config.public_key = Some(hex::encode(weak));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let deps = DiscordDeps {
        config,
        token: "test-token".into(),
        store,
        assess: assessor(),
        sources: std::sync::Arc::new(FakeSources::default()),
        tuning: fast_tuning(),
        people: std::sync::Arc::new(fake_discord::harness::people()),
        publishing: None,
    };
    let result = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        serve_interactions(deps, listener, rx),
    )
    .await
    .expect("refused at once");
    match result {
        Err(DiscordError::Config(message)) => assert!(message.contains("weak"), "{message}"),
        other => panic!("expected a config error, got {other:?}"),
    }
}
