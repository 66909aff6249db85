//! The reply window's configuration: how far back a post may be published and still be
//! queued for a reply, service-wide with a per-source override.

use std::time::Duration;

use super::{Config, SourceConfig};

/// The default reply window: nobody answers a review older than a week.
pub fn default_reply_window() -> Duration {
    Duration::from_secs(7 * 24 * 3600)
}

impl Config {
    /// The reply window of `source`: its own `reply_window`, else `[service] reply_window`.
    /// Zero means no window: every relevant post is queued, however old.
    pub fn reply_window_for(&self, source: &SourceConfig) -> Duration {
        source.reply_window.unwrap_or(self.service.reply_window)
    }
}

/// An optional duration written as "7d", "12h", "0s".
pub mod humantime_opt {
    use std::time::Duration;

    use serde::{Deserializer, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        super::super::humantime_serde_compat::deserialize(d).map(Some)
    }

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::super::humantime_serde_compat::serialize(d, s),
            None => s.serialize_none(),
        }
    }
}
