//! Application records: found by keyed hash, opened one at a time, written with their audit
//! event in the same transaction. A row that fails authentication is reported by its row id
//! and never hides the others.

use chrono::{DateTime, Utc};
use rayon::prelude::*;

use super::Store;
use super::audit::{self, Head};
pub use super::sealer::Stored;
use super::sealer::{Sealer, tampered_row};
use super::usage::{Matched, UsageRecord};
use crate::domain::Application;
use crate::domain::audit::{Action, Event, SealedAs};
use crate::domain::rules::name_key;
use crate::domain::secret::is_client_id;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{AppRow, LatestEvent, Lookup, ReadAlong, Tables};

/// The result of reading every row: the applications that opened, and the rows that did not.
#[derive(Debug, Default)]
pub struct Listing {
    pub apps: Vec<Stored>,
    pub tampered_rows: Vec<i64>,
}

/// Reads applications through a sealer: on the connection, or inside a write.
pub(super) struct Reader<'a> {
    pub(super) tables: &'a dyn Tables,
    pub(super) sealer: Sealer<'a>,
}

impl Reader<'_> {
    fn list(&self) -> Result<Listing> {
        let mut listing = Listing::default();
        listing.tampered_rows = self.for_each(|stored| {
            listing.apps.push(stored);
            Ok(())
        })?;
        Ok(listing)
    }

    /// Opens every row in creation order and hands each application to `visit`, holding one
    /// at a time. Returns the rows that failed authentication.
    fn for_each(&self, mut visit: impl FnMut(Stored) -> Result<()>) -> Result<Vec<i64>> {
        let mut tampered = Vec::new();
        self.tables.each_app(self.sealer.format, &mut |row| {
            let id = row.id;
            match self.sealer.open_app(row) {
                Ok(stored) => visit(stored),
                Err(err) if err.kind() == ErrorKind::Tampered => {
                    tampered.push(id);
                    Ok(())
                }
                Err(err) => Err(err),
            }
        })?;
        Ok(tampered)
    }

    /// Finds one application by name or client ID; decrypts that row only.
    fn find(&self, reference: &str) -> Result<Option<Stored>> {
        let lookup = if is_client_id(reference) { Lookup::ClientId } else { Lookup::Name };
        self.find_as(reference, lookup)
    }

    pub(super) fn find_as(&self, reference: &str, lookup: Lookup) -> Result<Option<Stored>> {
        let mac = match lookup {
            Lookup::ClientId => self.sealer.client_id_mac(reference),
            Lookup::Name => self.sealer.name_mac(reference),
        };
        // The row and the latest event filed under it, read together; format 1 has no index.
        let (row, latest) = if self.sealer.format == 1 {
            let Some(row) = self.tables.app(self.sealer.format, lookup, &mac)? else { return Ok(None) };
            (row, None)
        } else {
            let Some((row, latest)) = self.tables.app_with_latest_event(self.sealer.format, lookup, &mac)? else {
                return Ok(None);
            };
            (row, Some(latest))
        };
        let id = row.id;
        let stored = self.sealer.open_app(row)?;
        // The lookup columns are not sealed: a record reached through another record's hash
        // means the columns were swapped.
        let matches = match lookup {
            Lookup::ClientId => stored.app.client_id == reference,
            Lookup::Name => name_key(&stored.app.name) == name_key(reference),
        };
        if !matches {
            return Err(tampered_row(id));
        }
        if let Some(latest) = latest {
            self.ensure_latest(&stored, latest)?;
        }
        Ok(Some(stored))
    }

    /// [`Reader::ensure_latest`] with the latest event read now (inside a write, of format 2 or
    /// later: the write upgraded the store).
    pub(super) fn ensure_latest_now(&self, stored: &Stored) -> Result<()> {
        self.unlike_logged_now(stored)?.map_or(Ok(()), Err)
    }

    /// How `stored` differs from what the log last recorded of it, as the error that says so;
    /// `Err` only when the log could not be read.
    pub(super) fn unlike_logged_now(&self, stored: &Stored) -> Result<Option<Error>> {
        let latest = self.tables.latest_event_about(&self.sealer.client_id_mac(&stored.app.client_id))?;
        self.unlike_logged(stored, latest)
    }

    /// Refuses a row that is older than what the audit log last recorded of it (a row put
    /// back from an older copy revives a rotated secret), or not the one it recorded (sealed
    /// with a key a scoped member holds). Format 1 has no index for it: `check` finds such
    /// rows there.
    fn ensure_latest(&self, stored: &Stored, latest: LatestEvent) -> Result<()> {
        self.unlike_logged(stored, latest)?.map_or(Ok(()), Err)
    }

    fn unlike_logged(&self, stored: &Stored, latest: LatestEvent) -> Result<Option<Error>> {
        let id = stored.row_id;
        let hint = "the other applications are still readable; run `revvy-apps check`, restore the store from a backup, and regenerate this secret";
        let stale = |what: String| {
            Error::new(
                ErrorKind::Tampered,
                format!("the application record in row {id} {what}: it was put back from an older copy of the store"),
            )
            .with_hint(hint)
        };
        let Some(latest) = audit::latest_change_in(latest, &self.sealer, &stored.app.client_id)? else {
            return Ok(Some(stale("has no record in the audit log".to_owned())));
        };
        Ok(Recorded::of(&latest.event).unlike(stored).map(|unlike| match unlike {
            Unlike::Deleted => stale(format!("was deleted according to audit event {}", latest.id)),
            Unlike::Version(recorded) => stale(format!(
                "is at version {} but audit event {} recorded version {}",
                stored.version,
                latest.id,
                recorded.map_or_else(|| "none".to_owned(), |v| v.to_string())
            )),
            Unlike::Sealed => Error::new(
                ErrorKind::Tampered,
                format!(
                    "the application record in row {id} is not the one audit event {} recorded: it was sealed outside revvy-apps (under an application key a scoped member holds, or held)",
                    latest.id
                ),
            )
            .with_hint(hint),
        }))
    }
}

