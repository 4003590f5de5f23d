//! The ways a command unlocks the store, one function each. Which credential is used is
//! decided here, from the environment and the flags, first match wins: a session, an identity
//! (key file or key), a passphrase (with the member it is for). The store only offers one
//! unlock per kind of credential.

use super::Context;
use super::credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{LockedStore, MemberChoice, SessionUse, Store, Unlocked};

impl Context {
    /// The store, unlocked by the session in `REVVY_APPS_SESSION` if one is set, else by an
    /// identity or a passphrase. What nearly every command uses.
    pub fn unlock(&self) -> Result<Store> {
        self.open_and_unlock(SessionUse::Read)?.full()
    }

    /// The store as the member who unlocks may read it, for the commands a scoped member may
    /// run too (`list`, `show`, `run`, `export`, `inject`, `verify`, `access list`).
    pub fn unlock_to_read(&self) -> Result<Unlocked> {
        self.open_and_unlock(SessionUse::Read)
    }

    /// As [`Context::unlock`], for a command that writes next and asks nothing first: with a
    /// session on a server, the open's first statement also takes the write lock.
    pub fn unlock_to_write(&self) -> Result<Store> {
        self.open_and_unlock(SessionUse::Write)?.full()
    }

    /// As [`Context::unlock_to_write`] for a command that asks before it writes unless `--yes`
    /// answered already: the write lock is never held while a person is asked.
    pub fn unlock_to_write_unless_asking(&self) -> Result<Store> {
        self.open_and_unlock(if self.assume_yes { SessionUse::Write } else { SessionUse::Read })?.full()
    }

    /// The store for `check`, which gets past the integrity problems that stop every other
    /// command so that it can report them all.
    pub fn unlock_for_check(&self) -> Result<Store> {
        self.open_and_unlock(SessionUse::Check)?.full()
    }

    /// The store, unlocked by a member's own credential (identity or passphrase) whatever
    /// session is set: a session never makes another session.
    pub fn unlock_as_member(&self) -> Result<Unlocked> {
        self.unlock_with_credential(LockedStore::open(self.store()?)?)
    }

    /// For the commands that change keys (`passwd`, `rekey`, `access`): a set session is
    /// refused rather than ignored, since whoever holds only a session must not change who can
    /// unlock.
    pub fn unlock_to_change_keys(&self, command: &str) -> Result<Store> {
        if credentials::session_from_env()?.is_some() {
            return Err(Error::new(ErrorKind::InvalidSession, format!("`{command}` cannot run on a session"))
                .with_hint("unset REVVY_APPS_SESSION; the command needs a member's passphrase or key"));
        }
        self.unlock_as_member()?.full()
    }

    /// A backup, unlocked by a member's credential: backups hold no sessions.
    pub fn unlock_backup(&self, backup: LockedStore) -> Result<Store> {
        self.unlock_with_credential(backup)?.full()
    }

    /// The store opened (told of the session that is to unlock it, if any), then unlocked. A
    /// store that cannot be opened is reported before a malformed session.
    fn open_and_unlock(&self, then: SessionUse) -> Result<Unlocked> {
        let session = credentials::session_from_env();
        let locked = match &session {
            Ok(Some(token)) => LockedStore::open_for_session(self.store()?, token, then)?,
            _ if then == SessionUse::Check => LockedStore::open_for_check(self.store()?)?,
            _ => LockedStore::open(self.store()?)?,
        };
        match session? {
            Some(token) => locked.unlock_with_session(&token),
            None => self.unlock_with_credential(locked),
        }
    }

    fn unlock_with_credential(&self, locked: LockedStore) -> Result<Unlocked> {
        if let Some((identities, source)) = credentials::identities(self.identity_file.as_deref())? {
            return locked.unlock_with_identities(&identities, &source);
        }
        let member = locked.passphrase_member(self.member_choice())?;
        let passphrase = credentials::for_unlock(self.passphrase_file.as_deref(), locked.path(), &member)?;
        locked.unlock_with_passphrase(&passphrase, &member)
    }

    fn member_choice(&self) -> MemberChoice<'_> {
        MemberChoice { named: self.as_member.as_deref(), os_user: self.os_user.as_deref() }
    }
}
