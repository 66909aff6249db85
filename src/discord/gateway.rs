//! Gateway mode: a serenity client (Guilds intent only) whose event handler forwards every
//! interaction to the shared [`Handler`] and answers through the interaction callback.

use std::sync::Arc;

use serenity::all::ClientBuilder;
use serenity::all::{Context, EventHandler, GatewayIntents, Interaction, Ready};
use serenity::http::HttpBuilder;
use serenity::Client;
use tracing::{info, warn};

use super::handler::Handler;
use super::respond::{answer, follow_up};
use super::wire::Incoming;
use super::DiscordError;

struct Forward {
    handler: Arc<Handler>,
}

#[serenity::async_trait]
impl EventHandler for Forward {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        info!(message = "Connected to the Discord gateway.", user = %ready.user.name);
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        // One parser for both modes: back to Discord's JSON, then the same reading as HTTP mode.
        let incoming = match serde_json::to_vec(&interaction)
            .map_err(|e| e.to_string())
            .and_then(|b| Incoming::parse(&b))
        {
            Ok(i) => i,
            Err(error) => {
                warn!(message = "Ignored unreadable gateway interaction.", %error);
                return;
            }
        };
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
    let mut client = builder
        .event_handler(Forward { handler })
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
