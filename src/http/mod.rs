//! The one HTTP client and its policy: user agent, timeouts, body cap, rate limits, robots.txt, conditional GET and retries.
//! Nothing else in reviewgate builds a client; every fetch of a watched page goes through [`HttpClient::fetch`].

mod error;
mod file;
pub(crate) mod retry;
mod robots;

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, ETAG, LAST_MODIFIED, LOCATION,
};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::config::HttpConfig;
pub use error::{FetchError, HttpError};
use robots::{RobotsCache, Rules};

/// Cache validators of a fetched document, sent back on the next request (conditional GET).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` the server sent, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// One GET of a page, feed or API document.
#[derive(Debug, Clone)]
pub struct FetchRequest {
    /// http, https or file URL.
    pub url: Url,
    /// Extra request headers (e.g. an API key), name and value.
    pub headers: Vec<(String, String)>,
    /// Validators from the last fetch; the answer may then be [`FetchResponse::NotModified`].
    pub validators: Option<Validators>,
}

impl FetchRequest {
    /// A plain GET with no extra headers and no validators.
    pub fn get(url: Url) -> FetchRequest {
        FetchRequest {
            url,
            headers: Vec::new(),
            validators: None,
        }
    }
}

/// A fetched document.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL after redirects; relative links resolve against it.
    pub final_url: Url,
    pub content_type: Option<String>,
    /// The body, decompressed, at most `max_body_bytes` long.
    pub body: Vec<u8>,
    /// Validators to send next time.
    pub validators: Validators,
}

/// The answer to a [`FetchRequest`].
#[derive(Debug, Clone)]
pub enum FetchResponse {
    /// 304: the document has not changed since the validators were issued.
    NotModified,
    Fetched(Page),
}

/// The HTTP client with reviewgate's fetch policy. Cheap to clone; clones share rate limits
/// and the robots.txt cache.
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

struct Inner {
    client: reqwest::Client,
    config: HttpConfig,
    limiter: DefaultKeyedRateLimiter<String>,
    robots: RobotsCache,
    robots_agent: String,
}

/// One attempt's failure, and whether trying again may help.
enum Failure {
    Retry {
        error: FetchError,
        after: Option<Duration>,
    },
    Fatal(FetchError),
}

