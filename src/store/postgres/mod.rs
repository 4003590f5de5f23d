//! The PostgreSQL implementation of [`Tables`]: a shared store on a server, holding exactly what
//! the SQLite file holds (ciphertext, keyed hashes, public keys, KDF parameters). Every write
//! is one transaction that first locks the audit head, and every statement must change exactly
//! the rows it meant to. Every SQL statement revvy-apps runs on a server is here or in
//! `schema`.

mod schema;
pub mod target;
mod tls;

use std::cell::RefCell;

use postgres::types::ToSql;
use postgres::{Client, Row};

use self::target::Target;
use super::crypto::KdfParams;
use super::header::Header;
use super::tables::{
    AppRow, EndSessions, EventRow, HeadRow, Lookup, MemberRow, SessionRow, Storage, Tables, WriteTransaction,
};
use crate::error::{Error, ErrorKind, Result};

/// A connection to the server, and the schema the store lives in.
pub(super) struct PgStorage {
    client: RefCell<Client>,
    /// The schema's objects as last read, kept for the pin check that follows at open.
    catalog: RefCell<Option<Vec<String>>>,
    target: Target,
    /// `s.` for the statements, where `s` is the store's schema.
    prefix: String,
}

impl std::fmt::Debug for PgStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgStorage({})", self.target.shown)
    }
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl PgStorage {
    /// Connects, bounded by `connect_timeout` as a whole (TCP, TLS and authentication), as
    /// libpq's is. An unreachable or refusing server is exit 6 naming the host and the cause;
    /// refused credentials are exit 5.
    pub(super) fn connect(target: Target) -> Result<Self> {
        let connector = tls::connector(&target)?;
        let mut config = target.config.clone();
        config.ssl_mode(match target.ssl_mode {
            target::SslMode::Disable => postgres::config::SslMode::Disable,
            target::SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let client = match connector {
                Some(tls) => config.connect(tls),
                None => config.connect(postgres::NoTls),
            };
            let _ = sender.send(client);
        });
        let client = match receiver.recv_timeout(target.connect_timeout) {
            Ok(Ok(client)) => client,
            Ok(Err(err)) => return Err(connect_error(&target, &err)),
            Err(_) => {
                return Err(Error::new(
                    ErrorKind::Unavailable,
                    format!(
                        "cannot reach the PostgreSQL server at {}: no answer within {} s (connect_timeout)",
                        target.host,
                        target.connect_timeout.as_secs()
                    ),
                )
                .with_hint("check that the server runs and the network reaches it; nothing was changed"));
            }
        };
        let prefix = format!("{}.", target.schema);
        Ok(Self { client: RefCell::new(client), catalog: RefCell::new(None), target, prefix })
    }

    pub(super) fn shown(&self) -> &str {
        &self.target.shown
    }

    /// The statement with `s.` standing for the store's schema (and counted).
    fn sql(&self, text: &str) -> String {
        crate::stats::statement_sent();
        text.replace("s.", &self.prefix)
    }

    fn query(&self, text: &str, params: Params<'_>) -> Result<Vec<Row>> {
        let sql = self.sql(text);
        self.client.borrow_mut().query(sql.as_str(), params).map_err(|err| self.error(&err))
    }

    fn query_opt(&self, text: &str, params: Params<'_>) -> Result<Option<Row>> {
        let sql = self.sql(text);
        self.client.borrow_mut().query_opt(sql.as_str(), params).map_err(|err| self.error(&err))
    }

    fn batch(&self, text: &str) -> Result<()> {
        let sql = self.sql(text);
        self.client.borrow_mut().batch_execute(&sql).map_err(|err| self.error(&err))
    }

    /// One INSERT, UPDATE or DELETE that must change exactly `expected` rows. Anything else
    /// means something on the server (a trigger, a rule, a policy) interfered.
    fn execute_exact(&self, text: &str, params: Params<'_>, expected: u64) -> Result<()> {
        let sql = self.sql(text);
        let changed = self.client.borrow_mut().execute(sql.as_str(), params).map_err(|err| self.error(&err))?;
        if changed == expected {
            return Ok(());
        }
        let table = text.split_whitespace().find_map(|word| word.strip_prefix("s.")).unwrap_or("?");
        Err(Error::new(
            ErrorKind::Tampered,
            format!(
                "a write to the table {table} changed {changed} row(s) where {expected} were meant: something on the server interfered with it"
            ),
        )
        .with_hint("nothing was changed; run `revvy-apps check`"))
    }

    fn error(&self, err: &postgres::Error) -> Error {
        statement_error(&self.target, err)
    }

    /// Creates the store's tables in its schema and runs `build` on them, in one transaction.
    /// A schema that already holds a store is a conflict.
    pub(super) fn create_store<T>(&self, build: impl FnOnce(&dyn Tables) -> Result<T>) -> Result<T> {
        self.batch("BEGIN")?;
        let result = (|| {
            self.batch(&format!("CREATE SCHEMA IF NOT EXISTS {}", self.target.schema))?;
            if self.store_exists()? {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!("a store already exists in the schema {} at {}", self.target.schema, self.target.shown),
                )
                .with_hint("use it, or set REVVY_APPS_PG_SCHEMA to another schema"));
            }
            self.batch(&schema::create_statements())?;
            let value = build(self)?;
            self.batch("COMMIT")?;
            Ok(value)
        })();
        if result.is_err() {
            let _ = self.batch("ROLLBACK");
        }
        result
    }

    /// The format of the store the schema holds, or `None` when it holds none (one statement:
    /// the table's absence is the answer).
    pub(super) fn store_format(&self) -> Result<Option<u32>> {
        let sql = self.sql("SELECT format FROM s.store_meta");
        let answer = self.client.borrow_mut().query_opt(sql.as_str(), &[]);
        match answer {
            Ok(row) => Ok(Some(row.and_then(|r| u32_of(int(&r, 0))).unwrap_or(0))),
            // undefined_table, invalid_schema_name
            Err(err) if err.code().is_some_and(|c| ["42P01", "3F000"].contains(&c.code())) => Ok(None),
            Err(err) => Err(self.error(&err)),
        }
    }

    /// Whether the schema holds a store (its header table).
    pub(super) fn store_exists(&self) -> Result<bool> {
        let row = self.query_opt(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'store_header'",
            &[&self.target.schema],
        )?;
        Ok(row.is_some())
    }
}

