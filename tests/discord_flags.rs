//! Flags from Discord through signed HTTP interactions against a fake Discord: the
//! "Flag: missed" / "Flag: too strict" buttons open a form for the note, the submitted form
//! records and audits the flag, and stale, empty or role-less flags are refused.

mod fake_discord;

use fake_discord::harness::*;
use fake_discord::FakeDiscord;
use reviewgate::model::MatchStatus;
use reviewgate::queue::{FlagKind, Queue};

#[tokio::test]
async fn the_flag_buttons_open_a_form_and_the_note_becomes_an_audited_labelled_case() {
    let fake = FakeDiscord::start().await;
    let (_dir, path) = temp_db();
    let store = open(&path);
    let routine = enqueue(
        &store,
        "p1",
        "Smart Security Scan is slow",
        Some(linked(MatchStatus::Linked)),
        "Sorry to hear that, you have been with us for years.",
    );
    let blocked = enqueue(
        &store,
        "p2",
        "Why was my site flagged?",
        None,
        "We looked in your database and saw it.",
    );
    let svc = start(store.clone(), &fake, fast_tuning()).await;
    let message = posted(&fake, routine).await;
    posted(&fake, blocked).await;

    // Only the directions that have a level beyond the decision are offered.
    let on_routine = buttons(&current(&fake, routine));
    assert!(on_routine.contains(&format!("rg:b:flagmissed:{routine}:1")));
    assert!(!on_routine.iter().any(|b| b.contains("flagstrict")));
    let on_blocked = buttons(&current(&fake, blocked));
    assert!(on_blocked.contains(&format!("rg:b:flagstrict:{blocked}:1")));
    assert!(!on_blocked.iter().any(|b| b.contains("flagmissed")));

    // The button opens the form, bound to the version shown.
    let (status, answer) = send_signed(
        svc.addr,
        &click(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:b:flagmissed:{routine}:1"),
            message,
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer["type"], 9, "{answer}");
    assert_eq!(
        answer["data"]["custom_id"],
        format!("rg:m:flagmissed:{routine}:1")
    );
    assert_eq!(
        answer["data"]["components"][0]["components"][0]["custom_id"],
        "note"
    );

    // An empty note is refused (and nothing is recorded).
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:m:flagmissed:{routine}:1"),
            "note",
            "   ",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("needs a note"), "{answer}");
    // A member without the reviewer role can not flag.
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            MALLORY,
            &[],
            &format!("rg:m:flagmissed:{routine}:1"),
            "note",
            "x",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("Refused"), "{answer}");
    // A form for another version than the one now current is refused.
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:m:flagmissed:{routine}:7"),
            "note",
            "x",
        ),
    )
    .await;
    assert!(ephemeral_text(&answer).contains("version 7"), "{answer}");
    assert!(Queue::new(&store).flag_cases().unwrap().is_empty());

    let note = "\"with us for years\" tells everyone they are a customer";
    let (_, answer) = send_signed(
        svc.addr,
        &modal(
            ALICE,
            &[REVIEWER_ROLE],
            &format!("rg:m:flagmissed:{routine}:1"),
            "note",
            note,
        ),
    )
    .await;
    let text = ephemeral_text(&answer);
    assert!(text.contains("Flagged"), "{answer}");
    assert!(text.contains("needs_review"), "{answer}");

    let cases = Queue::new(&store).flag_cases().unwrap();
    assert_eq!(cases.len(), 1, "{cases:?}");
    let c = &cases[0];
    assert_eq!(c.flag, FlagKind::Missed);
    assert_eq!(c.expected.as_str(), "needs_review");
    assert_eq!(c.decision.as_str(), "routine");
    assert_eq!(c.note, note);
    assert_eq!(c.by, format!("discord:{ALICE}"));
    assert_eq!((c.item_id, c.version), (routine, 1));
    assert_eq!(
        c.reply,
        "Sorry to hear that, you have been with us for years."
    );
    assert_eq!(c.post_text, "Smart Security Scan is slow");
    assert_eq!(c.customer_id.as_deref(), Some("C-10429"));

    let audit = store.audit_entries(Some(routine)).unwrap();
    let entry = audit.iter().find(|e| e.action == "flag").expect("audited");
    assert_eq!(entry.actor, format!("discord:{ALICE}"));
    assert!(entry.detail.contains("missed"), "{}", entry.detail);
    assert!(
        !entry.detail.contains("customer"),
        "no note in the trail: {}",
        entry.detail
    );
    assert!(audit
        .iter()
        .any(|e| e.action == "refuse:flag" && e.detail.contains("note")));
    store.audit_verify().unwrap();

    // The review message shows who flagged, and the item is otherwise unchanged.
    let edited = eventually("message shows the flag", || {
        fake.edits_of(message).into_iter().find(|b| {
            b["embeds"][0]["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| {
                    f["name"] == "History"
                        && f["value"]
                            .as_str()
                            .unwrap_or_default()
                            .contains(&format!("<@{ALICE}> flag"))
                })
        })
    })
    .await;
    assert!(title(&edited).contains("routine"), "{edited}");
    assert_eq!(
        Queue::new(&store).show(routine).unwrap().state.as_str(),
        "pending"
    );
    svc.stop().await;
}
