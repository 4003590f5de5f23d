//! The PostgreSQL implementation of [`Tables`]: a shared store on a server, holding exactly what
//! the SQLite file holds (ciphertext, keyed hashes, public keys, KDF parameters). Every write
//! is one transaction that first locks the audit head, and every statement must change exactly
//! the rows it meant to. Every SQL statement revvy-apps runs on a server is in this module:
//! here, in `schema` (the tables and their pin), `answer` (a command's and a write's first
//! statement), `write` (the lock) and `setup` (making and replacing a store).

mod answer;
mod blocking;
mod errors;
mod members;
mod params;
mod queue;
mod rows;
pub(super) mod schema;
mod setup;
pub use self::setup::open;
pub mod target;
mod tls;
mod transaction;
mod write;

use std::cell::RefCell;

use blocking::{Client, ConnectFailure};
use tokio_postgres::Row;

use self::errors::{connect_error, statement_error};
use self::params::{Params, bound, typed};
use self::queue::Queue;
use self::rows::{
    HEAD_COLUMNS, HEADER_COLUMNS, SELECT_APP_AND_LATEST_EVENT, SELECT_APPS, SESSION_COLUMNS, app_row, bytes, head_at,
    header_at, int, session_at, u32_of,
};
use self::target::Target;
use super::{AppRow, EndSessions, EventRow, HeadRow, Lookup, MemberRow, SessionRow, Storage, Tables, WriteTransaction};
use super::{FirstReads, HeaderRow, LatestEvent, ReadAlong};
use super::{GrantRow, GrantsOf, ScopeEventRow};
use crate::error::{Error, ErrorKind, Result};

/// A connection to the server, and the schema the store lives in.
pub struct PgStorage {
    client: Client,
    /// Inside a transaction, the changes not sent yet (see `queue`).
    queue: RefCell<Option<Queue>>,
    /// A write the open began with its first statement, and what it read under the lock.
    open_write: RefCell<Option<write::LockAnswer>>,
    /// Inside a write, the id the next application's row gets (read under the lock).
    next_app_id: std::cell::Cell<Option<i64>>,
    /// A write transaction is open.
    writing: std::cell::Cell<bool>,
    /// A transaction is open: its statements need no settings of their own (see `transaction`).
    in_transaction: std::cell::Cell<bool>,
    /// The store's format as this connection knows it: opened, read, made, or upgraded to (a
    /// write dropped puts back the one it began with). Which columns the tables have follows.
    format: std::cell::Cell<u32>,
    target: Target,
    /// What every transaction sets first (see `transaction::settings`).
    settings: String,
    /// `BEGIN` and the settings: what opens a statement with parameters outside a transaction.
    begin_alone: String,
    /// `s.` for the statements, where `s` is the store's schema.
    prefix: String,
}

impl std::fmt::Debug for PgStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgStorage({})", self.target.shown)
    }
}

impl PgStorage {
    /// Connects, bounded by `connect_timeout` as a whole (TCP, TLS and authentication), as
    /// libpq's is. An unreachable or refusing server is exit 6 naming the host and the cause;
    /// refused credentials are exit 5.
    pub fn connect(target: Target) -> Result<Self> {
        let connector = tls::connector(&target)?;
        // No startup `options` (PgBouncer refuses them): what a session needs is set in each
        // transaction (see `transaction`).
        let mut hosts = target.per_host.clone();
        for config in &mut hosts {
            config.ssl_mode(match target.ssl_mode {
                target::SslMode::Disable => tokio_postgres::config::SslMode::Disable,
                target::SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
                _ => tokio_postgres::config::SslMode::Require,
            });
        }
        let connected = match connector {
            Some(tls) => Client::connect(&hosts, &tls, target.connect_timeout, target.answer_deadline()),
            None => Client::connect(&hosts, &tokio_postgres::NoTls, target.connect_timeout, target.answer_deadline()),
        };
        let client = match connected {
            Ok(client) => client,
            Err(ConnectFailure::Refused(err)) => return Err(connect_error(&target, &err)),
            Err(ConnectFailure::NoRuntime(err)) => return Err(super::BackendError::ClientFailed.with(err)),
            Err(ConnectFailure::TimedOut) => return Err(errors::connect_timed_out(&target)),
        };
        let prefix = format!("{}.", target.schema);
        let settings = transaction::settings(&target);
        let begin_alone = format!("BEGIN; {settings}");
        Ok(Self {
            client,
            queue: RefCell::default(),
            open_write: RefCell::default(),
            next_app_id: None.into(),
            writing: false.into(),
            in_transaction: false.into(),
            format: 0.into(),
            target,
            settings,
            begin_alone,
            prefix,
        })
    }

