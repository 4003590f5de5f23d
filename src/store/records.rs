//! Sealed application rows: lookups by keyed hash, sealing on write, authentication on read.
//! A row that fails authentication is reported by its row id and never hides the others.

use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension as _, params};

use super::Store;
use super::audit::{self, Head};
use super::keys::Keys;
use super::schema::execute_exact;
use super::{codec, crypto};
use crate::domain::Application;
use crate::domain::audit::Event;
use crate::domain::rules::name_key;
use crate::domain::secret::is_client_id;
use crate::error::{Error, ErrorKind, Result};

/// An application as it sits in the store: its row, the version of the record, the record.
#[derive(Debug, Clone)]
pub struct Stored {
    pub row_id: i64,
    pub version: i64,
    pub app: Application,
}

/// The result of reading every row: the applications that opened, and the rows that did not.
#[derive(Debug, Default)]
pub struct Listing {
    pub apps: Vec<Stored>,
    pub tampered_rows: Vec<i64>,
}

pub(super) struct Row {
    pub(super) id: i64,
    /// `None` when the column holds anything but an integer: the row was altered.
    pub(super) version: Option<i64>,
    pub(super) sealed: Vec<u8>,
}

impl Row {
    /// `SELECT id, version, sealed …`: the one shape every row reader uses.
    pub(super) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self { id: r.get(0)?, version: integer(r, 1)?, sealed: bytes(r, 2)? })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lookup {
    ClientId,
    Name,
}

/// The keys and identity needed to seal and open rows, borrowed from the store.
pub(super) struct Sealer<'a> {
    pub(super) store_id: &'a [u8],
    pub(super) keys: &'a Keys,
    /// The store's format: 1 until its first write upgrades it.
    pub(super) format: u32,
}

impl Sealer<'_> {
    fn context(&self, row_id: i64, version: i64) -> Vec<u8> {
        let mut ad = Vec::with_capacity(64);
        ad.extend_from_slice(b"revvy-apps/application/v1");
        ad.extend_from_slice(self.store_id);
        ad.extend_from_slice(&row_id.to_be_bytes());
        ad.extend_from_slice(&version.to_be_bytes());
        ad
    }

    pub(super) fn seal(&self, row_id: i64, version: i64, app: &Application) -> Vec<u8> {
        crypto::seal(&self.keys.record, &self.context(row_id, version), &codec::encode(app))
    }

    pub(super) fn open(&self, row: Row) -> Result<Stored> {
        crate::stats::record_opened();
        let Row { id, version, sealed } = row;
        let version = version.ok_or_else(|| tampered_row(id))?;
        let plain =
            crypto::open(&self.keys.record, &self.context(id, version), &sealed).map_err(|_| tampered_row(id))?;
        let app = codec::decode(&plain).ok_or_else(|| tampered_row(id))?;
        Ok(Stored { row_id: id, version, app })
    }

    pub(super) fn client_id_mac(&self, client_id: &str) -> [u8; 32] {
        let mut message = b"client_id\0".to_vec();
        message.extend_from_slice(client_id.as_bytes());
        crypto::mac(&self.keys.lookup, &message)
    }

    pub(super) fn name_mac(&self, name: &str) -> [u8; 32] {
        let mut message = b"name\0".to_vec();
        message.extend_from_slice(name_key(name).as_bytes());
        crypto::mac(&self.keys.lookup, &message)
    }

    fn list(&self, conn: &Connection) -> Result<Listing> {
        let mut listing = Listing::default();
        listing.tampered_rows = self.for_each(conn, |stored| {
            listing.apps.push(stored);
            Ok(())
        })?;
        Ok(listing)
    }

    /// Opens every row in creation order and hands each application to `visit`, holding one
    /// at a time. Returns the rows that failed authentication.
    fn for_each(&self, conn: &Connection, mut visit: impl FnMut(Stored) -> Result<()>) -> Result<Vec<i64>> {
        let mut stmt = conn.prepare_cached("SELECT id, version, sealed FROM applications ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut tampered = Vec::new();
        while let Some(r) = rows.next()? {
            let row = Row::read(r)?;
            let id = row.id;
            match self.open(row) {
                Ok(stored) => visit(stored)?,
                Err(err) if err.kind() == ErrorKind::Tampered => tampered.push(id),
                Err(err) => return Err(err),
            }
        }
        Ok(tampered)
    }

    /// Finds one application by name or client ID; decrypts that row only.
    fn find(&self, conn: &Connection, reference: &str) -> Result<Option<Stored>> {
        let lookup = if is_client_id(reference) { Lookup::ClientId } else { Lookup::Name };
        self.find_as(conn, reference, lookup)
    }

    fn find_as(&self, conn: &Connection, reference: &str, lookup: Lookup) -> Result<Option<Stored>> {
        let by_client_id = lookup == Lookup::ClientId;
        let (sql, mac) = if by_client_id {
            ("SELECT id, version, sealed FROM applications WHERE client_id_mac = ?1", self.client_id_mac(reference))
        } else {
            ("SELECT id, version, sealed FROM applications WHERE name_mac = ?1", self.name_mac(reference))
        };
        let row = conn.prepare_cached(sql)?.query_row([&mac[..]], Row::read).optional()?;
        let Some(row) = row else { return Ok(None) };
        let id = row.id;
        let stored = self.open(row)?;
        // The lookup columns are not sealed: a record reached through another record's hash
        // means the columns were swapped.
        let matches = if by_client_id {
            stored.app.client_id == reference
        } else {
            name_key(&stored.app.name) == name_key(reference)
        };
        if !matches {
            return Err(tampered_row(id));
        }
        self.ensure_latest(conn, &stored)?;
        Ok(Some(stored))
    }

    /// Refuses a row that is older than what the audit log last recorded of it (a row put
    /// back from an older copy revives a rotated secret). Format 1 has no index for it:
    /// `check` finds such rows there.
    fn ensure_latest(&self, conn: &Connection, stored: &Stored) -> Result<()> {
        if self.format == 1 {
            return Ok(());
        }
        let id = stored.row_id;
        let stale = |what: String| {
            Error::new(ErrorKind::Tampered, format!("the application record in row {id} {what}: it was put back from an older copy of the store"))
                .with_hint("the other applications are still readable; run `revvy-apps check`, restore the store from a backup, and regenerate this secret")
        };
        match audit::latest_change(conn, self, &stored.app.client_id)? {
            None => Err(stale("has no record in the audit log".to_owned())),
            Some(latest) if latest.event.action == crate::domain::audit::Action::Delete => {
                Err(stale(format!("was deleted according to audit event {}", latest.id)))
            }
            Some(latest) if latest.event.version != Some(stored.version) => Err(stale(format!(
                "is at version {} but audit event {} recorded version {}",
                stored.version,
                latest.id,
                latest.event.version.map_or_else(|| "none".to_owned(), |v| v.to_string())
            ))),
            Some(_) => Ok(()),
        }
    }
}

