//! How moments and lengths of time are written wherever they are shown or kept.

use chrono::{DateTime, SecondsFormat, Utc};

/// `2026-11-26T09:30:00Z`.
pub fn rfc3339(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `3600` -> `1h`, `90` -> `1m 30s`: how lifetimes read in tables and messages.
pub fn human_seconds(seconds: u32) -> String {
    humantime::format_duration(std::time::Duration::from_secs(u64::from(seconds))).to_string()
}

/// A Unix time as a moment, if it is one chrono can represent.
pub fn from_unix(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}
