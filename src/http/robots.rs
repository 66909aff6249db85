//! robots.txt rules per origin, cached, interpreted as RFC 9309 says.
//!
//! A 2xx file is parsed (its first 500 KiB, the minimum RFC 9309 asks crawlers to read).
//! 4xx means "unavailable": everything is allowed. 5xx (or a redirect chain that ends
//! nowhere) means "unreachable": RFC 9309 §2.3.1.4 asks crawlers to assume complete disallow,
//! so we do, and remember that only briefly so a site that recovers is read again soon.
//! A network error or timeout is not cached at all: the page fetch fails with that error, and
//! the next poll asks again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use texting_robots::Robot;
use url::Url;

/// How much of a robots.txt is read (RFC 9309 §2.5: at least 500 kibibytes).
pub(crate) const MAX_ROBOTS_BYTES: u64 = 500 * 1024;
/// RFC 9309 §2.4: a cached robots.txt should not be used for more than 24 hours.
const TTL_READ: Duration = Duration::from_secs(24 * 60 * 60);
/// An unreachable robots.txt blocks the origin for this long before it is asked again.
const TTL_UNREACHABLE: Duration = Duration::from_secs(5 * 60);

/// What robots.txt allows on one origin.
pub(crate) enum Rules {
    AllowAll,
    /// The file could not be read (the reason, e.g. "HTTP 503"): nothing may be fetched.
    Unreachable(String),
    Parsed(Box<Robot>),
}

impl Rules {
    /// Rules from the answer to a robots.txt request.
    pub(crate) fn from_response(agent: &str, status: u16, body: &[u8]) -> Rules {
        match status {
            200..=299 => match Robot::new(agent, body) {
                Ok(robot) => Rules::Parsed(Box::new(robot)),
                // An unparsable file is treated like an empty one: no rule applies.
                Err(_) => Rules::AllowAll,
            },
            400..=499 => Rules::AllowAll,
            // 5xx, or a 3xx left over after following redirects.
            _ => Rules::Unreachable(format!("HTTP {status}")),
        }
    }

    pub(crate) fn allows(&self, url: &Url) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::Unreachable(_) => false,
            Rules::Parsed(robot) => robot.allowed(url.as_str()),
        }
    }

    fn ttl(&self) -> Duration {
        match self {
            Rules::Unreachable(_) => TTL_UNREACHABLE,
            _ => TTL_READ,
        }
    }
}

/// The origin a robots.txt governs, `scheme://host:port`, and the file's URL.
pub(crate) fn origin_and_robots_url(url: &Url) -> Option<(String, Url)> {
    let host = url.host_str()?;
    let port = url.port_or_known_default()?;
    let origin = format!("{}://{}:{}", url.scheme(), host, port);
    let robots = Url::parse(&format!("{origin}/robots.txt")).ok()?;
    Some((origin, robots))
}

/// The product token robots.txt groups are matched against: `reviewgate/0.1 (+...)` -> `reviewgate`.
pub(crate) fn product_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .unwrap_or(user_agent)
        .to_string()
}

struct Entry {
    rules: Arc<Rules>,
    expires: Instant,
}

/// Rules per origin, shared by every request of one client.
#[derive(Default)]
pub(crate) struct RobotsCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl RobotsCache {
    pub(crate) fn get(&self, origin: &str) -> Option<Arc<Rules>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(origin)
            .filter(|e| e.expires > Instant::now())
            .map(|e| e.rules.clone())
    }

    pub(crate) fn insert(&self, origin: String, rules: Rules) -> Arc<Rules> {
        let expires = Instant::now() + rules.ttl();
        let rules = Arc::new(rules);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(
            origin,
            Entry {
                rules: rules.clone(),
                expires,
            },
        );
        rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn statuses_follow_rfc_9309() {
        let body = b"User-agent: *\nDisallow: /private/\n";
        let parsed = Rules::from_response("reviewgate", 200, body);
        assert!(parsed.allows(&url("https://f.example/viewtopic.php")));
        assert!(!parsed.allows(&url("https://f.example/private/x")));
        assert!(Rules::from_response("reviewgate", 404, b"")
            .allows(&url("https://f.example/private/x")));
        assert!(!Rules::from_response("reviewgate", 503, b"").allows(&url("https://f.example/")));
        assert!(
            matches!(Rules::from_response("reviewgate", 503, b""), Rules::Unreachable(r) if r == "HTTP 503")
        );
    }

    #[test]
    fn groups_match_the_product_token() {
        let body = b"User-agent: reviewgate\nDisallow: /\n\nUser-agent: *\nAllow: /\n";
        let agent = product_token("reviewgate/0.1 (+https://example.com/bot)");
        assert_eq!(agent, "reviewgate");
        assert!(!Rules::from_response(&agent, 200, body).allows(&url("https://f.example/t/1")));
        assert!(Rules::from_response("otherbot", 200, body).allows(&url("https://f.example/t/1")));
    }

    #[test]
    fn origin_includes_port() {
        let (origin, robots) =
            origin_and_robots_url(&url("http://127.0.0.1:8080/a/b?c=d")).unwrap();
        assert_eq!(origin, "http://127.0.0.1:8080");
        assert_eq!(robots.as_str(), "http://127.0.0.1:8080/robots.txt");
    }
}
