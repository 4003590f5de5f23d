//! Copies of a store: `backup` (a file copy that needs no key: it is as encrypted as the
//! store) and `restore` (bringing one back on purpose). Neither copy carries sessions.

use std::path::Path;

use super::pins::PinFile;
use super::{Location, LockedStore, Store, audit};
use crate::domain::audit::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{self, Handle, fs};
use crate::store::seal::crypto;
use crate::store::seal::keys::Keys;

impl LockedStore {
    /// A consistent copy through SQLite's online backup API, made 0600. No key is needed: the
    /// copy is as encrypted as the store. It holds no sessions: a token that `lock --all`
    /// ended must not open a copy made before.
    pub fn backup_to(&self, dest: &Path, force: bool) -> Result<()> {
        copy_without_sessions(&self.conn, dest, force)
    }

    pub fn store_id(&self) -> &[u8] {
        &self.state.store_id
    }
}

impl Store {
    /// Puts this store — an unlocked backup — in place of the store at `target`, with `event`
    /// recorded in it, and makes this machine accept it from now on. The copy is prepared
    /// beside the target (sessions gone, upgraded, audited) and then copied in through SQLite's
    /// backup API, under SQLite's locks, so a process reading the target never sees half of
    /// it; onto a server, its rows replace the store's in one transaction. Returns how many
    /// applications and events the restored store holds.
    pub fn restore_to(&self, target: &Location, event: &Event) -> Result<(usize, usize)> {
        let suffix = format!(".restore-{}", crypto::to_hex(&crypto::random_array::<8>()));
        let staging = backend::staging_file(target, &suffix)?;
        let result = (|| -> Result<((usize, usize), audit::Head)> {
            copy_without_sessions(&self.conn, &staging, false)?;
            let locked = LockedStore::open_backup(&staging)?;
            let mut copy = Store {
                seen: super::seen::Seen::for_store(&locked.state.store_id),
                conn: locked.conn,
                state: locked.state,
                keys: Keys::from_data_key(self.keys.data_key.clone()),
                member: self.member.clone(),
                single_slot: self.single_slot.clone(),
            };
            let (store_id, shown) = (copy.state.store_id.clone(), copy.state.path.clone());
            copy.write(|w| {
                super::members::vouched_list(w.tables(), w.keys(), &store_id, &shown)?;
                w.record(event)
            })?;
            let counts = (copy.list()?.apps.len(), copy.events()?.len());
            let head = copy.verified_head()?;
            let fingerprint = copy.fingerprint()?;
            drop(copy);
            backend::replace(target, &staging)?;
            // The restored store is the one this machine knows there now, secret and all (a
            // backup from before format 4 got its secret when it was upgraded just now).
            PinFile::of(target).replace_or_warn(&store_id, fingerprint.as_ref().map(|f| &f[..]));
            Ok((counts, head))
        })();
        backend::remove_file_store(&staging);
        let (counts, head) = result?;
        self.remember(&head, true);
        Ok(counts)
    }
}

/// A consistent copy of the database behind `source` in a new 0600 file, without sessions.
fn copy_without_sessions(source: &Handle, dest: &Path, force: bool) -> Result<()> {
    if dest.exists() {
        if !force {
            return Err(Error::new(ErrorKind::Conflict, format!("{} already exists", dest.display()))
                .with_hint("choose another file, or pass --force to overwrite it"));
        }
        std::fs::remove_file(dest)
            .map_err(|err| Error::from(err).context(format!("cannot replace {}", dest.display())))?;
        backend::remove_file_store(dest);
    }
    fs::create_parent_dirs(dest)?;
    fs::create_private_file(dest)
        .map_err(|err| Error::from(err).context(format!("cannot create {}", dest.display())))?;
    let result = backend::copy_into_file(source, dest);
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result.map_err(|err| err.context(format!("cannot write the copy {}", dest.display())))
}
