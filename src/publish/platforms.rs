//! The platforms' APIs: one request shape per kind, sent with retries on 5xx and 429.
//! The client follows no redirects: a credentialed POST is never replayed to another URL.
//!
//! A 5xx or a timeout does not say that nothing was posted (a proxy's 502 or 504 often comes
//! after the platform created the reply), so before any retry the platform is asked for the
//! reply (`find_sent`); found, it is the outcome, and nothing is sent again. The whole thread
//! is read (a busy topic buries the reply under newer posts), within a page and time bound;
//! a thread longer than the bound leaves the outcome unknown, held for a human, never resent.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;
use url::Url;

use super::{Prepared, Retry};
use crate::config::{HttpConfig, PublisherConfig, PublisherKind};
use crate::http::retry::{backoff, retry_after};

mod lookup;

use lookup::LookupError;
pub use lookup::{LOOKUP_MAX_PAGES, LOOKUP_MAX_TIME};

/// Why a send did not go through.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    /// The publisher could not be set up (a variable unset, no reply target).
    #[error("publisher not set up: {0}")]
    Setup(String),
    /// The platform answered with an error that retrying does not cure (4xx but 429), or
    /// kept failing (5xx, 429) through every attempt.
    #[error("{url} answered {status} after {attempts} attempt(s): {body}")]
    Status {
        url: String,
        status: u16,
        attempts: u32,
        body: String,
    },
    /// No answer (connection refused, timeout) through every attempt.
    #[error("{url}: {detail} after {attempts} attempt(s)")]
    Transport {
        url: String,
        detail: String,
        attempts: u32,
    },
    /// The platform failed in a way that may have posted the reply (5xx, timeout), and
    /// looking for the reply on the platform failed too: nothing is sent again until an
    /// operator asks (`--resend-unconfirmed`, which looks first).
    #[error("{url}: {failure}; whether the reply was posted is unknown (looking for it on the platform failed: {lookup}); check the site, then publish again with --resend-unconfirmed")]
    Unconfirmed {
        url: String,
        failure: String,
        lookup: String,
    },
    /// The platform answered 2xx with a body that does not say where the reply is.
    #[error("{url} answered {status} with an unreadable body: {detail}")]
    Response {
        url: String,
        status: u16,
        detail: String,
    },
}

/// Credentials read from the environment when the publisher is built.
#[derive(Clone)]
enum Auth {
    Discourse { key: String, user: String },
    Wordpress { user: String, password: String },
    Webhook { secret: String },
}

/// A publisher for one source: its kind, base URL, credentials and retry policy.
pub struct Publisher {
    cfg: PublisherConfig,
    auth: Auth,
    client: reqwest::Client,
    retry: Retry,
}

