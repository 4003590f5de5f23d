//! Making a new store: its tables filled (header, first member, store secret, empty log), all
//! or nothing (see `backend::create`).

use std::path::{Path, PathBuf};

use super::header::Header;
use super::members::NewMember;
use super::pins::PinFile;
use super::sealer::Sealer;
use super::{FORMAT_VERSION, KdfParams, Location, LockedStore, Passphrase, Store, audit, members};
use crate::error::Result;
use crate::store::backend::{self, Tables};
use crate::store::seal::bound;
use crate::store::seal::crypto;
use crate::store::seal::keys::{self, Keys};

/// Fills a new store's empty tables: its header, its first member, an empty audit log. Returns
/// its id and its data key.
pub(super) fn build_tables(
    tables: &dyn Tables,
    shown: &Path,
    first_member: &str,
    passphrase: Passphrase,
    kdf: KdfParams,
) -> Result<(Vec<u8>, crypto::SecretKey)> {
    let keys = Keys::from_data_key(crypto::SecretKey::random());
    let new = NewMember::Passphrase(passphrase);
    let member = members::member_row(kdf, first_member, first_member, &new, &keys.data_key)?;
    let header = Header::with_members(Header::new_store_id(), kdf, Vec::new(), &[]);
    tables.insert_header(&header.to_row())?;
    tables.insert_member(&member)?;
    members::save_list(tables, &keys, &header.store_id, kdf, shown, &[member])?;
    let sealer = Sealer { store_id: &header.store_id, keys: &keys, format: FORMAT_VERSION };
    tables.put_store_secret(&sealer.seal_store_secret(&crypto::SecretKey::random()))?;
    audit::rewrite_chain(tables, &sealer, &[], 0, bound::UsageDigest::default())?;
    Ok((header.store_id, keys.data_key.clone()))
}

impl Store {
    /// Creates a new store at `path`, atomically: the file is built beside it and linked into
    /// place, so a concurrent `create` never sees a half-made store. Fails with a conflict if
    /// a store is already there.
    pub fn create(store: &Location, first_member: &str, passphrase: Passphrase, kdf: KdfParams) -> Result<Self> {
        keys::check_requested_kdf(kdf)?;
        let shown = PathBuf::from(store.to_string());
        let (store_id, data_key) = backend::create(store, FORMAT_VERSION, |tables| {
            build_tables(tables, &shown, first_member, passphrase, kdf)
        })?;
        // This machine knows the new store from its first moment, in place of any it knew there.
        PinFile::of(store).record_or_warn(&store_id);
        let locked = LockedStore::open(store)?;
        debug_assert_eq!(locked.state.store_id, store_id);
        let store = locked.unlocked(data_key, first_member.to_owned(), None)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.state.path
    }
}