/// What went wrong while connecting, in the user's terms: the host and the cause.
fn connect_error(target: &Target, err: &postgres::Error) -> Error {
    if let Some(db) = err.as_db_error() {
        let code = db.code().code();
        // 28P01 invalid_password, 28000 invalid_authorization_specification.
        if code.starts_with("28") {
            return Error::new(
                ErrorKind::WrongPassphrase,
                format!("the PostgreSQL server at {} refused the login: {}", target.host, db.message()),
            )
            .with_hint("check the user and password (PGPASSWORD, ~/.pgpass, or the URL); nothing was changed");
        }
        return Error::new(
            ErrorKind::Unavailable,
            format!("the PostgreSQL server at {} refused the connection: {}", target.host, db.message()),
        )
        .with_hint("nothing was changed; the same command may succeed later");
    }
    let cause = std::error::Error::source(err).map_or_else(|| err.to_string(), ToString::to_string);
    if cause.contains("password missing") {
        return Error::new(
            ErrorKind::Locked,
            format!("the PostgreSQL server at {} asks for a password, and none was given", target.host),
        )
        .with_hint("set PGPASSWORD, add the password to ~/.pgpass (0600), or put it in the URL; nothing was changed");
    }
    let socket_hint = if target.host.contains("Unix socket") {
        " (is the server running, and is this its socket folder?)"
    } else {
        ""
    };
    Error::new(
        ErrorKind::Unavailable,
        format!("cannot reach the PostgreSQL server at {}{socket_hint}: {cause}", target.host),
    )
    .with_hint("check that the server runs, the address and port, and sslmode; nothing was changed")
}

