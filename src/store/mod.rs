//! The store: sealed application records and their audit log, kept by a storage backend
//! (SQLite, one file). This module and its children are the only code that touches the
//! storage or a key.
//!
//! - `sealing` binds and seals what is stored, `header` owns the key slot, `keys` the key
//!   hierarchy: no storage there.
//! - `tables` is the storage interface, `sqlite` its implementation (every SQL statement).
//! - `records`, `audit`, `session`, `maintenance`, `check`, `upgrade` are the store's logic,
//!   written against `tables`.

mod audit;
mod backup;
mod check;
pub mod codec;
pub mod crypto;
mod fs;
mod header;
pub mod keys;
mod maintenance;
mod records;
mod sealing;
mod seen;
mod session;
mod sqlite;
mod tables;
mod upgrade;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use self::audit::StoredEvent;
use self::audit::{Head, read_head};
pub use self::check::CheckReport;
pub use self::crypto::KdfParams;
use self::header::Header;
use self::keys::Keys;
pub use self::keys::{DEFAULT_KDF, Passphrase};
pub use self::maintenance::RekeyReport;
pub use self::records::{Listing, Stored, Writer};
use self::sealing::Sealer;
use self::seen::Seen;
pub use self::session::{SessionToken, end_sessions};
use self::sqlite::schema;
use self::tables::{Storage, Tables as _, WriteTransaction};
use crate::error::{Error, ErrorKind, Result};

/// The format this program writes; older ones are read and upgraded by their first write.
const FORMAT_VERSION: u32 = schema::FORMAT_VERSION;

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
        let (conn, read_only, (format, schema_cookie)) = sqlite::connect(path)?;
        if format > FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::UnsupportedFormat,
                format!(
                    "the store {} has format version {format}; this program reads up to {}",
                    path.display(),
                    FORMAT_VERSION
                ),
            )
            .with_hint("upgrade revvy-apps"));
        }
        if format < schema::OLDEST_FORMAT {
            return Err(sqlite::not_a_store(path, rusqlite::Error::QueryReturnedNoRows));
        }
        let schema_problems = conn.schema_problems(format)?;
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
        let data_key = self.header.open_key_slot(passphrase)?;
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

/// Begins a write on an unlocked store: the write lock, then proof that the store is still
/// the one this process unlocked — the same schema, the same key slot (a `passwd` or `rekey`
/// in between is exit 4, and nothing is written under a retired key) — and a format 1 store
/// upgraded in the same transaction.
fn begin_checked<'c>(
    storage: &'c mut dyn Storage,
    state: &OpenState,
    keys: &Keys,
) -> Result<Box<dyn WriteTransaction + 'c>> {
    if state.read_only {
        return Err(read_only_store(&state.path));
    }
    let tx = storage.begin_write()?;
    let tables = tx.tables();
    let mut format = state.format;
    if tables.schema_generation()? != state.schema_cookie {
        // Another process changed the schema since the check: an upgrade, or a planted object.
        format = tables.format()?;
        let problems = tables.schema_problems(format)?;
        if format > FORMAT_VERSION || !problems.is_empty() {
            return Err(Error::tampered(format!(
                "the schema of the store {} changed while this command ran: {}",
                state.path.display(),
                problems.join("; ")
            )));
        }
    }
    if tables.key_slot_checksum()? != state.header_checksum {
        return Err(keys_changed(&state.path));
    }
    if format == 1 {
        upgrade::to_format_2(tables, &state.store_id, keys)?;
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
        if self.conn.key_slot_checksum()? != self.state.header_checksum {
            return Err(keys_changed(&self.state.path));
        }
        Err(audit::altered_head())
    }

    /// After a write committed: the store is now of the current format, and this machine
    /// remembers how far its log has gone.
    fn committed(&mut self, head: &Head) {
        if self.state.format != FORMAT_VERSION {
            self.state.format = FORMAT_VERSION;
            if let Ok(cookie) = self.conn.schema_generation() {
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
        let data_key = crypto::SecretKey::random();
        let header = Header::new(kdf, passphrase, &data_key)?;
        let keys = Keys::from_data_key(data_key);
        let conn = sqlite::create(staging)?;
        let tx = conn.unchecked_transaction()?;
        sqlite::create_tables(&tx)?;
        tx.insert_header(&header)?;
        let sealer = Sealer { store_id: &header.store_id, keys: &keys, format: FORMAT_VERSION };
        audit::rewrite_chain(&*tx, &sealer, &[], 0)?;
        tx.commit()?;
        conn.close().map_err(|(_, err)| Error::from(err))?;
        Ok((header.store_id, keys.data_key.clone()))
    }

    pub fn path(&self) -> &Path {
        &self.state.path
    }
}
