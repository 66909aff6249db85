//! Ranked candidates on the review card: listed with masked evidence, one "Confirm N" button
//! each and "Reject all"; only reviewers may choose, and every choice is audited.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::model::{Candidate, Evidence, EvidenceKind, MatchStatus};
use reviewgate::queue::{MatchState, Queue};
use reviewgate::store::Store;

fn candidate(id: &str, confidence: f64, name: &str) -> Candidate {
    Candidate {
        customer_id: id.into(),
        confidence,
        evidence: vec![Evidence {
            kind: EvidenceKind::Name,
            detail: format!("signature = account name \"{name}\" (shared by 3)"),
        }],
    }
}

/// An item whose post three namesakes fit about equally; returns its id.
fn ambiguous_item(store: &Store) -> i64 {
    let mut best = linked(MatchStatus::Candidate);
    best.customer_id = "C-1".into();
    let item = enqueue(
        store,
        "p7",
        "Smart Security Scan lost my scans. (signed with a name three accounts share)",
        Some(best),
        "Sorry to hear that, we are looking into it.",
    );
    store
        .set_post_candidates(
            "phpbb-thread",
            "p7",
            &[
                candidate("C-1", 0.55, "Ada Okonkwo"),
                candidate("C-2", 0.52, "Ada Okonkwo"),
                candidate("C-3", 0.5, "Ada Okonkwo"),
            ],
        )
        .unwrap();
    item
}

#[tokio::test]
async fn a_reviewer_confirms_the_second_candidate_from_the_card() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = ambiguous_item(&store);
    let svc = start(store.clone(), &fake, fast_tuning()).await;

    let message = posted(&fake, item).await;
    let body = current(&fake, item);
    let text = body.to_string();
    assert!(text.contains("Candidates (masked)"), "{text}");
    assert!(
        !text.contains("Okonkwo"),
        "a candidate's name leaked: {text}"
    );
    let ids = buttons(&body);
    for id in ["pick1", "pick2", "pick3", "notmatch"] {
        assert!(
            ids.contains(&format!("rg:b:{id}:{item}:1")),
            "{id} in {ids:?}"
        );
    }

    // Someone without the reviewer role can not choose; the refusal is audited.
    let pick2 = format!("rg:b:pick2:{item}:1");
    let (_, answer) = send_signed(svc.addr, &click(MALLORY, &[ADMIN_ROLE], &pick2, message)).await;
    assert!(ephemeral_text(&answer).contains("Refused"), "{answer}");
    assert_eq!(
        Queue::new(&store).show(item).unwrap().match_state,
        MatchState::Candidate
    );

    let (_, answer) = send_signed(svc.addr, &click(ALICE, &[REVIEWER_ROLE], &pick2, message)).await;
    assert!(
        ephemeral_text(&answer).contains("Candidate 2 confirmed"),
        "{answer}"
    );
    let view = Queue::new(&store).show(item).unwrap();
    assert_eq!(view.match_state, MatchState::Confirmed);
    assert_eq!(view.customer_id.as_deref(), Some("C-2"));
    assert_eq!(view.matched.unwrap().customer_id, "C-2");
    assert_eq!(
        view.version, 1,
        "the reply was assessed against every candidate already"
    );

    let audit = store.audit_entries(Some(item)).unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "refuse:confirm_match" && e.actor == format!("discord:{MALLORY}")));
    let confirm = audit
        .iter()
        .find(|e| e.action == "confirm_match")
        .expect("the choice is audited");
    assert_eq!(confirm.actor, format!("discord:{ALICE}"));
    assert_eq!(confirm.detail, "candidate 2 of 3");
    assert!(
        audit.iter().all(|e| !e.detail.contains("C-2")),
        "no account ids in the trail"
    );

    // The message is edited: the choice is made, the buttons are gone.
    let edited = eventually("message shows the confirmed match", || {
        fake.edits_of(message)
            .into_iter()
            .find(|b| b.to_string().contains("confirmed"))
    })
    .await;
    assert!(!buttons(&edited).iter().any(|b| b.contains(":pick")));
    svc.stop().await;
}

#[tokio::test]
async fn reject_all_drops_the_match_and_keeps_the_bar() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let item = ambiguous_item(&store);
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, item).await;
    let (_, answer) = send_signed(
        svc.addr,
        &click(
            BOB,
            &[REVIEWER_ROLE],
            &format!("rg:b:notmatch:{item}:1"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("version 2"), "{answer}");
    let view = Queue::new(&store).show(item).unwrap();
    assert_eq!(view.match_state, MatchState::Rejected);
    assert_eq!(view.customer_id, None);
    // A stale pick (rendered for version 1) is refused, never applied.
    let (_, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:pick1:{item}:1"),
            message,
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("version"), "{answer}");
    assert_eq!(
        Queue::new(&store).show(item).unwrap().match_state,
        MatchState::Rejected
    );
    svc.stop().await;
}