/// What the log last recorded of an application's record: the change, the version it left,
/// and (format 6) the epoch of its key and its digest.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recorded<'a> {
    pub action: Action,
    pub version: Option<i64>,
    pub sealed_as: Option<&'a SealedAs>,
}

/// How a record differs from what the log last recorded of it.
pub(super) enum Unlike {
    /// The log says it was deleted.
    Deleted,
    /// It is at another version than the one recorded (this one, if any).
    Version(Option<i64>),
    /// At that version, but not the record the log recorded.
    Sealed,
}

impl<'a> Recorded<'a> {
    pub(super) fn of(event: &'a Event) -> Self {
        Self { action: event.action, version: event.version, sealed_as: event.sealed_as.as_ref() }
    }

    pub(super) fn unlike(&self, stored: &Stored) -> Option<Unlike> {
        if self.action == Action::Delete {
            Some(Unlike::Deleted)
        } else if self.version != Some(stored.version) {
            Some(Unlike::Version(self.version))
        } else if !as_recorded(stored, self.sealed_as) {
            Some(Unlike::Sealed)
        } else {
            None
        }
    }
}

/// Holds every record to what the log last recorded of it (its version, key epoch and
/// digest): what `rekey` and `copy` seal anew must be what full members wrote.
pub(super) fn held_to_log(apps: &[Stored], events: &[audit::StoredEvent]) -> Result<()> {
    let mut latest: std::collections::HashMap<&str, Recorded<'_>> = std::collections::HashMap::new();
    for stored in events {
        if let Some(subject) = &stored.event.application
            && !matches!(stored.event.action, Action::Reveal | Action::Use)
        {
            latest.insert(&subject.client_id, Recorded::of(&stored.event));
        }
    }
    for stored in apps {
        if latest.get(stored.app.client_id.as_str()).is_none_or(|recorded| recorded.unlike(stored).is_some()) {
            return Err(Error::tampered(format!(
                "the application record in row {} is not the one the audit log recorded",
                stored.row_id
            )));
        }
    }
    Ok(())
}