impl HttpClient {
    pub fn new(config: &HttpConfig) -> Result<HttpClient, HttpError> {
        let rate = config.per_host_per_second;
        if !(rate.is_finite() && rate > 0.0) {
            return Err(HttpError::InvalidRate(rate));
        }
        HeaderValue::from_str(&config.user_agent)
            .map_err(|_| HttpError::InvalidUserAgent(config.user_agent.clone()))?;
        // A period of 1/rate with a burst of one: requests to a host are spaced, never bunched.
        let quota = Quota::with_period(Duration::from_secs_f64(1.0 / rate))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX));
        let client = reqwest::Client::builder()
            .user_agent(&config.user_agent)
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            // Redirects are followed by `send_following`, so that every hop is checked
            // against robots.txt and rate-limited like any other request.
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .build()
            .map_err(HttpError::Build)?;
        Ok(HttpClient {
            inner: Arc::new(Inner {
                client,
                config: config.clone(),
                limiter: RateLimiter::keyed(quota),
                robots: RobotsCache::default(),
                robots_agent: robots::product_token(&config.user_agent),
            }),
        })
    }

    /// Fetches one document under the whole policy: robots.txt, per-host rate limit,
    /// conditional GET, body cap, and retries with backoff on 429, 5xx and timeouts.
    pub async fn fetch(&self, req: &FetchRequest) -> Result<FetchResponse, FetchError> {
        match req.url.scheme() {
            "file" => {
                return file::read(
                    &req.url,
                    req.validators.as_ref(),
                    self.inner.config.max_body_bytes,
                    self.inner.config.timeout,
                )
                .await
            }
            "http" | "https" => {}
            _ => {
                return Err(FetchError::UnsupportedScheme {
                    url: req.url.clone(),
                })
            }
        }
        let headers = request_headers(req)?;
        if self.inner.config.respect_robots_txt {
            self.check_robots(&req.url).await?;
        }
        let config = &self.inner.config;
        let max_attempts = config.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            self.wait_turn(&req.url).await;
            let (error, after) = match self.attempt(&req.url, headers.clone()).await {
                Ok(response) => return Ok(response),
                Err(Failure::Fatal(error)) => return Err(error),
                Err(Failure::Retry { error, after }) => (error, after),
            };
            if attempt >= max_attempts {
                return Err(error);
            }
            let wait = match after {
                // Retrying sooner than the server asked would be rude; waiting longer than
                // configured would stall the whole poll, so give up instead.
                Some(after) if after > config.max_retry_wait => return Err(error),
                Some(after) => after,
                None => retry::backoff(config.retry_base_delay, attempt, config.max_retry_wait),
            };
            tracing::debug!(message = "Retrying request.", url = %req.url, attempt, wait_ms = wait.as_millis() as u64, %error);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// Sends the GET and follows up to `max_redirects` redirects. Each hop must be allowed by
    /// the robots.txt of its origin; headers the source added (API keys, validators) are not
    /// carried to another origin.
    async fn send_following(
        &self,
        url: &Url,
        mut headers: HeaderMap,
    ) -> Result<reqwest::Response, Failure> {
        let mut current = url.clone();
        let mut hops = 0;
        loop {
            let response = self
                .inner
                .client
                .get(current.clone())
                .headers(headers.clone())
                .send()
                .await
                .map_err(|e| classify(url, e))?;
            let status = response.status();
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                return Ok(response);
            }
            // A 3xx without a usable Location is answered as an error status by the caller.
            let Some(next) =
                header_str(response.headers(), &LOCATION).and_then(|l| current.join(l).ok())
            else {
                return Ok(response);
            };
            hops += 1;
            if hops > self.inner.config.max_redirects {
                return Err(Failure::Fatal(FetchError::TooManyRedirects {
                    url: url.clone(),
                }));
            }
            if !matches!(next.scheme(), "http" | "https") {
                return Err(Failure::Fatal(FetchError::UnsupportedScheme { url: next }));
            }
            if next.origin() != current.origin() {
                headers = HeaderMap::new();
            }
            if self.inner.config.respect_robots_txt {
                self.check_robots(&next).await.map_err(Failure::Fatal)?;
            }
            self.wait_turn(&next).await;
            current = next;
        }
    }

    async fn wait_turn(&self, url: &Url) {
        let key = match url.host_str() {
            Some(host) => format!("{host}:{}", url.port_or_known_default().unwrap_or(0)),
            None => String::new(),
        };
        self.inner.limiter.until_key_ready(&key).await;
    }

    async fn attempt(&self, url: &Url, headers: HeaderMap) -> Result<FetchResponse, Failure> {
        let response = self.send_following(url, headers).await?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(FetchResponse::NotModified);
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let after = retry::retry_after(response.headers(), chrono::Utc::now());
            return Err(Failure::Retry {
                error: FetchError::Status {
                    url: url.clone(),
                    code: status.as_u16(),
                },
                after,
            });
        }
        if !status.is_success() {
            return Err(Failure::Fatal(FetchError::Status {
                url: url.clone(),
                code: status.as_u16(),
            }));
        }
        let limit = self.inner.config.max_body_bytes;
        let too_large = || {
            Failure::Fatal(FetchError::TooLarge {
                url: url.clone(),
                limit,
            })
        };
        // Content-Length is the compressed size; it is a cheap early refusal, and the
        // streaming count below is what actually holds the limit.
        if header_str(response.headers(), &CONTENT_LENGTH)
            .and_then(|v| v.parse::<u64>().ok())
            .is_some_and(|len| len > limit)
        {
            return Err(too_large());
        }
        let final_url = response.url().clone();
        let content_type = header_str(response.headers(), &CONTENT_TYPE).map(str::to_string);
        let validators = Validators {
            etag: header_str(response.headers(), &ETAG).map(str::to_string),
            last_modified: header_str(response.headers(), &LAST_MODIFIED).map(str::to_string),
        };
        let (body, truncated) = read_capped(response, limit)
            .await
            .map_err(|e| classify(url, e))?;
        if truncated {
            return Err(too_large());
        }
        Ok(FetchResponse::Fetched(Page {
            final_url,
            content_type,
            body,
            validators,
        }))
    }

    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let Some((origin, robots_url)) = robots::origin_and_robots_url(url) else {
            return Ok(());
        };
        let rules = match self.inner.robots.get(&origin) {
            Some(rules) => rules,
            None => {
                let rules = self
                    .read_robots(&robots_url)
                    .await
                    .map_err(|error| match error {
                        // Say which URL was not fetched, and why.
                        FetchError::Timeout { .. } => FetchError::RobotsUnreachable {
                            url: url.clone(),
                            reason: format!("timed out fetching {robots_url}"),
                        },
                        other => FetchError::RobotsUnreachable {
                            url: url.clone(),
                            reason: other.to_string(),
                        },
                    })?;
                self.inner.robots.insert(origin, rules)
            }
        };
        match &*rules {
            Rules::Unreachable(reason) => Err(FetchError::RobotsUnreachable {
                url: url.clone(),
                reason: format!("{robots_url} answered {reason}"),
            }),
            rules if rules.allows(url) => Ok(()),
            _ => Err(FetchError::RobotsDisallowed { url: url.clone() }),
        }
    }

    async fn read_robots(&self, robots_url: &Url) -> Result<Rules, FetchError> {
        let failed = |e| match classify(robots_url, e) {
            Failure::Retry { error, .. } | Failure::Fatal(error) => error,
        };
        // RFC 9309 §2.3.1.2: follow at least five redirects. A chain that ends in another 3xx
        // counts as unreachable (`Rules::from_response`).
        let mut current = robots_url.clone();
        let mut response;
        let mut hops = 0;
        loop {
            self.wait_turn(&current).await;
            response = self
                .inner
                .client
                .get(current.clone())
                .send()
                .await
                .map_err(failed)?;
            let next = header_str(response.headers(), &LOCATION).and_then(|l| current.join(l).ok());
            match next {
                Some(next)
                    if response.status().is_redirection()
                        && hops < 5
                        && matches!(next.scheme(), "http" | "https") =>
                {
                    hops += 1;
                    current = next;
                }
                _ => break,
            }
        }
        let status = response.status().as_u16();
        // A longer file is parsed as far as it was read, as RFC 9309 allows.
        let (body, _) = read_capped(response, robots::MAX_ROBOTS_BYTES)
            .await
            .map_err(failed)?;
        Ok(Rules::from_response(
            &self.inner.robots_agent,
            status,
            &body,
        ))
    }
}

