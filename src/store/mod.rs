//! The store: one SQLite file holding sealed application records. This module and its
//! children are the only code that touches the file or a key.

mod audit;
mod backup;
mod check;
pub mod codec;
pub mod crypto;
mod fs;
pub mod keys;
mod maintenance;
mod records;
mod schema;
mod seen;
mod session;
mod upgrade;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension as _};

pub use self::audit::StoredEvent;
use self::audit::{Head, read_head};
pub use self::check::CheckReport;
pub use self::crypto::KdfParams;
use self::keys::Keys;
pub use self::keys::{DEFAULT_KDF, Passphrase};
pub use self::maintenance::RekeyReport;
pub use self::records::{Listing, Stored, Writer};
use self::records::{Sealer, bytes, integer};
use self::seen::Seen;
pub use self::session::{SessionToken, end_sessions};
use crate::error::{Error, ErrorKind, Result};

const STORE_ID_LEN: usize = 16;
const SALT_LEN: usize = 16;

/// The header row, read before anything is unlocked.
#[derive(Debug, Clone)]
struct Header {
    store_id: Vec<u8>,
    salt: Vec<u8>,
    kdf: KdfParams,
    wrapped_key: Vec<u8>,
    checksum: Vec<u8>,
}

impl Header {
    /// A new key slot: a fresh salt, the data key wrapped under the passphrase, the checksum.
    fn seal_key_slot(&mut self, passphrase: &Passphrase, data_key: &crypto::SecretKey) -> Result<()> {
        self.salt = crypto::random_array::<SALT_LEN>().to_vec();
        let kek = keys::derive_kek(passphrase, &self.salt, self.kdf)?;
        self.wrapped_key = keys::wrap(&kek, &self.context(), data_key);
        self.checksum = self.compute_checksum().to_vec();
        Ok(())
    }

    /// A plain checksum of the header. It is no security boundary (the key slot's associated
    /// data is): it tells an altered header (exit 7) from a wrong passphrase (exit 5), and a
    /// write compares it to notice keys changed since it unlocked.
    fn compute_checksum(&self) -> [u8; 32] {
        let key = crypto::SecretKey::from_bytes(*b"revvy-apps/v1/header-checksum!!!");
        let mut message = self.context();
        message.extend_from_slice(&self.wrapped_key);
        crypto::mac(&key, &message)
    }

    /// The key slot has kept its first layout through every format: its context says 1.
    fn context(&self) -> Vec<u8> {
        keys::key_slot_context(&self.store_id, 1, &self.salt, self.kdf)
    }

    fn read(conn: &Connection, path: &Path) -> Result<Self> {
        let row = conn
            .prepare_cached(
                "SELECT store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_key, checksum FROM store_header",
            )?
            .query_row([], |r| {
                let number = |i| integer(r, i).map(|v| v.and_then(|v| u32::try_from(v).ok()));
                Ok((bytes(r, 0)?, bytes(r, 1)?, number(2)?, number(3)?, number(4)?, bytes(r, 5)?, bytes(r, 6)?))
            })
            .optional()?;
        let Some((store_id, salt, Some(memory_kib), Some(iterations), Some(parallelism), wrapped_key, checksum)) = row
        else {
            return Err(tampered_header(path));
        };
        let header =
            Self { store_id, salt, kdf: KdfParams { memory_kib, iterations, parallelism }, wrapped_key, checksum };
        if !crypto::mac_eq(&header.checksum, &header.compute_checksum()) {
            return Err(tampered_header(path));
        }
        Ok(header)
    }
}

/// Why a store is opened, which decides what stops the opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Every command: any integrity problem stops it.
    Use,
    /// `check`: gets past integrity problems to report them all.
    Check,
    /// A backup being restored: older than this machine's memory by nature.
    Restore,
}

/// What was established when the store was opened, and what every later write re-checks.
#[derive(Debug)]
struct OpenState {
    path: PathBuf,
    store_id: Vec<u8>,
    kdf: KdfParams,
    /// The key slot as it was read: a write that finds another one refuses (keys changed).
    header_checksum: Vec<u8>,
    /// SQLite's schema counter when the schema was checked.
    schema_cookie: i64,
    format: u32,
    /// Opened read-only (a read-only file system or folder): writes are refused with exit 6.
    read_only: bool,
    purpose: Purpose,
    /// What the schema check found (only `check` goes on when this is not empty).
    schema_problems: Vec<String>,
}

