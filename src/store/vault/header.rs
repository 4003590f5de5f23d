//! The header: the store's identity, its KDF parameters and what guards its keys — the single
//! key slot of formats 1 and 2 (the data key wrapped under the passphrase through Argon2id),
//! or from format 3 the MAC of the member list. The one place that reads and checks it.

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{HeaderRow, MemberRow, Tables};
use crate::store::seal::bound::{self, Bound, MemberColumns};
use crate::store::seal::crypto::{self, KdfParams, SecretKey};
use crate::store::seal::keys::{self, Passphrase};

pub(super) const STORE_ID_LEN: usize = 16;
pub(super) const SALT_LEN: usize = 16;

/// A fixed key: the checksum is no secret, only a way to tell damage from a wrong passphrase.
const CHECKSUM_KEY: [u8; 32] = *b"revvy-apps/v1/header-checksum!!!";

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// The store's format, from which the header's layout follows (not a column).
    pub format: u32,
    pub store_id: Vec<u8>,
    /// Formats 1 and 2: the one key slot's salt and wrapped data key. Empty from format 3.
    pub salt: Vec<u8>,
    pub kdf: KdfParams,
    pub wrapped_key: Vec<u8>,
    /// Format 3: the MAC of the member list under the data key.
    pub members_mac: Vec<u8>,
    /// Format 3: a plain digest of the member list, so that an altered member is told from a
    /// wrong passphrase (exit 7, not 5) before any key is derived.
    pub members_digest: Vec<u8>,
    pub checksum: Vec<u8>,
}

impl Header {
    /// The header of a store with members: a new one, or one whose members just changed.
    pub(super) fn with_members(store_id: Vec<u8>, kdf: KdfParams, members_mac: Vec<u8>, rows: &[MemberRow]) -> Self {
        let members_digest = members_digest(&store_id, rows).to_vec();
        let mut header = Self {
            format: super::FORMAT_VERSION,
            store_id,
            salt: Vec::new(),
            kdf,
            wrapped_key: Vec::new(),
            members_mac,
            members_digest,
            checksum: Vec::new(),
        };
        header.checksum = header.compute_checksum().to_vec();
        header
    }

    pub(super) fn from_row(row: HeaderRow, format: u32) -> Self {
        Self {
            format,
            store_id: row.store_id,
            salt: row.salt,
            kdf: KdfParams {
                memory_kib: row.kdf_memory_kib,
                iterations: row.kdf_iterations,
                parallelism: row.kdf_parallelism,
            },
            wrapped_key: row.wrapped_key,
            members_mac: row.members_mac,
            members_digest: row.members_digest,
            checksum: row.checksum,
        }
    }

    /// The header as the storage keeps it (its format is the storage's, not a column).
    pub(super) fn to_row(&self) -> HeaderRow {
        HeaderRow {
            store_id: self.store_id.clone(),
            salt: self.salt.clone(),
            kdf_memory_kib: self.kdf.memory_kib,
            kdf_iterations: self.kdf.iterations,
            kdf_parallelism: self.kdf.parallelism,
            wrapped_key: self.wrapped_key.clone(),
            members_mac: self.members_mac.clone(),
            members_digest: self.members_digest.clone(),
            checksum: self.checksum.clone(),
        }
    }

    /// The checksum this header would have at `format`: what an upgrade to `format` by another
    /// process leaves in the store.
    pub(super) fn checksum_at(&self, format: u32) -> Vec<u8> {
        Self { format, ..self.clone() }.compute_checksum().to_vec()
    }

    /// Writes this header's checksum anew at the format it has now (an upgrade).
    pub(super) fn rewrite_checksum(&mut self, tables: &dyn Tables) -> Result<()> {
        self.checksum = self.compute_checksum().to_vec();
        tables.update_header_members(&self.to_row())
    }

    /// A new store id.
    pub(super) fn new_store_id() -> Vec<u8> {
        crypto::random_array::<STORE_ID_LEN>().to_vec()
    }

    /// Formats 1 and 2: the data key, if `passphrase` is the one the single slot was sealed
    /// under, and the passphrase's key, which the upgrade to members wraps the first member's
    /// key under.
    pub(super) fn open_single_slot(&self, passphrase: &Passphrase) -> Result<(SecretKey, SecretKey)> {
        keys::check_stored_kdf(self.kdf)?;
        let kek = keys::derive_kek(passphrase, &self.salt, self.kdf)?;
        let bound = Bound::KeySlot { store_id: &self.store_id, salt: &self.salt, kdf: self.kdf };
        let data_key = bound::open(&kek, &bound, &self.wrapped_key)
            .and_then(|plain| SecretKey::from_slice(&plain))
            .ok_or_else(|| {
                Error::new(ErrorKind::WrongPassphrase, "the passphrase does not open this store")
                    .with_hint("check the passphrase; nothing was changed")
            })?;
        Ok((data_key, kek))
    }

    /// Reads and checks the header: a missing row, a column of the wrong type or a checksum
    /// that does not add up is an altered header.
    pub(super) fn read(tables: &dyn Tables, path: &Path, format: u32) -> Result<Self> {
        Self::checked(tables.header(format)?, path, format)
    }

