//! The storage interface: what the store keeps, as rows of opaque bytes, and the operations
//! on them. Everything above it (sealing, the audit chain, sessions, checks) speaks only this
//! interface; the SQL lives in its implementations. SQLite ([`super::sqlite`]) is the first;
//! a server database implements the same operations on its transaction.
//!
//! Rules every implementation keeps:
//! - a write changes exactly the rows it names, or fails (a trigger or rule that changed
//!   more or fewer is interference, and the transaction is dropped);
//! - a column that holds the wrong type reads as `None` or as empty bytes, so that it fails
//!   authentication above (exit 7) rather than the read (exit 1);
//! - writes happen inside the one write transaction the backend opened, which holds the
//!   write lock from its first statement.

#[doc(hidden)]
pub mod contract;
mod error;
pub mod fs;
pub mod postgres;
pub mod sqlite;

use std::path::{Path, PathBuf};

pub use self::error::BackendError;
use self::postgres::target::Target;
use crate::error::{Error, Result};

/// The header row: the store's id, its KDF parameters and what guards its keys, as stored.
/// `None` from a read when a KDF column held no number in range: the row was altered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRow {
    pub store_id: Vec<u8>,
    pub salt: Vec<u8>,
    pub kdf_memory_kib: u32,
    pub kdf_iterations: u32,
    pub kdf_parallelism: u32,
    pub wrapped_key: Vec<u8>,
    pub members_mac: Vec<u8>,
    pub members_digest: Vec<u8>,
    pub checksum: Vec<u8>,
}

/// One application row: the sealed record and its two lookup columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRow {
    pub id: i64,
    /// `None` when the column holds anything but an integer: the row was altered.
    pub version: Option<i64>,
    pub sealed: Vec<u8>,
    pub client_id_mac: Vec<u8>,
    pub name_mac: Vec<u8>,
    /// The sealed usage record (format 3), empty when `verify` never recorded a use.
    pub usage: Vec<u8>,
}

/// Which lookup column finds an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    ClientId,
    Name,
}

/// One audit event as stored: sealed, chained, and filed under its subject (format 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub sealed: Vec<u8>,
    pub mac: Vec<u8>,
    pub subject_mac: Option<Vec<u8>>,
}

/// The head of the audit log as stored; `None` fields held the wrong type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadRow {
    pub last_id: Option<i64>,
    pub last_mac: Vec<u8>,
    pub live_apps: Option<i64>,
    pub mac: Vec<u8>,
}

/// A session's row: when it ends, its wrapped copy of the data key, and the member who
/// opened it (empty for a session opened before the store had members: its owner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub expires_at: Option<i64>,
    pub wrapped_key: Vec<u8>,
    pub member: String,
}

/// One member (format 3): who they are, in clear (they are chosen before anything is
/// decrypted), and their sealed copy of the data key. A passphrase member's own key is
/// wrapped under its passphrase; other members' are empty there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub public_key: String,
    /// `None` when the column holds anything but an integer: the row was altered.
    pub created_at: Option<i64>,
    pub created_by: String,
    pub kdf_salt: Vec<u8>,
    pub wrapped_identity: Vec<u8>,
    pub sealed_key: Vec<u8>,
    /// A scoped member's sealed scope description (format 6); `None` for a full member, and
    /// always below format 6, whose table has no such column.
    pub scope: Option<Vec<u8>>,
}

/// A scoped member's key to one application (format 6), wrapped under the member's scope key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRow {
    pub member_id: i64,
    pub app_id: i64,
    pub wrapped: Vec<u8>,
}

/// An event a scoped member recorded, waiting for a full member's write to take it into the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeEventRow {
    pub member_id: i64,
    pub seq: i64,
    pub sealed: Vec<u8>,
    pub mac: Vec<u8>,
}

/// Which grants to delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantsOf {
    /// Every grant of a member.
    Member(i64),
    /// Every grant to an application.
    App(i64),
    /// One member's grant to one application.
    One { member_id: i64, app_id: i64 },
}