/// An opened store that is still locked: its file checked and its header read.
#[derive(Debug)]
pub struct LockedStore {
    conn: Connection,
    state: OpenState,
    header: Header,
}

/// An unlocked store: every read and write goes through it.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    state: OpenState,
    keys: Keys,
    seen: Seen,
}

impl LockedStore {
    /// Opens an existing store: refuses a missing file, loose permissions, a newer format and
    /// a schema revvy-apps did not make.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_as(path, Purpose::Use)
    }

    /// Opens a store for `check`, which reports every integrity problem rather than stopping
    /// at the first.
    pub fn open_for_check(path: &Path) -> Result<Self> {
        Self::open_as(path, Purpose::Check)
    }

    /// Opens a backup to restore: checked as strictly as a store, but not compared with what
    /// this machine has seen (it is older on purpose).
    pub fn open_backup(path: &Path) -> Result<Self> {
        Self::open_as(path, Purpose::Restore)
    }

    fn open_as(path: &Path, purpose: Purpose) -> Result<Self> {
        if !path.exists() {
            return Err(Error::new(ErrorKind::StoreNotFound, format!("there is no store at {}", path.display()))
                .with_hint(
                    "create one with `revvy-apps init`, or point --store / REVVY_APPS_STORE at an existing one",
                ));
        }
        fs::check_private(path)?;
        let (conn, read_only, (format, schema_cookie)) = connect(path)?;
        if format > schema::FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::UnsupportedFormat,
                format!(
                    "the store {} has format version {format}; this program reads up to {}",
                    path.display(),
                    schema::FORMAT_VERSION
                ),
            )
            .with_hint("upgrade revvy-apps"));
        }
        if format < schema::OLDEST_FORMAT {
            return Err(not_a_store(path, rusqlite::Error::QueryReturnedNoRows));
        }
        let schema_problems = schema::schema_problems(&conn, format)?;
        if purpose != Purpose::Check && !schema_problems.is_empty() {
            return Err(Error::new(
                ErrorKind::Tampered,
                format!(
                    "the store {} holds what revvy-apps did not put there: {}",
                    path.display(),
                    schema_problems.join("; ")
                ),
            )
            .with_hint("nothing was read or changed; run `revvy-apps check`, and restore the store from a backup"));
        }
        let header = Header::read(&conn, path)?;
        let state = OpenState {
            path: path.to_owned(),
            store_id: header.store_id.clone(),
            kdf: header.kdf,
            header_checksum: header.checksum.clone(),
            schema_cookie,
            format,
            read_only,
            purpose,
            schema_problems,
        };
        Ok(Self { conn, state, header })
    }

    pub fn path(&self) -> &Path {
        &self.state.path
    }

    /// Unlocks with the passphrase: one Argon2id derivation with the store's parameters. A
    /// wrong passphrase changes nothing in the file.
    pub fn unlock_with_passphrase(self, passphrase: &Passphrase) -> Result<Store> {
        keys::check_stored_kdf(self.header.kdf)?;
        let kek = keys::derive_kek(passphrase, &self.header.salt, self.header.kdf)?;
        let data_key = keys::unwrap(&kek, &self.header.context(), &self.header.wrapped_key).ok_or_else(|| {
            Error::new(ErrorKind::WrongPassphrase, "the passphrase does not open this store")
                .with_hint("check the passphrase; nothing was changed")
        })?;
        self.unlocked(data_key)
    }

    /// Unlocks with a session made by `unlock`: one indexed read and one decryption, no key
    /// derivation.
    pub fn unlock_with_session(self, token: &SessionToken) -> Result<Store> {
        let data_key = self.unwrap_session(token)?;
        self.unlocked(data_key)
    }

    /// The store under its data key. The head of the audit log is verified and compared with
    /// what this machine has seen of the store.
    fn unlocked(self, data_key: crypto::SecretKey) -> Result<Store> {
        let store = Store {
            seen: Seen::for_store(&self.state.store_id),
            conn: self.conn,
            state: self.state,
            keys: Keys::from_data_key(data_key),
        };
        if store.state.purpose == Purpose::Use && store.state.format >= 2 {
            let recalled = store.seen.recall();
            let head = store.verified_head()?;
            Seen::check(recalled.as_ref(), &head, &store.state.path)?;
            if recalled.is_none_or(|seen| head.last_id > seen.last_id) {
                store.remember(&head, true);
            }
        }
        Ok(store)
    }
}

