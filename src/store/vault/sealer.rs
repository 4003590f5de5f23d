//! The sealer: the store's keys applied to its rows — what an application, an event, a usage
//! record or the store's secret becomes in storage, and back.

use super::usage::UsageRecord;
use crate::domain::Application;
use crate::domain::audit::{Event, SealedAs};
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::AppRow;
use crate::store::seal::bound::{Bound, UsageDigest, mac, open, seal};
use crate::store::seal::codec;
use crate::store::seal::crypto::SecretKey;
use crate::store::seal::keys::Keys;
use zeroize::Zeroizing;

/// An application as it sits in the store: its row, the version of the record, the epoch of
/// its key (format 5; 0 before), the record, and its usage record when `verify` has written
/// one.
#[derive(Debug, Clone)]
pub struct Stored {
    pub row_id: i64,
    pub version: i64,
    pub epoch: i64,
    pub app: Application,
    pub usage: Option<UsageRecord>,
}

/// The keys and identity needed to seal and open what the store holds, borrowed from it.
pub(super) struct Sealer<'a> {
    pub(super) store_id: &'a [u8],
    pub(super) keys: &'a Keys,
    /// The store's format: 1 until its first write upgrades it.
    pub(super) format: u32,
}

/// The fixed key of [`Sealer::sealed_as`]'s digest: a hash, kept in a sealed, chained event.
const DIGEST_KEY: [u8; 32] = *b"revvy-apps/v6/record-digest!!!!!";

/// The first format whose records and usage records are sealed under a key per application.
pub(super) const APP_KEYS_FORMAT: u32 = 5;