impl Publisher {
    /// Reads the credentials the config names from `env`; a missing one is named.
    pub fn new(
        cfg: &PublisherConfig,
        http: &HttpConfig,
        env: &impl Fn(&str) -> Option<String>,
    ) -> Result<Publisher, String> {
        let var = |name: &Option<String>, key: &str| -> Result<String, String> {
            let name = name
                .as_deref()
                .ok_or_else(|| format!("[sources.publisher] {key} is not set"))?;
            env(name)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| format!("environment variable {name} ({key}) is not set"))
        };
        let auth = match cfg.kind {
            PublisherKind::Discourse => Auth::Discourse {
                key: var(&cfg.api_key_env, "api_key_env")?,
                user: var(&cfg.username_env, "username_env")?,
            },
            PublisherKind::Wordpress => Auth::Wordpress {
                user: var(&cfg.username_env, "username_env")?,
                password: var(&cfg.password_env, "password_env")?,
            },
            PublisherKind::Webhook => Auth::Webhook {
                secret: var(&cfg.secret_env, "secret_env")?,
            },
        };
        let client = reqwest::Client::builder()
            .user_agent(&http.user_agent)
            .timeout(http.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("building the HTTP client: {e}"))?;
        Ok(Publisher {
            cfg: cfg.clone(),
            auth,
            client,
            retry: Retry::from(http),
        })
    }

    /// Sends the prepared reply; returns the URL of the published reply (or of the one found
    /// on the platform, when an earlier or a failed attempt turns out to have posted it).
    pub async fn send(&self, p: &Prepared) -> Result<String, SendError> {
        let (url, body) = self.request(p)?;
        if p.look_first {
            match self.find_sent(p).await {
                Ok(Some(found)) => {
                    tracing::info!(message = "An unconfirmed earlier send is on the platform; not sent again.", url = %found);
                    return Ok(found);
                }
                Ok(None) => {}
                // An operator asked for the resend after checking the site, which is all a
                // thread too long to read here leaves: their check stands.
                Err(LookupError::TooLong(why)) => {
                    tracing::warn!(message = "The thread is too long to read for an earlier send; resending as the operator asked.", %why);
                }
                Err(lookup @ LookupError::Unreachable(_)) => {
                    return Err(SendError::Unconfirmed {
                        url: url.to_string(),
                        failure: "an earlier send's outcome was never recorded".into(),
                        lookup: lookup.to_string(),
                    })
                }
            }
        }
        let bytes = serde_json::to_vec(&body).expect("JSON values always serialise");
        match self.post_with_retries(&url, &bytes, p).await? {
            Answer::Created { status, body } => self.reply_url(p, &url, status, &body),
            Answer::Found(found) => Ok(found),
        }
    }

    /// The endpoint and the JSON body for this platform.
    fn request(&self, p: &Prepared) -> Result<(Url, Value), SendError> {
        let setup = SendError::Setup;
        let base =
            Url::parse(&self.cfg.url).map_err(|e| setup(format!("url {:?}: {e}", self.cfg.url)))?;
        let join = |path: &str| {
            base.join(path)
                .map_err(|e| setup(format!("url {:?}: {e}", self.cfg.url)))
        };
        Ok(match self.cfg.kind {
            PublisherKind::Discourse => {
                let (topic, number) = discourse_target(p.answered.url.as_deref());
                let topic = self.cfg.topic_id.or(topic).ok_or_else(|| {
                    setup(format!(
                        "no topic to reply in: set topic_id, or the post's URL ({}) must be /t/slug/TOPIC/N",
                        p.answered.url.as_deref().unwrap_or("none")
                    ))
                })?;
                let mut body = json!({ "raw": p.text, "topic_id": topic });
                if let Some(n) = number {
                    body["reply_to_post_number"] = json!(n);
                }
                (join("/posts.json")?, body)
            }
            PublisherKind::Wordpress => {
                let post = self
                    .cfg
                    .post_id
                    .ok_or_else(|| setup("post_id is not set".into()))?;
                let mut body = json!({ "post": post, "content": p.text });
                if let Some(parent) =
                    wordpress_comment_id(&p.answered.id, p.answered.url.as_deref())
                {
                    body["parent"] = json!(parent);
                }
                (join("/wp-json/wp/v2/comments")?, body)
            }
            PublisherKind::Webhook => (
                base.clone(),
                json!({
                    "item_id": p.item_id,
                    "version": p.version,
                    "source": p.source.name,
                    "post_id": p.answered.id,
                    "post_url": p.answered.url,
                    "text": p.text,
                    "idempotency_key": p.key,
                }),
            ),
        })
    }

    /// POSTs `body`, retrying on 5xx, 429 and transport errors with backoff (honouring
    /// `Retry-After`); other statuses end at once. After a failure that may have posted the
    /// reply (5xx, a timeout: not a 429 or a refused connection) the platform is checked
    /// first, so a retry never posts twice.
    async fn post_with_retries(
        &self,
        url: &Url,
        body: &[u8],
        p: &Prepared,
    ) -> Result<Answer, SendError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.retry.max_attempts;
            let (failure, wait) = match self.post_once(url, body, &p.key).await {
                Ok(resp) => {
                    let status = resp.status();
                    let after = retry_after(resp.headers(), chrono::Utc::now());
                    let answer = resp.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                    if status.is_success() {
                        return Ok(Answer::Created {
                            status: status.as_u16(),
                            body: answer,
                        });
                    }
                    let retryable =
                        status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
                    let failure = SendError::Status {
                        url: url.to_string(),
                        status: status.as_u16(),
                        attempts: attempt,
                        body: String::from_utf8_lossy(&answer).chars().take(300).collect(),
                    };
                    if !retryable {
                        return Err(failure);
                    }
                    // A 429 is a refusal to process; a 5xx may come after the reply was made.
                    let unclear = status.is_server_error();
                    ((failure, unclear), after)
                }
                Err(e) => {
                    let failure = SendError::Transport {
                        url: url.to_string(),
                        detail: e.to_string(),
                        attempts: attempt,
                    };
                    // A refused connection never reached the platform; a timeout may have.
                    let unclear = !e.is_connect();
                    ((failure, unclear), None)
                }
            };
            let (failure, unclear) = failure;
            if unclear {
                match self.find_sent(p).await {
                    Ok(Some(found)) => {
                        tracing::warn!(message = "Publishing failed, but the reply is on the platform; not sent again.", url = %found, %failure);
                        return Ok(Answer::Found(found));
                    }
                    Ok(None) => {}
                    Err(lookup) => {
                        return Err(SendError::Unconfirmed {
                            url: url.to_string(),
                            failure: failure.to_string(),
                            lookup: lookup.to_string(),
                        })
                    }
                }
            }
            if last {
                return Err(failure);
            }
            let pause = backoff(self.retry.base, attempt, self.retry.cap);
            let pause = wait
                .map_or(pause, |w| w.max(pause))
                .min(self.retry.cap.max(Duration::from_millis(1)));
            tracing::warn!(message = "Publishing failed; retrying.", url = %url, attempt, retry_in = ?pause, %failure);
            tokio::time::sleep(pause).await;
        }
    }

    /// A Discourse post's URL from its JSON (`topic_slug`, `topic_id`, `post_number`).
    fn discourse_url(&self, post: &Value) -> Option<String> {
        let topic = post["topic_id"].as_u64()?;
        let number = post["post_number"].as_u64()?;
        let slug = post["topic_slug"].as_str().unwrap_or("-");
        let base = self.cfg.url.trim_end_matches('/');
        Some(format!("{base}/t/{slug}/{topic}/{number}"))
    }

    /// Adds this platform's credentials (and, for the webhook, the signature of `body`).
    fn authed(
        &self,
        req: reqwest::RequestBuilder,
        body: &[u8],
        key: &str,
    ) -> reqwest::RequestBuilder {
        match &self.auth {
            Auth::Discourse { key, user } => {
                req.header("Api-Key", key).header("Api-Username", user)
            }
            Auth::Wordpress { user, password } => req.basic_auth(user, Some(password)),
            Auth::Webhook { secret } => req
                .header(
                    "X-Reviewgate-Signature",
                    format!("sha256={}", sign(secret, body)),
                )
                .header("Idempotency-Key", key),
        }
    }

    async fn post_once(
        &self,
        url: &Url,
        body: &[u8],
        key: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let req = self
            .client
            .post(url.clone())
            .header("Content-Type", "application/json")
            .body(body.to_vec());
        self.authed(req, body, key).send().await
    }

    /// Where the reply is, from the platform's answer.
    fn reply_url(
        &self,
        p: &Prepared,
        url: &Url,
        status: u16,
        answer: &[u8],
    ) -> Result<String, SendError> {
        let bad = |detail: String| SendError::Response {
            url: url.to_string(),
            status,
            detail,
        };
        let v: Value = if answer.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(answer).map_err(|e| bad(e.to_string()))?
        };
        match self.cfg.kind {
            PublisherKind::Discourse => self
                .discourse_url(&v)
                .ok_or_else(|| bad("no topic_id or post_number".into())),
            PublisherKind::Wordpress => v["link"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| bad("no link".into())),
            // A receiver may say where the reply went; else the key stands for it.
            PublisherKind::Webhook => Ok(v["url"]
                .as_str()
                .map_or_else(|| format!("webhook:{}", p.key), str::to_string)),
        }
    }
}

