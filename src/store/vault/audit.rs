//! The audit log: events sealed like the applications and chained, each event's MAC covering
//! the one before. The head of the chain names the last event, counts the events (its id) and
//! the live applications, and carries a MAC of its own under a separate subkey, so a removed,
//! altered or reordered event, a cut tail and a deleted application row are all found.
//!
//! Format 1 sealed and chained events under one key and kept the head as a plain copy of the
//! last MAC; it is still read (and checked as well as it can be) until its first write
//! upgrades it.

use super::Store;
use super::sealer::Sealer;
use super::usage::UsageRecord;
use crate::domain::audit::{Event, EventSummary};
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{EventRow, HeadRow, LatestEvent, Tables};
use crate::store::seal::bound::UsageDigest;
use crate::store::seal::crypto::{self, SecretKey};

/// An event as read back, with its position in the log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub id: i64,
    pub event: Event,
}

/// The head of the chain, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    /// The last event's id: events are numbered from 1 without gaps, so also their count.
    pub last_id: i64,
    /// The last event's chain MAC.
    pub last_mac: Vec<u8>,
    /// How many application rows the store holds.
    pub live_apps: i64,
    /// Format 4: how often usage records were written, and the digest of them all.
    pub usage: UsageDigest,
    /// A MAC over the above under the head subkey (empty in format 1).
    pub mac: Vec<u8>,
}

/// The head's MAC and, after it, the usage digest it covers (format 4), in one column.
const USAGE_LEN: usize = 8 + 32;

impl Head {
    /// True when the head was written by a holder of this data key.
    pub(super) fn is_authentic(&self, sealer: &Sealer<'_>) -> bool {
        crypto::mac_eq(&self.mac, &sealer.head_mac(self.last_id, &self.last_mac, self.live_apps, &self.usage))
    }

    pub(super) fn sealed(mut self, sealer: &Sealer<'_>) -> Self {
        self.mac = sealer.head_mac(self.last_id, &self.last_mac, self.live_apps, &self.usage).to_vec();
        self
    }

    /// The column: the MAC, then (format 4) the usage writes and digest.
    fn mac_column(&self) -> Vec<u8> {
        let mut column = self.mac.clone();
        column.extend_from_slice(&self.usage.writes.to_be_bytes());
        column.extend_from_slice(&self.usage.digest);
        column
    }
}

/// The digest of `records` as a format 4 head keeps it, written `writes` times.
pub(super) fn usage_digest<'r>(
    sealer: &Sealer<'_>,
    writes: i64,
    records: impl IntoIterator<Item = (i64, &'r UsageRecord)>,
) -> UsageDigest {
    let mut usage = UsageDigest { writes, digest: [0; 32] };
    for (app_id, record) in records {
        usage.toggle(&sealer.usage_entry(app_id, record));
    }
    usage
}

/// Holds `records` to the digest a verified format 4 `head` keeps of them: a last-use record
/// erased, added, or put back from an older copy does not add up.
pub(super) fn verify_usage<'r>(
    sealer: &Sealer<'_>,
    head: &Head,
    records: impl IntoIterator<Item = (i64, &'r UsageRecord)>,
) -> Result<()> {
    if sealer.format < 4 || crypto::mac_eq(&usage_digest(sealer, head.usage.writes, records).digest, &head.usage.digest)
    {
        return Ok(());
    }
    Err(Error::tampered(
        "the last-use records do not match what the audit head recorded of them: one was erased, added, or put back from an older copy outside revvy-apps",
    )
    .with_hint("run `revvy-apps check`, and restore the store from a backup"))
}

/// The usage digest a column holds after the head's MAC (none before format 4).
fn usage_of(column: &mut Vec<u8>) -> UsageDigest {
    if column.len() != 32 + USAGE_LEN {
        return UsageDigest::default();
    }
    let tail = column.split_off(32);
    let (writes, digest) = tail.split_at(8);
    UsageDigest {
        writes: i64::from_be_bytes(writes.try_into().unwrap_or_default()),
        digest: digest.try_into().unwrap_or_default(),
    }
}

/// Reads the head. A column of the wrong type is an altered head, not a crash.
pub(super) fn read_head(tables: &dyn Tables, format: u32) -> Result<Head> {
    head_of(tables.head(format)?)
}

pub(super) fn head_of(row: Option<HeadRow>) -> Result<Head> {
    match row {
        Some(HeadRow { last_id: Some(last_id), last_mac, live_apps: Some(live_apps), mut mac }) => {
            let usage = usage_of(&mut mac);
            Ok(Head { last_id, last_mac, live_apps, usage, mac })
        }
        _ => Err(altered_head()),
    }
}

/// Writes `head` sealed under `sealer` (an upgrade that changes what the head covers).
pub(super) fn reseal_head(tables: &dyn Tables, sealer: &Sealer<'_>, head: Head) -> Result<()> {
    write_head(tables, &head.sealed(sealer))
}