    pub(super) fn shown(&self) -> &str {
        &self.target.shown
    }

    /// The connection, to send one message and wait for its answer (counted: a round trip).
    fn client(&self) -> &Client {
        crate::stats::round_trip();
        &self.client
    }

    /// The statement with `s.` standing for the store's schema (and counted). No alias in a
    /// statement may end in `s`.
    fn sql(&self, text: &str) -> String {
        crate::stats::statement_sent();
        text.replace("s.", &self.prefix)
    }

    /// A read: the changes waiting go first, so that it sees them. Outside a transaction,
    /// one of its own (see `transaction`).
    fn query(&self, text: &str, params: Params<'_>) -> Result<Vec<Row>> {
        self.send_changes()?;
        let sql = self.sql(text);
        self.client().query_typed(self.opening(), sql.as_str(), &bound(params)).map_err(|err| self.error(&err))
    }

    fn query_opt(&self, text: &str, params: Params<'_>) -> Result<Option<Row>> {
        self.send_changes()?;
        let sql = self.sql(text);
        self.client().query_typed_opt(self.opening(), sql.as_str(), &bound(params)).map_err(|err| self.error(&err))
    }

    /// Statements without parameters, in one message, after the changes waiting. A
    /// transaction's start or end: what was read before it is not reused after it.
    fn batch(&self, text: &str) -> Result<()> {
        self.send_changes()?;
        let sql = self.with_settings(&self.sql(text));
        self.client().batch_execute(&sql).map_err(|err| self.error(&err))
    }

    /// Runs a statement that changes rows, now, and says how many it changed. What was read
    /// before it is not reused after it.
    fn execute(&self, text: &str, params: Params<'_>) -> Result<u64> {
        self.send_changes()?;
        let sql = self.sql(text);
        self.client().execute_typed(self.opening(), sql.as_str(), &bound(params)).map_err(|err| self.error(&err))
    }

    fn error(&self, err: &tokio_postgres::Error) -> Error {
        if self.client.timed_out() {
            return errors::no_answer(&self.target);
        }
        statement_error(&self.target, err)
    }