/// What went wrong in a statement: a lost connection is exit 6, never damage.
fn statement_error(target: &Target, err: &postgres::Error) -> Error {
    if err.is_closed() || err.as_db_error().is_none() {
        let cause = std::error::Error::source(err).map_or_else(|| err.to_string(), ToString::to_string);
        return Error::new(
            ErrorKind::Unavailable,
            format!("the connection to the PostgreSQL server at {} was lost: {cause}", target.host),
        )
        .with_hint("nothing was committed; run the command again");
    }
    let db = err.as_db_error().map(|db| (db.code().code().to_owned(), db.message().to_owned()));
    match db {
        // serialization_failure, deadlock_detected, lock_not_available, query_canceled; and the
        // server's own trouble: connection exceptions (08), insufficient resources such as a
        // full disk (53), an operator intervening (57P0x), a read-only server (25006).
        Some((code, message))
            if ["40001", "40P01", "55P03", "57014", "25006"].contains(&code.as_str())
                || code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57P") =>
        {
            Error::new(
                ErrorKind::Unavailable,
                format!("the PostgreSQL server at {} could not do it now: {message}", target.host),
            )
            .with_hint("nothing was changed; the same command may succeed later")
        }
        // insufficient_privilege
        Some((code, message)) if code == "42501" => {
            Error::new(ErrorKind::Unavailable, format!("the PostgreSQL server at {} refused: {message}", target.host))
                .with_hint("the database user needs to read and write the store's schema")
        }
        Some((code, message)) => Error::internal(format!("PostgreSQL at {} answered {code}: {message}", target.host)),
        None => Error::internal("PostgreSQL failed"),
    }
}

fn bytes(row: &Row, index: usize) -> Vec<u8> {
    row.try_get::<_, Vec<u8>>(index).unwrap_or_default()
}

fn int(row: &Row, index: usize) -> Option<i64> {
    row.try_get::<_, i64>(index).ok()
}

fn text(row: &Row, index: usize) -> String {
    row.try_get::<_, String>(index).unwrap_or_default()
}

fn app_row(row: &Row) -> AppRow {
    AppRow {
        id: int(row, 0).unwrap_or_default(),
        version: int(row, 1),
        sealed: bytes(row, 2),
        client_id_mac: bytes(row, 3),
        name_mac: bytes(row, 4),
        usage: bytes(row, 5),
    }
}

const SELECT_APPS: &str = "SELECT a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, u.sealed \
                           FROM s.applications a LEFT JOIN s.app_usage u ON u.app_id = a.id";

fn u32_of(value: Option<i64>) -> Option<u32> {
    value.and_then(|v| u32::try_from(v).ok())
}

impl Tables for PgStorage {
    fn format(&self) -> Result<u32> {
        let row = self.query_opt("SELECT format FROM s.store_meta", &[])?;
        Ok(row.and_then(|r| u32_of(int(&r, 0))).unwrap_or(0))
    }

    fn schema_generation(&self) -> Result<i64> {
        schema::generation(self)
    }

    fn schema_problems(&self, format: u32) -> Result<Vec<String>> {
        schema::problems(self, format)
    }

    fn integrity_problems(&self) -> Result<Vec<String>> {
        // The server keeps its own pages; what revvy-apps can check is the rows, above.
        Ok(Vec::new())
    }

    fn upgrade_tables(&self, to: u32) -> Result<()> {
        Err(Error::internal(format!("a PostgreSQL store is made at format 3; no upgrade to {to}")))
    }