/// Opens the file read-write, or read-only where its folder cannot be written (a read-only
/// mount, a secret volume): SQLite cannot make its shared-memory file there, so the store is
/// opened immutable, which is true of such a mount. Returns the connection, whether it is
/// read-only, and the format version.
fn connect(path: &Path) -> Result<(Connection, bool, (u32, i64))> {
    let read_write =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .and_then(|mut conn| {
                crate::stats::watch(&mut conn);
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
            crate::stats::watch(&mut conn);
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

/// Begins a write on an unlocked store: the write lock, then proof that the store is still
/// the one this process unlocked — the same schema, the same key slot (a `passwd` or `rekey`
/// in between is exit 4, and nothing is written under a retired key) — and a format 1 store
/// upgraded in the same transaction.
fn begin_checked<'c>(conn: &'c mut Connection, state: &OpenState, keys: &Keys) -> Result<rusqlite::Transaction<'c>> {
    if state.read_only {
        return Err(read_only_store(&state.path));
    }
    let tx = schema::begin_write(conn)?;
    let mut format = state.format;
    if schema::schema_cookie(&tx)? != state.schema_cookie {
        // Another process changed the schema since the check: an upgrade, or a planted object.
        format = format_and_cookie(&tx)?.0;
        let problems = schema::schema_problems(&tx, format)?;
        if format > schema::FORMAT_VERSION || !problems.is_empty() {
            return Err(Error::tampered(format!(
                "the schema of the store {} changed while this command ran: {}",
                state.path.display(),
                problems.join("; ")
            )));
        }
    }
    let checksum: Vec<u8> = tx.query_row("SELECT checksum FROM store_header", [], |r| bytes(r, 0))?;
    if checksum != state.header_checksum {
        return Err(Error::new(
            ErrorKind::Conflict,
            format!(
                "the keys of the store {} changed (a `passwd` or `rekey`) after this command unlocked it",
                state.path.display()
            ),
        )
        .with_hint("nothing was changed; run the command again"));
    }
    if format == 1 {
        upgrade::to_format_2(&tx, &state.store_id, keys)?;
    }
    Ok(tx)
}

fn keys_changed(path: &Path) -> Error {
    Error::new(
        ErrorKind::Conflict,
        format!(
            "the keys of the store {} changed (a `passwd` or `rekey`) after this command unlocked it",
            path.display()
        ),
    )
    .with_hint("nothing was changed; run the command again")
}

fn read_only_store(path: &Path) -> Error {
    Error::new(
        ErrorKind::Unavailable,
        format!("the store {} is on a read-only file system (or in a folder this user cannot write): it can be read but not changed", path.display()),
    )
    .with_hint("run the command where the store is writable; nothing was changed")
}

impl Store {
    /// The head of the audit log, checked against this data key. A head that does not verify
    /// because a `rekey` committed after this process read the key slot is a conflict (run it
    /// again), not tampering.
    fn verified_head(&self) -> Result<Head> {
        let head = read_head(&self.conn, self.state.format)?;
        if head.is_authentic(&self.sealer()) {
            return Ok(head);
        }
        let checksum: Vec<u8> = self.conn.query_row("SELECT checksum FROM store_header", [], |r| bytes(r, 0))?;
        if checksum != self.state.header_checksum {
            return Err(keys_changed(&self.state.path));
        }
        Err(audit::altered_head())
    }

    /// After a write committed: the store is now of the current format, and this machine
    /// remembers how far its log has gone.
    fn committed(&mut self, head: &Head) {
        if self.state.format != schema::FORMAT_VERSION {
            self.state.format = schema::FORMAT_VERSION;
            if let Ok(cookie) = schema::schema_cookie(&self.conn) {
                self.state.schema_cookie = cookie;
            }
        }
        self.remember(head, false);
    }

    fn remember(&self, head: &Head, unconditionally: bool) {
        if let Err(err) = self.seen.remember(head, unconditionally) {
            eprintln!(
                "warning: cannot record this store's audit head in {}: {err}; a rollback of the store will not be noticed",
                self.seen.describe()
            );
        }
    }
}

impl Store {
    /// Creates a new store at `path`, atomically: the file is built beside it and linked into
    /// place, so a concurrent `create` never sees a half-made store. Fails with a conflict if
    /// a store is already there.
    pub fn create(path: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Result<Self> {
        keys::check_requested_kdf(kdf)?;
        fs::create_parent_dirs(path)?;
        let staging = fs::companion(path, &format!(".new-{}", crypto::to_hex(&crypto::random_array::<8>())));
        let result = Self::build(&staging, passphrase, kdf).and_then(|built| {
            std::fs::hard_link(&staging, path).map(|()| built).map_err(|err| {
                if err.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::new(ErrorKind::Conflict, format!("a store already exists at {}", path.display()))
                        .with_hint("use it, or choose another path with --store")
                } else {
                    Error::from(err).context(format!("cannot create the store {}", path.display()))
                }
            })
        });
        let _ = std::fs::remove_file(&staging);
        let (store_id, data_key) = result?;
        let locked = LockedStore::open(path)?;
        debug_assert_eq!(locked.state.store_id, store_id);
        let store = Self {
            seen: Seen::for_store(&store_id),
            conn: locked.conn,
            state: locked.state,
            keys: Keys::from_data_key(data_key),
        };
        store.remember(&store.verified_head()?, true);
        Ok(store)
    }

    /// Writes a complete store into `staging`; returns its id and its data key.
    fn build(staging: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Result<(Vec<u8>, crypto::SecretKey)> {
        fs::create_private_file(staging)
            .map_err(|err| Error::from(err).context(format!("cannot create {}", staging.display())))?;
        let conn = Connection::open(staging)?;
        conn.execute_batch("PRAGMA journal_mode = WAL;")?;
        schema::configure(&conn)?;
        let mut header = Header {
            store_id: crypto::random_array::<STORE_ID_LEN>().to_vec(),
            salt: Vec::new(),
            kdf,
            wrapped_key: Vec::new(),
            checksum: Vec::new(),
        };
        let data_key = crypto::SecretKey::random();
        header.seal_key_slot(passphrase, &data_key)?;
        let keys = Keys::from_data_key(data_key);
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(&schema::create_statements())?;
        tx.execute(
            "INSERT INTO store_header VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                header.store_id,
                header.salt,
                kdf.memory_kib,
                kdf.iterations,
                kdf.parallelism,
                header.wrapped_key,
                header.checksum
            ],
        )?;
        let sealer = Sealer { store_id: &header.store_id, keys: &keys, format: schema::FORMAT_VERSION };
        audit::rewrite_chain(&tx, &sealer, &[], 0)?;
        tx.pragma_update(None, "user_version", schema::FORMAT_VERSION)?;
        tx.commit()?;
        conn.close().map_err(|(_, err)| Error::from(err))?;
        Ok((header.store_id, keys.data_key.clone()))
    }

    pub fn path(&self) -> &Path {
        &self.state.path
    }
}

/// A file that opened but is not a store, or not a readable one. An I/O condition (a full
/// disk, a read-only mount, a lock) says what it is instead, and is never called damage.
fn not_a_store(path: &Path, err: rusqlite::Error) -> Error {
    let io = Error::from(err);
    if io.kind() != ErrorKind::Internal && io.kind() != ErrorKind::Tampered {
        return io;
    }
    Error::new(ErrorKind::Tampered, format!("{} is not a revvy-apps store, or is damaged", path.display()))
        .with_hint("check the --store path; restore the store from a backup if it was damaged")
        .with_source(io)
}

fn tampered_header(path: &Path) -> Error {
    Error::new(ErrorKind::Tampered, format!("the header of the store {} was altered", path.display()))
        .with_hint("restore the store from a backup")
}
