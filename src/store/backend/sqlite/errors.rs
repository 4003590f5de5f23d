//! SQLite's result codes, as storage conditions: an I/O condition the operator can fix, a
//! damaged file, or something unexpected. Counting statements for `REVVY_APPS_STATS` is here
//! too: it is SQLite's trace hook.

use rusqlite::ErrorCode as Sql;

use super::super::BackendError;
use crate::error::Error;

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        condition(&err).with(err)
    }
}

fn condition(err: &rusqlite::Error) -> BackendError {
    // SQLite could not grow its shared-memory file: on a full disk, opening a WAL store fails
    // this way before any write does.
    let shm_full =
        matches!(err, rusqlite::Error::SqliteFailure(e, _) if e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE);
    match err.sqlite_error_code() {
        Some(Sql::DiskFull) => BackendError::DiskFull,
        Some(Sql::SystemIoFailure) if shm_full => BackendError::DiskFull,
        Some(Sql::ReadOnly) => BackendError::ReadOnly,
        Some(Sql::DatabaseBusy | Sql::DatabaseLocked) => BackendError::Busy,
        Some(Sql::SystemIoFailure | Sql::CannotOpen | Sql::OutOfMemory | Sql::FileLockingProtocolFailed) => {
            BackendError::Io
        }
        Some(Sql::DatabaseCorrupt | Sql::NotADatabase) => BackendError::Damaged,
        _ => BackendError::Other,
    }
}

/// Counts every statement SQLite starts on `conn`, when the counters are on.
pub fn count_statements(conn: &mut rusqlite::Connection) {
    if crate::stats::enabled() {
        let _ = conn.trace_v2(
            rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
            Some(|_: rusqlite::trace::TraceEvent<'_>| crate::stats::statement_sent()),
        );
    }
}
