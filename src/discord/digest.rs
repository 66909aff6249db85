//! Posting the weekly digest to the admin channel: one message with the digest's lines of
//! text and the chart attached as a PNG. Built and sent here; `service::digest` decides when.

use std::time::Duration;

use serde_json::{json, Value};
use serenity::all::Nonce;
use serenity::builder::CreateMessage;

use super::render::no_mentions;
use super::rest::Rest;
use super::text::truncate;
use crate::config::DiscordConfig;

/// Discord's limit on a message's content.
const MAX_CONTENT: usize = 2000;

/// Why the digest could not be posted; the scheduler tries again at its next tick.
#[derive(Debug, thiserror::Error)]
pub enum DigestPostError {
    /// `[discord] admin_channel_id` is 0: the digest has nowhere to go.
    #[error("[discord] admin_channel_id is not set: the weekly digest has nowhere to go")]
    NoChannel,
    /// The HTTP client could not be built.
    #[error("Discord HTTP client: {0}")]
    Client(String),
    /// Discord refused the upload or could not be reached.
    #[error("posting the weekly digest: {0}")]
    Rest(String),
}

/// The file name of the chart of `week`, e.g. `digest-2026-W50.png`.
pub fn digest_file_name(week: &str) -> String {
    format!("digest-{week}.png")
}

/// The message's JSON (`payload_json`): the lines in a code block (source names keep their
/// underscores), cut to Discord's limit, no mentions, the chart as attachment 0, and the nonce
/// `rg-digest-<week>` that Discord enforces, so a retry after a lost answer is not a second
/// message.
pub fn digest_payload(week: &str, lines: &[String]) -> Value {
    let mut text = format!("**Weekly digest {week}**\n```\n");
    let end = "```";
    for (shown, line) in lines.iter().enumerate() {
        let line = truncate(line, 200).replace("```", "'''");
        let more = lines.len() - shown;
        let reserve = if more > 1 { 40 } else { 0 };
        if text.chars().count() + line.chars().count() + 1 + end.len() + reserve > MAX_CONTENT {
            text.push_str(&format!("... and {more} more lines\n"));
            break;
        }
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(end);
    let message = CreateMessage::new()
        .content(text)
        .allowed_mentions(no_mentions())
        .nonce(Nonce::String(format!("rg-digest-{week}")))
        .enforce_nonce(true);
    let mut v = serde_json::to_value(message).unwrap_or(Value::Null);
    v["attachments"] = json!([{
        "id": 0,
        "filename": digest_file_name(week),
        "description": format!("reviewgate weekly digest {week}: posts, matches, replies and time to decision per day"),
    }]);
    v
}

/// Posts the digest of `week` (its `lines` and the chart `png`) to the admin channel of
/// `config` with the bot `token`; returns the message id.
pub async fn post_digest(
    config: &DiscordConfig,
    token: &str,
    timeout: Duration,
    week: &str,
    lines: &[String],
    png: Vec<u8>,
) -> Result<u64, DigestPostError> {
    if config.admin_channel_id == 0 {
        return Err(DigestPostError::NoChannel);
    }
    let rest = Rest::new(&config.api_base, token, timeout)
        .map_err(|e| DigestPostError::Client(e.to_string()))?;
    rest.create_message_with_file(
        config.admin_channel_id,
        &digest_payload(week, lines),
        &digest_file_name(week),
        "image/png",
        png,
    )
    .await
    .map_err(|e| DigestPostError::Rest(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_names_the_file_and_fits_discord() {
        let lines: Vec<String> = (0..400).map(|i| format!("  source_{i}: 3 posts")).collect();
        let v = digest_payload("2026-W50", &lines);
        let content = v["content"].as_str().unwrap();
        assert!(content.chars().count() <= MAX_CONTENT, "{}", content.len());
        assert!(content.starts_with("**Weekly digest 2026-W50**\n```\n  source_0: 3 posts"));
        assert!(content.ends_with("more lines\n```"), "{content}");
        assert_eq!(v["nonce"], "rg-digest-2026-W50");
        assert_eq!(v["enforce_nonce"], true);
        assert_eq!(v["attachments"][0]["filename"], "digest-2026-W50.png");
        assert_eq!(v["allowed_mentions"]["parse"], json!([]));

        let v = digest_payload("2026-W50", &["one".into(), "two".into()]);
        assert_eq!(
            v["content"],
            "**Weekly digest 2026-W50**\n```\none\ntwo\n```"
        );
    }
}
