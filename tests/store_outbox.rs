//! The Discord outbox: a review message is posted once per item, updates wait for it, failures
//! are retried later, and everything survives a restart.

use chrono::{Duration, Utc};
use reviewgate::model::{Assessment, Decision, Post};
use reviewgate::queue::Queue;
use reviewgate::store::{DiscordRef, OutboxKind, Store};

fn post() -> Post {
    Post {
        source: "forum".into(),
        id: "p1".into(),
        url: None,
        author: "a".into(),
        published_at: None,
        text: "t".into(),
        quotes: vec![],
        relevant: true,
        truncated: false,
        matched: None,
    }
}

#[test]
fn outbox_posts_each_item_once_and_survives_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rg.sqlite3");
    let store = Store::open(&path).unwrap();
    let a = Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: "Hi.".into(),
    };
    let item = Queue::new(&store)
        .enqueue(&post(), None, "Hi.", &a, "bot:draft")
        .unwrap();

    let first = store
        .outbox_push(OutboxKind::Post, Some(item), r#"{"n":1}"#)
        .unwrap();
    assert_eq!(
        store
            .outbox_push(OutboxKind::Post, Some(item), r#"{"n":2}"#)
            .unwrap(),
        first
    );
    let update = store
        .outbox_push(OutboxKind::Update, Some(item), r#"{"state":"approved"}"#)
        .unwrap();
    let alert = store
        .outbox_push(OutboxKind::Alert, None, r#"{"text":"source down"}"#)
        .unwrap();

    let due: Vec<_> = store
        .outbox_due(Utc::now(), 10)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        due,
        [first, alert],
        "the update waits for the item's message"
    );

    store
        .outbox_failed(
            first,
            "429 Too Many Requests",
            Utc::now() + Duration::minutes(5),
        )
        .unwrap();
    let due: Vec<_> = store
        .outbox_due(Utc::now(), 10)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(due, [alert]);
    drop(store);

    let store = Store::open(&path).unwrap();
    let later = Utc::now() + Duration::minutes(6);
    let entry = store
        .outbox_due(later, 10)
        .unwrap()
        .into_iter()
        .find(|e| e.id == first)
        .unwrap();
    assert_eq!(
        (entry.attempts, entry.last_error.as_deref()),
        (1, Some("429 Too Many Requests"))
    );
    assert_eq!(entry.payload, r#"{"n":1}"#);
    let msg = DiscordRef {
        channel_id: 111,
        message_id: 222,
    };
    store.outbox_done(first, Some(msg)).unwrap();
    store.outbox_done(alert, None).unwrap();
    assert_eq!(store.item_discord_message(item).unwrap(), Some(msg));
    assert_eq!(store.item_by_discord_message(222).unwrap(), Some(item));

    let due = store.outbox_due(later, 10).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].id, due[0].item_message), (update, Some(msg)));
    // Pushing the item's post again after it went out changes nothing.
    assert_eq!(
        store
            .outbox_push(OutboxKind::Post, Some(item), "{}")
            .unwrap(),
        first
    );
    assert!(store
        .outbox_due(later, 10)
        .unwrap()
        .iter()
        .all(|e| e.kind != OutboxKind::Post));
}
