//! The SQLite implementation of [`Tables`]: one file, WAL, `BEGIN IMMEDIATE` for every write.
//! Every SQL statement revvy-apps runs on a store is in this module and its `schema`.

mod errors;
mod files;
mod members;
pub(super) mod schema;

pub use self::files::{copy_without_sessions, create_store, fill_new_file, install_over, open, remove};

/// A store file, open: SQLite's connection is the storage.
pub type SqliteStorage = Connection;

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, params};

use self::schema::execute_exact;
use super::HeaderRow;
use super::fs;
use super::{
    AppRow, EndSessions, EventRow, GrantRow, GrantsOf, HeadRow, LatestEvent, Lookup, MemberRow, ReadAlong,
    ScopeEventRow, SessionRow, Storage, Tables, UnderLock, WriteTransaction,
};
use crate::error::{Error, ErrorKind, Result};

/// A column's bytes whether SQLite holds it as a blob, as text or as null: a column whose type
/// was changed behind our back then fails authentication (exit 7) instead of the read (exit 1).
fn bytes(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Vec<u8>> {
    Ok(match row.get_ref(index)? {
        ValueRef::Blob(b) | ValueRef::Text(b) => b.to_vec(),
        ValueRef::Null | ValueRef::Integer(_) | ValueRef::Real(_) => Vec::new(),
    })
}

/// A column that must hold an integer, or `None` when it holds anything else (altered).
fn integer(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<i64>> {
    Ok(match row.get_ref(index)? {
        ValueRef::Integer(i) => Some(i),
        _ => None,
    })
}

/// The one SELECT of application rows, with a tail (a filter, an order); [`app_row`] reads
/// its columns. From format 3 each row comes with its usage record, in the same statement.
macro_rules! select_apps {
    ($format:expr, $tail:literal) => {
        if $format >= 3 {
            concat!(
                "SELECT a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, u.sealed \
                 FROM applications a LEFT JOIN app_usage u ON u.app_id = a.id",
                $tail
            )
        } else {
            concat!("SELECT a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, NULL FROM applications a", $tail)
        }
    };
}

fn app_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AppRow> {
    app_row_at(r, 0)
}

/// An application row in the columns from `at` on, in [`select_apps`]'s order.
fn app_row_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<AppRow> {
    Ok(AppRow {
        id: r.get(at)?,
        version: integer(r, at + 1)?,
        sealed: bytes(r, at + 2)?,
        client_id_mac: bytes(r, at + 3)?,
        name_mac: bytes(r, at + 4)?,
        usage: bytes(r, at + 5)?,
    })
}

impl Tables for Connection {
    fn format(&self) -> Result<u32> {
        Ok(self.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    fn schema_generation(&self) -> Result<i64> {
        Ok(schema::schema_cookie(self)?)
    }

    fn schema_problems(&self, format: u32) -> Result<Vec<String>> {
        Ok(schema::schema_problems(self, format)?)
    }

    fn integrity_problems(&self) -> Result<Vec<String>> {
        let lines: Vec<String> =
            self.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if lines == ["ok"] {
            return Ok(Vec::new());
        }
        Ok(lines.into_iter().map(|line| format!("SQLite integrity check: {line}")).collect())
    }

    fn upgrade_tables(&self, to: u32) -> Result<()> {
        match to {
            2 => self.execute_batch(schema::UPGRADE_TO_2)?,
            3 => self.execute_batch(&schema::upgrade_to_3())?,
            // Format 4 keeps format 3's tables: the audit head's MAC column also holds the
            // usage digest it covers.
            // Format 5 too: each record is sealed under a key of its own, in the same column.
            4 | 5 => {}
            6 => self.execute_batch(&schema::upgrade_to_6())?,
            _ => return Err(Error::internal(format!("no upgrade of the tables to format {to}"))),
        }
        self.pragma_update(None, "user_version", to)?;
        Ok(())
    }

    fn header(&self, format: u32) -> Result<Option<HeaderRow>> {
        let sql = if format >= 3 {
            "SELECT store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_key, checksum, members_mac, members_digest FROM store_header"
        } else {
            "SELECT store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_key, checksum, x'', x'' FROM store_header"
        };
        let row = self
            .prepare_cached(sql)?
            .query_row([], |r| {
                let number = |i| integer(r, i).map(|v| v.and_then(|v| u32::try_from(v).ok()));
                let kdf = match (number(2)?, number(3)?, number(4)?) {
                    (Some(memory_kib), Some(iterations), Some(parallelism)) => {
                        Some((memory_kib, iterations, parallelism))
                    }
                    _ => None,
                };
                Ok(kdf.map(|kdf| (kdf, [bytes(r, 0), bytes(r, 1), bytes(r, 5), bytes(r, 6), bytes(r, 7), bytes(r, 8)])))
            })
            .optional()?
            .flatten();
        let Some((kdf, [store_id, salt, wrapped_key, checksum, members_mac, members_digest])) = row else {
            return Ok(None);
        };
        let (kdf_memory_kib, kdf_iterations, kdf_parallelism) = kdf;
        Ok(Some(HeaderRow {
            store_id: store_id?,
            salt: salt?,
            kdf_memory_kib,
            kdf_iterations,
            kdf_parallelism,
            wrapped_key: wrapped_key?,
            members_mac: members_mac?,
            members_digest: members_digest?,
            checksum: checksum?,
        }))
    }

    fn key_slot_checksum(&self) -> Result<Vec<u8>> {
        Ok(self.prepare_cached("SELECT checksum FROM store_header")?.query_row([], |r| bytes(r, 0))?)
    }

    fn insert_header(&self, h: &HeaderRow) -> Result<()> {
        execute_exact(
            self,
            "INSERT INTO store_header VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                h.store_id,
                h.salt,
                h.kdf_memory_kib,
                h.kdf_iterations,
                h.kdf_parallelism,
                h.wrapped_key,
                h.checksum,
                h.members_mac,
                h.members_digest
            ],
            1,
        )
    }

    fn update_header_members(&self, h: &HeaderRow) -> Result<()> {
        execute_exact(
            self,
            "UPDATE store_header SET kdf_salt = x'', members_mac = ?1, members_digest = ?2, checksum = ?3",
            params![h.members_mac, h.members_digest, h.checksum],
            1,
        )
    }

    fn put_store_secret(&self, sealed: &[u8]) -> Result<()> {
        execute_exact(self, "UPDATE store_header SET wrapped_key = ?1", params![sealed], 1)
    }

    fn members(&self) -> Result<Vec<MemberRow>> {
        members::members(self)
    }

    fn insert_member(&self, row: &MemberRow) -> Result<i64> {
        members::insert_member(self, row)
    }

    fn delete_member(&self, id: i64) -> Result<()> {
        execute_exact(self, "DELETE FROM members WHERE id = ?1", [id], 1)
    }

    fn update_member_keys(&self, row: &MemberRow) -> Result<()> {
        members::update_member_keys(self, row)
    }

    fn grants(&self, member_id: Option<i64>) -> Result<Vec<GrantRow>> {
        members::grants(self, member_id)
    }

    fn grants_for_app(&self, app_id: i64) -> Result<Vec<GrantRow>> {
        members::grants_for_app(self, app_id)
    }

    fn put_grant(&self, row: &GrantRow) -> Result<()> {
        members::put_grant(self, row)
    }

    fn delete_grants(&self, which: GrantsOf) -> Result<usize> {
        members::delete_grants(self, which)
    }

    fn granted_apps(&self, format: u32, member_id: i64) -> Result<Vec<(GrantRow, Option<AppRow>)>> {
        members::granted_apps(self, format, member_id)
    }

    fn scope_events(&self, member_id: Option<i64>) -> Result<Vec<ScopeEventRow>> {
        members::scope_events(self, member_id)
    }

    fn insert_scope_event(&self, row: &ScopeEventRow) -> Result<()> {
        members::insert_scope_event(self, row)
    }

    fn delete_scope_events(&self, member_id: i64) -> Result<usize> {
        members::delete_scope_events(self, member_id)
    }

    fn app(&self, format: u32, lookup: Lookup, mac: &[u8]) -> Result<Option<AppRow>> {
        let sql = match lookup {
            Lookup::ClientId => select_apps!(format, " WHERE a.client_id_mac = ?1"),
            Lookup::Name => select_apps!(format, " WHERE a.name_mac = ?1"),
        };
        Ok(self.prepare_cached(sql)?.query_row([mac], app_row).optional()?)
    }

    fn app_with_latest_event(&self, format: u32, lookup: Lookup, mac: &[u8]) -> Result<Option<(AppRow, LatestEvent)>> {
        let Some(row) = self.app(format, lookup, mac)? else { return Ok(None) };
        let latest = self.latest_event_about(&row.client_id_mac)?;
        Ok(Some((row, latest)))
    }

    fn each_app(&self, format: u32, visit: &mut dyn FnMut(AppRow) -> Result<()>) -> Result<()> {
        let mut stmt = self.prepare_cached(select_apps!(format, " ORDER BY a.id"))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            visit(app_row(r)?)?;
        }
        Ok(())
    }

    fn app_count(&self) -> Result<i64> {
        Ok(self.prepare_cached("SELECT count(*) FROM applications")?.query_row([], |r| r.get(0))?)
    }

    fn insert_app(
        &self,
        client_id_mac: &[u8],
        name_mac: &[u8],
        seal: &dyn Fn(i64) -> Vec<u8>,
        if_taken: Error,
    ) -> Result<i64> {
        // Claimed with an empty record first: the id is only known once the row exists.
        let inserted = self
            .prepare_cached(
                "INSERT INTO applications (client_id_mac, name_mac, version, sealed) VALUES (?1, ?2, 1, x'') \
                 ON CONFLICT (name_mac) DO NOTHING",
            )?
            .execute(params![client_id_mac, name_mac])?;
        if inserted == 0 {
            return Err(if_taken);
        }
        let id = self.last_insert_rowid();
        execute_exact(self, "UPDATE applications SET sealed = ?1 WHERE id = ?2", params![seal(id), id], 1)?;
        Ok(id)
    }

    fn insert_app_row(&self, row: &AppRow) -> Result<()> {
        execute_exact(
            self,
            "INSERT INTO applications (id, client_id_mac, name_mac, version, sealed) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![row.id, row.client_id_mac, row.name_mac, row.version, row.sealed],
            1,
        )
    }

    fn update_app(&self, id: i64, name_mac: &[u8], version: i64, sealed: &[u8]) -> Result<()> {
        execute_exact(
            self,
            "UPDATE applications SET name_mac = ?1, version = ?2, sealed = ?3 WHERE id = ?4",
            params![name_mac, version, sealed, id],
            1,
        )
    }

    fn rewrite_app(&self, row: &AppRow) -> Result<()> {
        execute_exact(
            self,
            "UPDATE applications SET client_id_mac = ?1, name_mac = ?2, version = ?3, sealed = ?4 WHERE id = ?5",
            params![row.client_id_mac, row.name_mac, row.version, row.sealed, row.id],
            1,
        )
    }

    fn delete_app(&self, id: i64, with_usage: bool) -> Result<()> {
        execute_exact(self, "DELETE FROM applications WHERE id = ?1", [id], 1)?;
        if with_usage {
            execute_exact(self, "DELETE FROM app_usage WHERE app_id = ?1", [id], 1)?;
        }
        Ok(())
    }

    fn put_usage(&self, app_id: i64, sealed: &[u8]) -> Result<()> {
        execute_exact(
            self,
            "INSERT INTO app_usage (app_id, sealed) VALUES (?1, ?2) ON CONFLICT (app_id) DO UPDATE SET sealed = excluded.sealed",
            params![app_id, sealed],
            1,
        )
    }

    /// A deferred transaction: in WAL mode its reads share the snapshot the first one took.
    fn read_together(&self, work: &mut dyn FnMut() -> Result<()>) -> Result<()> {
        if !self.is_autocommit() {
            return work();
        }
        self.execute_batch("BEGIN DEFERRED")?;
        let result = work();
        let end = self.execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        result.and(end.map_err(Error::from))
    }

    fn each_event(&self, format: u32, visit: &mut dyn FnMut(EventRow) -> Result<()>) -> Result<()> {
        // Format 1 has no subject column.
        let sql = if format == 1 {
            "SELECT id, sealed, mac, NULL FROM audit_events ORDER BY id"
        } else {
            "SELECT id, sealed, mac, subject_mac FROM audit_events ORDER BY id"
        };
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let subject_mac = match r.get_ref(3)? {
                ValueRef::Null => None,
                _ => Some(bytes(r, 3)?),
            };
            visit(EventRow { id: r.get(0)?, sealed: bytes(r, 1)?, mac: bytes(r, 2)?, subject_mac })?;
        }
        Ok(())
    }

    fn latest_event_about(&self, subject_mac: &[u8]) -> Result<LatestEvent> {
        Ok(self
            .prepare_cached("SELECT id, sealed FROM audit_events WHERE subject_mac = ?1 ORDER BY id DESC LIMIT 1")?
            .query_row([subject_mac], |r| Ok((r.get::<_, i64>(0)?, bytes(r, 1)?)))
            .optional()?)
    }

    fn insert_event(&self, row: &EventRow) -> Result<()> {
        execute_exact(
            self,
            "INSERT INTO audit_events (id, sealed, mac, subject_mac) VALUES (?1, ?2, ?3, ?4)",
            params![row.id, row.sealed, row.mac, row.subject_mac],
            1,
        )
    }

    fn put_event(&self, row: &EventRow) -> Result<()> {
        execute_exact(
            self,
            "UPDATE audit_events SET sealed = ?1, mac = ?2, subject_mac = ?3 WHERE id = ?4",
            params![row.sealed, row.mac, row.subject_mac, row.id],
            1,
        )
    }

    fn head(&self, format: u32) -> Result<Option<HeadRow>> {
        // Format 1 kept neither a count nor a MAC of its own.
        let sql = if format == 1 {
            "SELECT last_id, last_mac, 0, x'' FROM audit_head"
        } else {
            "SELECT last_id, last_mac, live_apps, head_mac FROM audit_head"
        };
        Ok(self
            .prepare_cached(sql)?
            .query_row([], |r| {
                Ok(HeadRow {
                    last_id: integer(r, 0)?,
                    last_mac: bytes(r, 1)?,
                    live_apps: integer(r, 2)?,
                    mac: bytes(r, 3)?,
                })
            })
            .optional()?)
    }

    fn put_head(&self, head: &HeadRow) -> Result<()> {
        execute_exact(
            self,
            "UPDATE audit_head SET last_id = ?1, last_mac = ?2, live_apps = ?3, head_mac = ?4",
            params![head.last_id, head.last_mac, head.live_apps, head.mac],
            1,
        )
    }

    fn session(&self, id: &[u8]) -> Result<Option<SessionRow>> {
        Ok(self
            .prepare_cached("SELECT expires_at, wrapped_key, member FROM sessions WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(SessionRow {
                    expires_at: integer(r, 0)?,
                    wrapped_key: bytes(r, 1)?,
                    member: String::from_utf8_lossy(&bytes(r, 2)?).into_owned(),
                })
            })
            .optional()?)
    }

    fn insert_session(&self, id: &[u8], row: &SessionRow) -> Result<()> {
        execute_exact(
            self,
            "INSERT INTO sessions (id, expires_at, wrapped_key, member) VALUES (?1, ?2, ?3, ?4)",
            params![id, row.expires_at, row.wrapped_key, row.member],
            1,
        )
    }

    fn end_sessions(&self, which: EndSessions<'_>) -> Result<usize> {
        Ok(match which {
            EndSessions::All => self.prepare_cached("DELETE FROM sessions")?.execute([])?,
            EndSessions::ExpiredAt(now) => {
                self.prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1")?.execute([now])?
            }
            EndSessions::OneAndExpiredAt(id, now) => self
                .prepare_cached("DELETE FROM sessions WHERE id = ?1 OR expires_at <= ?2")?
                .execute(params![id, now])?,
        })
    }
}

