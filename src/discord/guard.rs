//! Where and how often an interaction may arrive, checked before the handler sees it in both
//! modes: only from the configured guild and the review or admin channel (else refused and
//! audited), and each interaction id only once within the signature window (a replay).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serenity::builder::CreateInteractionResponse;
use tracing::warn;

use super::handler::Handler;
use super::render::ephemeral;
use super::signature::MAX_SKEW_SECS;
use super::wire::Incoming;
use crate::config::DiscordConfig;

/// Ids are remembered this long: a signed timestamp may be up to [`MAX_SKEW_SECS`] old or
/// ahead, so the same request verifies for twice that.
const REMEMBER: Duration = Duration::from_secs(2 * MAX_SKEW_SECS as u64);

/// At most this many ids are remembered (about 3 MB); past it the oldest are forgotten first.
/// Discord sends far fewer interactions than this in [`REMEMBER`] to one application.
const MAX_REMEMBERED: usize = 100_000;

/// What the guard decided about one interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    Admit,
    /// The id was seen within the window.
    Replay,
    /// From a guild or channel reviewgate does not serve; says why.
    Elsewhere(String),
}

/// The checks, with the ids seen recently.
pub(super) struct Guard {
    guild_id: Option<u64>,
    channels: Vec<u64>,
    seen: Mutex<Seen>,
}

/// Interaction ids in arrival order, for expiry, and as a set, for lookup.
#[derive(Default)]
struct Seen {
    order: VecDeque<(Instant, u64)>,
    ids: HashSet<u64>,
}

impl Seen {
    /// Records `id`; false if it is already there.
    fn insert(&mut self, id: u64, now: Instant) -> bool {
        while let Some(&(at, old)) = self.order.front() {
            let expired = now.saturating_duration_since(at) > REMEMBER;
            if !expired && self.order.len() < MAX_REMEMBERED {
                break;
            }
            self.order.pop_front();
            self.ids.remove(&old);
        }
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back((now, id));
        true
    }
}

impl Guard {
    pub(super) fn new(config: &DiscordConfig) -> Guard {
        let channels = [config.review_channel_id, config.admin_channel_id]
            .into_iter()
            .filter(|&c| c != 0)
            .collect();
        Guard {
            guild_id: config.guild_id,
            channels,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// Checks one interaction (not a PING); `now` is passed in so tests control the clock.
    pub(super) fn check(&self, i: &Incoming, now: Instant) -> Verdict {
        // Interaction ids are snowflakes; anything else can not be a real one.
        let Ok(id) = i.id.parse::<u64>() else {
            return Verdict::Elsewhere(format!("interaction id {:?} is not a snowflake", i.id));
        };
        let first = self
            .seen
            .lock()
            .map(|mut seen| seen.insert(id, now))
            .unwrap_or(false);
        if !first {
            return Verdict::Replay;
        }
        match (i.guild_id, self.guild_id) {
            (None, _) => return Verdict::Elsewhere("not in a server (direct message)".into()),
            (Some(got), Some(want)) if got != want => {
                return Verdict::Elsewhere(format!("server {got} is not the configured one"))
            }
            _ => {}
        }
        match i.channel_id {
            Some(c) if self.channels.contains(&c) => Verdict::Admit,
            Some(c) => {
                Verdict::Elsewhere(format!("channel {c} is not the review or admin channel"))
            }
            None => Verdict::Elsewhere("no channel".into()),
        }
    }
}

/// The answer to an interaction from elsewhere: audited as a refusal, answered "not here".
pub(super) async fn refuse_elsewhere(
    handler: &Arc<Handler>,
    i: &Incoming,
    why: String,
) -> CreateInteractionResponse {
    warn!(message = "Refused interaction from outside the review channels.", user = i.user_id, guild = ?i.guild_id, channel = ?i.channel_id, %why);
    let handler = handler.clone();
    let actor = handler.actor(i);
    // What was tried (a button's custom id or a command), never modal text.
    let tried = match &i.custom_id {
        Some(id) => id.clone(),
        None => format!("/{}", i.command.join(" ")),
    };
    let detail = format!("not here: {why} ({tried})");
    let audited =
        tokio::task::spawn_blocking(move || handler.refuse(None, &actor, "interaction", &detail))
            .await;
    if let Err(error) = audited {
        warn!(message = "Failed to audit a refusal.", %error);
    }
    ephemeral("Not here: reviewgate only answers in its review and admin channels.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> DiscordConfig {
        serde_json::from_value(serde_json::json!({
            "review_channel_id": 100, "admin_channel_id": 200, "reviewer_role_id": 1,
            "admin_role_id": 2, "guild_id": 7
        }))
        .unwrap()
    }

    fn incoming(id: &str, guild: Option<u64>, channel: Option<u64>) -> Incoming {
        Incoming {
            id: id.into(),
            application_id: "9".into(),
            kind: 3,
            token: "t".into(),
            guild_id: guild,
            channel_id: channel,
            user_id: 5,
            roles: vec![],
            custom_id: None,
            command: vec![],
            fields: vec![],
            message_id: None,
        }
    }

    #[test]
    fn only_the_configured_guild_and_channels_are_admitted() {
        let g = Guard::new(&config());
        let now = Instant::now();
        assert_eq!(
            g.check(&incoming("1", Some(7), Some(100)), now),
            Verdict::Admit
        );
        assert_eq!(
            g.check(&incoming("2", Some(7), Some(200)), now),
            Verdict::Admit
        );
        for (id, guild, channel) in [
            ("3", Some(8), Some(100)),
            ("4", Some(7), Some(300)),
            ("5", None, Some(100)),
            ("6", Some(7), None),
            ("x", Some(7), Some(100)),
        ] {
            assert!(
                matches!(
                    g.check(&incoming(id, guild, channel), now),
                    Verdict::Elsewhere(_)
                ),
                "{id}"
            );
        }
    }

    #[test]
    fn a_replayed_id_is_refused_within_the_window_and_memory_is_bounded() {
        let g = Guard::new(&config());
        let start = Instant::now();
        let i = incoming("42", Some(7), Some(100));
        assert_eq!(g.check(&i, start), Verdict::Admit);
        assert_eq!(g.check(&i, start + REMEMBER), Verdict::Replay);
        // Past the window the signature check refuses it anyway; the id is forgotten.
        let later = start + 2 * REMEMBER + Duration::from_secs(1);
        assert_eq!(
            g.check(&incoming("1", Some(7), Some(100)), later),
            Verdict::Admit
        );
        assert_eq!(g.seen.lock().unwrap().ids.len(), 1);
        for n in 0..(MAX_REMEMBERED as u64 + 10) {
            g.check(
                &incoming(&(1000 + n).to_string(), Some(7), Some(100)),
                later,
            );
        }
        assert!(g.seen.lock().unwrap().ids.len() <= MAX_REMEMBERED);
    }
}
