//! The audit log: events sealed like the applications and chained, each event's MAC covering
//! the one before. The head of the chain names the last event, counts the events (its id) and
//! the live applications, and carries a MAC of its own under a separate subkey, so a removed,
//! altered or reordered event, a cut tail and a deleted application row are all found.
//!
//! Format 1 sealed and chained events under one key and kept the head as a plain copy of the
//! last MAC; it is still read (and checked as well as it can be) until its first write
//! upgrades it.

use rusqlite::{Connection, OptionalExtension as _, params};

use super::crypto::{self, SecretKey};
use super::records::{Sealer, Writer, bytes, integer};
use super::schema::execute_exact;
use super::{Store, schema};
use crate::domain::audit::Event;
use crate::error::{Error, ErrorKind, Result};

/// An event as read back, with its position in the log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub id: i64,
    pub event: Event,
}

/// The head of the chain, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The last event's id: events are numbered from 1 without gaps, so also their count.
    pub last_id: i64,
    /// The last event's chain MAC.
    pub last_mac: Vec<u8>,
    /// How many application rows the store holds.
    pub live_apps: i64,
    /// A MAC over the three above under the head subkey (empty in format 1).
    pub mac: Vec<u8>,
}

impl Head {
    fn expected_mac(&self, sealer: &Sealer<'_>) -> [u8; 32] {
        let mut message = b"revvy-apps/audit-head/v2".to_vec();
        message.extend_from_slice(sealer.store_id);
        message.extend_from_slice(&self.last_id.to_be_bytes());
        message.extend_from_slice(&self.last_mac);
        message.extend_from_slice(&self.live_apps.to_be_bytes());
        crypto::mac(&sealer.keys.audit_head, &message)
    }

    /// True when the head was written by a holder of this data key.
    pub(super) fn is_authentic(&self, sealer: &Sealer<'_>) -> bool {
        crypto::mac_eq(&self.mac, &self.expected_mac(sealer))
    }

    fn sealed(mut self, sealer: &Sealer<'_>) -> Self {
        self.mac = self.expected_mac(sealer).to_vec();
        self
    }
}

/// Reads the head. A column of the wrong type is an altered head, not a crash.
pub(super) fn read_head(conn: &Connection, format: u32) -> Result<Head> {
    let sql = if format == 1 {
        "SELECT last_id, last_mac, 0, x'' FROM audit_head"
    } else {
        "SELECT last_id, last_mac, live_apps, head_mac FROM audit_head"
    };
    let row = conn
        .prepare_cached(sql)?
        .query_row([], |r| Ok((integer(r, 0)?, bytes(r, 1)?, integer(r, 2)?, bytes(r, 3)?)))
        .optional()?;
    match row {
        Some((Some(last_id), last_mac, Some(live_apps), mac)) => Ok(Head { last_id, last_mac, live_apps, mac }),
        _ => Err(altered_head()),
    }
}

fn write_head(conn: &Connection, head: &Head) -> Result<()> {
    execute_exact(
        conn,
        "UPDATE audit_head SET last_id = ?1, last_mac = ?2, live_apps = ?3, head_mac = ?4",
        params![head.last_id, head.last_mac, head.live_apps, head.mac],
        1,
    )
}

pub(super) fn altered_head() -> Error {
    Error::new(ErrorKind::Tampered, "the head of the audit log was altered outside revvy-apps")
        .with_hint("run `revvy-apps check`, and restore the store from a backup")
}

fn broken(at: i64, what: &str) -> Error {
    Error::tampered(format!("the audit log is broken at event {at}: {what}"))
}

fn event_context(sealer: &Sealer<'_>, id: i64) -> Vec<u8> {
    let label: &[u8] = if sealer.format == 1 { b"revvy-apps/audit-event/v1" } else { b"revvy-apps/audit-event/v2" };
    let mut ad = label.to_vec();
    ad.extend_from_slice(sealer.store_id);
    ad.extend_from_slice(&id.to_be_bytes());
    ad
}