    /// Checks a header row already read (see [`Header::read`]).
    pub(super) fn checked(row: Option<HeaderRow>, path: &Path, format: u32) -> Result<Self> {
        let header = row.map(|row| Self::from_row(row, format)).ok_or_else(|| tampered_header(path))?;
        if !crypto::mac_eq(&header.checksum, &header.compute_checksum()) {
            return Err(tampered_header(path));
        }
        Ok(header)
    }

    /// Writes this header's members' MAC and digest and its checksum over the stored ones
    /// (inside a write).
    pub(super) fn save_members(&self, tables: &dyn Tables) -> Result<()> {
        tables.update_header_members(&self.to_row())
    }

    /// Whether `rows` are the members this header was written with (before any key).
    pub(super) fn lists(&self, rows: &[MemberRow]) -> bool {
        crypto::mac_eq(&self.members_digest, &members_digest(&self.store_id, rows))
    }

    /// A plain checksum of the header. It is no security boundary (the key slots' bindings and
    /// the members' MAC are): it tells an altered header (exit 7) from a wrong passphrase
    /// (exit 5), and a write compares it to notice keys changed since it unlocked.
    fn compute_checksum(&self) -> [u8; 32] {
        let bound = if self.format >= 5 {
            Bound::HeaderWithFormat {
                store_id: &self.store_id,
                kdf: self.kdf,
                members_mac: &self.members_mac,
                members_digest: &self.members_digest,
                format: self.format,
            }
        } else if self.format >= 3 {
            Bound::HeaderMembers {
                store_id: &self.store_id,
                kdf: self.kdf,
                members_mac: &self.members_mac,
                members_digest: &self.members_digest,
            }
        } else {
            Bound::HeaderChecksum {
                store_id: &self.store_id,
                salt: &self.salt,
                kdf: self.kdf,
                wrapped_key: &self.wrapped_key,
            }
        };
        bound::mac(&SecretKey::from_bytes(CHECKSUM_KEY), &bound)
    }
}

/// The plain digest of a member list: the same layout as its MAC, under the fixed key.
fn members_digest(store_id: &[u8], rows: &[MemberRow]) -> [u8; 32] {
    bound::mac(&SecretKey::from_bytes(CHECKSUM_KEY), &Bound::Members { store_id, list: &member_list(rows) })
}

fn tampered_header(path: &Path) -> Error {
    Error::new(ErrorKind::Tampered, format!("the header of the store {} was altered", path.display()))
        .with_hint("restore the store from a backup")
}

/// The member rows as [`Bound::Members`] covers them.
pub(super) fn member_list(rows: &[MemberRow]) -> Vec<u8> {
    bound::member_list(rows.iter().map(|row| MemberColumns {
        id: row.id,
        name: &row.name,
        kind: &row.kind,
        public_key: &row.public_key,
        created_at: row.created_at,
        created_by: &row.created_by,
        kdf_salt: &row.kdf_salt,
        wrapped_identity: &row.wrapped_identity,
        sealed_key: &row.sealed_key,
        scope: row.scope.as_deref(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfParams = KdfParams { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };

    /// A format 2 header as version 2 wrote it.
    fn single_slot(passphrase: &str, data_key: &SecretKey) -> Header {
        let (store_id, salt) = (Header::new_store_id(), crypto::random_array::<SALT_LEN>().to_vec());
        let kek = keys::derive_kek(&Passphrase::new(passphrase.into()), &salt, CHEAP).unwrap();
        let wrapped_key =
            bound::seal(&kek, &Bound::KeySlot { store_id: &store_id, salt: &salt, kdf: CHEAP }, data_key.as_bytes());
        let mut header = Header {
            format: 2,
            store_id,
            salt,
            kdf: CHEAP,
            wrapped_key,
            members_mac: Vec::new(),
            members_digest: Vec::new(),
            checksum: Vec::new(),
        };
        header.checksum = header.compute_checksum().to_vec();
        header
    }

    #[test]
    fn the_single_slot_opens_with_its_passphrase_only_and_under_its_own_parameters() {
        let data_key = SecretKey::random();
        let header = single_slot("right", &data_key);
        let (opened, _) = header.open_single_slot(&Passphrase::new("right".into())).unwrap();
        assert_eq!(opened.as_bytes(), data_key.as_bytes());
        let wrong = header.open_single_slot(&Passphrase::new("wrong".into())).unwrap_err();
        assert_eq!(wrong.kind(), ErrorKind::WrongPassphrase);
        let weaker = Header { kdf: KdfParams { iterations: 3, ..CHEAP }, ..header };
        assert!(weaker.open_single_slot(&Passphrase::new("right".into())).is_err(), "the parameters are bound");
    }

    #[test]
    fn the_checksum_of_a_store_with_members_covers_their_mac() {
        let header = Header::with_members(Header::new_store_id(), CHEAP, vec![1; 32], &[]);
        assert!(crypto::mac_eq(&header.checksum, &header.compute_checksum()));
        let other = Header::with_members(header.store_id.clone(), CHEAP, vec![2; 32], &[]);
        assert_ne!(header.checksum, other.checksum);
        assert!(header.lists(&[]));
    }
}
