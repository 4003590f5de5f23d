//! How moments and lengths of time are written wherever they are shown or kept.

use chrono::{DateTime, SecondsFormat, SubsecRound as _, Utc};

/// The test clock: in a debug build (what the end-to-end tests run), `REVVY_APPS_TEST_NOW`
/// set to an RFC 3339 time is "now", so expiry can be tested exactly at its boundary. A
/// release build does not read it.
pub const TEST_CLOCK_ENV: &str = "REVVY_APPS_TEST_NOW";

/// Now, to the second (what RFC 3339 output shows). The one clock of the program: the domain
/// takes moments as arguments, so its unit tests pass the time they need.
pub fn now() -> DateTime<Utc> {
    #[cfg(debug_assertions)]
    if let Some(at) = std::env::var(TEST_CLOCK_ENV).ok().and_then(|text| DateTime::parse_from_rfc3339(&text).ok()) {
        return at.with_timezone(&Utc).trunc_subsecs(0);
    }
    Utc::now().trunc_subsecs(0)
}

/// `2026-11-26T09:30:00Z`.
pub fn rfc3339(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `3600` -> `1h`, `90` -> `1m 30s`, `31536000` -> `365d`: how lifetimes read in tables and
/// messages. Whole days of a day or more read as days (humantime would say "11months 30days
/// 3h 50m 24s" for 365 days, counting its months and years as 30.44 and 365.25 days).
pub fn human_seconds(seconds: u32) -> String {
    if seconds >= 86_400 && seconds.is_multiple_of(86_400) {
        return format!("{}d", seconds / 86_400);
    }
    humantime::format_duration(std::time::Duration::from_secs(u64::from(seconds))).to_string()
}

/// A Unix time as a moment, if it is one chrono can represent.
pub fn from_unix(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_lifetimes_read_in_days() {
        assert_eq!(super::human_seconds(365 * 86_400), "365d");
        assert_eq!(super::human_seconds(90 * 86_400), "90d");
        assert_eq!(super::human_seconds(3600), "1h");
        assert_eq!(super::human_seconds(90), "1m 30s");
    }
}
