//! The gate through signed interactions against a fake Discord that enforces Discord's message
//! limits: one person is one reviewer across the CLI and Discord, and a reply is approved only
//! from a message that showed all of it.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::model::MatchStatus;
use reviewgate::queue::{Queue, State};

#[tokio::test]
async fn alice_on_the_cli_and_alice_on_discord_are_one_reviewer() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = enqueue(
        &store,
        "p1",
        "they ignore me",
        Some(linked(MatchStatus::Linked)),
        "Hi, your account jan.doe@example.de is active.",
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;
    // Alice approves from her OS account, as the CLI does.
    let people = people();
    let cli_alice = people.cli_actor("alice", None).unwrap();
    Queue::with_people(&store, &people)
        .approve(item, 1, &cli_alice, "the poster asked")
        .unwrap();
    // Her Discord account is the same person: refused, by button and by form.
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
    assert!(
        ephemeral_text(&answer).contains("already approved"),
        "{answer}"
    );
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:m:approve:{item}:1"),
            "reason",
            "me",
        ),
    )
    .await;
    assert!(
        ephemeral_text(&answer).contains("already approved"),
        "{answer}"
    );
    assert_eq!(Queue::new(&store).show(item).unwrap().state, State::Pending);
    // Bob, whom no table maps, is his own person: the second approval.
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:m:approve:{item}:1"),
            "reason",
            "agreed",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("Approved"), "{answer}");
    svc.stop().await;
}

#[tokio::test]
async fn a_long_reply_is_shown_whole_and_one_too_long_to_show_is_never_approved_in_discord() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    // 2,600 characters, the e-mail at the very end: past the old 1,024 cut.
    let long = format!(
        "{}write to jan.doe@example.de",
        "We checked your case again and here is what we found. ".repeat(47)
    );
    let item = enqueue(
        &store,
        "p2",
        "slow",
        Some(linked(MatchStatus::Linked)),
        &long,
    );
    // 7,000 characters: no Discord message holds it.
    let huge = "Here is the full story of what happened on our side. ".repeat(135);
    let other = enqueue(&store, "p3", "slow", None, &huge);
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    posted(&fake, item).await;
    let other_message = posted(&fake, other).await;

    let body = current(&fake, item);
    let fields = body["embeds"][0]["fields"].as_array().unwrap();
    let reply: String = fields
        .iter()
        .filter(|f| f["name"].as_str().unwrap().starts_with("Reply"))
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert!(
        reply.contains("We checked your case again")
            && reply.ends_with("**⟦email: j\\*\\*\\*@e\\*\\*\\*.de⟧**"),
        "{reply}"
    );
    assert_eq!(
        reply.matches("We checked your case again").count(),
        47,
        "every sentence shown"
    );
    assert!(body.to_string().contains("Where the findings are"));
    assert!(!body.to_string().contains("jan.doe"));

    // Too long to show: Approve is disabled, and a click (stale or forged) is refused.
    let body = current(&fake, other);
    assert!(
        body.to_string().contains("Reply not shown in full"),
        "{body}"
    );
    let approve = format!("rg:b:approve:{other}:1");
    let (_, answer) = send_signed(
        svc.addr,
        &click(ALICE, &[REVIEWER_ROLE], &approve, other_message),
    )
    .await;
    let text = ephemeral_text(&answer);
    assert!(
        text.contains("Refused") && text.contains(&format!("queue approve {other} --version 1")),
        "{answer}"
    );
    assert_eq!(
        Queue::new(&store).show(other).unwrap().state,
        State::Pending
    );
    // The rewrite form would drop the reply's end: it is not opened; the CLI is offered.
    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:rewrite:{other}:1"),
            other_message,
        ),
    )
    .await;
    assert_ne!(answer["type"], 9, "no modal: {answer}");
    assert!(
        ephemeral_text(&answer).contains(&format!("queue rewrite {other}")),
        "{answer}"
    );

    // The long one that was shown whole is approved from Discord as usual.
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:m:approve:{item}:1"),
            "reason",
            "ok",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("1 of 2"), "{answer}");
    // Nothing sent was over Discord's limits.
    assert!(fake.requests().iter().all(|r| r.status != 400));
    svc.stop().await;
}
