//! What `status` reads of a store that is still locked: nothing secret, no key needed.

use chrono::{DateTime, Utc};

use super::LockedStore;
use super::session::SessionToken;
use crate::error::Result;

impl LockedStore {
    /// How many applications the store holds: a count of rows, which anyone who can read
    /// the store can count.
    pub fn application_count(&self) -> Result<u64> {
        Ok(u64::try_from(self.conn.app_count()?).unwrap_or(0))
    }

    /// When `token`'s session ends, as its record says (not yet authenticated: unlocking with
    /// the session does that); `None` for a session the store does not know.
    pub fn session_expires_at(&self, token: &SessionToken) -> Result<Option<DateTime<Utc>>> {
        Ok(self.session_record(token.id())?.and_then(|row| row.expires_at).and_then(crate::domain::time::from_unix))
    }
}