    fn header(&self, format: u32) -> Result<Option<Header>> {
        let row = self.query_opt(
            "SELECT store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_key, checksum, members_mac, members_digest FROM s.store_header",
            &[],
        )?;
        Ok(row.and_then(|r| {
            let kdf = KdfParams {
                memory_kib: u32_of(int(&r, 2))?,
                iterations: u32_of(int(&r, 3))?,
                parallelism: u32_of(int(&r, 4))?,
            };
            Some(Header {
                format,
                store_id: bytes(&r, 0),
                salt: bytes(&r, 1),
                kdf,
                wrapped_key: bytes(&r, 5),
                checksum: bytes(&r, 6),
                members_mac: bytes(&r, 7),
                members_digest: bytes(&r, 8),
            })
        }))
    }

    fn key_slot_checksum(&self) -> Result<Vec<u8>> {
        Ok(self.query_opt("SELECT checksum FROM s.store_header", &[])?.map(|r| bytes(&r, 0)).unwrap_or_default())
    }

    fn insert_header(&self, h: &Header) -> Result<()> {
        let kdf = [i64::from(h.kdf.memory_kib), i64::from(h.kdf.iterations), i64::from(h.kdf.parallelism)];
        self.execute_exact(
            "INSERT INTO s.store_header (singleton, store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_key, checksum, members_mac, members_digest) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[&h.store_id, &h.salt, &kdf[0], &kdf[1], &kdf[2], &h.wrapped_key, &h.checksum, &h.members_mac, &h.members_digest],
            1,
        )
    }

    fn update_header_members(&self, h: &Header) -> Result<()> {
        self.execute_exact(
            "UPDATE s.store_header SET kdf_salt = '\\x', wrapped_key = '\\x', members_mac = $1, members_digest = $2, checksum = $3",
            &[&h.members_mac, &h.members_digest, &h.checksum],
            1,
        )
    }

