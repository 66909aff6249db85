//! Delivery through the outbox: Discord outages (5xx, 429 with retry_after, lost answers) end
//! with every item posted exactly once; pending deliveries survive a restart.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::{FakeDiscord, Fault};
use reviewgate::queue::{Queue, State};

fn post_path() -> String {
    format!("POST /api/v10/channels/{REVIEW_CHANNEL}/messages")
}

#[tokio::test]
async fn outage_ends_with_every_item_posted_exactly_once() {
    let fake = FakeDiscord::start().await;
    // Discord is down, then rate limits, and twice creates the message but the answer is lost.
    fake.fail(
        &post_path(),
        [
            Fault::Status(500),
            Fault::Status(502),
            Fault::RateLimited(0.05),
            Fault::LostAnswer,
            Fault::Status(503),
            Fault::RateLimited(0.03),
            Fault::LostAnswer,
            Fault::Status(500),
        ],
    );
    let (_dir, path) = temp_db();
    let store = open(&path);
    let items: Vec<i64> = (0..4)
        .map(|i| {
            enqueue(
                &store,
                &format!("p{i}"),
                "slow support",
                None,
                &format!("Sorry, reply {i}."),
            )
        })
        .collect();
    let svc = start(store.clone(), &fake, fast_tuning()).await;

    for &item in &items {
        posted(&fake, item).await;
    }
    // Let any stray retry run before counting.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for &item in &items {
        assert_eq!(
            fake.messages_for_item(item).len(),
            1,
            "item {item} posted once"
        );
        let stored = store
            .item_discord_message(item)
            .unwrap()
            .expect("message id stored");
        assert_eq!(stored.message_id, fake.messages_for_item(item)[0].1);
    }
    let requests = fake.requests();
    assert!(requests.iter().any(|r| r.status == 429));
    assert!(requests.iter().any(|r| r.status >= 500));
    // Lost answers were reconciled by reading the channel, not by posting blindly.
    assert!(requests
        .iter()
        .any(|r| r.method == "GET" && r.path.ends_with("/messages")));

    // Edits survive an outage too.
    let message = fake.messages_for_item(items[0])[0].1;
    fake.fail(
        &format!("PATCH /api/v10/channels/{REVIEW_CHANNEL}/messages/{message}"),
        [Fault::Status(500), Fault::RateLimited(0.02)],
    );
    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:approve:{}:1", items[0]),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("Approved"));
    eventually("edit after outage", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("approved"))
    })
    .await;
    svc.stop().await;
}

#[tokio::test]
async fn pending_deliveries_and_state_survive_a_restart() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let item = {
        let store = open(&path);
        enqueue(&store, "p1", "why", None, "We are checking it.")
    };

    // First run: posted, approved by a click, then stopped while Discord refuses the edit.
    let store = open(&path);
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;
    fake.fail(
        &format!("PATCH /api/v10/channels/{REVIEW_CHANNEL}/messages/{message}"),
        std::iter::repeat(Fault::Status(503)).take(1000),
    );
    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:approve:{item}:1"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("Approved"));
    eventually("a failed edit attempt", || {
        fake.requests()
            .iter()
            .any(|r| r.method == "PATCH" && r.status == 503)
            .then_some(())
    })
    .await;
    svc.stop().await;
    drop(store);

    // Items enqueued while the service is down are posted after the restart.
    let second = {
        let store = open(&path);
        enqueue(&store, "p2", "hello", None, "Hello there.")
    };
    clear_faults(&fake);

    // Second run on the same database file.
    let store = open(&path);
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Approved
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    eventually("pending edit delivered after restart", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("approved"))
    })
    .await;
    posted(&fake, second).await;
    assert_eq!(
        fake.messages_for_item(item).len(),
        1,
        "no second post after the restart"
    );
    assert_eq!(fake.messages_for_item(second).len(), 1);

    // The restarted handler acts on the same state: the approved item can be marked posted.
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:m:posted:{item}:1"),
            "where",
            "https://forum.example/p9",
        ),
    )
    .await;
    assert!(
        ephemeral_text(&answer).contains("marked as posted"),
        "{answer}"
    );
    svc.stop().await;
    store.audit_verify().unwrap();
}

fn clear_faults(fake: &FakeDiscord) {
    fake.clear_faults();
}

#[tokio::test]
async fn source_alerts_go_to_the_admin_channel() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    fake.fail(
        &format!("POST /api/v10/channels/{ADMIN_CHANNEL}/messages"),
        [Fault::Status(500)],
    );
    reviewgate::discord::push_alert(
        &store,
        "phpbb-thread",
        "5 polls in a row found nothing @everyone",
    )
    .unwrap();
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let alert = eventually("alert posted", || {
        fake.messages().into_iter().find(|m| m.0 == ADMIN_CHANNEL)
    })
    .await;
    let body = alert.2.to_string();
    assert!(
        body.contains(r"phpbb\\-thread") && body.contains("5 polls"),
        "{body}"
    );
    assert!(!body.contains("@everyone"), "{body}");
    assert_eq!(alert.2["allowed_mentions"]["parse"], serde_json::json!([]));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        fake.messages()
            .iter()
            .filter(|m| m.0 == ADMIN_CHANNEL)
            .count(),
        1
    );
    svc.stop().await;
}

#[tokio::test]
async fn a_post_cut_off_by_a_stop_is_adopted_not_repeated() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(&store, "p1", "hm", None, "Thanks.");
    reviewgate::discord::announce_item(&store, item).unwrap();
    // The previous run sent the post (long ago: outside Discord's nonce window) and stopped
    // before it could record the answer.
    let earlier: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/v10/channels/{REVIEW_CHANNEL}/messages", fake.base))
        .json(&serde_json::json!({"embeds": [{"title": "old", "footer": {"text": format!("reviewgate item #{item}")}}]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let earlier_id: u64 = earlier["id"].as_str().unwrap().parse().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let stored = eventually("message id recorded", || {
        store.item_discord_message(item).unwrap()
    })
    .await;
    assert_eq!(stored.message_id, earlier_id);
    // The adopted message is brought up to date by an edit, and never posted a second time.
    eventually("adopted message edited", || {
        fake.edits_of(earlier_id)
            .into_iter()
            .find(|b| title(b).contains("pending"))
    })
    .await;
    assert_eq!(fake.messages_for_item(item).len(), 1);
    svc.stop().await;
}
