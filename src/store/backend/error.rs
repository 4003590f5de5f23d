//! What went wrong in storage, as a backend tells it, and the one place that says it to the
//! user. Each backend maps its own library's errors onto these conditions (`sqlite/errors.rs`,
//! `postgres/errors.rs`); a condition only one backend knows, with details only it has (a
//! server's host, a refused login), it words itself.

use crate::error::{Error, ErrorKind};

/// A storage condition that is no fault of the store's contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendError {
    /// No space left where the store is written.
    DiskFull,
    /// The store can be read but not written (a read-only file system or mount).
    ReadOnly,
    /// Another process held the write lock for longer than the storage waits.
    Busy,
    /// The storage could not be read or written: an I/O failure, nothing changed.
    Io,
    /// The storage itself is damaged: it cannot read its own pages.
    Damaged,
    /// Anything the storage did not expect.
    Other,
}

impl BackendError {
    /// The error a user reads, with the storage's own error as its source.
    pub fn with(self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::from(self).with_source(source)
    }
}

/// The one place a storage condition becomes an exit code and a message: an I/O condition the
/// operator can fix is exit 6 and never called tampering; damage is exit 7.
impl From<BackendError> for Error {
    fn from(condition: BackendError) -> Self {
        match condition {
            BackendError::DiskFull => {
                Self::new(ErrorKind::Unavailable, "no space left on device: the store could not be written")
                    .with_hint("free some space and run the command again; nothing was changed")
            }
            BackendError::ReadOnly => Self::new(
                ErrorKind::Unavailable,
                "the store is on a read-only file system: it can be read but not changed",
            )
            .with_hint("run the command where the store is writable; nothing was changed"),
            BackendError::Busy => Self::new(
                ErrorKind::Unavailable,
                "the store is busy: another process held its write lock for longer than 30 s",
            )
            .with_hint("nothing was changed; run the command again once the other one has finished"),
            BackendError::Io => Self::new(
                ErrorKind::Unavailable,
                "the store could not be read or written (an input/output failure)",
            )
            .with_hint(
                "check the disk and the file system; nothing was changed, and the same command may succeed later",
            ),
            BackendError::Damaged => {
                Self::new(ErrorKind::Tampered, "the store file is damaged: SQLite cannot read its pages")
                    .with_hint("run `revvy-apps check`; restore the store from a backup if it was damaged")
            }
            BackendError::Other => Self::internal("the store could not be read or written"),
        }
    }
}
