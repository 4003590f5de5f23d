//! The sealer: the store's keys applied to its rows — what an application, an event, a usage
//! record or the store's secret becomes in storage, and back.

use super::usage::UsageRecord;
use crate::domain::Application;
use crate::domain::audit::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::AppRow;
use crate::store::seal::bound::{Bound, UsageDigest, mac, open, seal};
use crate::store::seal::codec;
use crate::store::seal::crypto::SecretKey;
use crate::store::seal::keys::Keys;

/// An application as it sits in the store: its row, the version of the record, the record,
/// and its usage record when `verify` has written one.
#[derive(Debug, Clone)]
pub struct Stored {
    pub row_id: i64,
    pub version: i64,
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

impl Sealer<'_> {
    pub(super) fn seal_app(&self, row_id: i64, version: i64, app: &Application) -> Vec<u8> {
        let bound = Bound::Application { store_id: self.store_id, row_id, version };
        seal(&self.keys.record, &bound, &codec::encode(app))
    }

    /// Opens an application row, and its usage record; any mismatch is that row's tampering,
    /// by its id.
    pub(super) fn open_app(&self, row: AppRow) -> Result<Stored> {
        crate::stats::record_opened();
        let AppRow { id, version, sealed, usage, .. } = row;
        let version = version.ok_or_else(|| tampered_row(id))?;
        let bound = Bound::Application { store_id: self.store_id, row_id: id, version };
        let plain = open(&self.keys.record, &bound, &sealed).ok_or_else(|| tampered_row(id))?;
        let mut app = codec::decode(&plain).ok_or_else(|| tampered_row(id))?;
        let usage = if usage.is_empty() {
            None
        } else {
            let plain = open(&self.keys.usage, &Bound::Usage { store_id: self.store_id, app_id: id }, &usage)
                .ok_or_else(|| tampered_usage(id))?;
            let record = UsageRecord::decode(&plain).ok_or_else(|| tampered_usage(id))?;
            app.usage = record.view(&app, crate::domain::time::now());
            Some(record)
        };
        Ok(Stored { row_id: id, version, app, usage })
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

    pub(super) fn seal_usage(&self, app_id: i64, usage: &UsageRecord) -> Vec<u8> {
        seal(&self.keys.usage, &Bound::Usage { store_id: self.store_id, app_id }, &usage.encode())
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
        let plain = zeroize::Zeroizing::new(
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
    ) -> Option<zeroize::Zeroizing<Vec<u8>>> {
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
