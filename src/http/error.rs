//! Why a fetch failed, or why the client could not be built. Every fetch error names its URL.

use url::Url;

/// Why a document could not be fetched. Every message names the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// No complete answer within `http.timeout`, on every attempt.
    #[error("timed out fetching {url}")]
    Timeout { url: Url },
    /// The body is larger than `http.max_body_bytes`; reading stopped at the limit.
    #[error("body of {url} is larger than the limit of {limit} bytes; cut off")]
    TooLarge { url: Url, limit: u64 },
    /// The site's robots.txt does not allow this user agent to fetch the URL.
    #[error("robots.txt disallows fetching {url}")]
    RobotsDisallowed { url: Url },
    /// The site's robots.txt could not be read (5xx, network error): RFC 9309 says to fetch
    /// nothing from the site until it can.
    #[error("not fetching {url}: robots.txt unreachable ({reason})")]
    RobotsUnreachable { url: Url, reason: String },
    /// More than `http.max_redirects` redirects (or a redirect loop).
    #[error("too many redirects fetching {url}")]
    TooManyRedirects { url: Url },
    /// The server answered with an error status (after retries, for 429 and 5xx).
    #[error("{url} answered HTTP {code}")]
    Status { url: Url, code: u16 },
    /// Connection, TLS, protocol or decoding failure.
    #[error("network error fetching {url}: {message}")]
    Network { url: Url, message: String },
    /// A `file://` URL could not be read.
    #[error("cannot read {url}: {source}")]
    File {
        url: Url,
        #[source]
        source: std::io::Error,
    },
    /// A `file://` URL names a directory, FIFO, device or socket: only regular files are read.
    #[error("cannot read {url}: it is {kind}, not a regular file")]
    NotAFile { url: Url, kind: &'static str },
    /// The URL scheme is not http, https or file.
    #[error("cannot fetch {url}: only http, https and file URLs are supported")]
    UnsupportedScheme { url: Url },
    /// An extra request header has an invalid name or value.
    #[error("invalid request header {name:?} for {url}")]
    InvalidHeader { url: Url, name: String },
}

impl FetchError {
    /// The URL the failed request was for.
    pub fn url(&self) -> &Url {
        match self {
            FetchError::Timeout { url }
            | FetchError::TooLarge { url, .. }
            | FetchError::RobotsDisallowed { url }
            | FetchError::RobotsUnreachable { url, .. }
            | FetchError::TooManyRedirects { url }
            | FetchError::Status { url, .. }
            | FetchError::Network { url, .. }
            | FetchError::File { url, .. }
            | FetchError::NotAFile { url, .. }
            | FetchError::UnsupportedScheme { url }
            | FetchError::InvalidHeader { url, .. } => url,
        }
    }
}

/// Why the client could not be built from `[http]`.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// `http.per_host_per_second` is not a positive, finite number.
    #[error("http.per_host_per_second must be a positive number, got {0}")]
    InvalidRate(f64),
    /// `http.user_agent` can not be sent as a header.
    #[error("http.user_agent {0:?} is not a valid header value")]
    InvalidUserAgent(String),
    /// The TLS backend or another part of the client failed to initialise.
    #[error("cannot build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
}