/// The chain MAC of event `id`. Format 2 covers the subject column too, so the index that
/// finds an application's latest change cannot be rewired without breaking the chain.
fn chain_mac(
    sealer: &Sealer<'_>,
    format_1_key: Option<&SecretKey>,
    previous: &[u8],
    id: i64,
    subject: Option<&[u8]>,
    sealed: &[u8],
) -> [u8; 32] {
    let mut message = Vec::with_capacity(96 + sealed.len());
    let label: &[u8] = if format_1_key.is_some() { b"revvy-apps/audit-chain/v1" } else { b"revvy-apps/audit-chain/v2" };
    message.extend_from_slice(label);
    message.extend_from_slice(previous);
    message.extend_from_slice(&id.to_be_bytes());
    if format_1_key.is_none() {
        let subject = subject.unwrap_or_default();
        message.extend_from_slice(&u64::try_from(subject.len()).unwrap_or(u64::MAX).to_be_bytes());
        message.extend_from_slice(subject);
    }
    message.extend_from_slice(sealed);
    crypto::mac(format_1_key.unwrap_or(&sealer.keys.audit_chain), &message)
}

/// The lookup MAC an event is filed under: that of its application, for the events that
/// change an application's record (create, every update, delete); none for the others.
fn subject_of(sealer: &Sealer<'_>, event: &Event) -> Option<[u8; 32]> {
    let subject = event.application.as_ref().filter(|_| event.changes_record())?;
    Some(sealer.client_id_mac(&subject.client_id))
}

fn seal_event(sealer: &Sealer<'_>, id: i64, event: &Event) -> Result<Vec<u8>> {
    let plain = zeroize::Zeroizing::new(
        serde_json::to_vec(event).map_err(|err| Error::internal("cannot encode an audit event").with_source(err))?,
    );
    Ok(crypto::seal(&sealer.keys.audit_seal, &event_context(sealer, id), &plain))
}

fn open_event(sealer: &Sealer<'_>, format_1_key: Option<&SecretKey>, id: i64, sealed: &[u8]) -> Result<Event> {
    let key = format_1_key.unwrap_or(&sealer.keys.audit_seal);
    let plain =
        crypto::open(key, &event_context(sealer, id), sealed).map_err(|_| broken(id, "the event does not open"))?;
    serde_json::from_slice(&plain).map_err(|_| broken(id, "the event cannot be read"))
}

impl Writer<'_> {
    pub fn record_all(&mut self, events: &[Event]) -> Result<()> {
        events.iter().try_for_each(|event| self.record(event))
    }

    /// Appends an event in the current transaction: it lands with the change it records, or
    /// not at all.
    pub fn record(&mut self, event: &Event) -> Result<()> {
        self.append(event, 0)
    }

    /// Appends an event and moves the head, counting `app_delta` more live applications.
    pub(super) fn append(&mut self, event: &Event, app_delta: i64) -> Result<()> {
        let id = self.head.last_id + 1;
        let sealed = seal_event(&self.sealer, id, event)?;
        let subject = subject_of(&self.sealer, event);
        let mac = chain_mac(&self.sealer, None, &self.head.last_mac, id, subject.as_ref().map(|s| &s[..]), &sealed);
        execute_exact(
            self.tx,
            "INSERT INTO audit_events (id, sealed, mac, subject_mac) VALUES (?1, ?2, ?3, ?4)",
            params![id, sealed, &mac[..], subject.as_ref().map(|s| &s[..])],
            1,
        )?;
        let head =
            Head { last_id: id, last_mac: mac.to_vec(), live_apps: self.head.live_apps + app_delta, mac: Vec::new() }
                .sealed(&self.sealer);
        write_head(self.tx, &head)?;
        self.head = head;
        Ok(())
    }
}