/// Opens the file read-write, or read-only where its folder cannot be written (a read-only
/// mount, a secret volume): SQLite cannot make its shared-memory file there, so the store is
/// opened immutable, which is true of such a mount. Returns the connection, whether it is
/// read-only, and the format version.
pub(super) fn connect(path: &Path) -> Result<(Connection, bool, (u32, i64))> {
    let read_write =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .and_then(|mut conn| {
                errors::count_statements(&mut conn);
                schema::configure(&conn)?;
                let format = format_and_cookie(&conn)?;
                Ok((conn, format))
            });
    match read_write {
        Ok((conn, format)) => Ok((conn, false, format)),
        Err(err) if is_unwritable(&err) => {
            let wal = fs::companion(path, "-wal");
            if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                return Err(Error::new(
                    ErrorKind::Unavailable,
                    format!("the store {} is on a read-only file system with changes still in {}", path.display(), wal.display()),
                )
                .with_hint("open it once where it is writable (any read command folds the changes in), then mount it read-only"));
            }
            let mut conn = Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(Error::from)?;
            errors::count_statements(&mut conn);
            schema::configure(&conn)?;
            let format = format_and_cookie(&conn).map_err(|err| not_a_store(path, err))?;
            Ok((conn, true, format))
        }
        Err(err) => Err(not_a_store(path, err)),
    }
}