pub(super) fn write_head(tables: &dyn Tables, head: &Head) -> Result<()> {
    tables.put_head(&HeadRow {
        last_id: Some(head.last_id),
        last_mac: head.last_mac.clone(),
        live_apps: Some(head.live_apps),
        mac: head.mac_column(),
    })
}

pub(super) fn altered_head() -> Error {
    Error::new(ErrorKind::Tampered, "the head of the audit log was altered outside revvy-apps")
        .with_hint("run `revvy-apps check`, and restore the store from a backup")
}

fn broken(at: i64, what: &str) -> Error {
    Error::tampered(format!("the audit log is broken at event {at}: {what}"))
}

fn open_event<E: serde::de::DeserializeOwned>(
    sealer: &Sealer<'_>,
    format_1_key: Option<&SecretKey>,
    id: i64,
    sealed: &[u8],
) -> Result<E> {
    let plain = sealer.open_event(format_1_key, id, sealed).ok_or_else(|| broken(id, "the event does not open"))?;
    serde_json::from_slice(&plain).map_err(|_| broken(id, "the event cannot be read"))
}

/// Event `id` sealed, filed under its subject and chained after `previous` (format 2).
pub(super) fn chained(sealer: &Sealer<'_>, previous: &[u8], id: i64, event: &Event) -> Result<EventRow> {
    let sealed = sealer.seal_event(id, event)?;
    let subject_mac = sealer.subject_of(event).map(|s| s.to_vec());
    let mac = sealer.chain_mac(None, previous, id, subject_mac.as_deref(), &sealed).to_vec();
    Ok(EventRow { id, sealed, mac, subject_mac })
}

/// Reads the whole log, checking every link, every subject and the head; the first break is
/// an error.
pub(super) fn read_all(tables: &dyn Tables, sealer: &Sealer<'_>) -> Result<Vec<StoredEvent>> {
    let events = verify_log::<Event>(tables, sealer, &|event| event.record_subject().map(str::to_owned))?;
    Ok(events.into_iter().map(|(id, event)| StoredEvent { id, event }).collect())
}

/// Checks the whole log as [`read_all`] does, reading of each event only its summary: what
/// `check` needs, at a fraction of the cost.
pub(super) fn read_summaries(tables: &dyn Tables, sealer: &Sealer<'_>) -> Result<Vec<(i64, EventSummary)>> {
    verify_log::<EventSummary>(tables, sealer, &|event| event.record_subject().map(str::to_owned))
}

/// Walks the log, checking every link, every subject and the head, and decodes each event as
/// `E`; `subject` says which client ID an event must be filed under.
fn verify_log<E: serde::de::DeserializeOwned + Send>(
    tables: &dyn Tables,
    sealer: &Sealer<'_>,
    subject: &(dyn Fn(&E) -> Option<String> + Sync),
) -> Result<Vec<(i64, E)>> {
    use rayon::prelude::*;
    let format_1_key = (sealer.format == 1).then(|| sealer.keys.format_1_audit());
    // The events and the head in one snapshot: a write landing between them is not a cut log.
    let mut rows = Vec::new();
    let mut head_row = None;
    tables.read_together(&mut || {
        rows.clear();
        tables.each_event(sealer.format, &mut |row| {
            rows.push(row);
            Ok(())
        })?;
        head_row = tables.head(sealer.format)?;
        Ok(())
    })?;
    if let Some((missing, _)) = (1..).zip(&rows).find(|(expected, row)| row.id != *expected) {
        return Err(broken(missing, "an event is missing"));
    }
    // Each link is checked against the stored MAC of the one before it, so the links (and
    // the decryption of their events, most of the work) are independent: checked in parallel,
    // and the first break in the log's order is the one reported, as a walk would find it.
    let zero = [0u8; 32];
    let verify = |(index, row): (usize, &EventRow)| -> Result<(i64, E)> {
        let previous = index.checked_sub(1).map_or(&zero[..], |before| &rows[before].mac[..]);
        let EventRow { id, sealed, mac, subject_mac } = row;
        let expected = sealer.chain_mac(format_1_key.as_ref(), previous, *id, subject_mac.as_deref(), sealed);
        if !crypto::mac_eq(mac, &expected) {
            return Err(broken(*id, "the event or the one before it was altered"));
        }
        let event: E = open_event(sealer, format_1_key.as_ref(), *id, sealed)?;
        let filed = subject(&event).map(|client_id| sealer.client_id_mac(&client_id));
        if sealer.format != 1 && subject_mac.as_deref() != filed.as_ref().map(|s| &s[..]) {
            return Err(broken(*id, "the event is filed under the wrong application"));
        }
        Ok((*id, event))
    };
    let events: Vec<Result<(i64, E)>> = if rows.len() > PARALLEL_FROM {
        rows.par_iter().enumerate().map(verify).collect()
    } else {
        rows.iter().enumerate().map(verify).collect()
    };
    let events = events.into_iter().collect::<Result<Vec<_>>>()?;
    let (last_id, last_mac) = rows.last().map_or((0, &zero[..]), |row| (row.id, &row.mac[..]));
    let head = head_of(head_row)?;
    if head.last_id != last_id || !crypto::mac_eq(&head.last_mac, last_mac) {
        return Err(broken(last_id + 1, "events at the end were removed"));
    }
    if sealer.format != 1 && !head.is_authentic(sealer) {
        return Err(altered_head());
    }
    Ok(events)
}

