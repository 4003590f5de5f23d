//! The header: the store's identity and its key slot (the data key wrapped under the
//! passphrase through Argon2id). The one place that reads, checks, seals and writes it.

use std::path::Path;

use super::crypto::{self, KdfParams, SecretKey};
use super::keys::{self, Passphrase};
use super::sealing::{self, Bound};
use super::tables::Tables;
use crate::error::{Error, ErrorKind, Result};

pub(super) const STORE_ID_LEN: usize = 16;
const SALT_LEN: usize = 16;

/// A fixed key: the checksum is no secret, only a way to tell damage from a wrong passphrase.
const CHECKSUM_KEY: [u8; 32] = *b"revvy-apps/v1/header-checksum!!!";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    pub store_id: Vec<u8>,
    pub salt: Vec<u8>,
    pub kdf: KdfParams,
    pub wrapped_key: Vec<u8>,
    pub checksum: Vec<u8>,
}

impl Header {
    /// The header of a new store, with its key slot sealed under `passphrase`.
    pub(super) fn new(kdf: KdfParams, passphrase: &Passphrase, data_key: &SecretKey) -> Result<Self> {
        Self::empty_slot(crypto::random_array::<STORE_ID_LEN>().to_vec(), kdf).with_key_slot(passphrase, data_key)
    }

    /// The header of an unlocked store, ready for a new key slot.
    pub(super) fn empty_slot(store_id: Vec<u8>, kdf: KdfParams) -> Self {
        Self { store_id, salt: Vec::new(), kdf, wrapped_key: Vec::new(), checksum: Vec::new() }
    }

    /// A new key slot: a fresh salt, the data key wrapped under the passphrase, the checksum.
    pub(super) fn with_key_slot(mut self, passphrase: &Passphrase, data_key: &SecretKey) -> Result<Self> {
        self.salt = crypto::random_array::<SALT_LEN>().to_vec();
        let kek = keys::derive_kek(passphrase, &self.salt, self.kdf)?;
        self.wrapped_key = sealing::seal(&kek, &self.key_slot(), data_key.as_bytes());
        self.checksum = self.compute_checksum().to_vec();
        Ok(self)
    }

    /// The data key, if `passphrase` is the one the slot was sealed under.
    pub(super) fn open_key_slot(&self, passphrase: &Passphrase) -> Result<SecretKey> {
        keys::check_stored_kdf(self.kdf)?;
        let kek = keys::derive_kek(passphrase, &self.salt, self.kdf)?;
        sealing::open(&kek, &self.key_slot(), &self.wrapped_key)
            .and_then(|plain| SecretKey::from_slice(&plain))
            .ok_or_else(|| {
                Error::new(ErrorKind::WrongPassphrase, "the passphrase does not open this store")
                    .with_hint("check the passphrase; nothing was changed")
            })
    }

    /// Reads and checks the header: a missing row, a column of the wrong type or a checksum
    /// that does not add up is an altered header.
    pub(super) fn read(tables: &dyn Tables, path: &Path) -> Result<Self> {
        let header = tables.header()?.ok_or_else(|| tampered_header(path))?;
        if !crypto::mac_eq(&header.checksum, &header.compute_checksum()) {
            return Err(tampered_header(path));
        }
        Ok(header)
    }

    /// Writes this key slot over the stored one (inside a write).
    pub(super) fn save_key_slot(&self, tables: &dyn Tables) -> Result<()> {
        tables.update_key_slot(&self.salt, &self.wrapped_key, &self.checksum)
    }

    fn key_slot(&self) -> Bound<'_> {
        Bound::KeySlot { store_id: &self.store_id, salt: &self.salt, kdf: self.kdf }
    }

    /// A plain checksum of the header. It is no security boundary (the key slot's binding
    /// is): it tells an altered header (exit 7) from a wrong passphrase (exit 5), and a write
    /// compares it to notice keys changed since it unlocked.
    fn compute_checksum(&self) -> [u8; 32] {
        let bound = Bound::HeaderChecksum {
            store_id: &self.store_id,
            salt: &self.salt,
            kdf: self.kdf,
            wrapped_key: &self.wrapped_key,
        };
        sealing::mac(&SecretKey::from_bytes(CHECKSUM_KEY), &bound)
    }
}

fn tampered_header(path: &Path) -> Error {
    Error::new(ErrorKind::Tampered, format!("the header of the store {} was altered", path.display()))
        .with_hint("restore the store from a backup")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfParams = KdfParams { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };

    #[test]
    fn the_key_slot_opens_with_its_passphrase_only_and_under_its_own_parameters() {
        let data_key = SecretKey::random();
        let header = Header::new(CHEAP, &Passphrase::new("right".into()), &data_key).unwrap();
        let opened = header.open_key_slot(&Passphrase::new("right".into())).unwrap();
        assert_eq!(opened.as_bytes(), data_key.as_bytes());
        let wrong = header.open_key_slot(&Passphrase::new("wrong".into())).unwrap_err();
        assert_eq!(wrong.kind(), ErrorKind::WrongPassphrase);
        let weaker = Header { kdf: KdfParams { iterations: 3, ..CHEAP }, ..header };
        assert!(weaker.open_key_slot(&Passphrase::new("right".into())).is_err(), "the parameters are bound");
    }
}
