//! The ways a command unlocks the store, one function each. Which credential is used is
//! decided here, from the environment and the flags; the store only offers one unlock per
//! kind of credential.

use super::Context;
use super::credentials;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{LockedStore, Passphrase, Store};

impl Context {
    /// The store, unlocked by the session in `REVVY_APPS_SESSION` if one is set, else by the
    /// passphrase. What nearly every command uses.
    pub fn unlock(&self) -> Result<Store> {
        self.unlock_opened(LockedStore::open(&self.store_path)?)
    }

    /// The store for `check`, which gets past the integrity problems that stop every other
    /// command so that it can report them all.
    pub fn unlock_for_check(&self) -> Result<Store> {
        self.unlock_opened(LockedStore::open_for_check(&self.store_path)?)
    }

    /// The store, unlocked by its passphrase whatever session is set, and the passphrase
    /// itself for a new key slot (`unlock` makes a session from it, `rekey` seals the new
    /// data key under it). A session never makes another session.
    pub fn unlock_with_passphrase(&self) -> Result<(Store, Passphrase)> {
        let locked = LockedStore::open(&self.store_path)?;
        let passphrase = credentials::for_unlock(self.passphrase_file.as_deref(), locked.path())?;
        Ok((locked.unlock_with_passphrase(&passphrase)?, passphrase))
    }

    /// For the commands that change keys (`passwd`, `rekey`): a set session is refused rather
    /// than ignored, since whoever holds only a session must not change the passphrase.
    pub fn unlock_to_change_keys(&self, command: &str) -> Result<(Store, Passphrase)> {
        if credentials::session_from_env()?.is_some() {
            return Err(Error::new(ErrorKind::InvalidSession, format!("`{command}` cannot run on a session"))
                .with_hint("unset REVVY_APPS_SESSION; the command needs the current passphrase"));
        }
        self.unlock_with_passphrase()
    }

    /// A backup, unlocked by its passphrase: backups hold no sessions.
    pub fn unlock_backup(&self, backup: LockedStore) -> Result<Store> {
        let passphrase = credentials::for_unlock(self.passphrase_file.as_deref(), backup.path())?;
        backup.unlock_with_passphrase(&passphrase)
    }

    fn unlock_opened(&self, locked: LockedStore) -> Result<Store> {
        if let Some(token) = credentials::session_from_env()? {
            return locked.unlock_with_session(&token);
        }
        let passphrase = credentials::for_unlock(self.passphrase_file.as_deref(), locked.path())?;
        locked.unlock_with_passphrase(&passphrase)
    }
}