    /// The format of the store the schema holds, or `None` when it holds none (the table's
    /// absence is the answer). What the open and the unlock read next comes in the same
    /// statement: the header, the head of the audit log, and the record of the session that
    /// is to unlock it, if any. With `write_now` the statement follows `BEGIN` and the write
    /// lock, in the same message, and also reads what the write checks first: the command
    /// writes next, and saves its own lock's round trip.
    pub(super) fn store_format(
        &self,
        session: Option<&[u8]>,
        write_now: bool,
        scopes_known: bool,
    ) -> Result<Option<(u32, FirstReads)>> {
        let select = answer::statement(&self.target.schema, session, write_now, scopes_known);
        let text =
            if write_now { format!("{}; {select}", answer::lock(&self.settings)) } else { self.with_settings(&select) };
        let answer = match self.ask(&text) {
            Ok(answer) => answer,
            Err(err) => {
                if write_now {
                    let _ = self.client().batch_execute("ROLLBACK");
                }
                if self.client.timed_out() {
                    return Err(errors::no_answer(&self.target));
                }
                // A store this machine saw at format 6 that has no scope column now (an older
                // copy put back): asked again as any format, so that the unlock names the
                // rollback rather than the tables.
                if scopes_known && err.code().is_some_and(|code| code.code() == "42703") {
                    return self.store_format(session, write_now, false);
                }
                // undefined_table, invalid_schema_name
                return match err.code() {
                    Some(code) if ["42P01", "3F000"].contains(&code.code()) => Ok(None),
                    _ => Err(self.error(&err)),
                };
            }
        };
        if answer.rows_beyond_one > 0 {
            if write_now {
                let _ = self.client().batch_execute("ROLLBACK");
            }
            return Err(Error::new(
                ErrorKind::Tampered,
                format!(
                    "the PostgreSQL server at {} answered with {} rows for the store's one row in the schema {}",
                    self.target.shown,
                    answer.rows_beyond_one + 1,
                    self.target.schema
                ),
            )
            .with_hint(
                "something other than revvy-apps wrote the store's tables; nothing was changed; run `revvy-apps check`",
            ));
        }
        let format = answer.format();
        self.format.set(format);
        if write_now {
            self.writing.set(true);
            self.in_transaction.set(true);
            self.hold_changes();
            *self.open_write.borrow_mut() = Some(write::LockAnswer::from_answer(&answer));
        }
        let first = FirstReads {
            header: ReadAlong::Read(answer.header()),
            session: session.map(|id| (id.to_vec(), answer.session())),
            head: ReadAlong::Read(answer.head()),
        };
        Ok(Some((format, first)))
    }
}

/// The condition that finds an application by one of its lookup columns.
fn lookup_filter(lookup: Lookup) -> &'static str {
    match lookup {
        Lookup::ClientId => " WHERE a.client_id_mac = $1",
        Lookup::Name => " WHERE a.name_mac = $1",
    }
}

impl Tables for PgStorage {
    fn format(&self) -> Result<u32> {
        let row = self.query_opt("SELECT format FROM s.store", &[])?;
        let format = row.and_then(|r| u32_of(int(&r, 0))).unwrap_or(0);
        self.format.set(format);
        Ok(format)
    }

    fn schema_generation(&self) -> Result<i64> {
        schema::generation(self)
    }

    /// Inside a write, what could act on the tables; for `check`, also a function planted
    /// in the schema (which acts only through one of those).
    fn schema_problems(&self, format: u32) -> Result<Vec<String>> {
        schema::problems(self, format, !self.writing.get())
    }

    fn integrity_problems(&self) -> Result<Vec<String>> {
        // The server keeps its own pages; what revvy-apps can check is the rows, above.
        Ok(Vec::new())
    }

    fn upgrade_tables(&self, to: u32) -> Result<()> {
        // Formats 4 and 5 keep format 3's tables (the head's column holds more; each record is
        // sealed under a key of its own): only the number. A server store is never of format 1
        // or 2 (the schema check refuses one), so no upgrade to 2 or 3 is ever asked of it.
        match to {
            4 | 5 => {}
            // Tables and a column: the first write after an update of revvy-apps needs the
            // schema's owner, as `init` and `restore` do.
            6 => self.batch(&schema::UPGRADE_TO_6.join(";\n")).map_err(|err| {
                err.context("cannot add the tables of format 6 to the store (a write by the schema's owner does)")
            })?,
            _ => {
                return Err(Error::internal(format!(
                    "a PostgreSQL store is made at format 3 or later; no upgrade to {to}"
                )));
            }
        }
        self.execute_exact("UPDATE s.store SET format = $1", &[typed(&i64::from(to))], 1)?;
        self.format.set(to);
        Ok(())
    }

    fn header(&self, _format: u32) -> Result<Option<HeaderRow>> {
        let row = self.query_opt(&format!("SELECT {HEADER_COLUMNS} FROM s.store h"), &[])?;
        Ok(row.and_then(|r| header_at(&r, 0)))
    }