impl Sealer<'_> {
    /// The record of `app` in row `row_id` at `version`; from format 5 under the application's
    /// own key at `epoch`, which goes in front of the ciphertext (see [`split_epoch`]).
    pub(super) fn seal_app(&self, row_id: i64, version: i64, epoch: i64, app: &Application) -> Vec<u8> {
        let plain = codec::encode(app);
        if self.format < APP_KEYS_FORMAT {
            let bound = Bound::Application { store_id: self.store_id, row_id, version };
            return seal(&self.keys.record, &bound, &plain);
        }
        let key = self.keys.app_key(self.store_id, row_id, epoch);
        let bound = Bound::AppRecord { store_id: self.store_id, row_id, version, epoch };
        let mut sealed = Vec::with_capacity(8 + plain.len() + 64);
        sealed.extend_from_slice(&epoch.to_be_bytes());
        sealed.extend_from_slice(&seal(&key, &bound, &plain));
        sealed
    }

    /// Opens an application row, and its usage record; any mismatch is that row's tampering,
    /// by its id.
    pub(super) fn open_app(&self, row: AppRow) -> Result<Stored> {
        self.open_app_as(row, true)
    }

    /// [`Sealer::open_app`], holding each row to the format it is opened at: for `check` and
    /// the upgrade, which must tell a row of the next format in a store that says otherwise.
    pub(super) fn open_app_as_stored(&self, row: AppRow) -> Result<Stored> {
        self.open_app_as(row, false)
    }

    fn open_app_as(&self, row: AppRow, or_upgraded: bool) -> Result<Stored> {
        crate::stats::record_opened();
        let AppRow { id, version, sealed, usage, .. } = row;
        let version = version.ok_or_else(|| tampered_row(id))?;
        let (epoch, key, plain) = match self.open_record(id, version, &sealed) {
            Some(opened) => opened,
            // Another process may have upgraded the store to format 5 since this one read
            // its format: such a row is as authentic, under the same data key. (Writes and
            // `check` do not take this way: the upgrade and the checks hold rows strictly.)
            None if or_upgraded && self.format < APP_KEYS_FORMAT => Sealer { format: APP_KEYS_FORMAT, ..*self }
                .open_record(id, version, &sealed)
                .ok_or_else(|| tampered_row(id))?,
            None => return Err(tampered_row(id)),
        };
        let mut app = codec::decode(&plain).ok_or_else(|| tampered_row(id))?;
        let usage = if usage.is_empty() {
            None
        } else {
            let plain = match &key {
                Some(key) => open(key, &Bound::AppUsage { store_id: self.store_id, app_id: id, epoch }, &usage),
                None => open(&self.keys.usage, &Bound::Usage { store_id: self.store_id, app_id: id }, &usage),
            }
            .ok_or_else(|| tampered_usage(id))?;
            let record = UsageRecord::decode(&plain).ok_or_else(|| tampered_usage(id))?;
            app.usage = record.view(&app, crate::domain::time::now());
            Some(record)
        };
        Ok(Stored { row_id: id, version, epoch, app, usage })
    }

    /// A record's plaintext, its epoch and (format 5) the application key it opened under.
    fn open_record(
        &self,
        id: i64,
        version: i64,
        sealed: &[u8],
    ) -> Option<(i64, Option<SecretKey>, Zeroizing<Vec<u8>>)> {
        if self.format < APP_KEYS_FORMAT {
            let bound = Bound::Application { store_id: self.store_id, row_id: id, version };
            return open(&self.keys.record, &bound, sealed).map(|plain| (0, None, plain));
        }
        let (epoch, sealed) = split_epoch(sealed)?;
        let key = self.keys.app_key(self.store_id, id, epoch);
        let plain = open(&key, &Bound::AppRecord { store_id: self.store_id, row_id: id, version, epoch }, sealed)?;
        Some((epoch, Some(key), plain))
    }

    /// Opens a format 5 row under the key `key_at` gives for the epoch in front of its record:
    /// a scoped member's, unwrapped from its grant. `None` from `key_at` is that row's
    /// tampering, like any record that does not open.
    pub(super) fn open_app_with(
        store_id: &[u8],
        row: AppRow,
        key_at: impl FnOnce(i64) -> Option<SecretKey>,
    ) -> Result<Stored> {
        crate::stats::record_opened();
        let AppRow { id, version, sealed, usage, .. } = row;
        let version = version.ok_or_else(|| tampered_row(id))?;
        let (epoch, ciphertext) = split_epoch(&sealed).ok_or_else(|| tampered_row(id))?;
        let key = key_at(epoch).ok_or_else(|| tampered_row(id))?;
        let plain = open(&key, &Bound::AppRecord { store_id, row_id: id, version, epoch }, ciphertext)
            .ok_or_else(|| tampered_row(id))?;
        let mut app = codec::decode(&plain).ok_or_else(|| tampered_row(id))?;
        let usage = if usage.is_empty() {
            None
        } else {
            let plain = open(&key, &Bound::AppUsage { store_id, app_id: id, epoch }, &usage)
                .ok_or_else(|| tampered_usage(id))?;
            let record = UsageRecord::decode(&plain).ok_or_else(|| tampered_usage(id))?;
            app.usage = record.view(&app, crate::domain::time::now());
            Some(record)
        };
        Ok(Stored { row_id: id, version, epoch, app, usage })
    }

    /// What an event records of the record `app` at `version`, sealed under its key at
    /// `epoch` (format 6).
    pub(super) fn sealed_as(version: i64, epoch: i64, app: &Application) -> SealedAs {
        let record = codec::encode(app);
        let digest = mac(&SecretKey::from_bytes(DIGEST_KEY), &Bound::RecordDigest { version, epoch, record: &record });
        SealedAs { epoch, digest: crate::store::seal::crypto::to_hex(&digest) }
    }

    /// A usage record of application `app_id`, whose key is at `epoch` (format 5).
    pub(super) fn seal_usage(&self, app_id: i64, epoch: i64, usage: &UsageRecord) -> Vec<u8> {
        if self.format < APP_KEYS_FORMAT {
            return seal(&self.keys.usage, &Bound::Usage { store_id: self.store_id, app_id }, &usage.encode());
        }
        let key = self.keys.app_key(self.store_id, app_id, epoch);
        seal(&key, &Bound::AppUsage { store_id: self.store_id, app_id, epoch }, &usage.encode())
    }

    /// The store's secret sealed under this data key (format 4).
    pub(super) fn seal_store_secret(&self, secret: &SecretKey) -> Vec<u8> {
        seal(&self.keys.store_secret, &Bound::StoreSecret { store_id: self.store_id }, secret.as_bytes())
    }

    /// The store's secret, if `sealed` opens under this data key as this store's.
    pub(super) fn open_store_secret(&self, sealed: &[u8]) -> Option<SecretKey> {
        open(&self.keys.store_secret, &Bound::StoreSecret { store_id: self.store_id }, sealed)
            .and_then(|plain| SecretKey::from_slice(&plain))
    }

    /// What this machine pins of the store beside its id: proof of its secret.
    pub(super) fn store_fingerprint(&self, secret: &SecretKey) -> [u8; 32] {
        mac(secret, &Bound::StoreFingerprint { store_id: self.store_id })
    }

    pub(super) fn client_id_mac(&self, client_id: &str) -> [u8; 32] {
        mac(&self.keys.lookup, &Bound::ClientIdLookup { client_id })
    }

    pub(super) fn name_mac(&self, name: &str) -> [u8; 32] {
        mac(&self.keys.lookup, &Bound::NameLookup { name })
    }

    /// The lookup MAC an event is filed under: that of its application, for the events that
    /// change an application's record (create, every update, delete); none for the others.
    pub(super) fn subject_of(&self, event: &Event) -> Option<[u8; 32]> {
        event.record_subject().map(|client_id| self.client_id_mac(client_id))
    }

    /// Seals event `id` under the format 2 audit subkey.
    pub(super) fn seal_event(&self, id: i64, event: &Event) -> Result<Vec<u8>> {
        let plain = Zeroizing::new(
            serde_json::to_vec(event)
                .map_err(|err| Error::internal("cannot encode an audit event").with_source(err))?,
        );
        Ok(seal(&self.keys.audit_seal, &Bound::AuditEvent { format: self.format, store_id: self.store_id, id }, &plain))
    }

    /// Opens event `id` to its encoded form; `format_1_key` reads a format 1 log, sealed
    /// under one key.
    pub(super) fn open_event(
        &self,
        format_1_key: Option<&SecretKey>,
        id: i64,
        sealed: &[u8],
    ) -> Option<Zeroizing<Vec<u8>>> {
        let key = format_1_key.unwrap_or(&self.keys.audit_seal);
        open(key, &Bound::AuditEvent { format: self.format, store_id: self.store_id, id }, sealed)
    }

    /// The chain MAC of event `id`. Format 2 covers the subject column too, so the index that
    /// finds an application's latest change cannot be rewired without breaking the chain.
    pub(super) fn chain_mac(
        &self,
        format_1_key: Option<&SecretKey>,
        previous: &[u8],
        id: i64,
        subject: Option<&[u8]>,
        sealed: &[u8],
    ) -> [u8; 32] {
        let format = if format_1_key.is_some() { 1 } else { 2 };
        let bound = Bound::AuditChain { format, previous, id, subject, sealed };
        mac(format_1_key.unwrap_or(&self.keys.audit_chain), &bound)
    }

    /// The head's MAC: from format 4 it covers the usage digest too.
    pub(super) fn head_mac(&self, last_id: i64, last_mac: &[u8], live_apps: i64, usage: &UsageDigest) -> [u8; 32] {
        let store_id = self.store_id;
        let bound = if self.format >= 4 {
            Bound::AuditHeadWithUsage {
                store_id,
                last_id,
                last_mac,
                live_apps,
                usage_writes: usage.writes,
                usage_digest: &usage.digest,
            }
        } else {
            Bound::AuditHead { store_id, last_id, last_mac, live_apps }
        };
        mac(&self.keys.audit_head, &bound)
    }

    /// What one application's usage record adds to the head's digest (format 4). The digest is
    /// the XOR of these over every record, so a write changes it in place: out with the old
    /// record's, in with the new one's. Without the key no one can compute an entry, so no
    /// record can be erased, added or swapped for an older one without the digest failing.
    pub(super) fn usage_entry(&self, app_id: i64, usage: &UsageRecord) -> [u8; 32] {
        let record = usage.encode();
        mac(&self.keys.usage_set, &Bound::UsageEntry { store_id: self.store_id, app_id, record: &record })
    }
}

