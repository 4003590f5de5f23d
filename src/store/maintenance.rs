//! Store-wide key changes: a new passphrase, a new data key. Each is one transaction, so a
//! crash leaves the old state or the new one, never a mix.

use super::audit::{self, StoredEvent};
use super::crypto::SecretKey;
use super::header::Header;
use super::keys::Keys;
use super::records::{Reader, Writer};
use super::sealing::Sealer;
use super::tables::{EndSessions, Storage as _};
use super::{FORMAT_VERSION, Passphrase, Store};
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
        Header::empty_slot(self.state.store_id.clone(), self.state.kdf)
    }

    /// Wraps the data key under a new passphrase (with a new salt) and ends every session,
    /// in one transaction. Returns how many sessions were ended.
    pub fn change_passphrase(&mut self, new: &Passphrase, event: &Event) -> Result<usize> {
        let header = self.header().with_key_slot(new, &self.keys.data_key)?;
        let ended = self.write(|w| {
            header.save_key_slot(w.tables())?;
            let ended = w.tables().end_sessions(EndSessions::All)?;
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
        let header = self.header().with_key_slot(passphrase, &new_keys.data_key)?;
        let tx = super::begin_checked(&mut self.conn, &self.state, &self.keys)?;
        let tables = tx.tables();
        let old = Sealer { store_id: &self.state.store_id, keys: &self.keys, format: FORMAT_VERSION };
        let new = Sealer { store_id: &self.state.store_id, keys: &new_keys, format: FORMAT_VERSION };
        audit::verified_head(tables, &old)?;

        let mut rows = Vec::new();
        tables.each_app(&mut |row| {
            rows.push(row);
            Ok(())
        })?;
        let applications = rows.len();
        let mut writer = Writer { reader: Reader { tables, sealer: new }, head: audit::Head::default() };
        for row in rows {
            let stored = old.open_app(row).map_err(refuse_damaged)?;
            // The version stays: it is what the audit log recorded, and the old ciphertext
            // cannot come back under the new key anyway.
            writer.rewrite(stored.row_id, stored.version, &stored.app)?;
        }
        let events: Vec<StoredEvent> = audit::read_all(tables, &old).map_err(refuse_damaged)?;
        let live_apps = i64::try_from(applications).unwrap_or(i64::MAX);
        writer.head = audit::rewrite_chain(tables, &writer.reader.sealer, &events, live_apps)?;
        header.save_key_slot(tables)?;
        let sessions_ended = tables.end_sessions(EndSessions::All)?;
        let report = RekeyReport { applications, events: events.len(), sessions_ended };
        writer.record(&event_after(&report))?;
        let head = writer.head;
        tx.commit()?;
        self.keys = new_keys;
        self.state.header_checksum = header.checksum;
        self.committed(&head);
        self.conn.forget_old_pages()?;
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