    fn key_slot_checksum(&self) -> Result<Vec<u8>> {
        Ok(self.query_opt("SELECT checksum FROM s.store", &[])?.map(|r| bytes(&r, 0)).unwrap_or_default())
    }

    fn insert_header(&self, h: &HeaderRow) -> Result<()> {
        let kdf = [i64::from(h.kdf_memory_kib), i64::from(h.kdf_iterations), i64::from(h.kdf_parallelism)];
        self.execute_exact(
            "UPDATE s.store SET store_id = $1, kdf_salt = $2, kdf_memory_kib = $3, kdf_iterations = $4, kdf_parallelism = $5, wrapped_key = $6, checksum = $7, members_mac = $8, members_digest = $9 WHERE store_id IS NULL",
            &[
                typed(&h.store_id),
                typed(&h.salt),
                typed(&kdf[0]),
                typed(&kdf[1]),
                typed(&kdf[2]),
                typed(&h.wrapped_key),
                typed(&h.checksum),
                typed(&h.members_mac),
                typed(&h.members_digest),
            ],
            1,
        )
    }

    fn update_header_members(&self, h: &HeaderRow) -> Result<()> {
        self.execute_exact(
            "UPDATE s.store SET kdf_salt = '\\x', members_mac = $1, members_digest = $2, checksum = $3",
            &[typed(&h.members_mac), typed(&h.members_digest), typed(&h.checksum)],
            1,
        )
    }

    fn put_store_secret(&self, sealed: &[u8]) -> Result<()> {
        self.execute_exact("UPDATE s.store SET wrapped_key = $1", &[typed(&sealed)], 1)
    }

    fn members(&self) -> Result<Vec<MemberRow>> {
        members::members(self)
    }

    fn insert_member(&self, row: &MemberRow) -> Result<i64> {
        members::insert_member(self, row)
    }