/// Which sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum EndSessions<'a> {
    All,
    /// Those expired at this Unix time.
    ExpiredAt(i64),
    /// This one, and those expired at this Unix time.
    OneAndExpiredAt(&'a [u8], i64),
}

/// The storage operations. Reads run on the connection or inside a write transaction; writes
/// only inside one. `format` is the store's format where the tables differ between formats.
pub trait Tables {
    // The storage itself.
    /// The store's format number.
    fn format(&self) -> Result<u32>;
    /// A number that changes whenever the schema changes: read when the schema is checked,
    /// compared inside every write.
    fn schema_generation(&self) -> Result<i64>;
    /// What in the schema revvy-apps did not make, or did not make that way (a planted
    /// trigger, a view in place of a table), one line per object.
    fn schema_problems(&self, format: u32) -> Result<Vec<String>>;
    /// The storage's own check of its structure.
    fn integrity_problems(&self) -> Result<Vec<String>>;
    /// Changes the tables from format `to - 1` to `to` and records the new format (inside a
    /// write); the rows are the caller's to rewrite.
    fn upgrade_tables(&self, to: u32) -> Result<()>;

    // The header and its key slot.
    fn header(&self, format: u32) -> Result<Option<HeaderRow>>;
    fn key_slot_checksum(&self) -> Result<Vec<u8>>;
    fn insert_header(&self, header: &HeaderRow) -> Result<()>;
    /// The header of a store with members (format 3): the members' MAC and digest and the
    /// checksum; the single key slot's salt is emptied.
    fn update_header_members(&self, header: &HeaderRow) -> Result<()>;
    /// The header's key slot column: emptied when a store gets members (format 3), and from
    /// format 4 the store's sealed secret.
    fn put_store_secret(&self, sealed: &[u8]) -> Result<()>;

    // Members (format 3).
    /// Every member, in the order they were added, each with its scope from format 6 on.
    fn members(&self) -> Result<Vec<MemberRow>>;
    /// Adds a member, with its `id` when it is not 0 (a backup keeps the ids its MAC covers),
    /// else a new one; returns the id. Below format 6 its scope must be `None`.
    fn insert_member(&self, row: &MemberRow) -> Result<i64>;
    fn delete_member(&self, id: i64) -> Result<()>;
    /// A member's key material anew: a new passphrase, or the data key sealed again, and from
    /// format 6 its scope (a rekey reseals both).
    fn update_member_keys(&self, row: &MemberRow) -> Result<()>;

    // Scoped members' grants and pending events (format 6).
    /// The grants of one member, or of every member with `None`, ordered by member then
    /// application.
    fn grants(&self, member_id: Option<i64>) -> Result<Vec<GrantRow>>;
    /// The grants to one application, ordered by member.
    fn grants_for_app(&self, app_id: i64) -> Result<Vec<GrantRow>>;
    /// Writes a grant over the one the member has to that application, if any.
    fn put_grant(&self, row: &GrantRow) -> Result<()>;
    /// Deletes the grants `which` names; returns how many there were.
    fn delete_grants(&self, which: GrantsOf) -> Result<usize>;
    /// A member's grants with the application row each names (None: no such row), in one read,
    /// ordered by application. The rows read as [`Tables::app`] reads them.
    fn granted_apps(&self, format: u32, member_id: i64) -> Result<Vec<(GrantRow, Option<AppRow>)>>;
    /// The pending events of one member, or of every member with `None`, ordered by member
    /// then sequence number.
    fn scope_events(&self, member_id: Option<i64>) -> Result<Vec<ScopeEventRow>>;
    /// Adds a pending event; a member's sequence number already taken fails the write, at
    /// once or at its commit, as any constraint of the tables does.
    fn insert_scope_event(&self, row: &ScopeEventRow) -> Result<()>;
    /// Deletes a member's pending events; returns how many there were.
    fn delete_scope_events(&self, member_id: i64) -> Result<usize>;

