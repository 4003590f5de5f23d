//! Store-wide key changes: a new passphrase, a new data key. Each is one transaction, so a
//! crash leaves the old state or the new one, never a mix.

use rusqlite::{Connection, OptionalExtension as _, params};

use super::audit::{self, StoredEvent};
use super::crypto::SecretKey;
use super::keys::Keys;
use super::records::{Row, Sealer, Writer};
use super::schema::{self, execute_exact};
use super::{Header, Passphrase, Store};
use crate::domain::audit::Event;
use crate::error::{Error, ErrorKind, Result};

/// What `rekey` sealed again.
#[derive(Debug, Clone, Copy)]
pub struct RekeyReport {
    pub applications: usize,
    pub events: usize,
    pub sessions_ended: usize,
}

impl Store {
    /// The header as unlocked, ready for a new key slot.
    fn header(&self) -> Header {
        Header {
            store_id: self.state.store_id.clone(),
            salt: Vec::new(),
            kdf: self.state.kdf,
            wrapped_key: Vec::new(),
            checksum: Vec::new(),
        }
    }

    fn save_key_slot(tx: &Connection, header: &Header) -> Result<()> {
        execute_exact(
            tx,
            "UPDATE store_header SET kdf_salt = ?1, wrapped_key = ?2, checksum = ?3",
            params![header.salt, header.wrapped_key, header.checksum],
            1,
        )
    }

    /// Wraps the data key under a new passphrase (with a new salt) and ends every session,
    /// in one transaction. Returns how many sessions were ended.
    pub fn change_passphrase(&mut self, new: &Passphrase, event: &Event) -> Result<usize> {
        let mut header = self.header();
        header.seal_key_slot(new, &self.keys.data_key)?;
        let ended = self.write(|w| {
            Self::save_key_slot(w.tx, &header)?;
            let ended = w.tx.execute("DELETE FROM sessions", [])?;
            w.record(event)?;
            Ok(ended)
        })?;
        self.state.header_checksum = header.checksum;
        Ok(ended)
    }

    /// A new data key: every application and every audit event is sealed again and the chain
    /// rebuilt, the key slot rewritten and the sessions ended, in one transaction. The WAL is
    /// then truncated so no page under the old key stays in the files.
    pub fn rekey(
        &mut self,
        passphrase: &Passphrase,
        event_after: impl FnOnce(&RekeyReport) -> Event,
    ) -> Result<RekeyReport> {
        let new_keys = Keys::from_data_key(SecretKey::random());
        let mut header = self.header();
        header.seal_key_slot(passphrase, &new_keys.data_key)?;
        let tx = super::begin_checked(&mut self.conn, &self.state, &self.keys)?;
        let old = Sealer { store_id: &self.state.store_id, keys: &self.keys, format: schema::FORMAT_VERSION };
        let new = Sealer { store_id: &self.state.store_id, keys: &new_keys, format: schema::FORMAT_VERSION };
        audit::verified_head(&tx, &old)?;

        let rows: Vec<Row> = tx
            .prepare("SELECT id, version, sealed FROM applications ORDER BY id")?
            .query_map([], Row::read)?
            .collect::<rusqlite::Result<_>>()?;
        let applications = rows.len();
        for row in rows {
            let stored = old.open(row).map_err(refuse_damaged)?;
            // The version stays: it is what the audit log recorded, and the old ciphertext
            // cannot come back under the new key anyway.
            let sealed = new.seal(stored.row_id, stored.version, &stored.app);
            execute_exact(
                &tx,
                "UPDATE applications SET client_id_mac = ?1, name_mac = ?2, version = ?3, sealed = ?4 WHERE id = ?5",
                params![
                    &new.client_id_mac(&stored.app.client_id)[..],
                    &new.name_mac(&stored.app.name)[..],
                    stored.version,
                    sealed,
                    stored.row_id
                ],
                1,
            )?;
        }

        let events: Vec<StoredEvent> = audit::read_all(&tx, &old).map_err(refuse_damaged)?;
        let head = audit::rewrite_chain(&tx, &new, &events, i64::try_from(applications).unwrap_or(i64::MAX))?;
        Self::save_key_slot(&tx, &header)?;
        let sessions_ended = tx.execute("DELETE FROM sessions", [])?;
        let report = RekeyReport { applications, events: events.len(), sessions_ended };
        let mut writer = Writer { tx: &tx, sealer: new, head };
        writer.record(&event_after(&report))?;
        let head = writer.head;
        tx.commit()?;
        self.keys = new_keys;
        self.state.header_checksum = header.checksum;
        self.committed(&head);
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).optional()?;
        Ok(report)
    }
}

fn refuse_damaged(err: Error) -> Error {
    if err.kind() == ErrorKind::Tampered {
        Error::tampered(format!("cannot rekey a damaged store: {}", err.message()))
    } else {
        err
    }
}
