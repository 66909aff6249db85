//! The one HTTP client and its policy: user agent, timeouts, body cap, rate limits, robots.txt, conditional GET and retries.
