//! When `verify` last accepted an application's secrets: one sealed record per application
//! (format 3), written at most once an hour per secret, so that `verify` stays a read on its
//! hot path. A use is no change of the application: it is neither versioned nor audited.

use chrono::{DateTime, Utc};

use crate::domain::Application;
use crate::domain::application::Usage;
use crate::domain::time::from_unix;
#[cfg(test)]
use crate::domain::time::now;
use crate::store::seal::crypto;

/// A use is written again only when the last one written is this old.
pub const WRITE_INTERVAL_SECONDS: i64 = 3600;

/// Which secret `verify` accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    Current,
    Previous,
}

/// The stored form. `secret_tag` names the secret that was current when it was written (a
/// hash of it, inside the sealed record): after a `regenerate` the "current" use it holds is
/// the previous secret's, without the regenerate having to rewrite it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageRecord {
    secret_tag: i64,
    current: Option<i64>,
    previous: Option<i64>,
}

impl UsageRecord {
    /// The record as seen from `app`'s current secret: (its last use, the previous one's).
    fn aligned(&self, app: &Application) -> (Option<i64>, Option<i64>) {
        if self.secret_tag == secret_tag(app) { (self.current, self.previous) } else { (None, self.current) }
    }

    /// What `show` and `list` print at `at`: the previous secret's use only while it still
    /// verifies.
    pub fn view(&self, app: &Application, at: DateTime<Utc>) -> Usage {
        let (current, previous) = self.aligned(app);
        let previous = previous.filter(|_| app.live_previous_secret(at).is_some());
        Usage {
            last_used_at: current.max(previous).and_then(from_unix),
            previous_secret_last_used_at: previous.and_then(from_unix),
        }
    }

    /// The record after a use at `at`, or `None` when the one stored is recent enough.
    pub fn after_use(stored: Option<&Self>, app: &Application, matched: Matched, at: DateTime<Utc>) -> Option<Self> {
        let (current, previous) = stored.map_or((None, None), |record| record.aligned(app));
        let at = at.timestamp();
        // Recent enough, or later than this use (another machine's clock, or a scoped
        // member's event taken in late): a last use never moves back.
        let fresh = |last: Option<i64>| last.is_some_and(|last| at - last < WRITE_INTERVAL_SECONDS);
        let mut next = Self { secret_tag: secret_tag(app), current, previous };
        let slot = match matched {
            Matched::Current => &mut next.current,
            Matched::Previous => &mut next.previous,
        };
        if fresh(*slot) {
            return None;
        }
        *slot = Some(at);
        Some(next)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(27);
        out.extend_from_slice(&self.secret_tag.to_le_bytes());
        for value in [self.current, self.previous] {
            match value {
                None => out.push(0),
                Some(at) => {
                    out.push(1);
                    out.extend_from_slice(&at.to_le_bytes());
                }
            }
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let (issued, mut rest) = bytes.split_first_chunk::<8>()?;
        let mut optional = || -> Option<Option<i64>> {
            let (flag, tail) = rest.split_first()?;
            match flag {
                0 => {
                    rest = tail;
                    Some(None)
                }
                1 => {
                    let (at, tail) = tail.split_first_chunk::<8>()?;
                    rest = tail;
                    Some(Some(i64::from_le_bytes(*at)))
                }
                _ => None,
            }
        };
        let (current, previous) = (optional()?, optional()?);
        rest.is_empty().then_some(Self { secret_tag: i64::from_le_bytes(*issued), current, previous })
    }
}

/// Which secret is current, as 8 bytes of a hash of it (kept only inside the sealed record).
fn secret_tag(app: &Application) -> i64 {
    const KEY: [u8; 32] = *b"revvy-apps/v3/usage-secret-tag!!";
    let hash = crypto::mac(&crypto::SecretKey::from_bytes(KEY), app.client_secret.expose().as_bytes());
    i64::from_le_bytes(hash[..8].try_into().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_use_is_written_at_most_hourly_per_secret() {
        let mut app = Application::new("a".into(), Settings::default());
        let first = UsageRecord::after_use(None, &app, Matched::Current, at("2026-01-01T10:00:00Z")).unwrap();
        assert_eq!(first.view(&app, now()).last_used_at, Some(at("2026-01-01T10:00:00Z")));
        assert!(UsageRecord::after_use(Some(&first), &app, Matched::Current, at("2026-01-01T10:59:59Z")).is_none());
        let later = UsageRecord::after_use(Some(&first), &app, Matched::Current, at("2026-01-01T11:00:00Z")).unwrap();
        assert_eq!(later.view(&app, now()).last_used_at, Some(at("2026-01-01T11:00:00Z")));
        // After a rotation with grace, the old use becomes the previous secret's.
        app.rotate_secret(Some(3600));
        let view = later.view(&app, now());
        assert_eq!(view.previous_secret_last_used_at, Some(at("2026-01-01T11:00:00Z")));
        let previous = UsageRecord::after_use(Some(&later), &app, Matched::Previous, at("2026-01-01T11:30:00Z"));
        assert!(previous.is_none(), "the previous secret's use is within the hour");
        let current = UsageRecord::after_use(Some(&later), &app, Matched::Current, at("2026-01-01T11:30:00Z")).unwrap();
        assert_eq!(current.view(&app, now()).last_used_at, Some(at("2026-01-01T11:30:00Z")));
        assert_eq!(current.view(&app, now()).previous_secret_last_used_at, Some(at("2026-01-01T11:00:00Z")));
        // Without a grace period there is no previous secret to speak of.
        app.rotate_secret(None);
        assert_eq!(current.view(&app, now()).previous_secret_last_used_at, None);
    }

    /// A use older than the one recorded (a clock behind, or a scoped member's event dated
    /// back) never moves the last use back.
    #[test]
    fn a_last_use_never_moves_back() {
        let app = Application::new("a".into(), Settings::default());
        let recorded = UsageRecord::after_use(None, &app, Matched::Current, at("2026-01-01T10:00:00Z")).unwrap();
        assert_eq!(UsageRecord::after_use(Some(&recorded), &app, Matched::Current, at("2020-01-01T00:00:00Z")), None);
        assert_eq!(UsageRecord::after_use(Some(&recorded), &app, Matched::Current, at("2026-01-01T09:59:59Z")), None);
        assert!(UsageRecord::after_use(Some(&recorded), &app, Matched::Current, at("2026-01-01T11:00:00Z")).is_some());
    }

    #[test]
    fn records_round_trip_and_malformed_ones_are_refused() {
        let record = UsageRecord { secret_tag: 5, current: Some(7), previous: None };
        assert_eq!(UsageRecord::decode(&record.encode()), Some(record));
        let bytes = record.encode();
        for len in 0..bytes.len() {
            assert_eq!(UsageRecord::decode(&bytes[..len]), None);
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(UsageRecord::decode(&longer), None);
    }
}
