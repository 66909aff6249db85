//! A small client for the Discord REST calls reviewgate makes. It sends the JSON of serenity's
//! builders but keeps Discord's answer whole: serenity's `Http` drops `retry_after` from 429
//! answers when its own rate limiter is off (which `api_base` requires), and the delivery loop
//! needs it to back off as Discord asks.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

/// A Discord REST call that did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum RestError {
    /// Network failure, 5xx or 429: the same call may succeed later.
    #[error("Discord {what} failed (retryable, status {status:?}): {message}")]
    Retryable {
        /// The call, e.g. `POST /channels/1/messages`.
        what: String,
        /// HTTP status, if an answer arrived.
        status: Option<u16>,
        /// How long Discord asked us to wait (429).
        retry_after: Option<Duration>,
        /// Discord's message or the network error.
        message: String,
    },
    /// 4xx other than 429: repeating the same call will fail the same way.
    #[error("Discord {what} refused with status {status}: {message}")]
    Permanent {
        /// The call, e.g. `PATCH /channels/1/messages/2`.
        what: String,
        /// HTTP status.
        status: u16,
        /// Discord's message.
        message: String,
    },
}

impl RestError {
    /// Discord's requested wait, for 429 answers.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            RestError::Retryable { retry_after, .. } => *retry_after,
            RestError::Permanent { .. } => None,
        }
    }
}

/// REST client bound to one bot token and API base (`https://discord.com` or a test fake).
#[derive(Clone)]
pub struct Rest {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Rest {
    pub fn new(api_base: &str, token: &str, timeout: Duration) -> Result<Rest, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!(
                "DiscordBot (https://github.com/reviewgate, ",
                env!("CARGO_PKG_VERSION"),
                ") reviewgate"
            ))
            .build()?;
        Ok(Rest {
            client,
            base: format!("{}/api/v10", api_base.trim_end_matches('/')),
            token: token.to_string(),
        })
    }

    /// Posts a message; returns its id.
    pub async fn create_message(
        &self,
        channel_id: u64,
        body: &impl Serialize,
    ) -> Result<u64, RestError> {
        let v = self
            .call(
                reqwest::Method::POST,
                &format!("/channels/{channel_id}/messages"),
                Some(body),
                true,
            )
            .await?;
        message_id(&v)
    }

    /// Replaces a message's content, embeds and components.
    pub async fn edit_message(
        &self,
        channel_id: u64,
        message_id: u64,
        body: &impl Serialize,
    ) -> Result<(), RestError> {
        self.call(
            reqwest::Method::PATCH,
            &format!("/channels/{channel_id}/messages/{message_id}"),
            Some(body),
            true,
        )
        .await
        .map(drop)
    }

    /// The newest `limit` (max 100) messages of a channel, newest first, as Discord's JSON.
    pub async fn recent_messages(
        &self,
        channel_id: u64,
        limit: u8,
    ) -> Result<Vec<Value>, RestError> {
        let v = self
            .call(
                reqwest::Method::GET,
                &format!("/channels/{channel_id}/messages?limit={}", limit.min(100)),
                None::<&()>,
                true,
            )
            .await?;
        Ok(v.as_array().cloned().unwrap_or_default())
    }

    /// Answers an interaction received over the gateway (the HTTP mode answers in the response body).
    pub async fn interaction_callback(
        &self,
        id: &str,
        token: &str,
        body: &impl Serialize,
    ) -> Result<(), RestError> {
        self.call(
            reqwest::Method::POST,
            &format!("/interactions/{id}/{token}/callback"),
            Some(body),
            false,
        )
        .await
        .map(drop)
    }

    /// Replaces the original answer of a deferred interaction.
    pub async fn edit_original(
        &self,
        application_id: &str,
        token: &str,
        body: &impl Serialize,
    ) -> Result<(), RestError> {
        self.call(
            reqwest::Method::PATCH,
            &format!("/webhooks/{application_id}/{token}/messages/@original"),
            Some(body),
            false,
        )
        .await
        .map(drop)
    }

    /// Sends a follow-up message for an interaction (after a deferred update).
    pub async fn followup(
        &self,
        application_id: &str,
        token: &str,
        body: &impl Serialize,
    ) -> Result<(), RestError> {
        self.call(
            reqwest::Method::POST,
            &format!("/webhooks/{application_id}/{token}"),
            Some(body),
            false,
        )
        .await
        .map(drop)
    }

    /// The bot's application id (`GET /applications/@me`).
    pub async fn application_id(&self) -> Result<u64, RestError> {
        let v = self
            .call(reqwest::Method::GET, "/applications/@me", None::<&()>, true)
            .await?;
        snowflake(&v["id"]).ok_or_else(|| RestError::Permanent {
            what: "GET /applications/@me".into(),
            status: 200,
            message: "answer has no id".into(),
        })
    }

    /// Where the gateway client connects (`GET /gateway`: `{"url": "wss://…"}`).
    pub async fn gateway_url(&self) -> Result<String, RestError> {
        let v = self
            .call(reqwest::Method::GET, "/gateway", None::<&()>, false)
            .await?;
        match v["url"].as_str() {
            Some(url) => Ok(url.to_string()),
            None => Err(RestError::Permanent {
                what: "GET /gateway".into(),
                status: 200,
                message: "answer has no url".into(),
            }),
        }
    }

    /// Replaces the application's slash commands in one guild (or globally without one).
    pub async fn put_commands(
        &self,
        application_id: u64,
        guild_id: Option<u64>,
        body: &impl Serialize,
    ) -> Result<(), RestError> {
        let path = match guild_id {
            Some(g) => format!("/applications/{application_id}/guilds/{g}/commands"),
            None => format!("/applications/{application_id}/commands"),
        };
        self.call(reqwest::Method::PUT, &path, Some(body), true)
            .await
            .map(drop)
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&impl Serialize>,
        authorized: bool,
    ) -> Result<Value, RestError> {
        // Interaction tokens are secrets of their own: keep them out of error messages and logs.
        let what = format!("{method} {}", redact_path(path));
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if authorized {
            req = req.header("Authorization", format!("Bot {}", self.token));
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        self.send(what, req).await
    }

    /// Posts a message with one file attached (multipart: `payload_json` and `files[0]`, which
    /// `payload`'s `attachments` names as id 0); returns its id.
    pub async fn create_message_with_file(
        &self,
        channel_id: u64,
        payload: &Value,
        file_name: &str,
        mime: &str,
        bytes: Vec<u8>,
    ) -> Result<u64, RestError> {
        let path = format!("/channels/{channel_id}/messages");
        let what = format!("POST {path} (with {file_name})");
        let file = reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.to_string())
            .mime_str(mime)
            .map_err(|e| RestError::Permanent {
                what: what.clone(),
                status: 0,
                message: e.to_string(),
            })?;
        let form = reqwest::multipart::Form::new()
            .text("payload_json", payload.to_string())
            .part("files[0]", file);
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Authorization", format!("Bot {}", self.token))
            .multipart(form);
        let v = self.send(what, req).await?;
        message_id(&v)
    }

    /// Sends `req` and reads Discord's answer: JSON on success, else a [`RestError`].
    async fn send(&self, what: String, req: reqwest::RequestBuilder) -> Result<Value, RestError> {
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                return Err(RestError::Retryable {
                    what,
                    status: None,
                    retry_after: None,
                    message: e.without_url().to_string(),
                })
            }
        };
        let status = resp.status().as_u16();
        let header_wait = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        let text = match resp.text().await {
            Ok(t) => t,
            Err(e) => {
                return Err(RestError::Retryable {
                    what,
                    status: Some(status),
                    retry_after: None,
                    message: e.without_url().to_string(),
                })
            }
        };
        let json: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::Null)
        };
        if (200..300).contains(&status) {
            return Ok(json);
        }
        let message = json["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| text.chars().take(200).collect());
        if status == 429 || status >= 500 {
            let secs = json["retry_after"].as_f64().or(header_wait);
            let retry_after = secs
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| Duration::from_secs_f64(s.min(3600.0)));
            Err(RestError::Retryable {
                what,
                status: Some(status),
                retry_after,
                message,
            })
        } else {
            Err(RestError::Permanent {
                what,
                status,
                message,
            })
        }
    }
}

