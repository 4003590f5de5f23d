//! The audit log: events sealed like the applications and chained, each event's MAC covering
//! the one before, with the head of the chain kept beside it, so a removed, altered or
//! reordered event — or a cut tail — is found.

use rusqlite::{Connection, params};

use super::crypto;
use super::records::{Sealer, Writer, bytes};
use super::{Store, keys::Keys};
use crate::domain::audit::Event;
use crate::error::{Error, ErrorKind, Result};

/// An event as read back, with its position in the log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub id: i64,
    pub event: Event,
}

fn event_context(store_id: &[u8], id: i64) -> Vec<u8> {
    let mut ad = b"revvy-apps/audit-event/v1".to_vec();
    ad.extend_from_slice(store_id);
    ad.extend_from_slice(&id.to_be_bytes());
    ad
}

fn chain_mac(keys: &Keys, previous: &[u8], id: i64, sealed: &[u8]) -> [u8; 32] {
    let mut message = Vec::with_capacity(64 + sealed.len());
    message.extend_from_slice(b"revvy-apps/audit-chain/v1");
    message.extend_from_slice(previous);
    message.extend_from_slice(&id.to_be_bytes());
    message.extend_from_slice(sealed);
    crypto::mac(&keys.audit, &message)
}

fn head(conn: &Connection) -> Result<(i64, Vec<u8>)> {
    Ok(conn
        .prepare_cached("SELECT last_id, last_mac FROM audit_head")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

fn broken(at: i64, what: &str) -> Error {
    Error::new(ErrorKind::Tampered, format!("the audit log is broken at event {at}: {what}"))
        .with_hint("the store was altered outside revvy-apps; restore it from a backup")
}

impl Writer<'_> {
    pub fn record_all(&mut self, events: &[Event]) -> Result<()> {
        events.iter().try_for_each(|event| self.record(event))
    }

    /// Appends an event in the current transaction: it lands with the change it records, or
    /// not at all.
    pub fn record(&mut self, event: &Event) -> Result<()> {
        let (last_id, last_mac) = head(self.tx)?;
        let id = last_id + 1;
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(event)
                .map_err(|err| Error::internal("cannot encode an audit event").with_source(err))?,
        );
        let sealed = crypto::seal(&self.sealer.keys.audit, &event_context(self.sealer.store_id, id), &plain);
        let mac = chain_mac(self.sealer.keys, &last_mac, id, &sealed);
        self.tx.prepare_cached("INSERT INTO audit_events (id, sealed, mac) VALUES (?1, ?2, ?3)")?.execute(params![
            id,
            sealed,
            &mac[..]
        ])?;
        self.tx.prepare_cached("UPDATE audit_head SET last_id = ?1, last_mac = ?2")?.execute(params![id, &mac[..]])?;
        Ok(())
    }
}

/// Reads the whole log, checking every link and the head; the first break is an error.
pub(super) fn read_all(conn: &Connection, sealer: &Sealer<'_>) -> Result<Vec<StoredEvent>> {
    let mut stmt = conn.prepare_cached("SELECT id, sealed, mac FROM audit_events ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, bytes(r, 1)?, bytes(r, 2)?)))?;
    let mut previous = vec![0u8; 32];
    let mut expected_id = 1;
    let mut events = Vec::new();
    for row in rows {
        let (id, sealed, mac) = row?;
        if id != expected_id {
            return Err(broken(expected_id, "an event is missing"));
        }
        if !crypto::mac_eq(&mac, &chain_mac(sealer.keys, &previous, id, &sealed)) {
            return Err(broken(id, "the event or the one before it was altered"));
        }
        let plain = crypto::open(&sealer.keys.audit, &event_context(sealer.store_id, id), &sealed)
            .map_err(|_| broken(id, "the event does not open"))?;
        let event: Event = serde_json::from_slice(&plain).map_err(|_| broken(id, "the event cannot be read"))?;
        events.push(StoredEvent { id, event });
        previous = mac;
        expected_id += 1;
    }
    let (last_id, last_mac) = head(conn)?;
    if last_id != expected_id - 1 || !crypto::mac_eq(&last_mac, &previous) {
        return Err(broken(expected_id, "events at the end were removed"));
    }
    Ok(events)
}

/// Seals `events` again under `sealer`'s keys and rebuilds the chain and its head (for rekey).
pub(super) fn rewrite_chain(conn: &Connection, sealer: &Sealer<'_>, events: &[StoredEvent]) -> Result<()> {
    let mut previous = vec![0u8; 32];
    for stored in events {
        let plain = zeroize::Zeroizing::new(
            serde_json::to_vec(&stored.event)
                .map_err(|err| Error::internal("cannot encode an audit event").with_source(err))?,
        );
        let sealed = crypto::seal(&sealer.keys.audit, &event_context(sealer.store_id, stored.id), &plain);
        let mac = chain_mac(sealer.keys, &previous, stored.id, &sealed);
        conn.prepare_cached("UPDATE audit_events SET sealed = ?1, mac = ?2 WHERE id = ?3")?.execute(params![
            sealed,
            &mac[..],
            stored.id
        ])?;
        previous = mac.to_vec();
    }
    let last_id = events.last().map_or(0, |e| e.id);
    conn.prepare_cached("UPDATE audit_head SET last_id = ?1, last_mac = ?2")?.execute(params![last_id, previous])?;
    Ok(())
}

impl Store {
    pub fn events(&self) -> Result<Vec<StoredEvent>> {
        read_all(&self.conn, &self.sealer())
    }
}