    fn delete_member(&self, id: i64) -> Result<()> {
        self.execute_exact("DELETE FROM s.members WHERE id = $1", &[typed(&id)], 1)
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

    /// The application's row holds its usage record: the same columns as [`Tables::app`].
    fn granted_apps(&self, _format: u32, member_id: i64) -> Result<Vec<(GrantRow, Option<AppRow>)>> {
        members::granted_apps(self, member_id)
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

    fn app(&self, _format: u32, lookup: Lookup, mac: &[u8]) -> Result<Option<AppRow>> {
        let filter = lookup_filter(lookup);
        Ok(self.query_opt(&format!("{SELECT_APPS}{filter}"), &[typed(&mac)])?.map(|row| app_row(&row)))
    }

    fn app_with_latest_event(&self, _format: u32, lookup: Lookup, mac: &[u8]) -> Result<Option<(AppRow, LatestEvent)>> {
        let filter = lookup_filter(lookup);
        let Some(row) = self.query_opt(&format!("{SELECT_APP_AND_LATEST_EVENT}{filter}"), &[typed(&mac)])? else {
            return Ok(None);
        };
        let latest = row.try_get::<_, Option<i64>>(6).ok().flatten().map(|id| (id, bytes(&row, 7)));
        Ok(Some((app_row(&row), latest)))
    }

    fn each_app(&self, _format: u32, visit: &mut dyn FnMut(AppRow) -> Result<()>) -> Result<()> {
        for row in self.query(&format!("{SELECT_APPS} ORDER BY a.id"), &[])? {
            visit(app_row(&row))?;
        }
        Ok(())
    }

    fn app_count(&self) -> Result<i64> {
        Ok(self.query_opt("SELECT count(*) FROM s.applications", &[])?.and_then(|r| int(&r, 0)).unwrap_or_default())
    }

    /// With the id read under the write lock, the row goes with the write's other changes,
    /// sealed, and the sequence is set past it; else it is claimed first to learn its id.
    fn insert_app(
        &self,
        client_id_mac: &[u8],
        name_mac: &[u8],
        seal: &dyn Fn(i64) -> Vec<u8>,
        if_taken: Error,
    ) -> Result<i64> {
        if let Some(id) = self.next_app_id.take() {
            self.execute_exact_or(
                "INSERT INTO s.applications (id, client_id_mac, name_mac, version, sealed) VALUES ($1, $2, $3, 1, $4) \
                 ON CONFLICT (name_mac) DO NOTHING",
                &[typed(&id), typed(&client_id_mac), typed(&name_mac), typed(&seal(id))],
                1,
                Some(if_taken),
            )?;
            self.execute_exact_superseding("SELECT setval('s.applications_id_seq', $1)", &[typed(&id)], 1)?;
            self.next_app_id.set(Some(id + 1));
            return Ok(id);
        }
        let row = self.query_opt(
            "INSERT INTO s.applications (client_id_mac, name_mac, version, sealed) VALUES ($1, $2, 1, '\\x') \
             ON CONFLICT (name_mac) DO NOTHING RETURNING id",
            &[typed(&client_id_mac), typed(&name_mac)],
        )?;
        let Some(row) = row else { return Err(if_taken) };
        let id = int(&row, 0).ok_or_else(|| inserted_nothing("applications"))?;
        self.execute_exact("UPDATE s.applications SET sealed = $1 WHERE id = $2", &[typed(&seal(id)), typed(&id)], 1)?;
        Ok(id)
    }

    fn insert_app_row(&self, row: &AppRow) -> Result<()> {
        self.execute_exact(
            "INSERT INTO s.applications (id, client_id_mac, name_mac, version, sealed) VALUES ($1, $2, $3, $4, $5)",
            &[typed(&row.id), typed(&row.client_id_mac), typed(&row.name_mac), typed(&row.version), typed(&row.sealed)],
            1,
        )?;
        // The sequence moves past it, so later rows never collide with a copied id.
        self.batch(
            "SELECT setval(pg_get_serial_sequence('s.applications', 'id'), (SELECT max(id) FROM s.applications))",
        )
    }

    fn update_app(&self, id: i64, name_mac: &[u8], version: i64, sealed: &[u8]) -> Result<()> {
        self.execute_exact(
            "UPDATE s.applications SET name_mac = $1, version = $2, sealed = $3 WHERE id = $4",
            &[typed(&name_mac), typed(&version), typed(&sealed), typed(&id)],
            1,
        )
    }

    fn rewrite_app(&self, row: &AppRow) -> Result<()> {
        self.execute_exact(
            "UPDATE s.applications SET client_id_mac = $1, name_mac = $2, version = $3, sealed = $4 WHERE id = $5",
            &[typed(&row.client_id_mac), typed(&row.name_mac), typed(&row.version), typed(&row.sealed), typed(&row.id)],
            1,
        )
    }

    /// The row, and with it its last-use record (a column here).
    fn delete_app(&self, id: i64, _with_usage: bool) -> Result<()> {
        self.execute_exact("DELETE FROM s.applications WHERE id = $1", &[typed(&id)], 1)
    }

    fn put_usage(&self, app_id: i64, sealed: &[u8]) -> Result<()> {
        self.execute_exact("UPDATE s.applications SET usage = $2 WHERE id = $1", &[typed(&app_id), typed(&sealed)], 1)
    }

    /// A read-only transaction at REPEATABLE READ: one snapshot for all its statements.
    fn read_together(&self, work: &mut dyn FnMut() -> Result<()>) -> Result<()> {
        if self.in_transaction.get() {
            return work();
        }
        self.begin(" ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        let result = work();
        let end = if result.is_ok() { self.commit() } else { self.roll_back() };
        result.and(end)
    }

    fn each_event(&self, _format: u32, visit: &mut dyn FnMut(EventRow) -> Result<()>) -> Result<()> {
        for r in self.query("SELECT id, sealed, mac, subject_mac FROM s.audit_events ORDER BY id", &[])? {
            let subject_mac = r.try_get::<_, Option<Vec<u8>>>(3).ok().flatten();
            visit(EventRow {
                id: int(&r, 0).unwrap_or_default(),
                sealed: bytes(&r, 1),
                mac: bytes(&r, 2),
                subject_mac,
            })?;
        }
        Ok(())
    }

    fn latest_event_about(&self, subject_mac: &[u8]) -> Result<LatestEvent> {
        let row = self.query_opt(
            "SELECT id, sealed FROM s.audit_events WHERE subject_mac = $1 ORDER BY id DESC LIMIT 1",
            &[typed(&subject_mac)],
        )?;
        Ok(row.map(|r| (int(&r, 0).unwrap_or_default(), bytes(&r, 1))))
    }

    fn insert_event(&self, row: &EventRow) -> Result<()> {
        self.execute_exact(
            "INSERT INTO s.audit_events (id, sealed, mac, subject_mac) VALUES ($1, $2, $3, $4)",
            &[typed(&row.id), typed(&row.sealed), typed(&row.mac), typed(&row.subject_mac)],
            1,
        )
    }

    fn put_event(&self, row: &EventRow) -> Result<()> {
        self.execute_exact(
            "UPDATE s.audit_events SET sealed = $1, mac = $2, subject_mac = $3 WHERE id = $4",
            &[typed(&row.sealed), typed(&row.mac), typed(&row.subject_mac), typed(&row.id)],
            1,
        )
    }

    fn head(&self, _format: u32) -> Result<Option<HeadRow>> {
        let row = self.query_opt(&format!("SELECT {HEAD_COLUMNS} FROM s.store a"), &[])?;
        Ok(row.and_then(|r| head_at(&r, 0)))
    }

    fn put_head(&self, head: &HeadRow) -> Result<()> {
        self.execute_exact_superseding(
            "UPDATE s.store SET last_id = $1, last_mac = $2, live_apps = $3, head_mac = $4",
            &[typed(&head.last_id), typed(&head.last_mac), typed(&head.live_apps), typed(&head.mac)],
            1,
        )
    }

    fn session(&self, id: &[u8]) -> Result<Option<SessionRow>> {
        let row =
            self.query_opt(&format!("SELECT {SESSION_COLUMNS} FROM s.sessions se WHERE se.id = $1"), &[typed(&id)])?;
        Ok(row.and_then(|row| session_at(&row, 0)))
    }

    fn insert_session(&self, id: &[u8], row: &SessionRow) -> Result<()> {
        self.execute_exact(
            "INSERT INTO s.sessions (id, expires_at, wrapped_key, member) VALUES ($1, $2, $3, $4)",
            &[typed(&id), typed(&row.expires_at), typed(&row.wrapped_key), typed(&row.member)],
            1,
        )
    }

    fn end_sessions(&self, which: EndSessions<'_>) -> Result<usize> {
        let changed = match which {
            EndSessions::All => self.execute("DELETE FROM s.sessions", &[]),
            EndSessions::ExpiredAt(now) => {
                self.execute("DELETE FROM s.sessions WHERE expires_at <= $1", &[typed(&now)])
            }
            EndSessions::OneAndExpiredAt(id, now) => {
                self.execute("DELETE FROM s.sessions WHERE id = $1 OR expires_at <= $2", &[typed(&id), typed(&now)])
            }
        }?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }
}

fn inserted_nothing(table: &str) -> Error {
    Error::new(
        ErrorKind::Tampered,
        format!("an insert into the table {table} returned no row: something on the server interfered with it"),
    )
    .with_hint("nothing was changed; run `revvy-apps check`")
}

impl Storage for PgStorage {
    fn begin_write(&mut self) -> Result<Box<dyn WriteTransaction + '_>> {
        Ok(Box::new(write::PgWrite::begin(self)?))
    }

    fn forget_old_pages(&self) -> Result<()> {
        // Old row versions are the server's to vacuum; nothing of ours stays in a local file.
        Ok(())
    }
}
