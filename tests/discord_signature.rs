//! HTTP interactions mode refuses unsigned, badly signed and stale requests with 401 and
//! answers Discord's PING with PONG.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::queue::{Queue, State};
use serde_json::json;

#[tokio::test]
async fn signatures_are_checked_and_pings_answered() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(&store, "p1", "slow", None, "Sorry, we are on it.");
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;

    let ping = json!({"id": "1", "application_id": "999", "type": 1, "token": "t", "version": 1})
        .to_string();
    let now = chrono::Utc::now().timestamp().to_string();
    let (status, answer) = send_raw(svc.addr, &ping, Some(&sign(&now, &ping)), Some(&now)).await;
    assert_eq!((status, answer["type"].clone()), (200, json!(1)));

    let approve = click(
        ALICE,
        &[REVIEWER_ROLE],
        &format!("rg:b:approve:{item}:1"),
        message,
    )
    .to_string();
    // Unsigned.
    assert_eq!(send_raw(svc.addr, &approve, None, None).await.0, 401);
    assert_eq!(send_raw(svc.addr, &approve, None, Some(&now)).await.0, 401);
    // Signed by someone else.
    let other = ed25519_dalek::SigningKey::from_bytes(&[1u8; 32]);
    let mut m = now.as_bytes().to_vec();
    m.extend_from_slice(approve.as_bytes());
    let foreign = hex::encode(ed25519_dalek::Signer::sign(&other, &m).to_bytes());
    assert_eq!(
        send_raw(svc.addr, &approve, Some(&foreign), Some(&now))
            .await
            .0,
        401
    );
    // A good signature over a different body (tampered request).
    let tampered = approve.replace(&ALICE.to_string(), &MALLORY.to_string());
    assert_eq!(
        send_raw(svc.addr, &tampered, Some(&sign(&now, &approve)), Some(&now))
            .await
            .0,
        401
    );
    // Garbage signature header.
    assert_eq!(
        send_raw(svc.addr, &approve, Some("xyz"), Some(&now))
            .await
            .0,
        401
    );
    // Correctly signed but older than five minutes: a replay.
    let old = (chrono::Utc::now().timestamp() - 6 * 60).to_string();
    assert_eq!(
        send_raw(svc.addr, &approve, Some(&sign(&old, &approve)), Some(&old))
            .await
            .0,
        401
    );
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Pending,
        "no refused request acted"
    );

    // Signed but not JSON: a clear 400, nothing acted.
    let (status, answer) = send_raw(svc.addr, "nope", Some(&sign(&now, "nope")), Some(&now)).await;
    assert_eq!(status, 400);
    assert!(answer
        .as_str()
        .unwrap_or_default()
        .contains("not valid JSON"));

    let (status, _) = send_signed(svc.addr, &serde_json::from_str(&approve).unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Approved
    );
    svc.stop().await;
}