/// A format 5 record column: the epoch of the application's key, 8 bytes big-endian, then the
/// sealed record. A full member needs the epoch to derive the key before it opens anything;
/// both the key and the record's binding cover it, so an altered epoch fails like any other
/// altered byte. `None` when the column is too short to hold one.
fn split_epoch(sealed: &[u8]) -> Option<(i64, &[u8])> {
    let (epoch, rest) = sealed.split_first_chunk::<8>()?;
    Some((i64::from_be_bytes(*epoch), rest))
}

fn tampered_usage(row_id: i64) -> Error {
    Error::new(
        ErrorKind::Tampered,
        format!("the usage record of the application in row {row_id} failed authentication: it was altered outside revvy-apps"),
    )
    .with_hint("the other applications are still readable; run `revvy-apps check`, and restore the store from a backup")
}

pub(super) fn tampered_row(row_id: i64) -> Error {
    Error::new(
        ErrorKind::Tampered,
        format!("the application record in row {row_id} failed authentication: it was altered outside revvy-apps"),
    )
    .with_hint("the other applications are still readable; run `revvy-apps check`, and restore the store from a backup")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::application::Settings;
    use crate::store::seal::crypto;

    fn row(id: i64, sealed: Vec<u8>) -> AppRow {
        AppRow { id, version: Some(1), sealed, client_id_mac: Vec::new(), name_mac: Vec::new(), usage: Vec::new() }
    }

    /// Format 5 at the level of the keys: the key of one application, at one epoch, opens that
    /// record and nothing else — not another application's, not the record sealed again at the
    /// next epoch — and the data key's other subkeys open no record at all.
    #[test]
    fn an_application_key_opens_its_own_record_only() {
        let keys = Keys::from_data_key(SecretKey::random());
        let sealer = Sealer { store_id: b"store", keys: &keys, format: APP_KEYS_FORMAT };
        let (billing, portal) = (
            Application::new("billing".into(), Settings::default()),
            Application::new("portal".into(), Settings::default()),
        );
        let billing_sealed = sealer.seal_app(1, 1, 0, &billing);
        let portal_sealed = sealer.seal_app(2, 1, 0, &portal);
        assert_eq!(sealer.open_app(row(1, billing_sealed.clone())).unwrap().app, billing);
        assert_eq!(sealer.open_app(row(2, portal_sealed.clone())).unwrap().app, portal);

        let billing_key = keys.app_key(b"store", 1, 0);
        let open_with = |key: &SecretKey, id: i64, epoch: i64, sealed: &[u8]| {
            let (stored_epoch, ciphertext) = split_epoch(sealed).unwrap();
            assert_eq!(stored_epoch, epoch);
            open(key, &Bound::AppRecord { store_id: b"store", row_id: id, version: 1, epoch }, ciphertext)
        };
        assert!(open_with(&billing_key, 1, 0, &billing_sealed).is_some());
        assert!(open_with(&billing_key, 2, 0, &portal_sealed).is_none(), "another application's record");
        for other in [&keys.record, &keys.usage, &keys.app_keys, &keys.data_key] {
            assert!(open_with(other, 1, 0, &billing_sealed).is_none(), "a subkey that is not the application's");
        }

        // The next epoch: a new key, and the old one opens nothing sealed under it.
        let resealed = sealer.seal_app(1, 1, 1, &billing);
        assert_eq!(sealer.open_app(row(1, resealed.clone())).unwrap().epoch, 1);
        assert!(open_with(&billing_key, 1, 1, &resealed).is_none());
        assert!(open_with(&keys.app_key(b"store", 1, 1), 1, 1, &resealed).is_some());
        assert!(!crypto::mac_eq(keys.app_key(b"other store", 1, 0).as_bytes(), billing_key.as_bytes()));
    }

    /// A process that read format 4 before another one upgraded the store reads the format 5
    /// rows it then finds as authentic; a format 5 reader never takes a format 4 row.
    #[test]
    fn a_format_4_reader_opens_rows_sealed_since_in_format_5() {
        let keys = Keys::from_data_key(SecretKey::random());
        let (old, new) = (
            Sealer { store_id: b"store", keys: &keys, format: 4 },
            Sealer { store_id: b"store", keys: &keys, format: APP_KEYS_FORMAT },
        );
        let app = Application::new("billing".into(), Settings::default());
        assert_eq!(old.open_app(row(1, new.seal_app(1, 1, 0, &app))).unwrap().app, app);
        assert_eq!(new.open_app(row(1, old.seal_app(1, 1, 0, &app))).unwrap_err().kind(), ErrorKind::Tampered);
    }

    /// The epoch in front of a record is covered by its key and its binding: changed, the row
    /// is tampered, like any other byte of it.
    #[test]
    fn an_altered_epoch_or_usage_record_is_tampering() {
        let keys = Keys::from_data_key(SecretKey::random());
        let sealer = Sealer { store_id: b"store", keys: &keys, format: APP_KEYS_FORMAT };
        let app = Application::new("billing".into(), Settings::default());
        let mut sealed = sealer.seal_app(4, 1, 3, &app);
        sealed[7] ^= 1;
        assert_eq!(sealer.open_app(row(4, sealed)).unwrap_err().kind(), ErrorKind::Tampered);
        assert_eq!(sealer.open_app(row(4, vec![0; 7])).unwrap_err().kind(), ErrorKind::Tampered);

        let usage = UsageRecord::decode(&[0; 10]).unwrap();
        let with_usage = |usage_epoch: i64| AppRow {
            usage: sealer.seal_usage(4, usage_epoch, &usage),
            ..row(4, sealer.seal_app(4, 1, 3, &app))
        };
        assert!(sealer.open_app(with_usage(3)).unwrap().usage.is_some());
        assert_eq!(sealer.open_app(with_usage(2)).unwrap_err().kind(), ErrorKind::Tampered);
    }
}