/// Reads the whole log, checking every link, every subject and the head; the first break is
/// an error.
pub(super) fn read_all(conn: &Connection, sealer: &Sealer<'_>) -> Result<Vec<StoredEvent>> {
    let format_1_key = (sealer.format == 1).then(|| sealer.keys.format_1_audit());
    let sql = if sealer.format == 1 {
        "SELECT id, sealed, mac, NULL FROM audit_events ORDER BY id"
    } else {
        "SELECT id, sealed, mac, subject_mac FROM audit_events ORDER BY id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| {
        let subject = match r.get_ref(3)? {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(bytes(r, 3)?),
        };
        Ok((r.get::<_, i64>(0)?, bytes(r, 1)?, bytes(r, 2)?, subject))
    })?;
    let mut previous = vec![0u8; 32];
    let mut expected_id = 1;
    let mut events = Vec::new();
    for row in rows {
        let (id, sealed, mac, subject) = row?;
        if id != expected_id {
            return Err(broken(expected_id, "an event is missing"));
        }
        if !crypto::mac_eq(&mac, &chain_mac(sealer, format_1_key.as_ref(), &previous, id, subject.as_deref(), &sealed))
        {
            return Err(broken(id, "the event or the one before it was altered"));
        }
        let event = open_event(sealer, format_1_key.as_ref(), id, &sealed)?;
        if sealer.format != 1 && subject.as_deref() != subject_of(sealer, &event).as_ref().map(|s| &s[..]) {
            return Err(broken(id, "the event is filed under the wrong application"));
        }
        events.push(StoredEvent { id, event });
        previous = mac;
        expected_id += 1;
    }
    let head = read_head(conn, sealer.format)?;
    if head.last_id != expected_id - 1 || !crypto::mac_eq(&head.last_mac, &previous) {
        return Err(broken(expected_id, "events at the end were removed"));
    }
    if sealer.format != 1 && !head.is_authentic(sealer) {
        return Err(altered_head());
    }
    Ok(events)
}

/// Seals `events` again under `sealer`'s keys (format 2) and rebuilds the chain and its head
/// (for rekey and the upgrade from format 1). Returns the new head.
pub(super) fn rewrite_chain(
    conn: &Connection,
    sealer: &Sealer<'_>,
    events: &[StoredEvent],
    live_apps: i64,
) -> Result<Head> {
    let mut previous = vec![0u8; 32];
    for stored in events {
        let sealed = seal_event(sealer, stored.id, &stored.event)?;
        let subject = subject_of(sealer, &stored.event);
        let mac = chain_mac(sealer, None, &previous, stored.id, subject.as_ref().map(|s| &s[..]), &sealed);
        execute_exact(
            conn,
            "UPDATE audit_events SET sealed = ?1, mac = ?2, subject_mac = ?3 WHERE id = ?4",
            params![sealed, &mac[..], subject.as_ref().map(|s| &s[..]), stored.id],
            1,
        )?;
        previous = mac.to_vec();
    }
    let last_id = events.last().map_or(0, |e| e.id);
    let head = Head { last_id, last_mac: previous, live_apps, mac: Vec::new() }.sealed(sealer);
    write_head(conn, &head)?;
    Ok(head)
}

/// The latest event that changed the application with this client ID (format 2): one read of
/// the subject index and one decryption, never a scan.
pub(super) fn latest_change(conn: &Connection, sealer: &Sealer<'_>, client_id: &str) -> Result<Option<StoredEvent>> {
    let row = conn
        .prepare_cached("SELECT id, sealed FROM audit_events WHERE subject_mac = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([&sealer.client_id_mac(client_id)[..]], |r| Ok((r.get::<_, i64>(0)?, bytes(r, 1)?)))
        .optional()?;
    let Some((id, sealed)) = row else { return Ok(None) };
    let event = open_event(sealer, None, id, &sealed)?;
    if event.application.as_ref().is_none_or(|s| s.client_id != client_id) {
        return Err(broken(id, "the event is filed under the wrong application"));
    }
    Ok(Some(StoredEvent { id, event }))
}

impl Store {
    pub fn events(&self) -> Result<Vec<StoredEvent>> {
        read_all(&self.conn, &self.sealer())
    }
}

/// Checks a format 2 head read inside a write: written under this data key, or else either the
/// keys changed since unlock (handled by the caller) or the head was altered.
pub(super) fn verified_head(conn: &Connection, sealer: &Sealer<'_>) -> Result<Head> {
    let head = read_head(conn, schema::FORMAT_VERSION)?;
    if head.is_authentic(sealer) { Ok(head) } else { Err(altered_head()) }
}
