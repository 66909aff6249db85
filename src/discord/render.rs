//! Plain functions that turn a queue item into the review message (embed + buttons) and alerts,
//! as serenity builders; `replies` holds the interaction answers. No IO: tests check the JSON.

use serenity::all::ButtonStyle;
use serenity::builder::{
    CreateActionRow, CreateAllowedMentions, CreateButton, CreateMessage, EditMessage,
};

use super::embed::Embed;
use super::ids::{Action, CustomId, MAX_PICKS};
use super::text::{escape, excerpt, mask_text, truncate};
use crate::model::{Candidate, Decision, Evidence, Finding, Match};

/// What the review message shows about one queue item (filled from the queue's item view).
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub item_id: i64,
    pub version: u32,
    /// `pending`, `approved`, `posted` or `rejected`.
    pub state: String,
    pub decision: Decision,
    pub source: String,
    pub post_id: String,
    pub link: Option<String>,
    pub author: String,
    pub post_text: String,
    pub matched: Option<Match>,
    /// `none`, `linked`, `candidate`, `confirmed` or `rejected`.
    pub match_state: String,
    /// The accounts that fit the post about equally, ranked (empty when the match was clear).
    pub candidates: Vec<Candidate>,
    pub reply: String,
    pub findings: Vec<Finding>,
    /// The redacted alternative, when it differs from the reply.
    pub redacted: Option<String>,
    /// Approvals of the current version: (actor id, reason).
    pub approvals: Vec<(String, Option<String>)>,
    /// Approvals the decision requires (1 routine, 2 needs_review, 0 blocked).
    pub approvals_needed: usize,
    /// Who did what, oldest first: (actor id, what).
    pub history: Vec<(String, String)>,
    /// Where the reply was posted, once it was.
    pub posted_where: Option<String>,
    /// The item's source has a publisher: an approved reply gets a "Publish" button.
    pub publishable: bool,
}

/// Footer marker; the delivery loop finds an already posted message by it after a lost answer.
pub fn footer_marker(item_id: i64) -> String {
    format!("reviewgate item #{item_id}")
}

/// Allowed mentions for everything reviewgate sends: none, so nothing can ever ping.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

pub(super) const BLUE: u32 = 0x3b82f6;
const ORANGE: u32 = 0xf59e0b;
const RED: u32 = 0xdc2626;
const GREEN: u32 = 0x16a34a;
pub(super) const GREY: u32 = 0x6b7280;

/// `<@1234>` for `discord:1234` (shows the member's name; embeds never ping), else the escaped id.
fn actor(id: &str) -> String {
    match id
        .strip_prefix("discord:")
        .and_then(|n| n.parse::<u64>().ok())
    {
        Some(n) => format!("<@{n}>"),
        None => escape(id),
    }
}

fn colour(card: &Card) -> u32 {
    match card.state.as_str() {
        "approved" => GREEN,
        "posted" | "rejected" => GREY,
        _ => match card.decision {
            Decision::Routine => BLUE,
            Decision::NeedsReview => ORANGE,
            Decision::Blocked => RED,
        },
    }
}

fn safe_link(link: &str) -> Option<String> {
    let url = url::Url::parse(link).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    // `<…>` keeps Discord from previewing it; `@` encoded so it can not read as a mention.
    Some(format!(
        "<{}>",
        truncate(&url.as_str().replace('@', "%40"), 1000)
    ))
}

/// How much of the post and of the history a card shows: normally, and when the reply needs
/// the room (the reply comes first: it is what gets approved).
const ROOMY: Brevity = Brevity {
    post: 1500,
    history: 1000,
};
const TIGHT: Brevity = Brevity {
    post: 300,
    history: 300,
};

#[derive(Debug, Clone, Copy)]
struct Brevity {
    post: usize,
    history: usize,
}

/// The review embed for one item.
pub fn item_embed(card: &Card) -> Embed {
    item_layout(card).0
}

/// Whether the review message shows every character of the current reply: only then may it
/// be approved from Discord.
pub fn reply_shown_whole(card: &Card) -> bool {
    item_layout(card).1
}

/// The review embed with the reply spread over as many fields as it needs; `false` when even
/// with the post shortened the message can not hold the whole reply.
fn item_layout(card: &Card) -> (Embed, bool) {
    let (e, at) = embed_without_reply(card, ROOMY);
    let fitted = lay_out_reply(card, e, at);
    if fitted.1 {
        return fitted;
    }
    let (e, at) = embed_without_reply(card, TIGHT);
    lay_out_reply(card, e, at)
}

fn lay_out_reply(card: &Card, e: Embed, at: usize) -> (Embed, bool) {
    let mut e = e.fit();
    let (room, room_fields) = reply_view::room_left(&e);
    let r = reply_view::reply_fields(
        card.item_id,
        card.version,
        &card.reply,
        &card.findings,
        room,
        room_fields,
    );
    let at = at.min(e.fields.len());
    e.fields.splice(at..at, r.fields);
    (e, r.whole)
}

