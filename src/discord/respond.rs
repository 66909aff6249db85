//! Answering within Discord's 3 seconds: the handler's answer is sent directly when it is ready
//! in time, otherwise the interaction is deferred (type 5 for commands, 6 for clicks and modal
//! submits) and the answer follows through the interaction webhook. Shared by both modes.

use std::future::Future;
use std::time::Duration;

use serde_json::Value;
use serenity::builder::{CreateInteractionResponse, CreateInteractionResponseMessage};
use tracing::warn;

use super::render::{ephemeral_message, no_mentions};
use super::rest::Rest;
use super::wire::{Incoming, APPLICATION_COMMAND};

/// What to send first, and the late answer to send after a deferral.
pub struct Answer {
    pub first: CreateInteractionResponse,
    pub later: Option<tokio::task::JoinHandle<CreateInteractionResponse>>,
}

/// Runs `work` and waits up to `defer_after` for it; past that, defers and lets it finish in the background.
pub async fn answer<F>(incoming: &Incoming, defer_after: Duration, work: F) -> Answer
where
    F: Future<Output = CreateInteractionResponse> + Send + 'static,
{
    let mut task = tokio::spawn(work);
    match tokio::time::timeout(defer_after, &mut task).await {
        Ok(Ok(resp)) => Answer {
            first: resp,
            later: None,
        },
        Ok(Err(join_error)) => {
            warn!(message = "Interaction handler failed.", error = %join_error);
            Answer {
                first: super::render::ephemeral(
                    "Something went wrong; nothing was changed. Try again.",
                ),
                later: None,
            }
        }
        Err(_) => Answer {
            first: deferral(incoming),
            later: Some(task),
        },
    }
}

/// Type 5 (ephemeral "thinking") for slash commands, type 6 (acknowledge) for clicks and modals.
pub fn deferral(incoming: &Incoming) -> CreateInteractionResponse {
    if incoming.kind == APPLICATION_COMMAND {
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true))
    } else {
        CreateInteractionResponse::Acknowledge
    }
}

/// Sends the late answer of a deferred interaction through its webhook.
pub async fn follow_up(rest: &Rest, incoming: &Incoming, late: CreateInteractionResponse) {
    let data = match &late {
        CreateInteractionResponse::Message(_) | CreateInteractionResponse::UpdateMessage(_) => {
            serde_json::to_value(&late)
                .map(|v| v["data"].clone())
                .unwrap_or(Value::Null)
        }
        // A modal can not follow a deferral; ask the member to click again (it will be quick now).
        _ => serde_json::to_value(
            ephemeral_message("That took too long; please click again.")
                .allowed_mentions(no_mentions()),
        )
        .unwrap_or(Value::Null),
    };
    let result = if incoming.kind == APPLICATION_COMMAND {
        rest.edit_original(&incoming.application_id, &incoming.token, &data)
            .await
    } else {
        rest.followup(&incoming.application_id, &incoming.token, &data)
            .await
    };
    if let Err(error) = result {
        warn!(message = "Failed to send deferred interaction answer.", %error);
    }
}