/// Whether `stored` is the record an event left (format 6: its key's epoch and its digest); an
/// event from before records neither, and every record then was at epoch 0.
fn as_recorded(stored: &Stored, sealed_as: Option<&SealedAs>) -> bool {
    match sealed_as {
        Some(sealed_as) => *sealed_as == Sealer::sealed_as(stored.version, stored.epoch, &stored.app),
        None => stored.epoch == 0,
    }
}

impl Store {
    /// The sealer for the store as it is now: one opened in an older format may have been
    /// upgraded by another process since (the upgrade to format 4 changes no table, so only a
    /// read of the format tells), and its head is then of the new layout.
    pub(super) fn sealer_now(&self) -> Result<Sealer<'_>> {
        let sealer = self.sealer();
        if self.state.format >= super::FORMAT_VERSION {
            return Ok(sealer);
        }
        let format = self.conn.format()?.clamp(self.state.format, super::FORMAT_VERSION);
        Ok(Sealer { format, ..sealer })
    }

    pub(super) fn sealer(&self) -> Sealer<'_> {
        Sealer { store_id: &self.state.store_id, keys: &self.keys, format: self.state.format }
    }

    fn reader(&self) -> Reader<'_> {
        Reader { tables: &*self.conn, sealer: self.sealer() }
    }

    /// One application by name or client ID, or a not-found error that says how to look.
    pub fn get(&self, reference: &str) -> Result<Stored> {
        self.reader().find(reference)?.ok_or_else(|| not_found(reference))
    }

    /// Every application that opens, in creation order, and the rows that did not.
    pub fn list(&self) -> Result<Listing> {
        self.reader().list()
    }

    /// Every application, one at a time (see `Reader::for_each`).
    pub fn for_each(&self, visit: impl FnMut(Stored) -> Result<()>) -> Result<Vec<i64>> {
        self.reader().for_each(visit)
    }

    /// What `list` streams: rows are read in batches; a full batch is opened and passed
    /// through `map` on every core, then handed to `sink` one by one in row order. A small
    /// store never starts a thread. Returns the rows that failed authentication.
    pub fn map_each<T: Send>(
        &self,
        map: impl Fn(Stored) -> Option<T> + Sync,
        mut sink: impl FnMut(T) -> Result<()>,
    ) -> Result<Vec<i64>> {
        const BATCH: usize = 512;
        let sealer = self.sealer();
        let mut tampered = Vec::new();
        let mut batch = Vec::with_capacity(BATCH);
        let mut drain = |batch: Vec<AppRow>, tampered: &mut Vec<i64>| -> Result<()> {
            let open = |row: AppRow| {
                let id = row.id;
                match sealer.open_app(row) {
                    Ok(stored) => Ok(map(stored).map(Ok)),
                    Err(err) if err.kind() == ErrorKind::Tampered => Ok(Some(Err(id))),
                    Err(err) => Err(err),
                }
            };
            let results: Vec<Result<Option<Result<T, i64>>>> = if batch.len() == BATCH {
                batch.into_par_iter().map(open).collect()
            } else {
                batch.into_iter().map(open).collect()
            };
            for result in results {
                match result? {
                    Some(Ok(item)) => sink(item)?,
                    Some(Err(id)) => tampered.push(id),
                    None => {}
                }
            }
            Ok(())
        };
        self.conn.each_app(self.state.format, &mut |row| {
            batch.push(row);
            if batch.len() == BATCH {
                drain(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)), &mut tampered)?;
            }
            Ok(())
        })?;
        drain(batch, &mut tampered)?;
        Ok(tampered)
    }

    /// Runs `work` in one write transaction: it sees the latest state, no other writer
    /// interleaves, and either all of it lands or none. The transaction first makes sure the
    /// store is still the one that was unlocked (same keys, same schema) and upgrades a
    /// format 1 store.
    pub fn write<T>(&mut self, work: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let (tx, upgraded) = super::begin_checked(&mut *self.conn, &self.state, &self.keys, self.single_slot.as_ref())?;
        let sealer = Sealer { store_id: &self.state.store_id, keys: &self.keys, format: super::FORMAT_VERSION };
        // Read with the lock (a server's first message), unless an upgrade moved it since.
        let read_along = if upgraded { ReadAlong::NotRead } else { tx.under_lock().head.clone() };
        let head = audit::verified_head_row(read_along.or_read(|| tx.tables().head(super::FORMAT_VERSION))?, &sealer)?;
        let mut writer = Writer::new(Reader { tables: tx.tables(), sealer }, head, &self.member, &self.state.path);
        // A store without scoped members (as read with the lock, where it was) has nothing to
        // take in and no one to grant to: the write reads neither. An upgrade in this write
        // makes a store without any.
        if upgraded || tx.under_lock().scoped_members == Some(false) {
            writer.scoped = Some(Vec::new());
        }
        writer.absorb()?;
        let value = work(&mut writer)?;
        let head = writer.head;
        tx.commit()?;
        self.committed(&head);
        Ok(value)
    }
}

