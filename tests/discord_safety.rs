//! Who may do what, and what may be shown: role checks on buttons and slash commands, the
//! audited ephemeral details view, neutralised mentions and markdown, deferred slow answers.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::model::MatchStatus;
use reviewgate::queue::{Queue, State};

#[tokio::test]
async fn members_without_the_role_are_refused_and_audited() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(
        &store,
        "p3",
        "meh",
        Some(linked(MatchStatus::Linked)),
        "Thanks for the feedback.",
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;

    for id in [
        format!("rg:b:approve:{item}:1"),
        format!("rg:b:details:{item}:1"),
        format!("rg:b:rewrite:{item}:1"),
    ] {
        let (_, answer) = send_signed(svc.addr, &click(MALLORY, &[ADMIN_ROLE], &id, message)).await;
        assert!(
            ephemeral_text(&answer).contains("reviewer role"),
            "{answer}"
        );
    }
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Pending);
    let refusals = store
        .audit_entries(Some(item))
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("refuse:") && e.actor == format!("discord:{MALLORY}"))
        .count();
    assert_eq!(refusals, 3);

    // Unknown items and foreign buttons are refused, not acted on.
    let (_, answer) = send_signed(
        svc.addr,
        &click(ALICE, &[REVIEWER_ROLE], "rg:b:approve:999:1", message),
    )
    .await;
    assert!(
        ephemeral_text(&answer).contains("does not exist"),
        "{answer}"
    );
    let (_, answer) = send_signed(
        svc.addr,
        &click(ALICE, &[REVIEWER_ROLE], "other-bot:click", message),
    )
    .await;
    assert!(
        ephemeral_text(&answer).contains("not one of reviewgate's"),
        "{answer}"
    );

    // /source is for admins; /queue for reviewers.
    let (_, answer) = send_signed(
        svc.addr,
        &command(
            ALICE,
            &[REVIEWER_ROLE],
            "source",
            Some(("pause", Some("phpbb-thread"))),
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("admin role"), "{answer}");
    assert!(svc.sources.paused.lock().unwrap().is_empty());
    let (_, answer) = send_signed(
        svc.addr,
        &command(
            MALLORY,
            &[ADMIN_ROLE],
            "source",
            Some(("pause", Some("phpbb-thread"))),
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("paused"), "{answer}");
    assert_eq!(*svc.sources.paused.lock().unwrap(), ["phpbb-thread"]);
    let (_, answer) = send_signed(
        svc.addr,
        &command(
            MALLORY,
            &[ADMIN_ROLE],
            "source",
            Some(("test", Some("phpbb-thread"))),
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("3 posts"), "{answer}");
    let (_, answer) = send_signed(svc.addr, &command(ALICE, &[REVIEWER_ROLE], "queue", None)).await;
    assert_eq!(
        answer["data"]["embeds"][0]["title"], "1 pending item(s)",
        "{answer}"
    );
    let (_, answer) = send_signed(svc.addr, &command(MALLORY, &[], "queue", None)).await;
    assert!(ephemeral_text(&answer).contains("Refused"), "{answer}");
    let all = store.audit_entries(None).unwrap();
    assert!(
        all.iter()
            .any(|e| e.action == "refuse:source_pause" && e.actor == format!("discord:{ALICE}")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|e| e.action == "source_pause" && e.actor == format!("discord:{MALLORY}")),
        "{all:?}"
    );
    svc.stop().await;
}

#[tokio::test]
async fn details_are_ephemeral_and_audited_and_candidates_confirmed() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(
        &store,
        "p6",
        "hmm",
        Some(linked(MatchStatus::Candidate)),
        "Thanks, we will check.",
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;
    assert!(buttons(&current(&fake, item)).contains(&format!("rg:b:confirm:{item}:1")));

    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:details:{item}:1"),
            message,
        ),
    )
    .await;
    assert_eq!(answer["data"]["flags"], 64, "{answer}");
    assert!(
        answer.to_string().contains("jan.doe@example.de"),
        "details show the evidence unmasked: {answer}"
    );
    assert!(store
        .audit_entries(Some(item))
        .unwrap()
        .iter()
        .any(|e| e.action == "view_details"));

    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:confirm:{item}:1"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("confirmed"), "{answer}");
    let edited = eventually("confirm buttons gone", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| !buttons(b).contains(&format!("rg:b:confirm:{item}:1")))
    })
    .await;
    assert!(edited.to_string().contains("confirmed"), "{edited}");
    svc.stop().await;
}

#[tokio::test]
async fn mentions_and_markdown_in_posts_are_neutralised() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let text = "@everyone @here <@&987654> <@123> **FRAUD** __scam__ ~~x~~ `code` ||spoiler|| # title\n> quote [click](https://evil.example)";
    let item = enqueue(&store, "p7", text, None, "We hear you @everyone.");
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    posted(&fake, item).await;

    let req = fake
        .requests()
        .into_iter()
        .find(|r| {
            r.method == "POST" && r.path == format!("/api/v10/channels/{REVIEW_CHANNEL}/messages")
        })
        .unwrap();
    let body = req.body;
    assert_eq!(
        body["allowed_mentions"]["parse"],
        serde_json::json!([]),
        "{body}"
    );
    let embed = body["embeds"][0].to_string();
    for raw in [
        "@everyone",
        "@here",
        "<@&987654>",
        "<@123>",
        "**FRAUD**",
        "__scam__",
        "~~x~~",
        "`code`",
        "||spoiler||",
        "[click](",
        "\\n# title",
    ] {
        assert!(!embed.contains(raw), "{raw} got through: {embed}");
    }
    let description = body["embeds"][0]["description"].as_str().unwrap();
    assert!(description.contains(r"\*\*FRAUD\*\*"), "{description}");
    assert!(description.contains(r"\_\_scam\_\_"), "{description}");
    assert!(description.contains(r"\|\|spoiler\|\|"), "{description}");
    svc.stop().await;
}

#[tokio::test]
async fn slow_commands_are_deferred_and_answered_through_the_webhook() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let mut tuning = fast_tuning();
    tuning.defer_after = std::time::Duration::from_millis(100);
    let sources = FakeSources {
        test_delay: std::time::Duration::from_millis(400),
        ..FakeSources::default()
    };
    let svc = start_with(store, &fake, tuning, sources).await;

    let cmd = command(
        MALLORY,
        &[ADMIN_ROLE],
        "source",
        Some(("test", Some("phpbb-thread"))),
    );
    let (status, answer) = send_signed(svc.addr, &cmd).await;
    assert_eq!(status, 200);
    assert_eq!(answer["type"], 5, "deferred: {answer}");
    assert_eq!(answer["data"]["flags"], 64);
    let token = cmd["token"].as_str().unwrap().to_string();
    let late = eventually("deferred answer sent", || {
        fake.requests().into_iter().find(|r| {
            r.method == "PATCH"
                && r.path == format!("/api/v10/webhooks/999/{token}/messages/@original")
        })
    })
    .await;
    assert!(
        late.body["content"].as_str().unwrap().contains("3 posts"),
        "{:?}",
        late.body
    );
    assert_eq!(
        late.body["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    svc.stop().await;
}
