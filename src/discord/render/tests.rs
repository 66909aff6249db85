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
        candidates: vec![],
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
        publishable: false,
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
    assert_eq!(
        ids,
        [
            "rg:b:posted:17:2",
            "rg:b:flagmissed:17:2",
            "rg:b:flagstrict:17:2"
        ]
    );
    // A rejected item takes no more decisions, but its gate decision can still be flagged.
    c.state = "rejected".into();
    assert_eq!(
        custom_ids(&json(&item_edit(&c))),
        ["rg:b:flagmissed:17:2", "rg:b:flagstrict:17:2"]
    );
    let mut blocked = card();
    blocked.decision = Decision::Blocked;
    let v = json(&item_edit(&blocked));
    assert_eq!(v["components"][0]["components"][0]["disabled"], true);
    // Nothing is stricter than blocked, nothing looser than routine.
    let ids = custom_ids(&v);
    assert!(ids.contains(&"rg:b:flagstrict:17:2".to_string()));
    assert!(!ids.contains(&"rg:b:flagmissed:17:2".to_string()));
    c.decision = Decision::Routine;
    let ids = custom_ids(&json(&item_edit(&c)));
    assert_eq!(ids, ["rg:b:flagmissed:17:2"]);
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
    let v = json(&flag_modal(Action::FlagTooStrict, &c));
    assert_eq!(v["data"]["custom_id"], "rg:m:flagstrict:17:2");
    assert_eq!(
        v["data"]["components"][0]["components"][0]["custom_id"],
        "note"
    );
    assert_eq!(
        v["data"]["components"][0]["components"][0]["required"],
        true
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

/// Every field value of the first embed, concatenated in order, for the parts named `prefix`.
fn field_values(v: &Value, prefix: &str) -> String {
    v["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"].as_str().unwrap().starts_with(prefix))
        .map(|f| f["value"].as_str().unwrap().to_string())
        .collect()
}

fn embed_chars(v: &Value) -> usize {
    let e = &v["embeds"][0];
    let c = |v: &Value| v.as_str().map(|s| s.chars().count()).unwrap_or(0);
    c(&e["title"])
        + c(&e["description"])
        + c(&e["footer"]["text"])
        + e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| c(&f["name"]) + c(&f["value"]))
            .sum::<usize>()
}