/// Writes inside one transaction.
pub struct Writer<'a> {
    pub(super) reader: Reader<'a>,
    /// The head as this transaction has left it so far.
    pub(super) head: Head,
    /// The member who unlocked: every event this writer records is theirs.
    pub(super) actor: &'a str,
    /// The store's path, as messages name it.
    pub(super) path: &'a std::path::Path,
    /// The scoped members (format 6), read when a write first needs them.
    pub(super) scoped: Option<Vec<super::scope::ScopedMember>>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(reader: Reader<'a>, head: Head, actor: &'a str, path: &'a std::path::Path) -> Self {
        Self { reader, head, actor, path, scoped: None }
    }
}

impl Writer<'_> {
    pub(super) fn tables(&self) -> &dyn Tables {
        self.reader.tables
    }

    pub(super) fn keys(&self) -> &crate::store::seal::keys::Keys {
        self.reader.sealer.keys
    }

    pub fn find(&self, reference: &str) -> Result<Option<Stored>> {
        self.reader.find(reference)
    }

    pub fn get(&self, reference: &str) -> Result<Stored> {
        self.find(reference)?.ok_or_else(|| not_found(reference))
    }

    /// The application as it is now, provided it is still at `read_version` (the version the
    /// command read before it asked, or opened the editor): a write never lands over a change
    /// it did not see. Otherwise exit 4, naming who changed it and when.
    pub fn get_as_read(&self, client_id: &str, read_version: i64) -> Result<Stored> {
        let current = self.get(client_id)?;
        if current.version == read_version {
            return Ok(current);
        }
        let by = audit::latest_change(self.tables(), &self.reader.sealer, client_id)?.map_or_else(
            || "someone".to_owned(),
            |latest| format!("{} at {}", latest.event.actor, crate::domain::time::rfc3339(&latest.event.time)),
        );
        Err(Error::new(
            ErrorKind::Conflict,
            format!("{:?} was changed by {by} since it was read; run it again", current.app.name),
        )
        .with_hint("nothing was changed"))
    }

    /// Every application, read inside this transaction.
    pub fn list(&self) -> Result<Listing> {
        self.reader.list()
    }

    /// By name only, even when the name has the shape of a client ID.
    pub fn find_by_name(&self, name: &str) -> Result<Option<Stored>> {
        self.reader.find_as(name, Lookup::Name)
    }

    /// Refuses a name another application already has (compared case-insensitively).
    pub fn ensure_name_free(&self, name: &str, except_row: Option<i64>) -> Result<()> {
        match self.tables().app(self.reader.sealer.format, Lookup::Name, &self.reader.sealer.name_mac(name))? {
            Some(row) if Some(row.id) != except_row => Err(name_taken(name)),
            _ => Ok(()),
        }
    }

    /// Inserts `app` and records `event` for it in the same transaction: no row changes
    /// without its audit event. A name another application has is refused by the insert
    /// itself (its lookup column is unique), which saves the server a statement.
    pub fn insert(&mut self, app: Application, event: Event) -> Result<Stored> {
        // The row id is part of the sealed record's binding, so the row is claimed first and
        // sealed second, inside the same transaction.
        let sealer = &self.reader.sealer;
        let (client_id_mac, name_mac) = (sealer.client_id_mac(&app.client_id), sealer.name_mac(&app.name));
        let row_id = self.tables().insert_app(
            &client_id_mac,
            &name_mac,
            &|id| sealer.seal_app(id, 1, 0, &app),
            name_taken(&app.name),
        )?;
        self.append(&Event { version: Some(1), sealed_as: Some(Sealer::sealed_as(1, 0, &app)), ..event }, 1)?;
        let stored = Stored { row_id, version: 1, epoch: 0, app, usage: None };
        self.grant_new(&stored)?;
        Ok(stored)
    }

    /// Seals `app` as the next version of `current`'s row and records `event` with that version.
    pub fn update(&mut self, current: &Stored, mut app: Application, event: Event) -> Result<Stored> {
        // Writing over a row put back from an older copy would make it current for good.
        self.reader.ensure_latest_now(current)?;
        // A rotated-out secret whose grace period is over is not kept a write longer.
        app.forget_expired_secret(crate::domain::application::now());
        if name_key(&current.app.name) != name_key(&app.name) {
            self.ensure_name_free(&app.name, Some(current.row_id))?;
        }
        let version = current.version + 1;
        let sealer = &self.reader.sealer;
        let sealed = sealer.seal_app(current.row_id, version, current.epoch, &app);
        self.tables().update_app(current.row_id, &sealer.name_mac(&app.name), version, &sealed)?;
        let sealed_as = Sealer::sealed_as(version, current.epoch, &app);
        self.append(&Event { version: Some(version), sealed_as: Some(sealed_as), ..event }, 0)?;
        let stored = Stored { row_id: current.row_id, version, epoch: current.epoch, app, usage: current.usage };
        if current.app.settings.tenant == stored.app.settings.tenant {
            return Ok(stored);
        }
        let moved_from = current.app.clone();
        self.regrant_moved(&moved_from, &stored)?;
        // A new epoch may have sealed it again: the row as it is now.
        self.reader.find_as(&stored.app.client_id, Lookup::ClientId)?.ok_or_else(|| tampered_row(stored.row_id))
    }

    pub fn delete(&mut self, current: &Stored, event: &Event) -> Result<()> {
        self.reader.ensure_latest_now(current)?;
        // The usage record as it is now, inside this write (a `verify` may have written one
        // since `current` was read): it leaves the head's digest with its row.
        let usage = self.reader.find_as(&current.app.client_id, Lookup::ClientId)?.and_then(|now| now.usage);
        if let Some(usage) = &usage {
            self.forget_usage(current.row_id, usage);
        }
        self.tables().delete_app(current.row_id, usage.is_some())?;
        self.tables().delete_grants(crate::store::backend::GrantsOf::App(current.row_id))?;
        self.append(event, -1)
    }

    /// Seals `app` into row `row_id` at `version` under its key at `epoch`, with both its
    /// lookup columns anew.
    pub(super) fn rewrite(&self, row_id: i64, version: i64, epoch: i64, app: &Application) -> Result<()> {
        let sealer = &self.reader.sealer;
        self.tables().rewrite_app(&AppRow {
            id: row_id,
            version: Some(version),
            sealed: sealer.seal_app(row_id, version, epoch, app),
            client_id_mac: sealer.client_id_mac(&app.client_id).to_vec(),
            name_mac: sealer.name_mac(&app.name).to_vec(),
            usage: Vec::new(),
        })
    }
}

