//! Making a new store: its tables filled (header, first member, store secret, empty log) in
//! one transaction on a server, or a whole file built beside its place and linked in.

use std::path::{Path, PathBuf};

use super::header::Header;
use super::keys::{self, Keys};
use super::members::NewMember;
use super::sealing::{self, Sealer};
use super::{
    FORMAT_VERSION, KdfParams, Location, LockedStore, Passphrase, Store, audit, crypto, fs, members, postgres, sqlite,
    tables,
};
use crate::error::{Error, ErrorKind, Result};

/// Fills a new store's empty tables: its header, its first member, an empty audit log. Returns
/// its id and its data key.
pub(super) fn build_tables(
    tables: &dyn tables::Tables,
    shown: &Path,
    first_member: &str,
    passphrase: Passphrase,
    kdf: KdfParams,
) -> Result<(Vec<u8>, crypto::SecretKey)> {
    let keys = Keys::from_data_key(crypto::SecretKey::random());
    let new = NewMember::Passphrase(passphrase);
    let member = members::member_row(kdf, first_member, first_member, &new, &keys.data_key)?;
    let header = Header::with_members(Header::new_store_id(), kdf, Vec::new(), &[]);
    tables.insert_header(&header)?;
    tables.insert_member(&member)?;
    members::save_list(tables, &keys, &header.store_id, kdf, shown, &[member])?;
    let sealer = Sealer { store_id: &header.store_id, keys: &keys, format: FORMAT_VERSION };
    tables.put_store_secret(&sealer.seal_store_secret(&crypto::SecretKey::random()))?;
    audit::rewrite_chain(tables, &sealer, &[], 0, sealing::UsageDigest::default())?;
    Ok((header.store_id, keys.data_key.clone()))
}

/// Makes a new store file at `path` atomically: `build` writes it beside, and it is linked into
/// place only when complete, so no one ever sees half a store, and an existing file (a store
/// made meanwhile by another process) is a conflict, never overwritten.
pub(super) fn create_file<T>(path: &Path, build: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    fs::create_parent_dirs(path)?;
    let staging = fs::companion(path, &format!(".new-{}", crypto::to_hex(&crypto::random_array::<8>())));
    let result = build(&staging).and_then(|built| {
        std::fs::hard_link(&staging, path).map(|()| built).map_err(|err| {
            if err.kind() == std::io::ErrorKind::AlreadyExists {
                Error::new(ErrorKind::Conflict, format!("a store already exists at {}", path.display()))
                    .with_hint("use it, or choose another path")
            } else {
                Error::from(err).context(format!("cannot create the store {}", path.display()))
            }
        })
    });
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(fs::companion(&staging, suffix));
    }
    result
}

impl Store {
    /// Creates a new store at `path`, atomically: the file is built beside it and linked into
    /// place, so a concurrent `create` never sees a half-made store. Fails with a conflict if
    /// a store is already there.
    pub fn create(store: &Location, first_member: &str, passphrase: Passphrase, kdf: KdfParams) -> Result<Self> {
        keys::check_requested_kdf(kdf)?;
        let (store_id, data_key) = match store {
            Location::Postgres(target) => {
                // On a server: the tables made and filled in one transaction, or not at all.
                let storage = postgres::PgStorage::connect((**target).clone())?;
                let shown = PathBuf::from(store.to_string());
                storage.create_store(|tables| build_tables(tables, &shown, first_member, passphrase, kdf))?
            }
            Location::File(path) => create_file(path, |staging| Self::build(staging, first_member, passphrase, kdf))?,
        };
        // This machine knows the new store from its first moment, in place of any it knew there.
        store.pin().record_or_warn(&store_id);
        let locked = LockedStore::open(store)?;
        debug_assert_eq!(locked.state.store_id, store_id);
        let store = locked.unlocked(data_key, first_member.to_owned(), None)?;
        Ok(store)
    }

    /// Writes a complete store into `staging`, with its first member; returns its id and its
    /// data key.
    fn build(
        staging: &Path,
        first_member: &str,
        passphrase: Passphrase,
        kdf: KdfParams,
    ) -> Result<(Vec<u8>, crypto::SecretKey)> {
        fs::create_private_file(staging)
            .map_err(|err| Error::from(err).context(format!("cannot create {}", staging.display())))?;
        let conn = sqlite::create(staging)?;
        let tx = conn.unchecked_transaction()?;
        sqlite::create_tables(&tx, FORMAT_VERSION)?;
        let built = build_tables(&*tx, staging, first_member, passphrase, kdf)?;
        tx.commit()?;
        conn.close().map_err(|(_, err)| Error::from(err))?;
        Ok(built)
    }

    pub fn path(&self) -> &Path {
        &self.state.path
    }
}