    // Applications.
    fn app(&self, format: u32, lookup: Lookup, mac: &[u8]) -> Result<Option<AppRow>>;
    /// An application's row and the latest event filed under its client ID's hash, read
    /// together (a server answers both in one round trip): what `show` and every command on one
    /// application read. Format 2 and later.
    fn app_with_latest_event(&self, format: u32, lookup: Lookup, mac: &[u8]) -> Result<Option<(AppRow, LatestEvent)>>;
    /// Every row in creation order, one at a time.
    fn each_app(&self, format: u32, visit: &mut dyn FnMut(AppRow) -> Result<()>) -> Result<()>;
    fn app_count(&self) -> Result<i64>;
    /// A new row, whose record is sealed to the row id it gets: `seal` makes the record for
    /// that id. Returns the id. When a row already has `name_mac` the insert adds nothing (the
    /// unique lookup column decides, in the same statement) and the write fails with
    /// `if_taken`: at once, or when its changes reach the server.
    fn insert_app(
        &self,
        client_id_mac: &[u8],
        name_mac: &[u8],
        seal: &dyn Fn(i64) -> Vec<u8>,
        if_taken: Error,
    ) -> Result<i64>;
    /// A row exactly as another store of the same id holds it (a backup).
    fn insert_app_row(&self, row: &AppRow) -> Result<()>;
    /// A new version of a row's record, and its name lookup (a rename changes it).
    fn update_app(&self, id: i64, name_mac: &[u8], version: i64, sealed: &[u8]) -> Result<()>;
    /// Every column of a row anew (a rekey changes both lookups).
    fn rewrite_app(&self, row: &AppRow) -> Result<()>;
    /// Deletes a row, and its usage record if `with_usage`.
    fn delete_app(&self, id: i64, with_usage: bool) -> Result<()>;
    /// Writes an application's usage record over the one it has, if any (format 3).
    fn put_usage(&self, app_id: i64, sealed: &[u8]) -> Result<()>;

    /// Runs `work`, whose reads then see one state of the store: a write committed by
    /// another process meanwhile is either wholly in what they read or not at all (inside a
    /// write they already are).
    fn read_together(&self, work: &mut dyn FnMut() -> Result<()>) -> Result<()>;

    // The audit log.
    fn each_event(&self, format: u32, visit: &mut dyn FnMut(EventRow) -> Result<()>) -> Result<()>;
    /// The latest event filed under this subject: `(id, sealed)`.
    fn latest_event_about(&self, subject_mac: &[u8]) -> Result<LatestEvent>;
    fn insert_event(&self, row: &EventRow) -> Result<()>;
    fn put_event(&self, row: &EventRow) -> Result<()>;
    fn head(&self, format: u32) -> Result<Option<HeadRow>>;
    fn put_head(&self, head: &HeadRow) -> Result<()>;

