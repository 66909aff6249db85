//! Review-queue flows end to end over a real (temporary) database: approvals, the two-person
//! rule, blocked replies, rewrites, stale versions, publishing, and the audit of every step.

use reviewgate::model::{
    Assessment, Decision, Evidence, EvidenceKind, Finding, Match, MatchStatus, Post,
};
use reviewgate::queue::{Actor, ItemId, MatchState, Queue, QueueError, Refusal, State};
use reviewgate::store::Store;

fn post() -> Post {
    Post {
        source: "phpbb-thread".into(),
        id: "p70016".into(),
        url: Some("https://forum.example/viewtopic.php?t=1#p70016".into()),
        author: "bytewarden941".into(),
        published_at: None,
        text: "Smart Security Scan deleted my backups!".into(),
        quotes: vec![],
        relevant: true,
        truncated: false,
        matched: None,
    }
}

fn matched(status: MatchStatus) -> Match {
    Match {
        customer_id: "C-10429".into(),
        confidence: 0.98,
        status,
        evidence: vec![Evidence {
            kind: EvidenceKind::Email,
            detail: "email in post".into(),
        }],
    }
}

/// A stand-in for the real assessor: mentions of "plan" need review, of "backup" are blocked.
fn assess(text: &str) -> Assessment {
    let decision = if text.contains("backup") {
        Decision::Blocked
    } else if text.contains("plan") {
        Decision::NeedsReview
    } else {
        Decision::Routine
    };
    let mut findings = Vec::new();
    let mut redacted = text.to_string();
    for word in ["backup", "plan Pro"] {
        if let Some(start) = text.find(word) {
            findings.push(Finding {
                kind: "entrusted".into(),
                field: None,
                start,
                end: start + word.len(),
            });
            redacted = redacted.replace(word, "[redacted]");
        }
    }
    Assessment {
        decision,
        findings,
        redacted,
    }
}

fn reviewer(name: &str) -> Actor {
    Actor::new(format!("discord:{name}"), true, false)
}

fn setup(reply: &str, status: Option<MatchStatus>) -> (tempfile::TempDir, Store, ItemId) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rg.sqlite3")).unwrap();
    let m = status.map(matched);
    let id = Queue::new(&store)
        .enqueue(&post(), m.as_ref(), reply, &assess(reply), "bot:draft")
        .unwrap();
    (dir, store, id)
}

fn refusal(r: Result<impl std::fmt::Debug, QueueError>) -> Refusal {
    match r {
        Err(QueueError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn routine_reply_needs_one_reviewer() {
    let (_d, store, id) = setup("Thanks, we are looking into it.", Some(MatchStatus::Linked));
    let q = Queue::new(&store);
    assert_eq!(
        q.open_item_for_post("phpbb-thread", "p70016").unwrap(),
        Some(id)
    );
    let v = q.approve(id, 1, &reviewer("1"), "").unwrap();
    assert_eq!(v.state, State::Approved);
    assert_eq!(v.approvals.len(), 1);
    let json = serde_json::to_value(&v).unwrap();
    for key in [
        "id",
        "state",
        "version",
        "decision",
        "source",
        "post_id",
        "customer_id",
        "reply",
        "approvals",
    ] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["state"], "approved");
    assert_eq!(json["decision"], "routine");
    assert_eq!(json["customer_id"], "C-10429");
    assert_eq!(json["approvals"][0]["by"], "discord:1");
    assert!(json["approvals"][0]["at"].is_string());
}

#[test]
fn needs_review_needs_two_different_reviewers_with_reasons() {
    let (_d, store, id) = setup("Your plan Pro covers that.", Some(MatchStatus::Linked));
    let q = Queue::new(&store);
    assert_eq!(
        refusal(q.approve(id, 1, &reviewer("1"), "")),
        Refusal::ReasonRequired
    );
    let v = q
        .approve(id, 1, &reviewer("1"), "poster named the plan")
        .unwrap();
    assert_eq!(v.state, State::Pending);
    assert!(matches!(
        refusal(q.approve(id, 1, &reviewer("1"), "again")),
        Refusal::SameReviewer { .. }
    ));
    let v = q.approve(id, 1, &reviewer("2"), "agree").unwrap();
    assert_eq!(v.state, State::Approved);
    let by: Vec<_> = v.approvals.iter().map(|a| a.by.as_str()).collect();
    assert_eq!(by, ["discord:1", "discord:2"]);
}

#[test]
fn non_reviewer_is_refused_and_the_refusal_audited() {
    let (_d, store, id) = setup("Thanks!", None);
    let q = Queue::new(&store);
    let outsider = Actor::new("discord:77", false, true);
    assert!(matches!(
        refusal(q.approve(id, 1, &outsider, "")),
        Refusal::NotReviewer { .. }
    ));
    assert!(matches!(
        refusal(q.record_details_view(id, &outsider)),
        Refusal::NotReviewer { .. }
    ));
    assert_eq!(q.show(id).unwrap().state, State::Pending);
    let actions: Vec<_> = store
        .audit_entries(Some(id))
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.action))
        .collect();
    assert_eq!(
        actions,
        [
            ("bot:draft".to_string(), "enqueue".to_string()),
            ("discord:77".into(), "refuse:approve".into()),
            ("discord:77".into(), "refuse:view_details".into())
        ]
    );
    q.record_details_view(id, &reviewer("1")).unwrap();
    assert_eq!(
        store
            .audit_entries(Some(id))
            .unwrap()
            .last()
            .unwrap()
            .action,
        "view_details"
    );
}