#[test]
fn a_reply_longer_than_one_field_is_shown_whole_with_its_late_finding_marked() {
    let mut c = card();
    // 2,500 characters of words, markdown to escape, then an e-mail past every old cut.
    let head = "Thanks for *waiting*, we checked everything again. ".repeat(48);
    c.reply = format!("{head}Write to jan.doe@example.de if it happens again.");
    let start = head.chars().count() + 9;
    c.findings = vec![Finding {
        kind: "email".into(),
        field: Some("email".into()),
        start,
        end: start + 18,
    }];
    c.history.clear();
    assert!(reply_shown_whole(&c));
    let v = json(&item_message(&c, "n"));
    assert_eq!(
        field_values(&v, "Reply (findings masked)"),
        marked_reply(&c.reply, &c.findings),
        "every character of the reply is on the card, in order"
    );
    let parts = v["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["name"].as_str().unwrap().starts_with("Reply"))
        .count();
    assert!(parts >= 3, "{parts} parts");
    for f in v["embeds"][0]["fields"].as_array().unwrap() {
        assert!(f["value"].as_str().unwrap().chars().count() <= 1024);
    }
    assert!(embed_chars(&v) <= 6000);
    let places = field_values(&v, "Where the findings are");
    assert!(
        places.contains(&format!("email at characters {}", start + 1)),
        "{places}"
    );
    assert!(
        places.contains(&format!("part {parts} of {parts}")),
        "{places}"
    );
    assert!(!v.to_string().contains("jan.doe"));
    assert!(custom_ids(&v).contains(&"rg:b:approve:17:2".to_string()));
    assert_ne!(v["components"][0]["components"][0]["disabled"], true);
}

#[test]
fn a_reply_too_long_for_one_message_can_not_be_approved_from_it() {
    let mut c = card();
    let head = "We looked into it and here is everything. ".repeat(160);
    c.reply = format!("{head}Your address jan.doe@example.de stays on file.");
    let start = head.chars().count() + 13;
    c.findings = vec![Finding {
        kind: "email".into(),
        field: Some("email".into()),
        start,
        end: start + 18,
    }];
    assert!(!reply_shown_whole(&c));
    let v = json(&item_message(&c, "n"));
    assert!(embed_chars(&v) <= 6000);
    let notice = field_values(&v, "⚠ Reply not shown in full");
    assert!(
        notice.contains("queue show 17") && notice.contains("--version 2"),
        "{notice}"
    );
    let places = field_values(&v, "Where the findings are");
    assert!(places.contains("not shown here"), "{places}");
    let approve = &v["components"][0]["components"][0];
    assert_eq!(approve["custom_id"], "rg:b:approve:17:2");
    assert_eq!(approve["disabled"], true);
    // What is shown is the reply's start, never a silently shortened whole.
    let shown = field_values(&v, "Reply (findings masked)");
    assert!(marked_reply(&c.reply, &c.findings).starts_with(&shown));
    assert!(!shown.ends_with('…'));
}

#[test]
fn parts_never_split_an_escape_or_a_marker() {
    let mut c = card();
    c.reply = "*".repeat(3000);
    c.findings.clear();
    let v = json(&item_message(&c, "n"));
    for f in v["embeds"][0]["fields"].as_array().unwrap() {
        if f["name"].as_str().unwrap().starts_with("Reply") {
            let s = f["value"].as_str().unwrap();
            assert!(
                s.starts_with("\\*") && s.ends_with("\\*") && s.len() % 2 == 0,
                "{s}"
            );
        }
    }
}

#[test]
fn the_post_and_history_shrink_before_the_reply_is_cut() {
    let mut c = card();
    c.post_text = "the post goes on and on ".repeat(400);
    c.history = (0..200)
        .map(|i| ("discord:1".to_string(), format!("did thing {i}")))
        .collect();
    c.reply = "Plain words only in this reply ".repeat(130); // 4,030 characters
    c.findings.clear();
    assert!(reply_shown_whole(&c));
    let v = json(&item_message(&c, "n"));
    assert_eq!(field_values(&v, "Reply (findings masked)"), c.reply);
    assert!(embed_chars(&v) <= 6000);
}

#[test]
fn candidates_are_listed_ranked_masked_with_a_button_each_and_reject_all() {
    let mut c = card();
    let ev = |kind, detail: &str| Evidence {
        kind,
        detail: detail.into(),
    };
    c.candidates = vec![
        Candidate {
            customer_id: "C-1".into(),
            confidence: 0.61,
            evidence: vec![ev(
                EvidenceKind::Handle,
                "author \"pnovak\" ~ run-together name of \"Petra Novak\"",
            )],
        },
        Candidate {
            customer_id: "C-2".into(),
            confidence: 0.58,
            evidence: vec![
                ev(
                    EvidenceKind::Name,
                    "signature = account name \"Petra Novak\" (shared by 2)",
                ),
                ev(EvidenceKind::Context, "plan \"Pro\" stated"),
            ],
        },
    ];
    let v = json(&item_message(&c, "n"));
    let s = v.to_string();
    assert!(s.contains("Candidates (masked)"), "{s}");
    assert!(
        !s.contains("Petra") && !s.contains("Novak"),
        "a value leaked: {s}"
    );
    let fields = v["embeds"][0]["fields"].as_array().unwrap();
    let listed = fields
        .iter()
        .find(|f| f["name"] == "Candidates (masked)")
        .unwrap()["value"]
        .as_str()
        .unwrap()
        .to_string();
    let (one, two) = (listed.find(r"C\-1").unwrap(), listed.find(r"C\-2").unwrap());
    assert!(one < two, "ranked: {listed}");
    assert!(
        listed.contains("0.61") && listed.contains("context"),
        "{listed}"
    );
    let ids = custom_ids(&v);
    for id in ["rg:b:pick1:17:2", "rg:b:pick2:17:2", "rg:b:notmatch:17:2"] {
        assert!(ids.contains(&id.to_string()), "{id} in {ids:?}");
    }
    assert!(!ids.contains(&"rg:b:pick3:17:2".to_string()), "{ids:?}");
    assert!(!ids.contains(&"rg:b:confirm:17:2".to_string()), "{ids:?}");
    // Confirmed (or closed): nothing left to choose.
    c.match_state = "confirmed".into();
    let ids = custom_ids(&json(&item_edit(&c)));
    assert!(!ids.iter().any(|i| i.contains(":pick")), "{ids:?}");
}
