//! Slash commands: `/queue` for reviewers and `/source list|pause|resume|test` for admins,
//! their definitions for registration, and their handlers.

use serenity::all::CommandOptionType;
use serenity::builder::{CreateCommand, CreateCommandOption, CreateInteractionResponse};
use tracing::warn;

use super::handler::Handler;
use super::render::{ephemeral, queue_list};
use super::text::escape;
use super::wire::Incoming;
use crate::queue::State;

/// The commands reviewgate registers.
pub fn definitions() -> Vec<CreateCommand> {
    let name_opt = |what: &str| {
        CreateCommandOption::new(
            CommandOptionType::String,
            "name",
            format!("The source to {what}"),
        )
        .required(true)
    };
    vec![
        CreateCommand::new("queue")
            .description("List the review queue's pending items")
            .dm_permission(false),
        CreateCommand::new("source")
            .description("Manage the watched sources (admins)")
            .dm_permission(false)
            .add_option(CreateCommandOption::new(
                CommandOptionType::SubCommand,
                "list",
                "Every source with its health",
            ))
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "pause",
                    "Stop polling a source",
                )
                .add_sub_option(name_opt("pause")),
            )
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "resume",
                    "Poll a paused source again",
                )
                .add_sub_option(name_opt("resume")),
            )
            .add_option(
                CreateCommandOption::new(
                    CommandOptionType::SubCommand,
                    "test",
                    "Fetch a source now and show what was extracted",
                )
                .add_sub_option(name_opt("test")),
            ),
    ]
}

/// `/queue`: reviewers (and admins) see the pending items.
pub fn queue(h: &Handler, i: &Incoming) -> CreateInteractionResponse {
    let actor = h.actor(i);
    if i.command.first().map(String::as_str) != Some("queue") {
        return h.refuse(None, &actor, "command", "unknown command");
    }
    if !actor.reviewer && !actor.admin {
        return h.refuse(
            None,
            &actor,
            "queue_list",
            "the reviewer role is needed to see the queue",
        );
    }
    let cards = h
        .queue()
        .list(Some(State::Pending))
        .map_err(|e| e.to_string())
        .and_then(|views| {
            views
                .iter()
                .map(|v| h.card_of(v).map_err(|e| e.to_string()))
                .collect::<Result<Vec<_>, _>>()
        });
    match cards {
        Ok(cards) => queue_list(&cards),
        Err(error) => {
            warn!(message = "Failed to list the queue.", %error);
            ephemeral("The review queue could not be read. Try again.")
        }
    }
}

/// `/source …`: admins only; pausing and resuming are audited.
pub async fn source(h: &Handler, i: &Incoming) -> CreateInteractionResponse {
    let actor = h.actor(i);
    let sub = i.command.get(1).map(String::as_str).unwrap_or("");
    let name = i.command.get(2).cloned().unwrap_or_default();
    if !actor.admin {
        let store = h.store.clone();
        let actor2 = actor.clone();
        let action = format!("source_{sub}");
        let refused = tokio::task::spawn_blocking(move || {
            crate::queue::Queue::new(&store).record_refusal(
                None,
                &actor2,
                &action,
                "the admin role is needed to manage sources",
            )
        })
        .await;
        if !matches!(refused, Ok(Ok(()))) {
            warn!(message = "Failed to audit a refusal.", actor = %actor.id);
        }
        return ephemeral("Refused: the admin role is needed to manage sources.");
    }
    match sub {
        "list" => {
            let list = h.sources.list();
            if list.is_empty() {
                return ephemeral("No sources are configured.");
            }
            let lines: Vec<String> = list
                .iter()
                .map(|s| {
                    format!(
                        "**{}** · {} · {}",
                        escape(&s.name),
                        if s.paused { "paused" } else { "active" },
                        escape(&s.health)
                    )
                })
                .collect();
            ephemeral(&lines.join("\n"))
        }
        "pause" | "resume" => {
            let paused = sub == "pause";
            match h.sources.set_paused(&name, paused) {
                Ok(()) => {
                    let store = h.store.clone();
                    let (actor_id, action, detail) =
                        (actor.id.clone(), format!("source_{sub}"), name.clone());
                    let audited = tokio::task::spawn_blocking(move || {
                        store.write(|tx| {
                            tx.append_audit(&actor_id, &action, None, None, &detail)
                                .map(drop)
                        })
                    })
                    .await;
                    if !matches!(audited, Ok(Ok(()))) {
                        warn!(message = "Failed to audit a source change.", source = %name);
                    }
                    ephemeral(&format!(
                        "Source {} {}.",
                        escape(&name),
                        if paused { "paused" } else { "resumed" }
                    ))
                }
                Err(e) => ephemeral(&format!(
                    "Could not {sub} {}: {}",
                    escape(&name),
                    escape(&e)
                )),
            }
        }
        "test" => match h.sources.test(&name).await {
            Ok(summary) => ephemeral(&format!("Test of {}:\n{}", escape(&name), escape(&summary))),
            Err(e) => ephemeral(&format!("Test of {} failed: {}", escape(&name), escape(&e))),
        },
        other => ephemeral(&format!("Unknown subcommand {}.", escape(other))),
    }
}