impl Store {
    pub(super) fn sealer(&self) -> Sealer<'_> {
        Sealer { store_id: &self.state.store_id, keys: &self.keys, format: self.state.format }
    }

    /// One application by name or client ID, or a not-found error that says how to look.
    pub fn get(&self, reference: &str) -> Result<Stored> {
        self.sealer().find(&self.conn, reference)?.ok_or_else(|| not_found(reference))
    }

    /// Every application that opens, in creation order, and the rows that did not.
    pub fn list(&self) -> Result<Listing> {
        self.sealer().list(&self.conn)
    }

    /// Every application, one at a time (see `Sealer::for_each`).
    pub fn for_each(&self, visit: impl FnMut(Stored) -> Result<()>) -> Result<Vec<i64>> {
        self.sealer().for_each(&self.conn, visit)
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
        let mut stmt = self.conn.prepare_cached("SELECT id, version, sealed FROM applications ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut tampered = Vec::new();
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            let row = rows.next()?;
            if let Some(r) = row {
                batch.push(Row::read(r)?);
                if batch.len() < BATCH {
                    continue;
                }
            }
            let open = |row: Row| {
                let id = row.id;
                match sealer.open(row) {
                    Ok(stored) => Ok(map(stored).map(Ok)),
                    Err(err) if err.kind() == ErrorKind::Tampered => Ok(Some(Err(id))),
                    Err(err) => Err(err),
                }
            };
            let results: Vec<Result<Option<Result<T, i64>>>> = if batch.len() == BATCH {
                std::mem::replace(&mut batch, Vec::with_capacity(BATCH)).into_par_iter().map(open).collect()
            } else {
                batch.drain(..).map(open).collect()
            };
            for result in results {
                match result? {
                    Some(Ok(item)) => sink(item)?,
                    Some(Err(id)) => tampered.push(id),
                    None => {}
                }
            }
            if row.is_none() {
                return Ok(tampered);
            }
        }
    }

    /// Runs `work` in one `BEGIN IMMEDIATE` transaction: it sees the latest state, no other
    /// writer interleaves, and either all of it lands or none. The transaction first makes
    /// sure the store is still the one that was unlocked (same keys, same schema) and upgrades
    /// a format 1 store.
    pub fn write<T>(&mut self, work: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = super::begin_checked(&mut self.conn, &self.state, &self.keys)?;
        let sealer = Sealer { store_id: &self.state.store_id, keys: &self.keys, format: super::schema::FORMAT_VERSION };
        let head = audit::verified_head(&tx, &sealer)?;
        let mut writer = Writer { tx: &tx, sealer, head };
        let value = work(&mut writer)?;
        let head = writer.head;
        tx.commit()?;
        self.committed(&head);
        Ok(value)
    }
}

/// Writes inside one transaction.
pub struct Writer<'a> {
    pub(super) tx: &'a rusqlite::Transaction<'a>,
    pub(super) sealer: Sealer<'a>,
    /// The head as this transaction has left it so far.
    pub(super) head: Head,
}