    fn members(&self) -> Result<Vec<MemberRow>> {
        let rows = self.query(
            "SELECT id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key FROM s.members ORDER BY id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| MemberRow {
                id: int(r, 0).unwrap_or_default(),
                name: text(r, 1),
                kind: text(r, 2),
                public_key: text(r, 3),
                created_at: int(r, 4),
                created_by: text(r, 5),
                kdf_salt: bytes(r, 6),
                wrapped_identity: bytes(r, 7),
                sealed_key: bytes(r, 8),
            })
            .collect())
    }

    fn insert_member(&self, m: &MemberRow) -> Result<i64> {
        let sql = self.sql(
            "INSERT INTO s.members (name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        );
        let row = self
            .client
            .borrow_mut()
            .query_one(
                sql.as_str(),
                &[
                    &m.name,
                    &m.kind,
                    &m.public_key,
                    &m.created_at,
                    &m.created_by,
                    &m.kdf_salt,
                    &m.wrapped_identity,
                    &m.sealed_key,
                ],
            )
            .map_err(|err| self.error(&err))?;
        Ok(int(&row, 0).unwrap_or_default())
    }

    fn delete_member(&self, id: i64) -> Result<()> {
        self.execute_exact("DELETE FROM s.members WHERE id = $1", &[&id], 1)
    }

    fn update_member_keys(&self, m: &MemberRow) -> Result<()> {
        self.execute_exact(
            "UPDATE s.members SET public_key = $1, kdf_salt = $2, wrapped_identity = $3, sealed_key = $4 WHERE id = $5",
            &[&m.public_key, &m.kdf_salt, &m.wrapped_identity, &m.sealed_key, &m.id],
            1,
        )
    }

    fn app(&self, _format: u32, lookup: Lookup, mac: &[u8]) -> Result<Option<AppRow>> {
        let filter = match lookup {
            Lookup::ClientId => " WHERE a.client_id_mac = $1",
            Lookup::Name => " WHERE a.name_mac = $1",
        };
        Ok(self.query_opt(&format!("{SELECT_APPS}{filter}"), &[&mac])?.as_ref().map(app_row))
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

    fn insert_app(&self, client_id_mac: &[u8], name_mac: &[u8], seal: &dyn Fn(i64) -> Vec<u8>) -> Result<i64> {
        let sql = self.sql(
            "INSERT INTO s.applications (client_id_mac, name_mac, version, sealed) VALUES ($1, $2, 1, '\\x') RETURNING id",
        );
        let row = self
            .client
            .borrow_mut()
            .query_one(sql.as_str(), &[&client_id_mac, &name_mac])
            .map_err(|err| self.error(&err))?;
        let id = int(&row, 0).unwrap_or_default();
        self.execute_exact("UPDATE s.applications SET sealed = $1 WHERE id = $2", &[&seal(id), &id], 1)?;
        Ok(id)
    }

    fn insert_app_row(&self, row: &AppRow) -> Result<()> {
        self.execute_exact(
            "INSERT INTO s.applications (id, client_id_mac, name_mac, version, sealed) VALUES ($1, $2, $3, $4, $5)",
            &[&row.id, &row.client_id_mac, &row.name_mac, &row.version, &row.sealed],
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
            &[&name_mac, &version, &sealed, &id],
            1,
        )
    }

    fn rewrite_app(&self, row: &AppRow) -> Result<()> {
        self.execute_exact(
            "UPDATE s.applications SET client_id_mac = $1, name_mac = $2, version = $3, sealed = $4 WHERE id = $5",
            &[&row.client_id_mac, &row.name_mac, &row.version, &row.sealed, &row.id],
            1,
        )
    }

    fn delete_app(&self, id: i64, with_usage: bool) -> Result<()> {
        if with_usage {
            self.execute_exact("DELETE FROM s.app_usage WHERE app_id = $1", &[&id], 1)?;
        }
        self.execute_exact("DELETE FROM s.applications WHERE id = $1", &[&id], 1)
    }

    fn put_usage(&self, app_id: i64, sealed: &[u8]) -> Result<()> {
        self.execute_exact(
            "INSERT INTO s.app_usage (app_id, sealed) VALUES ($1, $2) ON CONFLICT (app_id) DO UPDATE SET sealed = excluded.sealed",
            &[&app_id, &sealed],
            1,
        )
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

    fn latest_event_about(&self, subject_mac: &[u8]) -> Result<Option<(i64, Vec<u8>)>> {
        let row = self.query_opt(
            "SELECT id, sealed FROM s.audit_events WHERE subject_mac = $1 ORDER BY id DESC LIMIT 1",
            &[&subject_mac],
        )?;
        Ok(row.map(|r| (int(&r, 0).unwrap_or_default(), bytes(&r, 1))))
    }

    fn insert_event(&self, row: &EventRow) -> Result<()> {
        self.execute_exact(
            "INSERT INTO s.audit_events (id, sealed, mac, subject_mac) VALUES ($1, $2, $3, $4)",
            &[&row.id, &row.sealed, &row.mac, &row.subject_mac],
            1,
        )
    }

    fn put_event(&self, row: &EventRow) -> Result<()> {
        self.execute_exact(
            "UPDATE s.audit_events SET sealed = $1, mac = $2, subject_mac = $3 WHERE id = $4",
            &[&row.sealed, &row.mac, &row.subject_mac, &row.id],
            1,
        )
    }

    fn head(&self, _format: u32) -> Result<Option<HeadRow>> {
        let row = self.query_opt("SELECT last_id, last_mac, live_apps, head_mac FROM s.audit_head", &[])?;
        Ok(row.map(|r| HeadRow {
            last_id: int(&r, 0),
            last_mac: bytes(&r, 1),
            live_apps: int(&r, 2),
            mac: bytes(&r, 3),
        }))
    }

    fn put_head(&self, head: &HeadRow) -> Result<()> {
        self.execute_exact(
            "UPDATE s.audit_head SET last_id = $1, last_mac = $2, live_apps = $3, head_mac = $4",
            &[&head.last_id, &head.last_mac, &head.live_apps, &head.mac],
            1,
        )
    }

    fn session(&self, id: &[u8]) -> Result<Option<SessionRow>> {
        let row = self.query_opt("SELECT expires_at, wrapped_key, member FROM s.sessions WHERE id = $1", &[&id])?;
        Ok(row.map(|r| SessionRow { expires_at: int(&r, 0), wrapped_key: bytes(&r, 1), member: text(&r, 2) }))
    }

    fn insert_session(&self, id: &[u8], row: &SessionRow) -> Result<()> {
        self.execute_exact(
            "INSERT INTO s.sessions (id, expires_at, wrapped_key, member) VALUES ($1, $2, $3, $4)",
            &[&id, &row.expires_at, &row.wrapped_key, &row.member],
            1,
        )
    }

    fn end_sessions(&self, which: EndSessions<'_>) -> Result<usize> {
        let sql = self.sql(match which {
            EndSessions::All => "DELETE FROM s.sessions",
            EndSessions::ExpiredAt(_) => "DELETE FROM s.sessions WHERE expires_at <= $1",
            EndSessions::OneAndExpiredAt(..) => "DELETE FROM s.sessions WHERE id = $1 OR expires_at <= $2",
        });
        let mut client = self.client.borrow_mut();
        let changed = match which {
            EndSessions::All => client.execute(sql.as_str(), &[]),
            EndSessions::ExpiredAt(now) => client.execute(sql.as_str(), &[&now]),
            EndSessions::OneAndExpiredAt(id, now) => client.execute(sql.as_str(), &[&id, &now]),
        }
        .map_err(|err| statement_error(&self.target, &err))?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }
}

impl Storage for PgStorage {
    /// `BEGIN`, then the audit head locked `FOR UPDATE`: writers on every machine take turns,
    /// each seeing the last one's commit. A lock not granted in 30 s is exit 6.
    fn begin_write(&mut self) -> Result<Box<dyn WriteTransaction + '_>> {
        self.batch("BEGIN; SET LOCAL lock_timeout = '30s'")?;
        let tx = PgWrite { storage: self, done: false };
        let locked = tx.storage.query("SELECT last_id FROM s.audit_head FOR UPDATE", &[])?;
        if locked.len() != 1 {
            return Err(Error::tampered(format!(
                "the audit head of the store at {} is missing or doubled",
                tx.storage.target.shown
            )));
        }
        Ok(Box::new(tx))
    }

    fn forget_old_pages(&self) -> Result<()> {
        // Old row versions are the server's to vacuum; nothing of ours stays in a local file.
        Ok(())
    }

    /// A SQLite file holding the same store (the same id, keys and rows), without sessions.
    fn copy_without_sessions(&self, dest: &std::path::Path) -> Result<()> {
        let conn = super::sqlite::create(dest)?;
        let tx = conn.unchecked_transaction()?;
        super::sqlite::create_tables(&tx)?;
        super::backup::copy_rows(self, &*tx, super::FORMAT_VERSION)?;
        tx.commit()?;
        conn.close().map_err(|(_, err)| Error::from(err))
    }

    fn install_over(&self, _target: &std::path::Path) -> Result<()> {
        Err(Error::usage("`restore` puts a backup in place of a store file; a PostgreSQL store is restored with `copy --to` into an empty schema")
            .with_hint("nothing was changed"))
    }
}

/// A write transaction on the server; dropped without a commit, it rolls back.
struct PgWrite<'a> {
    storage: &'a PgStorage,
    done: bool,
}

impl WriteTransaction for PgWrite<'_> {
    fn tables(&self) -> &dyn Tables {
        self.storage
    }

    fn commit(mut self: Box<Self>) -> Result<()> {
        self.done = true;
        self.storage.batch("COMMIT")
    }
}

impl Drop for PgWrite<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.storage.batch("ROLLBACK");
        }
    }
}
