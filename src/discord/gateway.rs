//! Gateway mode: a serenity client (Guilds intent only) whose event handler forwards every
//! interaction from the review channels (see `guard`) to the shared [`Handler`] and answers
//! through the interaction callback.

use std::sync::Arc;

use serenity::all::ClientBuilder;
use serenity::all::{Context, EventHandler, GatewayIntents, Interaction, Ready};
use serenity::http::HttpBuilder;
use serenity::Client;
use tracing::{info, warn};

use super::guard::{refuse_elsewhere, Guard, Verdict};
use super::handler::Handler;
use super::respond::{answer, follow_up};
use super::wire::{Incoming, PING};
use super::DiscordError;

struct Forward {
    handler: Arc<Handler>,
    guard: Guard,
}

#[serenity::async_trait]
impl EventHandler for Forward {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        info!(message = "Connected to the Discord gateway.", user = %ready.user.name);
        super::status::set_connected(true);
    }

    async fn shard_stage_update(
        &self,
        _ctx: Context,
        event: serenity::gateway::ShardStageUpdateEvent,
    ) {
        super::status::set_connected(event.new == serenity::gateway::ConnectionStage::Connected);
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        let incoming = match incoming_from_gateway(&interaction) {
            Ok(i) => i,
            Err(error) => {
                warn!(message = "Ignored unreadable gateway interaction.", %error);
                return;
            }
        };
        if incoming.kind == PING {
            return;
        }
        match self.guard.check(&incoming, std::time::Instant::now()) {
            Verdict::Admit => {}
            Verdict::Replay => {
                warn!(message = "Ignored replayed gateway interaction.", id = %incoming.id);
                return;
            }
            Verdict::Elsewhere(why) => {
                let answer = refuse_elsewhere(&self.handler, &incoming, why).await;
                let rest = self.handler.rest();
                if let Err(error) = rest
                    .interaction_callback(&incoming.id, &incoming.token, &answer)
                    .await
                {
                    warn!(message = "Failed to answer interaction.", %error);
                }
                return;
            }
        }
        let handler = self.handler.clone();
        let work_incoming = incoming.clone();
        let ans = answer(&incoming, self.handler.defer_after(), async move {
            handler.handle(work_incoming).await
        })
        .await;
        let rest = self.handler.rest();
        if let Err(error) = rest
            .interaction_callback(&incoming.id, &incoming.token, &ans.first)
            .await
        {
            warn!(message = "Failed to answer interaction.", %error);
            return;
        }
        if let Some(later) = ans.later {
            if let Ok(late) = later.await {
                follow_up(rest, &incoming, late).await;
            }
        }
    }
}

/// One parser for both modes: serenity's interaction back to Discord's JSON (its serialisation
/// leaves out `type`, which the variant tells), then the same reading as HTTP mode.
pub(super) fn incoming_from_gateway(interaction: &Interaction) -> Result<Incoming, String> {
    let kind = match interaction {
        Interaction::Ping(_) => 1,
        Interaction::Command(_) => 2,
        Interaction::Component(_) => 3,
        Interaction::Autocomplete(_) => 4,
        Interaction::Modal(_) => 5,
        _ => 0,
    };
    let mut value = serde_json::to_value(interaction).map_err(|e| e.to_string())?;
    value["type"] = kind.into();
    Incoming::parse(value.to_string().as_bytes())
}

/// Connects to the gateway and runs until `shutdown` turns true.
pub async fn run(
    token: &str,
    api_base: &str,
    handler: Arc<Handler>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> Result<(), DiscordError> {
    let base = api_base.trim_end_matches('/');
    let builder = if base == "https://discord.com" {
        Client::builder(token, GatewayIntents::GUILDS)
    } else {
        // serenity honours a proxy only with its own rate limiter off.
        let http = HttpBuilder::new(token)
            .proxy(base)
            .ratelimiter_disabled(true)
            .build();
        ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
    };
    let guard = Guard::new(&handler.config);
    let mut client = builder
        .event_handler(Forward { handler, guard })
        .await
        .map_err(|e| DiscordError::Gateway(e.to_string()))?;
    let shard_manager = client.shard_manager.clone();
    tokio::spawn(async move {
        while !*shutdown.borrow() {
            if shutdown.changed().await.is_err() {
                break;
            }
        }
        shard_manager.shutdown_all().await;
    });
    client
        .start()
        .await
        .map_err(|e| DiscordError::Gateway(e.to_string()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn member() -> serde_json::Value {
        json!({"user": {"id": "55", "username": "alice", "global_name": null, "avatar": null},
               "roles": ["300"], "joined_at": "2026-01-01T00:00:00+00:00", "deaf": false, "mute": false, "flags": 0})
    }

    #[test]
    fn gateway_modal_submits_read_like_http_ones() {
        let raw = json!({"id": "11", "application_id": "22", "type": 5, "token": "tok", "version": 1,
            "guild_id": "33", "channel_id": "44", "member": member(), "locale": "en-US", "entitlements": [],
            "attachment_size_limit": 1000, "app_permissions": "0",
            "data": {"custom_id": "rg:m:approve:1:1", "components": [{"type": 1, "components": [
                {"type": 4, "custom_id": "reason", "value": "fine", "style": 2, "label": "Reason"}]}]}});
        let interaction: Interaction = serde_json::from_value(raw.clone()).unwrap();
        let via_gateway = incoming_from_gateway(&interaction).unwrap();
        let via_http = Incoming::parse(raw.to_string().as_bytes()).unwrap();
        assert_eq!(via_gateway, via_http);
        assert_eq!(
            (
                via_gateway.kind,
                via_gateway.user_id,
                via_gateway.roles.clone()
            ),
            (5, 55, vec![300])
        );
        assert_eq!(via_gateway.field("reason"), Some("fine"));
    }

    #[test]
    fn gateway_commands_read_like_http_ones() {
        let raw = json!({"id": "11", "application_id": "22", "type": 2, "token": "tok", "version": 1,
            "guild_id": "33", "channel_id": "44", "member": member(), "locale": "en-US", "entitlements": [],
            "attachment_size_limit": 1000, "app_permissions": "0",
            "data": {"id": "77", "name": "source", "type": 1, "options": [
                {"type": 1, "name": "pause", "options": [{"type": 3, "name": "name", "value": "phpbb"}]}]}});
        let interaction: Interaction = serde_json::from_value(raw.clone()).unwrap();
        let i = incoming_from_gateway(&interaction).unwrap();
        assert_eq!(i.command, ["source", "pause", "phpbb"]);
        assert_eq!(i, Incoming::parse(raw.to_string().as_bytes()).unwrap());
    }
}