impl Writer<'_> {
    pub fn find(&self, reference: &str) -> Result<Option<Stored>> {
        self.sealer.find(self.tx, reference)
    }

    pub fn get(&self, reference: &str) -> Result<Stored> {
        self.find(reference)?.ok_or_else(|| not_found(reference))
    }

    /// Every application, read inside this transaction.
    pub fn list(&self) -> Result<Listing> {
        self.sealer.list(self.tx)
    }

    /// By name only, even when the name has the shape of a client ID.
    pub fn find_by_name(&self, name: &str) -> Result<Option<Stored>> {
        self.sealer.find_as(self.tx, name, Lookup::Name)
    }

    /// Refuses a name another application already has (compared case-insensitively).
    pub fn ensure_name_free(&self, name: &str, except_row: Option<i64>) -> Result<()> {
        let taken: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM applications WHERE name_mac = ?1")?
            .query_row([&self.sealer.name_mac(name)[..]], |r| r.get(0))
            .optional()?;
        match taken {
            Some(row) if Some(row) != except_row => {
                Err(Error::new(ErrorKind::Conflict, format!("an application named {name:?} already exists"))
                    .with_hint("choose another name, or pass --if-not-exists to reuse the existing one"))
            }
            _ => Ok(()),
        }
    }

    /// Inserts `app` and records `event` for it in the same transaction: no row changes
    /// without its audit event.
    pub fn insert(&mut self, app: Application, event: Event) -> Result<Stored> {
        self.ensure_name_free(&app.name, None)?;
        // The row id is part of the sealed record's context, so the row is claimed first and
        // sealed second, inside the same transaction.
        execute_exact(
            self.tx,
            "INSERT INTO applications (client_id_mac, name_mac, version, sealed) VALUES (?1, ?2, 1, x'')",
            params![&self.sealer.client_id_mac(&app.client_id)[..], &self.sealer.name_mac(&app.name)[..]],
            1,
        )?;
        let row_id = self.tx.last_insert_rowid();
        let sealed = self.sealer.seal(row_id, 1, &app);
        execute_exact(self.tx, "UPDATE applications SET sealed = ?1 WHERE id = ?2", params![sealed, row_id], 1)?;
        self.append(&Event { version: Some(1), ..event }, 1)?;
        Ok(Stored { row_id, version: 1, app })
    }

    /// Seals `app` as the next version of `current`'s row and records `event` with that version.
    pub fn update(&mut self, current: &Stored, mut app: Application, event: Event) -> Result<Stored> {
        // Writing over a row put back from an older copy would make it current for good.
        self.sealer.ensure_latest(self.tx, current)?;
        // A rotated-out secret whose grace period is over is not kept a write longer.
        app.forget_expired_secret(crate::domain::application::now());
        if name_key(&current.app.name) != name_key(&app.name) {
            self.ensure_name_free(&app.name, Some(current.row_id))?;
        }
        let version = current.version + 1;
        let sealed = self.sealer.seal(current.row_id, version, &app);
        execute_exact(
            self.tx,
            "UPDATE applications SET name_mac = ?1, version = ?2, sealed = ?3 WHERE id = ?4",
            params![&self.sealer.name_mac(&app.name)[..], version, sealed, current.row_id],
            1,
        )?;
        self.append(&Event { version: Some(version), ..event }, 0)?;
        Ok(Stored { row_id: current.row_id, version, app })
    }

    pub fn delete(&mut self, current: &Stored, event: &Event) -> Result<()> {
        self.sealer.ensure_latest(self.tx, current)?;
        execute_exact(self.tx, "DELETE FROM applications WHERE id = ?1", [current.row_id], 1)?;
        self.append(event, -1)
    }
}

/// A column's bytes whether SQLite holds it as a blob, as text or as null: a column whose type
/// was changed behind our back then fails authentication (exit 7) instead of the read (exit 1).
pub(super) fn bytes(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(index)? {
        ValueRef::Blob(b) | ValueRef::Text(b) => b.to_vec(),
        ValueRef::Null | ValueRef::Integer(_) | ValueRef::Real(_) => Vec::new(),
    })
}

/// A column that must hold an integer, or `None` when it holds anything else (altered).
pub(super) fn integer(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<i64>> {
    Ok(match row.get_ref(index)? {
        rusqlite::types::ValueRef::Integer(i) => Some(i),
        _ => None,
    })
}

fn tampered_row(row_id: i64) -> Error {
    Error::new(
        ErrorKind::Tampered,
        format!("the application record in row {row_id} failed authentication: it was altered outside revvy-apps"),
    )
    .with_hint("the other applications are still readable; run `revvy-apps check`, and restore the store from a backup")
}

fn not_found(reference: &str) -> Error {
    let what = if is_client_id(reference) { "client ID" } else { "name" };
    Error::new(ErrorKind::NotFound, format!("no application with the {what} {reference:?}"))
        .with_hint("run `revvy-apps list` to see the applications")
}
