use serde_json::Value;

use super::*;
use crate::model::{Evidence, EvidenceKind, MatchStatus};

fn card() -> Card {
    Card {
        item_id: 17,
        version: 2,
        state: "pending".into(),
        decision: Decision::NeedsReview,
        source: "phpbb-thread".into(),
        post_id: "p1".into(),
        link: Some("https://forum.example/t?p=1#p1".into()),
        author: "bytewarden".into(),
        post_text: "@everyone <@&55> **awful** service".into(),
        matched: Some(Match {
            customer_id: "C-1".into(),
            confidence: 0.7,
            status: MatchStatus::Candidate,
            evidence: vec![Evidence {
                kind: EvidenceKind::Email,
                detail: "jan.doe@example.de".into(),
            }],
        }),
        match_state: "candidate".into(),
        reply: "Dear jan.doe@example.de, sorry".into(),
        findings: vec![Finding {
            kind: "email".into(),
            field: Some("email".into()),
            start: 5,
            end: 23,
        }],
        redacted: Some("Dear [email], sorry".into()),
        approvals: vec![(
            "discord:12".into(),
            Some("ok, jan.doe@example.de asked".into()),
        )],
        approvals_needed: 2,
        history: vec![("discord:12".into(), "approved v2".into())],
        posted_where: None,
    }
}

fn json<T: serde::Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap()
}

fn custom_ids(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for row in v["components"].as_array().into_iter().flatten() {
        for c in row["components"].as_array().into_iter().flatten() {
            out.push(c["custom_id"].as_str().unwrap_or_default().to_string());
        }
    }
    out
}

#[test]
fn item_message_masks_values_escapes_content_and_disables_mentions() {
    let v = json(&item_message(&card(), "rg-item-17"));
    let s = v.to_string();
    assert_eq!(v["allowed_mentions"]["parse"], Value::Array(vec![]));
    assert_eq!(v["nonce"], "rg-item-17");
    assert_eq!(v["enforce_nonce"], true);
    assert!(!s.contains("jan.doe"), "account value leaked: {s}");
    assert!(s.contains(r"j\\*\\*\\*@e\\*\\*\\*.de"), "{s}");
    assert!(!s.contains("@everyone") && !s.contains("<@&55>"), "{s}");
    assert!(s.contains(r"\\*\\*awful\\*\\*"), "{s}");
    assert_eq!(v["embeds"][0]["footer"]["text"], "reviewgate item #17");
    let ids = custom_ids(&v);
    assert!(ids.contains(&"rg:b:approve:17:2".to_string()));
    assert!(ids.contains(&"rg:b:redacted:17:2".to_string()));
    assert!(ids.contains(&"rg:b:confirm:17:2".to_string()));
    assert!(ids.contains(&"rg:b:details:17:2".to_string()));
    assert!(!ids.contains(&"rg:b:posted:17:2".to_string()));
}

#[test]
fn buttons_follow_the_state() {
    let mut c = card();
    c.state = "approved".into();
    c.matched = None;
    let ids = custom_ids(&json(&item_edit(&c)));
    assert_eq!(ids, ["rg:b:posted:17:2"]);
    c.state = "rejected".into();
    assert!(custom_ids(&json(&item_edit(&c))).is_empty());
    let mut blocked = card();
    blocked.decision = Decision::Blocked;
    let v = json(&item_edit(&blocked));
    assert_eq!(v["components"][0]["components"][0]["disabled"], true);
}

#[test]
fn marked_reply_replaces_findings_in_character_offsets() {
    let f = |start, end| Finding {
        kind: "email".into(),
        field: Some("email".into()),
        start,
        end,
    };
    assert_eq!(
        marked_reply("Hi ä a@b.de!", &[f(5, 11)]),
        r"Hi ä **⟦email: a\*\*\*@b\*\*\*.de⟧**!"
    );
    // Out-of-range and overlapping findings never panic.
    assert_eq!(
        marked_reply("short", &[f(3, 99), f(0, 2), f(1, 3)]),
        r"**⟦email: s\*\*\*⟧**ort"
    );
}

#[test]
fn modals_carry_item_and_version() {
    let c = card();
    let v = json(&reason_modal(Action::Approve, &c));
    assert_eq!(v["type"], 9);
    assert_eq!(v["data"]["custom_id"], "rg:m:approve:17:2");
    assert_eq!(
        v["data"]["components"][0]["components"][0]["required"],
        true
    );
    let v = json(&rewrite_modal(&c));
    assert_eq!(
        v["data"]["components"][0]["components"][0]["value"],
        c.reply
    );
    assert_eq!(
        json(&posted_modal(&c))["data"]["custom_id"],
        "rg:m:posted:17:2"
    );
}

#[test]
fn ephemeral_answers_are_ephemeral_without_mentions() {
    let v = json(&ephemeral("no"));
    assert_eq!(v["type"], 4);
    assert_eq!(v["data"]["flags"], 64);
    assert_eq!(v["data"]["allowed_mentions"]["parse"], Value::Array(vec![]));
}

#[test]
fn long_posts_fit_the_embed_limits() {
    let mut c = card();
    c.post_text = "x".repeat(20_000);
    c.reply = "y".repeat(20_000);
    c.history = (0..500)
        .map(|i| ("discord:1".to_string(), format!("did thing {i}")))
        .collect();
    let v = json(&item_message(&c, "n"));
    let e = &v["embeds"][0];
    assert!(e["description"].as_str().unwrap().chars().count() <= 4096);
    for f in e["fields"].as_array().unwrap() {
        assert!(f["value"].as_str().unwrap().chars().count() <= 1024);
    }
}
