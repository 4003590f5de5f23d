//! A store as a file: opened (private, a database of a store format), made whole beside its
//! place and linked in, copied without its sessions, and put in place of another. SQLite's
//! `-wal` and `-shm` companions are handled here and nowhere else.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::super::{FirstReads, Handle, OpenFor, Opened, Tables, fs};
use super::{connect, not_a_store, schema};
use crate::error::{Error, ErrorKind, Result};

/// The files a store is made of: the database and SQLite's two companions.
const COMPANIONS: [&str; 3] = ["", "-wal", "-shm"];

/// Opens the store file at `path`; `None` when there is no file there.
pub fn open(path: &Path, purpose: OpenFor<'_>) -> Result<Option<Opened>> {
    if !path.exists() {
        return Ok(None);
    }
    fs::check_private(path)?;
    let (conn, read_only, (format, schema_cookie)) = connect(path)?;
    if format < schema::OLDEST_FORMAT {
        return Err(not_a_store(path, rusqlite::Error::QueryReturnedNoRows));
    }
    // A local file's reads cost no round trip: nothing is read along; each is read when the
    // logic asks, in its order (the schema is checked before the header is read).
    let _ = purpose;
    let first = FirstReads::default();
    Ok(Some(Opened {
        storage: Handle::Sqlite(conn),
        shown: path.to_owned(),
        read_only,
        format,
        schema_generation: schema_cookie,
        schema_checked: true,
        first,
    }))
}

/// Makes a new store file at `path` atomically: `fill` fills its tables in a file beside it,
/// which is linked into place only when complete, so no one ever sees half a store, and an
/// existing file (a store made meanwhile by another process) is a conflict, never overwritten.
pub fn create_store<T>(path: &Path, format: u32, fill: impl FnOnce(&dyn Tables) -> Result<T>) -> Result<T> {
    fs::create_parent_dirs(path)?;
    let staging = fs::companion(path, &format!(".new-{}", crate::hex::to_hex(&rand::random::<[u8; 8]>())));
    let result = fs::create_private_file(&staging)
        .map_err(|err| Error::from(err).context(format!("cannot create {}", staging.display())))
        .and_then(|()| fill_new_file(&staging, format, fill))
        .and_then(|built| {
            std::fs::hard_link(&staging, path).map(|()| built).map_err(|err| {
                if err.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::new(ErrorKind::Conflict, format!("a store already exists at {}", path.display()))
                        .with_hint("use it, or choose another path")
                } else {
                    Error::from(err).context(format!("cannot create the store {}", path.display()))
                }
            })
        });
    remove(&staging);
    result
}

/// Fills `dest`, a new empty private file, with the tables of `format` and what `fill` puts
/// in them, in one transaction.
pub fn fill_new_file<T>(dest: &Path, format: u32, fill: impl FnOnce(&dyn Tables) -> Result<T>) -> Result<T> {
    let conn = super::create(dest)?;
    let tx = conn.unchecked_transaction()?;
    super::create_tables(&tx, format)?;
    let made = fill(&*tx)?;
    tx.commit()?;
    conn.close().map_err(|(_, err)| Error::from(err))?;
    Ok(made)
}

/// SQLite's online backup API into `dest` (a new, empty, private file), then the sessions
/// deleted there.
pub fn copy_without_sessions(source: &Connection, dest: &Path) -> Result<()> {
    let mut copy = Connection::open(dest)?;
    rusqlite::backup::Backup::new(source, &mut copy)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
    schema::configure(&copy)?;
    // Zeroed, not only unlinked: the wrapped session keys leave no trace in the copy.
    copy.execute_batch("PRAGMA secure_delete = ON; DELETE FROM sessions;")?;
    copy.close().map_err(|(_, err)| Error::from(err))
}

/// Puts the store `source` in place of the file `target` in one step of the backup API, under
/// SQLite's locks. A target that is missing, or so damaged that it cannot be opened, is made
/// anew.
pub fn install_over(source: &Connection, target: &Path) -> Result<()> {
    if target.exists() {
        match copy_over(source, target) {
            Ok(()) => return Ok(()),
            Err(err) if err.kind() == ErrorKind::Tampered => remove(target),
            Err(err) => return Err(err),
        }
    }
    fs::create_private_file(target)
        .map_err(|err| Error::from(err).context(format!("cannot create {}", target.display())))?;
    copy_over(source, target)
}

fn copy_over(source: &Connection, target: &Path) -> Result<()> {
    let mut conn =
        Connection::open_with_flags(target, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    schema::configure(&conn)?;
    rusqlite::backup::Backup::new(source, &mut conn)?.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)?;
    conn.close().map_err(|(_, err)| Error::from(err))
}

/// Removes a store file and its companions, if there; a file that cannot be removed is left.
pub fn remove(path: &Path) {
    for suffix in COMPANIONS {
        let _ = std::fs::remove_file(fs::companion(path, suffix));
    }
}