fn request_headers(req: &FetchRequest) -> Result<HeaderMap, FetchError> {
    let mut map = HeaderMap::new();
    let invalid = |name: &str| FetchError::InvalidHeader {
        url: req.url.clone(),
        name: name.to_string(),
    };
    for (name, value) in &req.headers {
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(name))?;
        let value = HeaderValue::from_str(value).map_err(|_| invalid(name))?;
        map.append(header, value);
    }
    if let Some(validators) = &req.validators {
        if let Some(etag) = &validators.etag {
            map.insert(
                reqwest::header::IF_NONE_MATCH,
                HeaderValue::from_str(etag).map_err(|_| invalid("If-None-Match"))?,
            );
        }
        if let Some(date) = &validators.last_modified {
            map.insert(
                reqwest::header::IF_MODIFIED_SINCE,
                HeaderValue::from_str(date).map_err(|_| invalid("If-Modified-Since"))?,
            );
        }
    }
    Ok(map)
}

fn header_str<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads the body chunk by chunk and stops as soon as it passes `limit`, so an endless or
/// huge body costs at most `limit` bytes of memory. Returns whether it was cut off.
async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<(Vec<u8>, bool), reqwest::Error> {
    let hint = response
        .content_length()
        .unwrap_or(0)
        .min(limit)
        .min(1 << 20) as usize;
    let mut body = Vec::with_capacity(hint);
    while let Some(chunk) = response.chunk().await? {
        let room = (limit as usize).saturating_sub(body.len());
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

fn classify(url: &Url, error: reqwest::Error) -> Failure {
    let url = url.clone();
    if error.is_timeout() {
        return Failure::Retry {
            error: FetchError::Timeout { url },
            after: None,
        };
    }
    let message = error_chain(&error);
    if error.is_connect() {
        return Failure::Retry {
            error: FetchError::Network { url, message },
            after: None,
        };
    }
    Failure::Fatal(FetchError::Network { url, message })
}

/// reqwest's own message is terse ("error sending request"); the causes say what happened.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