    // Sessions.
    fn session(&self, id: &[u8]) -> Result<Option<SessionRow>>;
    fn insert_session(&self, id: &[u8], row: &SessionRow) -> Result<()>;
    fn end_sessions(&self, which: EndSessions<'_>) -> Result<usize>;
}

/// A storage a store is opened on: it reads as [`Tables`] and begins the writes.
pub trait Storage: Tables + std::fmt::Debug {
    /// Begins the one write transaction. It holds the write lock from its first statement
    /// until it commits or is dropped (dropped means rolled back).
    fn begin_write(&mut self) -> Result<Box<dyn WriteTransaction + '_>>;
    /// After a rekey: no page written under the old key stays in the storage's own logs.
    fn forget_old_pages(&self) -> Result<()>;
}

/// A write transaction: its reads see its own writes.
pub trait WriteTransaction {
    fn tables(&self) -> &dyn Tables;
    /// What the write read first, under its lock.
    fn under_lock(&self) -> &UnderLock;
    fn commit(self: Box<Self>) -> Result<()>;
}

/// Where a store is: a SQLite file, or a schema on a PostgreSQL server. The backends are opened
/// by it, so it is defined here, below them; what it means to a user (parsing `--store`, what
/// messages name, what this machine pins) is `store/location.rs`.
#[derive(Debug, Clone)]
pub enum Location {
    File(PathBuf),
    Postgres(Box<Target>),
}

/// A store opened by its location.
pub struct Opened {
    pub storage: Handle,
    /// What messages name: the path, or the URL without its password.
    pub shown: PathBuf,
    /// The file can only be read (a read-only mount).
    pub read_only: bool,
    pub format: u32,
    /// The schema's generation when the open read it (see [`Tables::schema_generation`]).
    pub schema_generation: i64,
    /// The schema was checked at the open; otherwise every write checks it under its lock.
    pub schema_checked: bool,
    /// What the open read along with the format.
    pub first: FirstReads,
}

/// What an open read along with the store's format, where a backend gains by it (a server
/// answers them in the same round trip; a local file reads each when asked): the header,
/// which every command reads first; the session it was opened for; and the head of the audit
/// log that an unlock verifies next.
#[derive(Debug, Default)]
pub struct FirstReads {
    pub header: ReadAlong<HeaderRow>,
    /// The session `OpenFor::session` named, and its record if there is one.
    pub session: Option<(Vec<u8>, Option<SessionRow>)>,
    pub head: ReadAlong<HeadRow>,
}

/// What a write reads first, under its lock, to check that the store is still the one it
/// unlocked: the schema's generation, the key slot's checksum, and, where the backend reads
/// it along (a server, in the message that takes the lock), the head of the audit log.
#[derive(Debug, Clone, Default)]
pub struct UnderLock {
    pub generation: i64,
    /// The key slot's checksum, if it was read along.
    pub checksum: Option<Vec<u8>>,
    pub head: ReadAlong<HeadRow>,
    /// Whether a member row holds a scope (format 6), if it was read along: a write of a
    /// store without scoped members then reads neither the members nor their events.
    pub scoped_members: Option<bool>,
}

/// A row a backend read along with another statement's, or did not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReadAlong<T> {
    #[default]
    NotRead,
    /// What the read found: the row, or none.
    Read(Option<T>),
}

impl<T> ReadAlong<T> {
    /// The row as read along, or as `read` reads it now.
    pub fn or_read(self, read: impl FnOnce() -> Result<Option<T>>) -> Result<Option<T>> {
        match self {
            Self::Read(row) => Ok(row),
            Self::NotRead => read(),
        }
    }
}

/// The latest event about an application: `(id, sealed)`.
pub type LatestEvent = Option<(i64, Vec<u8>)>;

/// What an open is for, so that a server answers the first questions in one round trip.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenFor<'a> {
    /// The session whose record the command will read first.
    pub session: Option<&'a [u8]>,
    /// A write follows at once: its lock is taken with the first statement.
    pub write_now: bool,
    /// `check`: the schema is read and compared at the open.
    pub check: bool,
    /// This machine has seen the store at format 6 or later (a format never goes back): a
    /// write begun with the open's first statement may read there whether a member is scoped.
    pub scopes_known: bool,
}

/// An open storage. The logic above uses it as a [`Storage`]; only this module tells the
/// backends apart.
pub enum Handle {
    Sqlite(sqlite::SqliteStorage),
    Postgres(postgres::PgStorage),
}

impl std::ops::Deref for Handle {
    type Target = dyn Storage;

    fn deref(&self) -> &Self::Target {
        match self {
            Self::Sqlite(storage) => storage,
            Self::Postgres(storage) => storage,
        }
    }
}

impl std::ops::DerefMut for Handle {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            Self::Sqlite(storage) => storage,
            Self::Postgres(storage) => storage,
        }
    }
}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// Opens the store at `location`: `None` when there is none there (no file; a schema without
/// a store). A file must be private and a SQLite database of a store format.
pub fn open(location: &Location, purpose: OpenFor<'_>) -> Result<Option<Opened>> {
    match location {
        Location::File(path) => sqlite::open(path, purpose),
        Location::Postgres(target) => postgres::open(target, purpose),
    }
}

