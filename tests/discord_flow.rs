//! The review flow through signed HTTP interactions against a fake Discord: posting, approving,
//! the two-person rule, blocked replies, rewrites, stale buttons and rejection.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::model::MatchStatus;
use reviewgate::queue::{Queue, State};

#[tokio::test]
async fn routine_reply_is_posted_approved_and_the_message_edited() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(
        &store,
        "p1",
        "Smart Security Scan is slow",
        None,
        "Sorry to hear that, we are looking into it.",
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;

    let message = posted(&fake, item).await;
    let body = current(&fake, item);
    assert!(title(&body).contains("routine"), "{body}");
    assert!(buttons(&body).contains(&format!("rg:b:approve:{item}:1")));
    // Slash commands were registered at start.
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.method == "PUT" && r.path.ends_with("/applications/999/commands")));

    let (status, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:approve:{item}:1"),
            message,
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert!(ephemeral_text(&answer).contains("Approved"), "{answer}");
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Approved
    );

    let edited = eventually("message edited to approved", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("approved"))
    })
    .await;
    assert_eq!(buttons(&edited)[0], format!("rg:b:posted:{item}:1"));
    assert!(
        edited.to_string().contains(&format!("<@{ALICE}>")),
        "who approved is shown: {edited}"
    );
    assert_eq!(edited["allowed_mentions"]["parse"], serde_json::json!([]));

    // Mark posted: a modal asks where, then the message shows it.
    let (_, answer) = send_signed(
        svc.addr,
        &click(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:b:posted:{item}:1"),
            message,
        ),
    )
    .await;
    assert_eq!(answer["type"], 9);
    assert_eq!(answer["data"]["custom_id"], format!("rg:m:posted:{item}:1"));
    let where_ = "https://forum.example/viewtopic.php?t=1#p99";
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:m:posted:{item}:1"),
            "where",
            where_,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("marked as posted"));
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Posted);
    eventually("message edited to posted", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("posted"))
    })
    .await;
    // One review message, never a second post.
    assert_eq!(fake.messages_for_item(item).len(), 1);
    svc.stop().await;
}

#[tokio::test]
async fn disclosing_reply_needs_two_different_reviewers_with_reasons() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let reply = "Hi, your account jan.doe@example.de is active.";
    let item = enqueue(
        &store,
        "p2",
        "they ignore me",
        Some(linked(MatchStatus::Linked)),
        reply,
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;

    // The account value never appears in the channel; its masked form does.
    let body = current(&fake, item).to_string();
    assert!(!body.contains("jan.doe"), "{body}");
    assert!(body.contains(r"j\\*\\*\\*@e\\*\\*\\*.de"), "{body}");

    let approve = format!("rg:b:approve:{item}:1");
    let reason_form = format!("rg:m:approve:{item}:1");
    let (_, answer) =
        send_signed(svc.addr, &click(ALICE, &[REVIEWER_ROLE], &approve, message)).await;
    assert_eq!(
        answer["type"], 9,
        "needs_review approval asks for a reason: {answer}"
    );
    assert_eq!(answer["data"]["custom_id"], reason_form);

    // An empty reason is refused.
    let (_, answer) = send_signed(
        svc.addr,
        &modal(ALICE, &[REVIEWER_ROLE], &reason_form, "reason", "  "),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("reason"), "{answer}");

    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            ALICE,
            &[REVIEWER_ROLE],
            &reason_form,
            "reason",
            "poster asked publicly",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("1 of 2"), "{answer}");
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Pending);

    // The same reviewer again is refused, by button and by form.
    let (_, answer) =
        send_signed(svc.addr, &click(ALICE, &[REVIEWER_ROLE], &approve, message)).await;
    assert!(
        ephemeral_text(&answer).contains("already approved"),
        "{answer}"
    );
    let (_, answer) = send_signed(
        svc.addr,
        &modal(ALICE, &[REVIEWER_ROLE], &reason_form, "reason", "me again"),
    )
    .await;
    assert!(
        ephemeral_text(&answer).contains("already approved"),
        "{answer}"
    );
    assert_eq!(Queue::new(&store).show(item).unwrap().approvals.len(), 1);

    let (_, answer) = send_signed(
        svc.addr,
        &modal(BOB, &[REVIEWER_ROLE], &reason_form, "reason", "agreed"),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("Approved"), "{answer}");
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Approved
    );
    let edited = eventually("edit showing both approvals", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("approved"))
    })
    .await;
    let s = edited.to_string();
    assert!(
        s.contains(&format!("<@{ALICE}>")) && s.contains(&format!("<@{BOB}>")),
        "{s}"
    );
    assert!(s.contains("agreed"), "{s}");

    // Refusals were audited.
    let audit = store.audit_entries(Some(item)).unwrap();
    assert!(
        audit.iter().any(
            |e| e.action.starts_with("refuse:approve") && e.actor == format!("discord:{ALICE}")
        ),
        "{audit:?}"
    );
    svc.stop().await;
}