#[test]
fn blocked_is_refused_then_redacted_then_approved() {
    let (_d, store, id) = setup(
        "We restored your backup yesterday.",
        Some(MatchStatus::Linked),
    );
    let q = Queue::new(&store);
    assert_eq!(
        refusal(q.approve(id, 1, &reviewer("1"), "fine")),
        Refusal::Blocked
    );
    let v = q.use_redacted(id, 1, &reviewer("1"), &assess).unwrap();
    assert_eq!(v.version, 2);
    assert_eq!(v.reply, "We restored your [redacted] yesterday.");
    assert_eq!(v.decision, Decision::Routine);
    assert_eq!(v.history.len(), 2);
    let v = q.approve(id, 2, &reviewer("2"), "").unwrap();
    assert_eq!(v.state, State::Approved);
}

#[test]
fn rewrite_resets_approvals_and_old_versions_are_stale() {
    let (_d, store, id) = setup("Your plan Pro covers that.", Some(MatchStatus::Linked));
    let q = Queue::new(&store);
    q.approve(id, 1, &reviewer("1"), "ok").unwrap();
    let v = q
        .rewrite(
            id,
            1,
            &reviewer("2"),
            "Your plan Pro covers that, see the FAQ.",
            &assess,
        )
        .unwrap();
    assert_eq!(
        (v.version, v.state, v.approvals.len()),
        (2, State::Pending, 0)
    );
    assert_eq!(
        refusal(q.approve(id, 1, &reviewer("3"), "late")),
        Refusal::StaleVersion {
            given: 1,
            current: 2
        }
    );
    assert_eq!(q.show(id).unwrap().approvals.len(), 0);
    q.approve(id, 2, &reviewer("1"), "ok").unwrap();
    let v = q.approve(id, 2, &reviewer("3"), "ok").unwrap();
    assert_eq!(v.state, State::Approved);
    // Rewriting an approved reply sends it back for review.
    let v = q
        .rewrite(
            id,
            2,
            &reviewer("3"),
            "Thanks, we will reply by mail.",
            &assess,
        )
        .unwrap();
    assert_eq!(
        (v.version, v.state, v.decision),
        (3, State::Pending, Decision::Routine)
    );
}

#[test]
fn mark_posted_records_who_and_where() {
    let (_d, store, id) = setup("Thanks for the feedback.", None);
    let q = Queue::new(&store);
    assert!(matches!(
        refusal(q.mark_posted(id, 1, &reviewer("1"), "https://x")),
        Refusal::WrongState { .. }
    ));
    q.approve(id, 1, &reviewer("1"), "").unwrap();
    let v = q
        .mark_posted(id, 1, &reviewer("2"), "https://forum.example/p/99")
        .unwrap();
    assert_eq!(v.state, State::Posted);
    let posted = v.posted.unwrap();
    assert_eq!(
        (posted.by.as_str(), posted.place.as_str()),
        ("discord:2", "https://forum.example/p/99")
    );
    assert_eq!(
        serde_json::to_value(q.show(id).unwrap()).unwrap()["posted"]["where"],
        "https://forum.example/p/99"
    );
    assert!(matches!(
        refusal(q.reject(id, 1, &reviewer("1"), "")),
        Refusal::WrongState { .. }
    ));
    assert_eq!(q.list(Some(State::Posted)).unwrap().len(), 1);
    assert_eq!(q.list(Some(State::Pending)).unwrap().len(), 0);
}