fn redact_path(path: &str) -> String {
    if path.starts_with("/interactions/") || path.starts_with("/webhooks/") {
        let mut parts: Vec<&str> = path.split('/').collect();
        if parts.len() > 3 {
            parts[3] = "<token>";
        }
        parts.join("/")
    } else {
        path.to_string()
    }
}

/// Reads a Discord snowflake, which Discord sends as a string.
pub fn snowflake(v: &Value) -> Option<u64> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .or_else(|| v.as_u64())
}

fn message_id(v: &Value) -> Result<u64, RestError> {
    snowflake(&v["id"]).ok_or_else(|| RestError::Permanent {
        what: "POST message".into(),
        status: 200,
        message: "answer has no message id".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_interaction_tokens_out_of_messages() {
        assert_eq!(
            redact_path("/interactions/1/secret/callback"),
            "/interactions/1/<token>/callback"
        );
        assert_eq!(
            redact_path("/webhooks/9/secret/messages/@original"),
            "/webhooks/9/<token>/messages/@original"
        );
        assert_eq!(redact_path("/channels/1/messages"), "/channels/1/messages");
    }

    #[test]
    fn reads_snowflakes_as_strings_or_numbers() {
        assert_eq!(snowflake(&serde_json::json!("123")), Some(123));
        assert_eq!(snowflake(&serde_json::json!(5)), Some(5));
        assert_eq!(snowflake(&serde_json::json!(null)), None);
    }
}