/// Makes a new store at `location` with the tables of `format`, filled by `fill`, all or
/// nothing: a file is built beside its place and linked in; a schema is made and filled in one
/// transaction. A store already there is a conflict, never overwritten.
pub fn create<T>(location: &Location, format: u32, fill: impl FnOnce(&dyn Tables) -> Result<T>) -> Result<T> {
    match location {
        Location::File(path) => sqlite::create_store(path, format, fill),
        Location::Postgres(target) => postgres::PgStorage::connect((**target).clone())?.create_store(format, fill),
    }
}

/// A consistent copy of the store behind `source`, without its sessions, into `dest`: a new,
/// empty, private file the caller made. The copy is a SQLite store of the same format, ids and
/// keys (a backup needs no key: it is as encrypted as the store).
pub fn copy_into_file(source: &Handle, dest: &Path) -> Result<()> {
    match source {
        Handle::Sqlite(storage) => sqlite::copy_without_sessions(storage, dest),
        Handle::Postgres(storage) => {
            let format = storage.format()?;
            sqlite::fill_new_file(dest, format, |copy| storage.read_together(&mut || copy_rows(storage, copy, format)))
        }
    }
}

/// Puts the store in the file `backup` (a restore's staging copy, the same store id, keys and
/// rows) in place of the store at `target`, or there if there is none: a reader sees the old
/// store or the restored one, never half of either.
pub fn replace(target: &Location, backup: &Path) -> Result<()> {
    let source = sqlite::open(backup, OpenFor::default())?
        .ok_or_else(|| Error::internal("the staging copy of a restore is gone"))?;
    let Handle::Sqlite(source) = source.storage else {
        return Err(Error::internal("the staging copy of a restore is not a file"));
    };
    match target {
        Location::File(path) => sqlite::install_over(&source, path),
        Location::Postgres(server) => {
            let format = source.format()?;
            postgres::PgStorage::connect((**server).clone())?.replace_store(&source, format)
        }
    }
}

/// Where a restore into `target` prepares its copy: beside a file, so that it lands on the same
/// file system; for a server, in the temporary folder (it holds what a backup does).
pub fn staging_file(target: &Location, suffix: &str) -> Result<PathBuf> {
    match target {
        Location::File(path) => {
            fs::create_parent_dirs(path)?;
            Ok(fs::companion(path, suffix))
        }
        Location::Postgres(_) => Ok(std::env::temp_dir().join(format!("revvy-apps{suffix}.db"))),
    }
}

/// Removes a store file and SQLite's companions of it, if there.
pub fn remove_file_store(path: &Path) {
    sqlite::remove(path);
}

/// Copies every row of a store as it is (the same store id, keys and row ids) into empty
/// tables, sessions aside — from format 6 the scoped members' grants and pending events too:
/// a backup of a store kept elsewhere (a server) as a file.
pub fn copy_rows(from: &dyn Tables, to: &dyn Tables, format: u32) -> Result<()> {
    let header = from.header(format)?.ok_or_else(|| Error::tampered("the store has no header to back up"))?;
    to.insert_header(&header)?;
    for member in from.members()? {
        to.insert_member(&member)?;
    }
    from.each_app(format, &mut |row| {
        to.insert_app_row(&row)?;
        if !row.usage.is_empty() {
            to.put_usage(row.id, &row.usage)?;
        }
        Ok(())
    })?;
    from.each_event(format, &mut |row| to.insert_event(&row))?;
    if format >= 6 {
        for grant in from.grants(None)? {
            to.put_grant(&grant)?;
        }
        for event in from.scope_events(None)? {
            to.insert_scope_event(&event)?;
        }
    }
    let head = from.head(format)?.ok_or_else(|| Error::tampered("the store has no audit head to back up"))?;
    to.put_head(&head)
}
