//! Upgrading a store in place, inside the transaction of its first write, so a crash leaves
//! it in its old format or its new one, never between.

use std::path::Path;

use super::audit;
use super::header::Header;
use super::members::{self, SingleSlot};
use super::sealer::Sealer;
use crate::domain::member::{FIRST_MEMBER_OF_OLD_STORES, MemberKind};
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{AppRow, MemberRow, Tables};
use crate::store::seal::bound::UsageDigest;
use crate::store::seal::crypto::{KdfParams, SecretKey};
use crate::store::seal::keys::Keys;
use crate::store::seal::recipients::Identity;

/// Format 1 → 2: the audit events are sealed and chained again under their own subkeys, each
/// change filed under its application, and the head is keyed and counts the applications.
pub(super) fn to_format_2(tx: &dyn Tables, store_id: &[u8], keys: &Keys) -> Result<()> {
    let old = Sealer { store_id, keys, format: 1 };
    let events = audit::read_all(tx, &old).map_err(|err| {
        if err.kind() == ErrorKind::Tampered {
            Error::tampered(format!("cannot upgrade a damaged store to format 2: {}", err.message()))
        } else {
            err
        }
    })?;
    tx.upgrade_tables(2)?;
    let live_apps = tx.app_count()?;
    let new = Sealer { store_id, keys, format: 2 };
    audit::rewrite_chain(tx, &new, &events, live_apps, UsageDigest::default())?;
    Ok(())
}

/// Format 3 → 4: the audit head also covers the usage records — how often they were written
/// and a keyed digest of them all — so erasing one, or putting an older one back, is found by
/// `check` on any machine. The tables stay; the head's column holds the digest after its MAC.
/// The store also gets a secret of its own, which machines pin it by beside its id.
pub(super) fn to_format_4(tx: &dyn Tables, store_id: &[u8], keys: &Keys) -> Result<()> {
    let old = Sealer { store_id, keys, format: 3 };
    let head = audit::read_head(tx, 3)?;
    if !head.is_authentic(&old) {
        return Err(audit::altered_head());
    }
    let mut records = Vec::new();
    tx.each_app(3, &mut |row| {
        let id = row.id;
        let stored = old
            .open_app(row)
            .map_err(|err| Error::tampered(format!("cannot upgrade a damaged store to format 4: {}", err.message())))?;
        if let Some(usage) = stored.usage {
            records.push((id, usage));
        }
        Ok(())
    })?;
    tx.upgrade_tables(4)?;
    let new = Sealer { store_id, keys, format: 4 };
    let usage = audit::usage_digest(&new, 0, records.iter().map(|(id, usage)| (*id, usage)));
    audit::reseal_head(tx, &new, audit::Head { usage, ..head })?;
    tx.put_store_secret(&new.seal_store_secret(&SecretKey::random()))
}

/// Format 4 → 5: every record and usage record is sealed again under its application's own
/// key (the first epoch, 0), so that a key can later be handed to a member for one
/// application without opening the others. The tables stay (the epoch goes in front of the
/// record, see `Sealer::seal_app`); the audit log and its head stay as they were: the usage
/// digest covers the records' contents, not their sealing, so an altered or older usage
/// record is no more accepted after the upgrade than before it.
pub(super) fn to_format_5(tx: &dyn Tables, path: &Path, store_id: &[u8], keys: &Keys) -> Result<()> {
    let old = Sealer { store_id, keys, format: 4 };
    let mut apps = Vec::new();
    tx.each_app(4, &mut |row| {
        let (client_id_mac, name_mac) = (row.client_id_mac.clone(), row.name_mac.clone());
        // As stored, strictly: a row already sealed as format 5 in a store that says format 4
        // was put there (the format number set back), and is not sealed again at epoch 0.
        let stored = old
            .open_app_as_stored(row)
            .map_err(|err| Error::tampered(format!("cannot upgrade a damaged store to format 5: {}", err.message())))?;
        apps.push((stored, client_id_mac, name_mac));
        Ok(())
    })?;
    tx.upgrade_tables(5)?;
    // The header's checksum covers the format from now on: a process that opened the store
    // before (an older binary among them) finds it changed under its write lock. Its content
    // was verified at the open and found unchanged under this write's lock (or was written by
    // an earlier step of this upgrade), so it is only given the checksum of format 5.
    let row =
        tx.header(4)?.ok_or_else(|| Error::tampered(format!("the header of the store {} is gone", path.display())))?;
    Header::from_row(row, 5).rewrite_checksum(tx)?;
    let new = Sealer { store_id, keys, format: 5 };
    for (stored, client_id_mac, name_mac) in apps {
        let id = stored.row_id;
        tx.rewrite_app(&AppRow {
            id,
            version: Some(stored.version),
            sealed: new.seal_app(id, stored.version, 0, &stored.app),
            client_id_mac,
            name_mac,
            usage: Vec::new(),
        })?;
        if let Some(usage) = &stored.usage {
            tx.put_usage(id, &new.seal_usage(id, 0, usage))?;
        }
    }
    Ok(())
}

/// Format 5 → 6: the tables of scoped members (a member's scope, grants, pending events),
/// empty; every member stays a full one. The header's checksum covers the format (from
/// format 5), so it is written anew at format 6, as the upgrade to 5 does.
pub(super) fn to_format_6(tx: &dyn Tables, path: &Path) -> Result<()> {
    tx.upgrade_tables(6)?;
    let row =
        tx.header(5)?.ok_or_else(|| Error::tampered(format!("the header of the store {} is gone", path.display())))?;
    Header::from_row(row, 6).rewrite_checksum(tx)
}

/// Format 2 → 3: the store gets members. Its passphrase becomes the member `owner`: a new key
/// of its own, wrapped under the key the passphrase already derives (same salt, same
/// parameters, so the passphrase keeps working), with the data key sealed to it; the single
/// slot is emptied. Sessions open before stay open, as the owner's.
pub(super) fn to_format_3(
    tx: &dyn Tables,
    path: &Path,
    store_id: &[u8],
    keys: &Keys,
    kdf: KdfParams,
    single_slot: &SingleSlot,
) -> Result<()> {
    tx.upgrade_tables(3)?;
    let identity = Identity::generate();
    let owner = FIRST_MEMBER_OF_OLD_STORES;
    let row = MemberRow {
        id: 0,
        name: owner.to_owned(),
        kind: MemberKind::Passphrase.as_str().to_owned(),
        public_key: identity.public_key().as_str().to_owned(),
        created_at: Some(crate::domain::time::now().timestamp()),
        created_by: owner.to_owned(),
        kdf_salt: single_slot.salt.clone(),
        wrapped_identity: members::wrap_identity(&single_slot.kek, owner, &single_slot.salt, kdf, &identity),
        sealed_key: identity.public_key().seal(&keys.data_key),
        scope: None,
    };
    tx.insert_member(&row)?;
    members::save_list(tx, keys, store_id, kdf, path, &[row])?;
    // The single slot (the data key wrapped under the passphrase) leaves the store.
    tx.put_store_secret(&[])
}