/// What the platform made of a send: the reply it created, or one found there after an
/// unclear failure.
enum Answer {
    Created { status: u16, body: Vec<u8> },
    Found(String),
}

/// HMAC-SHA256 of the body under the shared secret, hex: what `X-Reviewgate-Signature` holds.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// The topic id and post number of a Discourse post URL (`/t/slug/TOPIC/N` or `/t/TOPIC/N`).
fn discourse_target(url: Option<&str>) -> (Option<u64>, Option<u64>) {
    let Some(url) = url.and_then(|u| Url::parse(u).ok()) else {
        return (None, None);
    };
    let segs: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    let Some(t) = segs.iter().position(|s| *s == "t") else {
        return (None, None);
    };
    let nums: Vec<u64> = segs[t + 1..]
        .iter()
        .filter_map(|s| s.parse().ok())
        .collect();
    (nums.first().copied(), nums.get(1).copied())
}

/// The WordPress comment id a post stands for: the digits of `comment-42` (its id or its
/// URL's fragment).
fn wordpress_comment_id(id: &str, url: Option<&str>) -> Option<u64> {
    let digits = |s: &str| -> Option<u64> {
        let tail: String = s.chars().rev().take_while(char::is_ascii_digit).collect();
        tail.chars().rev().collect::<String>().parse().ok()
    };
    digits(id).or_else(|| {
        url.and_then(|u| u.rsplit_once('#'))
            .and_then(|(_, f)| digits(f))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_targets_come_from_the_answered_post() {
        assert_eq!(
            discourse_target(Some("https://forum.example/t/smart-scan-review/4411/7")),
            (Some(4411), Some(7))
        );
        assert_eq!(
            discourse_target(Some("https://forum.example/t/4411")),
            (Some(4411), None)
        );
        assert_eq!(
            discourse_target(Some("https://forum.example/c/x")),
            (None, None)
        );
        assert_eq!(wordpress_comment_id("comment-42", None), Some(42));
        assert_eq!(
            wordpress_comment_id("abc", Some("https://blog.example/post/#comment-9")),
            Some(9)
        );
        assert_eq!(wordpress_comment_id("abc", None), None);
    }

    #[test]
    fn webhook_signature_is_hmac_sha256_hex() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
