//! The SQL schema and the connection settings. The format version lives in SQLite's
//! `user_version`, readable before anything is decrypted.

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// Version of the file format this program writes. A file with a higher one is refused.
pub const FORMAT_VERSION: u32 = 1;

pub const CREATE: &str = "
CREATE TABLE store_header (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    store_id        BLOB    NOT NULL,
    kdf_salt        BLOB    NOT NULL,
    kdf_memory_kib  INTEGER NOT NULL,
    kdf_iterations  INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    wrapped_key     BLOB    NOT NULL,
    checksum        BLOB    NOT NULL
);
CREATE TABLE applications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id_mac BLOB    NOT NULL UNIQUE,
    name_mac      BLOB    NOT NULL UNIQUE,
    version       INTEGER NOT NULL,
    sealed        BLOB    NOT NULL
);
CREATE TABLE sessions (
    id          BLOB    PRIMARY KEY,
    expires_at  INTEGER NOT NULL,
    wrapped_key BLOB    NOT NULL
);
CREATE TABLE audit_events (
    id     INTEGER PRIMARY KEY,
    sealed BLOB    NOT NULL,
    mac    BLOB    NOT NULL
);
CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id   INTEGER NOT NULL,
    last_mac  BLOB    NOT NULL
);
INSERT INTO audit_head VALUES (1, 0, zeroblob(32));
";

/// What every connection needs. `journal_mode=WAL` is stored in the file at creation.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))
}

/// Starts a write: durable commits, freed pages zeroed, and `BEGIN IMMEDIATE` so the write
/// lock is taken up front (no upgrade deadlock between two writers). The pragmas are set
/// here rather than at open, so a read pays for neither.
pub fn begin_write(conn: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")?;
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}
