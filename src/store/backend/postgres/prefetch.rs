//! Answers the server gave along with another statement's. A new server backend pays for each
//! statement — a round trip, and the first touch of every table it names — so the reads a
//! command always makes together are asked together: the header, the head of the audit log
//! and the session with the format; the latest event about an application with its row; and,
//! under the write lock, the key slot's checksum, the head and the schema's pin.
//!
//! Each answer is kept for the one question it answers and given out once. All of them are
//! forgotten when a statement changes anything and when a transaction begins or ends, so an
//! answer is never older than the last write or the write lock.

use super::super::HeaderRow;
use super::super::{HeadRow, SessionRow};

/// The latest event about an application: `(id, sealed)`.
pub(super) type LatestEvent = Option<(i64, Vec<u8>)>;

/// An answer kept for later, which may be that there is none.
#[derive(Debug, Default)]
pub(super) enum Kept<T> {
    #[default]
    Unread,
    Read(Option<T>),
}

impl<T> Kept<T> {
    /// The answer, given out once.
    pub fn take(&mut self) -> Self {
        std::mem::take(self)
    }
}

#[derive(Debug, Default)]
pub(super) struct Prefetched {
    /// The header, read with the format when the store is opened.
    pub header: Kept<HeaderRow>,
    /// The head of the audit log, read with a session or under the write lock.
    pub head: Kept<HeadRow>,
    /// A session's record, read with the format when the store is opened for it: kept under
    /// the session's id.
    pub session: Option<(Vec<u8>, Option<SessionRow>)>,
    /// The latest event about an application, read with its row: kept under the hash of the
    /// client ID the row holds, and given only to a question about that same hash.
    pub latest_event: Option<(Vec<u8>, LatestEvent)>,
    /// The key slot's checksum, read under the write lock.
    pub checksum: Option<Vec<u8>>,
    /// The schema's generation, read under the write lock.
    pub generation: Option<i64>,
}

impl Prefetched {
    pub fn forget(&mut self) {
        *self = Self::default();
    }

    /// The session `id`'s record (`Read(None)`: there is none), if it was read already.
    pub fn session(&mut self, id: &[u8]) -> Kept<SessionRow> {
        match self.session.take() {
            Some((read_for, row)) if read_for == id => Kept::Read(row),
            _ => Kept::Unread,
        }
    }

    /// The latest event about `subject_mac`, if it was read with the row of that hash.
    pub fn latest_event_about(&mut self, subject_mac: &[u8]) -> Option<LatestEvent> {
        match self.latest_event.take() {
            Some((about, event)) if about == subject_mac => Some(event),
            _ => None,
        }
    }
}
