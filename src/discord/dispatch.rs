//! Routes one interaction to what answers it: `/source` (async, it may fetch), `/queue` and
//! the review card's buttons and forms (on the blocking pool, they read and write the store).
//! Above both `commands` and `handler`, so neither needs the other's entry point.

use std::sync::Arc;

use serenity::builder::CreateInteractionResponse;
use tracing::warn;

use super::commands;
use super::handler::Handler;
use super::render::ephemeral;
use super::wire::{Incoming, APPLICATION_COMMAND, MESSAGE_COMPONENT, MODAL_SUBMIT};

impl Handler {
    /// Handles one interaction and returns the answer. Never panics on input; store failures
    /// become an ephemeral "nothing changed" answer.
    pub async fn handle(self: Arc<Self>, incoming: Incoming) -> CreateInteractionResponse {
        if incoming.kind == APPLICATION_COMMAND
            && incoming.command.first().map(String::as_str) == Some("source")
        {
            return commands::source(&self, &incoming).await;
        }
        let this = self.clone();
        match tokio::task::spawn_blocking(move || this.handle_blocking(&incoming)).await {
            Ok(resp) => resp,
            Err(error) => {
                warn!(message = "Interaction handler failed.", %error);
                ephemeral("Something went wrong; nothing was changed.")
            }
        }
    }

    fn handle_blocking(&self, i: &Incoming) -> CreateInteractionResponse {
        match i.kind {
            APPLICATION_COMMAND => commands::queue(self, i),
            MESSAGE_COMPONENT | MODAL_SUBMIT => match self.component(i) {
                Ok(resp) => resp,
                Err(error) => {
                    warn!(message = "Failed to handle interaction.", %error, user = i.user_id);
                    ephemeral("The review queue could not be read or written; nothing was changed. Try again.")
                }
            },
            other => ephemeral(&format!(
                "reviewgate does not handle interactions of type {other}."
            )),
        }
    }
}
