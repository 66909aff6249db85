//! The weekly digest's schedule: when `run` posts the digest (text and chart) to Discord's
//! admin channel, or that it does not.

use chrono::Weekday;
use serde::{Deserialize, Serialize};

/// `[digest]`: the weekly digest `run` posts to `[discord] admin_channel_id`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct DigestConfig {
    /// Post the weekly digest from `run` (needs `[discord]` with `admin_channel_id`). `false`
    /// turns it off; `reviewgate report` works either way. Default true.
    pub enabled: bool,
    /// The day it is posted, in UTC: "monday" (the default) to "sunday", or "mon" to "sun".
    /// It covers the seven whole days before that day.
    pub weekday: Weekday,
    /// The hour it is posted, in UTC, 0 to 23. Default 8. A digest missed at that hour (the
    /// service was down, Discord failed) is posted late within the following 24 hours, and
    /// never twice for one week, restarts included.
    pub hour: u8,
}

impl Default for DigestConfig {
    fn default() -> Self {
        DigestConfig {
            enabled: true,
            weekday: Weekday::Mon,
            hour: 8,
        }
    }
}
