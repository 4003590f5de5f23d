//! Sessions: `unlock` wraps the data key under a fresh random key that only the
//! printed token carries. The store keeps the wrapped key and the expiry; the token keeps the
//! key. Neither opens the store alone, and using a session derives no key.

use std::fmt;

use super::{LockedStore, Store};
use crate::domain::member::FIRST_MEMBER_OF_OLD_STORES;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{EndSessions, SessionRow};
use crate::store::seal::bound::{self, Bound};
use crate::store::seal::crypto::{self, SecretKey};
use chrono::{DateTime, TimeZone as _, Utc};

const TOKEN_PREFIX: &str = "rvsess_";
const ID_LEN: usize = 16;

/// A session token: the session's id and the key that unwraps its copy of the data key.
pub struct SessionToken {
    id: [u8; ID_LEN],
    key: SecretKey,
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

impl SessionToken {
    /// Parses `rvsess_` + 32 hex digits of id + 64 hex digits of key.
    pub fn parse(text: &str) -> Result<Self> {
        let malformed = || {
            Error::new(ErrorKind::InvalidSession, "REVVY_APPS_SESSION does not hold a session token")
                .with_hint("set it from `revvy-apps unlock`, or unset it to use the passphrase")
        };
        let hex = text.trim().strip_prefix(TOKEN_PREFIX).ok_or_else(malformed)?;
        let bytes = zeroize::Zeroizing::new(crypto::from_hex(hex).ok_or_else(malformed)?);
        if bytes.len() != ID_LEN + crypto::KEY_LEN {
            return Err(malformed());
        }
        let (id, key) = bytes.split_at(ID_LEN);
        Ok(Self { id: id.try_into().map_err(|_| malformed())?, key: SecretKey::from_slice(key).ok_or_else(malformed)? })
    }

    /// The token text. It is a credential: print it only where the user asked for it.
    /// The session's id: it names the session's record, and opens nothing.
    pub(super) fn id(&self) -> &[u8] {
        &self.id
    }

    pub fn expose(&self) -> String {
        format!("{TOKEN_PREFIX}{}{}", crypto::to_hex(&self.id), crypto::to_hex(self.key.as_bytes()))
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidSession, message)
        .with_hint("run `revvy-apps unlock` for a new session, or unset REVVY_APPS_SESSION to use the passphrase")
}

impl LockedStore {
    /// The record of session `id`: read along by the open when it was opened for that session,
    /// else read now.
    pub(super) fn session_record(&self, id: &[u8]) -> Result<Option<SessionRow>> {
        match &self.first.session {
            Some((read_for, row)) if read_for == id => Ok(row.clone()),
            _ => self.conn.session(id),
        }
    }

    /// The key a session holds, and its member: one indexed read and one decryption, no key
    /// derivation.
    pub(super) fn unwrap_session(&self, token: &SessionToken) -> Result<(SessionKey, String)> {
        let SessionRow { expires_at, wrapped_key, member } = self
            .session_record(&token.id)?
            .ok_or_else(|| invalid("the session is unknown or was ended with `revvy-apps lock`".to_owned()))?;
        let expires_at = expires_at.ok_or_else(|| invalid("the session record in the store was altered".to_owned()))?;
        if expires_at <= crate::domain::time::now().timestamp() {
            return Err(invalid(format!("the session expired at {}", format_time(expires_at))));
        }
        let bound = Bound::Session { store_id: &self.state.store_id, id: &token.id, expires_at, member: &member };
        let plain = bound::open(&token.key, &bound, &wrapped_key)
            .ok_or_else(|| invalid("the session token or its record in the store was altered".to_owned()))?;
        let key = SessionKey::decode(&plain).ok_or_else(|| invalid("the session record is damaged".to_owned()))?;
        // A session opened before the store had members is its owner's. The member needs no
        // look-up: the name is bound into the wrap, and removing a member ends every session.
        let member = if member.is_empty() { FIRST_MEMBER_OF_OLD_STORES.to_owned() } else { member };
        Ok((key, member))
    }
}

/// What a session holds: a full member's data key, or a scoped member's scope key and row
/// (format 6), told apart by the sealed payload, which only the token opens.
pub(super) enum SessionKey {
    Full(SecretKey),
    Scoped { scope_key: SecretKey, member_id: i64 },
}

/// In front of a scoped member's session payload: its row id and scope key follow.
const SCOPED_SESSION: u8 = b's';

impl SessionKey {
    fn decode(plain: &[u8]) -> Option<Self> {
        match plain {
            [SCOPED_SESSION, rest @ ..] if rest.len() == 8 + crypto::KEY_LEN => {
                let (id, key) = rest.split_at(8);
                Some(Self::Scoped {
                    member_id: i64::from_be_bytes(id.try_into().ok()?),
                    scope_key: SecretKey::from_slice(key)?,
                })
            }
            _ => SecretKey::from_slice(plain).map(Self::Full),
        }
    }

