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

/// `2026-12-03 11:41` (UTC): a moment as a table shows it to a person.
pub fn readable(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// `in 9d`, `3h ago`, `now`: how far `at` is from `now`, in its largest whole unit.
pub fn relative(at: &DateTime<Utc>, now: &DateTime<Utc>) -> String {
    let seconds = (*at - *now).num_seconds();
    let span = seconds.unsigned_abs();
    // Rounded to the nearest unit: a secret made with a 5-day lifetime a moment ago expires
    // "in 5d", not "in 4d".
    let rounded = |unit: u64| (span + unit / 2) / unit;
    let amount = match span {
        0..60 => return "now".to_owned(),
        60..3_570 => format!("{}m", rounded(60)),
        3_570..84_600 => format!("{}h", rounded(3_600)),
        _ => format!("{}d", rounded(86_400)),
    };
    if seconds > 0 { format!("in {amount}") } else { format!("{amount} ago") }
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

    #[test]
    fn moments_read_as_dates_and_distances() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-03T11:41:57Z").unwrap().to_utc();
        assert_eq!(super::readable(&now), "2026-12-03 11:41");
        let later = |s: i64| now + chrono::Duration::seconds(s);
        assert_eq!(super::relative(&later(9 * 86_400 + 5), &now), "in 9d");
        assert_eq!(super::relative(&later(-3 * 3_600 - 59), &now), "3h ago");
        assert_eq!(super::relative(&later(5 * 86_400 - 2), &now), "in 5d");
        assert_eq!(super::relative(&later(-130), &now), "2m ago");
        assert_eq!(super::relative(&later(30), &now), "now");
    }
}