/// The embed without the reply, and the field index the reply goes at.
fn embed_without_reply(card: &Card, brevity: Brevity) -> (Embed, usize) {
    let title = format!(
        "#{} · {} · {} (v{})",
        card.item_id,
        card.decision.as_str(),
        card.state,
        card.version
    );
    let mut e = Embed {
        title,
        description: format!(
            "**Post by {}**\n{}",
            escape(&card.author),
            excerpt(&card.post_text, brevity.post)
        ),
        footer: footer_marker(card.item_id),
        colour: colour(card),
        ..Embed::default()
    };
    e = e.field(
        "Source",
        format!("{} · post {}", escape(&card.source), escape(&card.post_id)),
        true,
    );
    if let Some(link) = card.link.as_deref().and_then(safe_link) {
        e = e.field("Link", link, true);
    }
    e = e.field("Author", escape(&card.author), true);
    match &card.matched {
        Some(m) => {
            let status = match card.match_state.as_str() {
                "candidate" => "candidate (confirm or reject)",
                other => other,
            };
            e = e.field(
                "Match",
                format!(
                    "{} · {} · confidence {:.2}",
                    escape(&m.customer_id),
                    status,
                    m.confidence
                ),
                false,
            );
            e = e.field("Evidence (masked)", masked_evidence(&m.evidence, ""), false);
        }
        None => e = e.field("Match", "no account matched", false),
    }
    if !card.candidates.is_empty() {
        e = e.field("Candidates (masked)", candidate_lines(card), false);
    }
    let reply_at = e.fields.len();
    let kinds: Vec<&str> = card.findings.iter().map(|f| f.kind.as_str()).collect();
    let decision = match card.decision {
        Decision::Routine => "routine: one reviewer may approve".to_string(),
        Decision::NeedsReview => format!(
            "needs_review: two different reviewers must approve, each with a reason · {}",
            kinds.join(", ")
        ),
        Decision::Blocked => format!(
            "blocked: draws on entrusted data, can only be rewritten or rejected · {}",
            kinds.join(", ")
        ),
    };
    e = e.field("Decision", escape(&decision), false);
    let approvals = if card.approvals.is_empty() {
        "none".to_string()
    } else {
        card.approvals
            .iter()
            .map(|(by, reason)| match reason {
                Some(r) => format!("{} — {}", actor(by), excerpt(&mask_text(r), 200)),
                None => actor(by),
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    e = e.field(
        "State",
        format!(
            "{} · version {} · approvals {}/{}",
            card.state,
            card.version,
            card.approvals.len(),
            card.approvals_needed
        ),
        true,
    );
    e = e.field("Approvals", approvals, true);
    if let Some(w) = &card.posted_where {
        e = e.field("Posted", excerpt(w, 300), false);
    }
    if !card.history.is_empty() {
        // Newest last; keep the tail when it is long.
        let lines: Vec<String> = card
            .history
            .iter()
            .map(|(who, what)| format!("{} {}", actor(who), excerpt(what, 150)))
            .collect();
        let mut tail: Vec<String> = Vec::new();
        let mut len = 0;
        for line in lines.iter().rev() {
            len += line.chars().count() + 1;
            if len > brevity.history {
                tail.push("…".into());
                break;
            }
            tail.push(line.clone());
        }
        tail.reverse();
        e = e.field("History", tail.join("\n"), false);
    }
    (e, reply_at)
}

/// One line per agreeing comparison, its value masked as everywhere on the card.
fn masked_evidence(evidence: &[Evidence], indent: &str) -> String {
    evidence
        .iter()
        .map(|ev| {
            format!(
                "{indent}• {}: {}",
                escape(&format!("{:?}", ev.kind).to_lowercase()),
                escape(&mask_text(&ev.detail))
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The ranked candidates, numbered as their "Confirm N" buttons, each with its evidence.
fn candidate_lines(card: &Card) -> String {
    card.candidates
        .iter()
        .enumerate()
        .map(|(rank, c)| {
            format!(
                "**{}.** {} · confidence {:.2}\n{}",
                rank + 1,
                escape(&c.customer_id),
                c.confidence,
                masked_evidence(&c.evidence, "  ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn button(action: Action, card: &Card, label: &str, style: ButtonStyle) -> CreateButton {
    CreateButton::new(CustomId::button(action, card.item_id, card.version).to_string())
        .label(label)
        .style(style)
}

/// The buttons that fit the item's state.
pub fn item_components(card: &Card) -> Vec<CreateActionRow> {
    let mut rows = Vec::new();
    let has_account = card.matched.is_some();
    match card.state.as_str() {
        "pending" => {
            // A reply the message can not show whole is approved with the CLI, never here.
            let whole = reply_shown_whole(card);
            let approve = if whole {
                "Approve"
            } else {
                "Approve in the CLI (reply too long to show)"
            };
            let mut row = vec![
                button(Action::Approve, card, approve, ButtonStyle::Success)
                    .disabled(card.decision == Decision::Blocked || !whole),
                button(Action::Reject, card, "Reject", ButtonStyle::Danger),
                button(Action::Rewrite, card, "Rewrite", ButtonStyle::Secondary),
            ];
            if card.redacted.is_some() {
                row.push(button(
                    Action::UseRedacted,
                    card,
                    "Use redacted version",
                    ButtonStyle::Secondary,
                ));
            }
            if has_account {
                row.push(button(
                    Action::Details,
                    card,
                    "Show account details",
                    ButtonStyle::Secondary,
                ));
            }
            rows.push(CreateActionRow::Buttons(row));
        }
        "approved" => {
            let mut row = Vec::new();
            if card.publishable {
                row.push(button(
                    Action::Publish,
                    card,
                    "Publish",
                    ButtonStyle::Primary,
                ));
            }
            row.push(button(
                Action::MarkPosted,
                card,
                "Mark posted",
                ButtonStyle::Success,
            ));
            if has_account {
                row.push(button(
                    Action::Details,
                    card,
                    "Show account details",
                    ButtonStyle::Secondary,
                ));
            }
            rows.push(CreateActionRow::Buttons(row));
        }
        _ => {
            if has_account {
                rows.push(CreateActionRow::Buttons(vec![button(
                    Action::Details,
                    card,
                    "Show account details",
                    ButtonStyle::Secondary,
                )]));
            }
        }
    }
    let open = matches!(card.state.as_str(), "pending" | "approved");
    if card.match_state == "candidate" && open && !card.candidates.is_empty() {
        // Several accounts fit about equally: confirm one of them, or none.
        let mut row: Vec<CreateButton> = card
            .candidates
            .iter()
            .take(MAX_PICKS)
            .enumerate()
            .map(|(rank, _)| {
                button(
                    Action::ConfirmCandidate(rank as u8),
                    card,
                    &format!("Confirm {}", rank + 1),
                    ButtonStyle::Primary,
                )
            })
            .collect();
        row.push(button(
            Action::RejectMatch,
            card,
            "Reject all",
            ButtonStyle::Secondary,
        ));
        rows.push(CreateActionRow::Buttons(row));
    } else if card.matched.is_some() && card.match_state == "candidate" && open {
        rows.push(CreateActionRow::Buttons(vec![
            button(
                Action::ConfirmMatch,
                card,
                "Confirm match",
                ButtonStyle::Primary,
            ),
            button(
                Action::RejectMatch,
                card,
                "Not this account",
                ButtonStyle::Secondary,
            ),
        ]));
    }
    // Last, so the decision buttons keep their places.
    rows.extend(flag_row(card));
    rows
}

/// "Flag: missed" / "Flag: too strict", in every state (a leak is often seen after posting);
/// only the directions that have a level beyond the decision.
fn flag_row(card: &Card) -> Option<CreateActionRow> {
    let mut row = Vec::new();
    if card.decision != Decision::Blocked {
        row.push(button(
            Action::FlagMissed,
            card,
            "Flag: missed",
            ButtonStyle::Secondary,
        ));
    }
    if card.decision != Decision::Routine {
        row.push(button(
            Action::FlagTooStrict,
            card,
            "Flag: too strict",
            ButtonStyle::Secondary,
        ));
    }
    (!row.is_empty()).then_some(CreateActionRow::Buttons(row))
}

/// The first post of an item into the review channel. The nonce lets Discord drop a duplicate
/// of a retried send (`enforce_nonce`).
pub fn item_message(card: &Card, nonce: &str) -> CreateMessage {
    CreateMessage::new()
        .embed(item_embed(card).build())
        .components(item_components(card))
        .allowed_mentions(no_mentions())
        .nonce(serenity::all::Nonce::String(nonce.to_string()))
        .enforce_nonce(true)
}

/// The edit that shows an item's new state.
pub fn item_edit(card: &Card) -> EditMessage {
    EditMessage::new()
        .embed(item_embed(card).build())
        .components(item_components(card))
        .allowed_mentions(no_mentions())
}

/// A source-health alert for the admin channel.
pub fn alert_message(source: &str, text: &str) -> CreateMessage {
    let e = Embed {
        title: format!("Source {}", escape(source)),
        description: excerpt(text, 3000),
        colour: RED,
        ..Embed::default()
    };
    CreateMessage::new()
        .embed(e.build())
        .allowed_mentions(no_mentions())
}

mod replies;
mod reply_view;
pub use replies::*;
#[cfg(test)]
use reply_view::marked_reply;

#[cfg(test)]
mod tests;