#[test]
fn candidate_match_must_be_confirmed_or_rejected() {
    let (_d, store, id) = setup("Your plan Pro covers that.", Some(MatchStatus::Candidate));
    let q = Queue::new(&store);
    assert_eq!(
        refusal(q.approve(id, 1, &reviewer("1"), "r")),
        Refusal::MatchUnconfirmed
    );
    let v = q.confirm_match(id, 1, &reviewer("1")).unwrap();
    assert_eq!((v.match_state, v.version), (MatchState::Confirmed, 1));
    q.approve(id, 1, &reviewer("1"), "r").unwrap();
    // Not this account after all: the link goes, the reply is judged again as a new version.
    let no_account = |_: &str| Assessment {
        decision: Decision::Routine,
        findings: vec![],
        redacted: String::new(),
    };
    let v = q.reject_match(id, 1, &reviewer("2"), &no_account).unwrap();
    assert_eq!(
        (v.match_state, v.version, v.customer_id.clone()),
        (MatchState::Rejected, 2, None)
    );
    assert!(v.matched.is_none());
    assert!(v.approvals.is_empty());
}

#[test]
fn unknown_item_is_not_found() {
    let (_d, store, _) = setup("Thanks.", None);
    assert!(matches!(
        Queue::new(&store).approve(999, 1, &reviewer("1"), ""),
        Err(QueueError::NotFound(999))
    ));
}

#[test]
fn assessor_may_read_the_store_itself() {
    // The assessor loads the post and account through the same store handle; it runs outside
    // the write transaction, so this must not deadlock.
    let (_d, store, id) = setup("Thanks.", Some(MatchStatus::Linked));
    let q = Queue::new(&store);
    let reads_store = |text: &str| {
        let post = store.post("phpbb-thread", "p70016").unwrap().unwrap();
        assert_eq!(post.author, "bytewarden941");
        assess(text)
    };
    let v = q
        .rewrite(
            id,
            1,
            &reviewer("1"),
            "Your plan Pro covers it.",
            &reads_store,
        )
        .unwrap();
    assert_eq!((v.version, v.decision), (2, Decision::NeedsReview));
}

#[test]
fn two_os_users_are_two_reviewers_and_one_os_user_is_one_however_named() {
    use reviewgate::config::ReviewerConfig;
    use reviewgate::queue::People;
    let people = People::from_config(&[
        ReviewerConfig {
            name: "alice".into(),
            discord_user_id: Some("11".into()),
            os_users: vec!["alice".into()],
        },
        ReviewerConfig {
            name: "bob".into(),
            discord_user_id: None,
            os_users: vec!["bob".into()],
        },
    ]);
    let (_d, store, id) = setup("Your plan Pro covers that.", Some(MatchStatus::Linked));
    let q = Queue::with_people(&store, &people);
    // The CLI's OS-user lookup, simulated: the library takes the account name.
    let alice = people.cli_actor("alice", None).unwrap();
    q.approve(id, 1, &alice, "the poster asked").unwrap();
    let alice_again = people.cli_actor("alice", Some("ALICE")).unwrap();
    assert!(matches!(
        refusal(q.approve(id, 1, &alice_again, "again")),
        Refusal::SameReviewer { .. }
    ));
    assert!(matches!(
        refusal(q.approve(id, 1, &Actor::new("discord:11", true, false), "again")),
        Refusal::SameReviewer { .. }
    ));
    assert!(people.cli_actor("alice", Some("bob")).is_err());
    let bob = people.cli_actor("bob", None).unwrap();
    let v = q.approve(id, 1, &bob, "agreed").unwrap();
    assert_eq!(v.state, State::Approved);
    let by: Vec<&str> = v.approvals.iter().map(|a| a.by.as_str()).collect();
    assert_eq!(by, ["cli:alice", "cli:bob"]);
}
