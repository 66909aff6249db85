//! Interaction answers: ephemeral texts, the modals behind buttons, the audited account
//! details view and the `/queue` list. Plain functions returning serenity builders.

use serenity::all::InputTextStyle;
use serenity::builder::{
    CreateActionRow, CreateInputText, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateModal,
};

use super::{no_mentions, Card, BLUE, GREY};
use crate::discord::embed::Embed;
use crate::discord::ids::{Action, CustomId};
use crate::discord::text::{escape, truncate};
use crate::model::Customer;

/// An ephemeral text answer (only the clicking member sees it). `text` is trusted; callers escape user content.
pub fn ephemeral(text: &str) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(ephemeral_message(text))
}

pub fn ephemeral_message(text: &str) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(truncate(text, 2000))
        .ephemeral(true)
        .allowed_mentions(no_mentions())
}

fn input(
    id: &str,
    label: &str,
    style: InputTextStyle,
    required: bool,
    max: u16,
) -> CreateActionRow {
    CreateActionRow::InputText(
        CreateInputText::new(style, label, id)
            .required(required)
            .max_length(max),
    )
}

/// Modal asking for the reason of an approval (needs_review) or a rejection.
pub fn reason_modal(action: Action, card: &Card) -> CreateInteractionResponse {
    let (title, required) = match action {
        Action::Approve => (
            format!("Approve #{} (discloses account data)", card.item_id),
            true,
        ),
        _ => (format!("Reject #{}", card.item_id), false),
    };
    let id = CustomId::modal(action, card.item_id, card.version).to_string();
    CreateInteractionResponse::Modal(CreateModal::new(id, truncate(&title, 45)).components(vec![
        input(
            "reason",
            "Reason",
            InputTextStyle::Paragraph,
            required,
            1000,
        ),
    ]))
}

/// The most a modal's text box holds; a longer reply is rewritten with the CLI.
pub const REWRITE_MAX: usize = 4000;

/// Modal holding the reply text for a rewrite. The handler never opens it for a reply longer
/// than [`REWRITE_MAX`]: the box would hold a silently shortened text.
pub fn rewrite_modal(card: &Card) -> CreateInteractionResponse {
    let id = CustomId::modal(Action::Rewrite, card.item_id, card.version).to_string();
    let text = CreateInputText::new(InputTextStyle::Paragraph, "Reply", "text")
        .required(true)
        .max_length(REWRITE_MAX as u16)
        .value(truncate(&card.reply, REWRITE_MAX));
    CreateInteractionResponse::Modal(
        CreateModal::new(
            id,
            truncate(&format!("Rewrite reply #{}", card.item_id), 45),
        )
        .components(vec![CreateActionRow::InputText(text)]),
    )
}

/// Modal asking where an approved reply was posted.
pub fn posted_modal(card: &Card) -> CreateInteractionResponse {
    let id = CustomId::modal(Action::MarkPosted, card.item_id, card.version).to_string();
    CreateInteractionResponse::Modal(
        CreateModal::new(id, truncate(&format!("Mark #{} posted", card.item_id), 45)).components(
            vec![input(
                "where",
                "Where was it posted? (link)",
                InputTextStyle::Short,
                true,
                500,
            )],
        ),
    )
}

/// Modal asking what the gate got wrong, behind the "Flag: missed" / "Flag: too strict" buttons.
pub fn flag_modal(action: Action, card: &Card) -> CreateInteractionResponse {
    let title = match action {
        Action::FlagTooStrict => format!("Flag #{} as too strict", card.item_id),
        _ => format!("Flag #{}: the gate missed something", card.item_id),
    };
    let id = CustomId::modal(action, card.item_id, card.version).to_string();
    CreateInteractionResponse::Modal(CreateModal::new(id, truncate(&title, 45)).components(vec![
        input(
            "note",
            "What did the gate get wrong?",
            InputTextStyle::Paragraph,
            true,
            1000,
        ),
    ]))
}

/// The ephemeral account view: the only place account values appear in Discord.
pub fn details_view(card: &Card, customer: Option<&Customer>) -> CreateInteractionResponse {
    let mut e = Embed {
        title: format!("#{} · account details (only you see this)", card.item_id),
        colour: GREY,
        ..Embed::default()
    };
    match customer {
        Some(c) => {
            e = e
                .field("Account", escape(&c.id), true)
                .field("Name", escape(&c.name), true)
                .field("Status", format!("{:?}", c.status).to_lowercase(), true)
                .field("E-mail", escape(&c.emails.join(", ")), false)
                .field("Hosts", escape(&c.hosts.join(", ")), false)
                .field("Plan", escape(c.plan.as_deref().unwrap_or("—")), true)
                .field(
                    "Created",
                    c.created_at
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "—".into()),
                    true,
                )
                .field(
                    "Cancelled",
                    c.cancelled_at
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "—".into()),
                    true,
                );
            for (k, v) in c.facts.iter().take(10) {
                e = e.field(escape(k), escape(v), true);
            }
        }
        None => {
            e.description =
                "The matched account is no longer stored (purged or never imported).".into()
        }
    }
    if let Some(m) = &card.matched {
        let evidence: Vec<String> = m
            .evidence
            .iter()
            .map(|ev| format!("• {:?}: {}", ev.kind, escape(&ev.detail)))
            .collect();
        e = e.field("Evidence", evidence.join("\n"), false);
    }
    e = e.field("Reply as it would be posted", escape(&card.reply), false);
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .embed(e.build())
            .ephemeral(true)
            .allowed_mentions(no_mentions()),
    )
}

/// `/queue`: the pending items, newest versions, as an ephemeral list.
pub fn queue_list(cards: &[Card]) -> CreateInteractionResponse {
    if cards.is_empty() {
        return ephemeral("The queue is empty.");
    }
    let mut e = Embed {
        title: format!("{} pending item(s)", cards.len()),
        colour: BLUE,
        ..Embed::default()
    };
    for c in cards.iter().take(24) {
        e = e.field(
            format!("#{} · {} · v{}", c.item_id, c.decision.as_str(), c.version),
            format!(
                "{} · {} · approvals {}/{}",
                escape(&c.source),
                escape(&c.author),
                c.approvals.len(),
                c.approvals_needed
            ),
            false,
        );
    }
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .embed(e.build())
            .ephemeral(true)
            .allowed_mentions(no_mentions()),
    )
}