    fn encode(&self) -> zeroize::Zeroizing<Vec<u8>> {
        match self {
            Self::Full(key) => zeroize::Zeroizing::new(key.as_bytes().to_vec()),
            Self::Scoped { scope_key, member_id } => {
                let mut out = zeroize::Zeroizing::new(Vec::with_capacity(1 + 8 + crypto::KEY_LEN));
                out.push(SCOPED_SESSION);
                out.extend_from_slice(&member_id.to_be_bytes());
                out.extend_from_slice(scope_key.as_bytes());
                out
            }
        }
    }
}

/// A new session of `member` holding `key`, for `ttl_seconds`: its token and its row.
fn new_session(store_id: &[u8], member: &str, key: &SessionKey, ttl_seconds: u32) -> (SessionToken, SessionRow) {
    let token = SessionToken { id: crypto::random_array::<ID_LEN>(), key: SecretKey::random() };
    let expires_at = crate::domain::time::now().timestamp() + i64::from(ttl_seconds);
    let bound = Bound::Session { store_id, id: &token.id, expires_at, member };
    let row = SessionRow {
        expires_at: Some(expires_at),
        wrapped_key: bound::seal(&token.key, &bound, &key.encode()),
        member: member.to_owned(),
    };
    (token, row)
}

fn expiry_of(row: &SessionRow) -> DateTime<Utc> {
    row.expires_at.and_then(|at| Utc.timestamp_opt(at, 0).single()).unwrap_or_else(Utc::now)
}

fn format_time(unix: i64) -> String {
    Utc.timestamp_opt(unix, 0).single().map_or_else(|| unix.to_string(), |t| crate::domain::time::rfc3339(&t))
}

impl Store {
    /// Opens a session lasting `ttl_seconds`; expired sessions are purged on the way.
    pub fn open_session(&mut self, ttl_seconds: u32) -> Result<(SessionToken, DateTime<Utc>)> {
        let key = SessionKey::Full(self.keys.data_key.clone());
        let (token, row) = new_session(&self.state.store_id, &self.member, &key, ttl_seconds);
        self.write(|w| {
            w.tables().end_sessions(EndSessions::ExpiredAt(crate::domain::time::now().timestamp()))?;
            w.tables().insert_session(&token.id, &row)
        })?;
        Ok((token, expiry_of(&row)))
    }
}

impl super::ScopedStore {
    /// A scoped member's session: it holds the scope key, nothing more.
    pub fn open_session(&mut self, ttl_seconds: u32) -> Result<(SessionToken, DateTime<Utc>)> {
        let (scope_key, member_id) = self.session_material();
        let key = SessionKey::Scoped { scope_key, member_id };
        let (token, row) = new_session(self.store_id(), self.member(), &key, ttl_seconds);
        self.write_sessions(|tables| {
            tables.end_sessions(EndSessions::ExpiredAt(crate::domain::time::now().timestamp()))?;
            tables.insert_session(&token.id, &row)
        })?;
        Ok((token, expiry_of(&row)))
    }
}

/// Ends sessions without unlocking: only the session's id is needed to delete its row.
pub fn end_sessions(store: &mut LockedStore, which: Option<&SessionToken>) -> Result<usize> {
    if store.state.read_only {
        return Err(super::read_only_store(&store.state.path));
    }
    let now = crate::domain::time::now().timestamp();
    let tx = store.conn.begin_write()?;
    let ended = tx.tables().end_sessions(match which {
        Some(token) => EndSessions::OneAndExpiredAt(&token.id, now),
        None => EndSessions::All,
    })?;
    tx.commit()?;
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let token = SessionToken { id: [7; ID_LEN], key: SecretKey::from_bytes([9; 32]) };
        let text = token.expose();
        assert!(text.starts_with("rvsess_") && text.len() == 7 + 96);
        let parsed = SessionToken::parse(&text).unwrap();
        assert_eq!(parsed.id, token.id);
        assert_eq!(parsed.key.as_bytes(), token.key.as_bytes());
        for bad in
            ["", "rvsess_", "rvsess_zz", &text[..text.len() - 2], &format!("{text}00"), &text.replace("rvsess_", "x_")]
        {
            assert!(SessionToken::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(format!("{token:?}"), "SessionToken(<redacted>)");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::SessionToken;

    proptest! {
        #[test]
        fn session_tokens_round_trip(text in "rvsess_[0-9a-f]{96}") {
            let token = SessionToken::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(token.expose(), text);
        }
    }
}
