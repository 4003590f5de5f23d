//! The store: one SQLite file holding sealed application records. This module and its
//! children are the only code that touches the file or a key.

mod audit;
mod check;
pub mod codec;
pub mod crypto;
mod fs;
mod kdf_memory;
pub mod keys;
mod maintenance;
mod records;
mod schema;
mod session;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension as _};

pub use self::audit::StoredEvent;
pub use self::check::CheckReport;
pub use self::crypto::KdfParams;
use self::keys::Keys;
pub use self::keys::{DEFAULT_KDF, Passphrase};
pub use self::maintenance::RekeyReport;
pub use self::records::{Listing, Stored, Writer};
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
    /// data is): it tells an altered header (exit 7) from a wrong passphrase (exit 5).
    fn compute_checksum(&self) -> [u8; 32] {
        let key = crypto::SecretKey::from_bytes(*b"revvy-apps/v1/header-checksum!!!");
        let mut message = keys::key_slot_context(&self.store_id, schema::FORMAT_VERSION, &self.salt, self.kdf);
        message.extend_from_slice(&self.wrapped_key);
        crypto::mac(&key, &message)
    }

    fn context(&self) -> Vec<u8> {
        keys::key_slot_context(&self.store_id, schema::FORMAT_VERSION, &self.salt, self.kdf)
    }
}

/// How the caller proves it may open the store.
#[derive(Debug)]
pub enum Credential {
    Passphrase(Passphrase),
    Session(SessionToken),
}

/// An opened store that is still locked: its file checked and its header read.
#[derive(Debug)]
pub struct LockedStore {
    path: PathBuf,
    conn: Connection,
    header: Header,
}

/// An unlocked store: every read and write goes through it.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    conn: Connection,
    store_id: Vec<u8>,
    kdf: KdfParams,
    keys: Keys,
}

impl LockedStore {
    /// Opens an existing store: refuses a missing file, loose permissions and a newer format.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::new(ErrorKind::StoreNotFound, format!("there is no store at {}", path.display()))
                .with_hint(
                    "create one with `revvy-apps init`, or point --store / REVVY_APPS_STORE at an existing one",
                ));
        }
        fs::check_private(path)?;
        let mut conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|err| Error::internal(format!("cannot open the store {}", path.display())).with_source(err))?;
        crate::stats::watch(&mut conn);
        schema::configure(&conn).map_err(|err| not_a_store(path, err))?;
        let version: u32 =
            conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(|err| not_a_store(path, err))?;
        if version > schema::FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::UnsupportedFormat,
                format!(
                    "the store {} has format version {version}; this program reads up to {}",
                    path.display(),
                    schema::FORMAT_VERSION
                ),
            )
            .with_hint("upgrade revvy-apps"));
        }
        if version == 0 {
            return Err(not_a_store(path, rusqlite::Error::QueryReturnedNoRows));
        }
        let header = conn
            .query_row(
                "SELECT store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_key, checksum FROM store_header",
                [],
                |row| {
                    Ok(Header {
                        store_id: row.get(0)?,
                        salt: row.get(1)?,
                        kdf: KdfParams { memory_kib: row.get(2)?, iterations: row.get(3)?, parallelism: row.get(4)? },
                        wrapped_key: row.get(5)?,
                        checksum: row.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(|err| tampered_header(path).with_source(err))?
            .ok_or_else(|| tampered_header(path))?;
        if !crypto::mac_eq(&header.checksum, &header.compute_checksum()) {
            return Err(tampered_header(path));
        }
        Ok(Self { path: path.to_owned(), conn, header })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Unlocks with a credential. A wrong passphrase changes nothing in the file.
    pub fn unlock(self, credential: &Credential) -> Result<Store> {
        let data_key = match credential {
            Credential::Passphrase(passphrase) => {
                keys::check_stored_kdf(self.header.kdf)?;
                let kek = keys::derive_kek(passphrase, &self.header.salt, self.header.kdf)?;
                keys::unwrap(&kek, &self.header.context(), &self.header.wrapped_key).ok_or_else(|| {
                    Error::new(ErrorKind::WrongPassphrase, "the passphrase does not open this store")
                        .with_hint("check the passphrase; nothing was changed")
                })?
            }
            Credential::Session(token) => self.unwrap_session(token)?,
        };
        Ok(Store {
            path: self.path,
            conn: self.conn,
            store_id: self.header.store_id,
            kdf: self.header.kdf,
            keys: Keys::from_data_key(data_key),
        })
    }
}

impl Store {
    /// Creates a new store at `path`, atomically: the file is built beside it and linked into
    /// place, so a concurrent `create` never sees a half-made store. Fails with a conflict if
    /// a store is already there.
    pub fn create(path: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Result<Self> {
        keys::check_requested_kdf(kdf)?;
        fs::create_parent_dirs(path)?;
        let staging = fs::companion(path, &format!(".new-{}", hex(&crypto::random_array::<8>())));
        let result = Self::build(&staging, passphrase, kdf).and_then(|built| {
            std::fs::hard_link(&staging, path).map(|()| built).map_err(|err| {
                if err.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::new(ErrorKind::Conflict, format!("a store already exists at {}", path.display()))
                        .with_hint("use it, or choose another path with --store")
                } else {
                    Error::internal(format!("cannot create the store {}", path.display())).with_source(err)
                }
            })
        });
        let _ = std::fs::remove_file(&staging);
        let (store_id, data_key) = result?;
        let locked = LockedStore::open(path)?;
        Ok(Self { path: locked.path, conn: locked.conn, store_id, kdf, keys: Keys::from_data_key(data_key) })
    }

    /// Writes a complete store into `staging`; returns its id and its data key.
    fn build(staging: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Result<(Vec<u8>, crypto::SecretKey)> {
        fs::create_private_file(staging)
            .map_err(|err| Error::internal(format!("cannot create {}", staging.display())).with_source(err))?;
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
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(schema::CREATE)?;
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
        tx.pragma_update(None, "user_version", schema::FORMAT_VERSION)?;
        tx.commit()?;
        conn.close().map_err(|(_, err)| Error::from(err))?;
        Ok((header.store_id, data_key))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn not_a_store(path: &Path, err: rusqlite::Error) -> Error {
    Error::new(ErrorKind::Tampered, format!("{} is not a revvy-apps store, or is damaged", path.display()))
        .with_hint("check the --store path; restore the store from a backup if it was damaged")
        .with_source(err)
}

fn tampered_header(path: &Path) -> Error {
    Error::new(ErrorKind::Tampered, format!("the header of the store {} was altered", path.display()))
        .with_hint("restore the store from a backup")
}