fn name_taken(name: &str) -> Error {
    Error::new(ErrorKind::Conflict, format!("an application named {name:?} already exists"))
        .with_hint("choose another name, or pass --if-not-exists to reuse the existing one")
}

pub(super) fn not_found(reference: &str) -> Error {
    let what = if is_client_id(reference) { "client ID" } else { "name" };
    Error::new(ErrorKind::NotFound, format!("no application with the {what} {reference:?}"))
        .with_hint("run `revvy-apps list` to see the applications")
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
        let event = Event { actor: self.actor.to_owned(), ..event.clone() };
        self.append_exact(&event, app_delta)
    }

    /// Appends another member's event as it is (a scoped member's, taken into the log).
    pub(super) fn append_as(&mut self, event: &Event) -> Result<()> {
        self.append_exact(event, 0)
    }

    fn append_exact(&mut self, event: &Event, app_delta: i64) -> Result<()> {
        let id = self.head.last_id + 1;
        let sealer = &self.reader.sealer;
        let row = audit::chained(sealer, &self.head.last_mac, id, event)?;
        self.tables().insert_event(&row)?;
        let head = Head {
            last_id: id,
            last_mac: row.mac,
            live_apps: self.head.live_apps + app_delta,
            usage: self.head.usage,
            mac: Vec::new(),
        }
        .sealed(sealer);
        audit::write_head(self.tables(), &head)?;
        self.head = head;
        Ok(())
    }

    /// Takes an application's usage record out of the head's digest (it is being deleted);
    /// the event that records the deletion then writes the head.
    pub(super) fn forget_usage(&mut self, app_id: i64, record: &UsageRecord) {
        self.head.usage.toggle(&self.reader.sealer.usage_entry(app_id, record));
    }

    /// Moves the head past a usage record written over `old` (format 4): the digest swaps the
    /// old record for the new one and counts one more write.
    pub(super) fn record_usage(&mut self, app_id: i64, old: Option<&UsageRecord>, new: &UsageRecord) -> Result<()> {
        let sealer = &self.reader.sealer;
        let mut usage = self.head.usage;
        if let Some(old) = old {
            usage.toggle(&sealer.usage_entry(app_id, old));
        }
        usage.toggle(&sealer.usage_entry(app_id, new));
        usage.writes += 1;
        let head = Head { usage, mac: Vec::new(), ..self.head.clone() }.sealed(sealer);
        audit::write_head(self.tables(), &head)?;
        self.head = head;
        Ok(())
    }
}

impl Store {
    /// Records that `verify` accepted a secret of `stored` at `at`, unless a use of that secret
    /// was recorded within the hour (then nothing is written: the common case is a read).
    /// Returns whether it wrote.
    pub fn record_use(&mut self, stored: &Stored, matched: Matched, at: DateTime<Utc>) -> Result<bool> {
        if UsageRecord::after_use(stored.usage.as_ref(), &stored.app, matched, at).is_none() {
            return Ok(false);
        }
        self.write(|w| {
            // The record as it is now, inside the write: another `verify` may have written it
            // since it was read, and the head's digest swaps out exactly the one stored.
            let Some(now) = w.reader.find_as(&stored.app.client_id, Lookup::ClientId)? else { return Ok(false) };
            let Some(next) = UsageRecord::after_use(now.usage.as_ref(), &now.app, matched, at) else {
                return Ok(false);
            };
            w.tables().put_usage(now.row_id, &w.reader.sealer.seal_usage(now.row_id, now.epoch, &next))?;
            w.record_usage(now.row_id, now.usage.as_ref(), &next)?;
            Ok(true)
        })
    }
}