#[tokio::test]
async fn blocked_reply_is_refused_then_redacted_and_approved() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(
        &store,
        "p4",
        "you lost my data",
        Some(linked(MatchStatus::Linked)),
        "Your database shows no loss.",
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;
    assert!(title(&current(&fake, item)).contains("blocked"));

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
    assert!(ephemeral_text(&answer).contains("entrusted"), "{answer}");
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Pending);

    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:redacted:{item}:1"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("version 2"), "{answer}");
    let view = Queue::new(&store).show(item).unwrap();
    assert_eq!((view.version, view.decision.as_str()), (2, "routine"));
    assert_eq!(view.reply, "Your [entrusted] shows no loss.");
    eventually("message shows version 2", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("(v2)"))
    })
    .await;

    let (_, answer) = send_signed(
        svc.addr,
        &click(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:b:approve:{item}:2"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("Approved"), "{answer}");
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Approved
    );
    svc.stop().await;
}

#[tokio::test]
async fn rewrite_resets_approvals_and_old_buttons_are_stale() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(
        &store,
        "p5",
        "bad",
        Some(linked(MatchStatus::Linked)),
        "Mail jan.doe@example.de for help.",
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;

    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:m:approve:{item}:1"),
            "reason",
            "ok",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("1 of 2"));

    let (_, answer) = send_signed(
        svc.addr,
        &click(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:b:rewrite:{item}:1"),
            message,
        ),
    )
    .await;
    assert_eq!(answer["type"], 9);
    assert_eq!(
        answer["data"]["components"][0]["components"][0]["value"],
        "Mail jan.doe@example.de for help."
    );
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:m:rewrite:{item}:1"),
            "text",
            "Please contact our support team.",
        ),
    )
    .await;
    assert!(
        ephemeral_text(&answer).contains("approvals start over"),
        "{answer}"
    );
    let view = Queue::new(&store).show(item).unwrap();
    assert_eq!(
        (view.version, view.approvals.len(), view.decision.as_str()),
        (2, 0, "routine")
    );

    // A click on the message as it looked at version 1 is refused, audited, and nothing changes.
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
    assert!(ephemeral_text(&answer).contains("version 2"), "{answer}");
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:m:approve:{item}:1"),
            "reason",
            "late",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("version 2"), "{answer}");
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Pending);
    assert!(store
        .audit_entries(Some(item))
        .unwrap()
        .iter()
        .any(|e| e.action == "refuse:approve" && e.actor == format!("discord:{ALICE}")));

    let edited = eventually("message at version 2", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("(v2)"))
    })
    .await;
    assert!(buttons(&edited).contains(&format!("rg:b:approve:{item}:2")));
    assert!(edited.to_string().contains("approvals 0/1"), "{edited}");
    svc.stop().await;
}

#[tokio::test]
async fn reject_asks_for_a_reason_and_ends_the_item() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(&store, "p8", "hm", None, "We are sorry.");
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;

    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:reject:{item}:1"),
            message,
        ),
    )
    .await;
    assert_eq!(
        (answer["type"].clone(), answer["data"]["custom_id"].clone()),
        (
            serde_json::json!(9),
            serde_json::json!(format!("rg:m:reject:{item}:1"))
        )
    );
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:m:reject:{item}:1"),
            "reason",
            "tone is off",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("Rejected"), "{answer}");
    assert_eq!(
        Queue::new(&store).show(item).unwrap().state,
        State::Rejected
    );
    let edited = eventually("message shows rejected", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| title(b).contains("rejected"))
    })
    .await;
    // Only the gate's decision can still be flagged (a correction for the regression set).
    assert!(
        buttons(&edited).iter().all(|b| b.starts_with("rg:b:flag")),
        "no actions on a rejected item: {edited}"
    );

    // Nothing more can happen to it.
    let (_, answer) = send_signed(
        svc.addr,
        &click(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:b:approve:{item}:1"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("rejected"), "{answer}");
    svc.stop().await;
}