/// Below this many events a log is checked on one thread: starting the others costs more.
const PARALLEL_FROM: usize = 64;

/// Seals `events` again under `sealer`'s keys (format 2) and rebuilds the chain and its head
/// (for rekey and the upgrade from format 1). Returns the new head.
pub(super) fn rewrite_chain(
    tables: &dyn Tables,
    sealer: &Sealer<'_>,
    events: &[StoredEvent],
    live_apps: i64,
    usage: UsageDigest,
) -> Result<Head> {
    write_chain(tables, sealer, events, (live_apps, usage), |t, row| t.put_event(row))
}

/// Seals `events` into a store that has none yet (a copy), chained, with its head.
pub(super) fn copy_chain(
    tables: &dyn Tables,
    sealer: &Sealer<'_>,
    events: &[StoredEvent],
    live_apps: i64,
    usage: UsageDigest,
) -> Result<Head> {
    write_chain(tables, sealer, events, (live_apps, usage), |t, row| t.insert_event(row))
}

fn write_chain(
    tables: &dyn Tables,
    sealer: &Sealer<'_>,
    events: &[StoredEvent],
    (live_apps, usage): (i64, UsageDigest),
    write: fn(&dyn Tables, &EventRow) -> Result<()>,
) -> Result<Head> {
    let mut previous = vec![0u8; 32];
    for stored in events {
        let row = chained(sealer, &previous, stored.id, &stored.event)?;
        write(tables, &row)?;
        previous = row.mac;
    }
    let last_id = events.last().map_or(0, |e| e.id);
    let head = Head { last_id, last_mac: previous, live_apps, usage, mac: Vec::new() }.sealed(sealer);
    write_head(tables, &head)?;
    Ok(head)
}

/// The latest event that changed the application with this client ID (format 2): one read of
/// the subject index and one decryption, never a scan.
pub(super) fn latest_change(tables: &dyn Tables, sealer: &Sealer<'_>, client_id: &str) -> Result<Option<StoredEvent>> {
    latest_change_in(tables.latest_event_about(&sealer.client_id_mac(client_id))?, sealer, client_id)
}

/// The latest change of the application with this client ID, from the event read for it.
pub(super) fn latest_change_in(
    latest: LatestEvent,
    sealer: &Sealer<'_>,
    client_id: &str,
) -> Result<Option<StoredEvent>> {
    let Some((id, sealed)) = latest else { return Ok(None) };
    let event: Event = open_event(sealer, None, id, &sealed)?;
    if event.application.as_ref().is_none_or(|s| s.client_id != client_id) {
        return Err(broken(id, "the event is filed under the wrong application"));
    }
    Ok(Some(StoredEvent { id, event }))
}

impl Store {
    /// The whole log. Events scoped members recorded since the last write are taken in first
    /// (a write), so that the log shows them, attributed and chained like every other; where
    /// the store cannot take a write now (a read-only mount or standby, a lock not granted),
    /// the log is shown as it is.
    pub fn events(&mut self) -> Result<Vec<StoredEvent>> {
        if self.state.format >= 6 && !self.state.read_only && !self.conn.scope_events(None)?.is_empty() {
            match self.write(|_| Ok(())) {
                Err(err) if !matches!(err.kind(), ErrorKind::Unavailable | ErrorKind::Conflict) => return Err(err),
                Ok(()) | Err(_) => {}
            }
        }
        read_all(&*self.conn, &self.sealer_now()?)
    }
}

/// Checks a format 2 head read inside a write: written under this data key, or else either the
/// keys changed since unlock (handled by the caller) or the head was altered.
pub(super) fn verified_head(tables: &dyn Tables, sealer: &Sealer<'_>) -> Result<Head> {
    verified_head_row(tables.head(super::FORMAT_VERSION)?, sealer)
}

/// Checks a head row read already (see [`verified_head`]).
pub(super) fn verified_head_row(row: Option<HeadRow>, sealer: &Sealer<'_>) -> Result<Head> {
    let head = head_of(row)?;
    if head.is_authentic(sealer) { Ok(head) } else { Err(altered_head()) }
}