/// The format version and SQLite's schema counter. The counter is read
/// before the schema is compared, so a change after the comparison is seen by the next write.
fn format_and_cookie(conn: &Connection) -> rusqlite::Result<(u32, i64)> {
    let format = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    Ok((format, schema::schema_cookie(conn)?))
}

fn is_unwritable(err: &rusqlite::Error) -> bool {
    matches!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly))
}

/// A path as the path part of a `file:` URI: every byte outside the unreserved set and `/` is
/// percent-encoded, so `?`, `#` and `%` in a folder name mean themselves.
fn uri_path(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    absolute
        .as_os_str()
        .as_bytes()
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A new, empty database file in WAL mode, configured like every connection.
pub(super) fn create(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = WAL;")?;
    schema::configure(&conn)?;
    Ok(conn)
}

/// The tables of `format` (3 or later: a backup of a server store not yet upgraded is of an
/// older one), and the format number.
pub(super) fn create_tables(tx: &Connection, format: u32) -> Result<()> {
    let format = format.clamp(3, schema::FORMAT_VERSION);
    tx.execute_batch(&schema::create_statements(format))?;
    tx.pragma_update(None, "user_version", format)?;
    Ok(())
}

/// A file that opened but is not a store, or not a readable one. An I/O condition (a full
/// disk, a read-only mount, a lock) says what it is instead, and is never called damage.
pub(super) fn not_a_store(path: &Path, err: rusqlite::Error) -> Error {
    let io = Error::from(err);
    if io.kind() != ErrorKind::Internal && io.kind() != ErrorKind::Tampered {
        return io;
    }
    Error::new(ErrorKind::Tampered, format!("{} is not a revvy-apps store, or is damaged", path.display()))
        .with_hint("check the --store path; restore the store from a backup if it was damaged")
        .with_source(io)
}

impl Storage for Connection {
    /// `BEGIN IMMEDIATE`, then the schema's counter: reads of a local file cost no round
    /// trip, so the rest of what a write checks is read when it is asked for.
    fn begin_write(&mut self) -> Result<Box<dyn WriteTransaction + '_>> {
        let tx = schema::begin_write(self)?;
        let under_lock = UnderLock {
            generation: schema::schema_cookie(&tx)?,
            checksum: None,
            head: ReadAlong::NotRead,
            scoped_members: None,
        };
        Ok(Box::new(SqliteWrite { tx, under_lock }))
    }

    /// Folds the WAL into the file and truncates it. A busy reader may keep it; that is no
    /// error.
    fn forget_old_pages(&self) -> Result<()> {
        self.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).optional()?;
        Ok(())
    }
}

/// A write on the file: SQLite's transaction, and what it read first under the lock.
struct SqliteWrite<'c> {
    tx: rusqlite::Transaction<'c>,
    under_lock: UnderLock,
}

impl WriteTransaction for SqliteWrite<'_> {
    fn tables(&self) -> &dyn Tables {
        &*self.tx
    }

    fn under_lock(&self) -> &UnderLock {
        &self.under_lock
    }

    fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}
