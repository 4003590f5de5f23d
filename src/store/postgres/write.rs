//! A write on the server: one transaction that first locks the audit head, so that writers
//! on every machine take turns, each seeing the last one's commit.

use super::PgStorage;
use super::answer::{self, Answer};
use super::prefetch::Kept;
use crate::error::{Error, Result};
use crate::store::tables::{HeadRow, Tables, WriteTransaction};

/// What a write checks first, read under its lock: the key slot's checksum, the head of the
/// audit log and the schema's generation.
#[derive(Debug)]
pub(super) struct UnderLock {
    checksum: Vec<u8>,
    head: Option<HeadRow>,
    generation: i64,
    next_app_id: Option<i64>,
}

impl UnderLock {
    pub fn from_answer(answer: &Answer) -> Self {
        Self {
            checksum: answer.checksum(),
            head: answer.head(),
            generation: answer.generation().unwrap_or(0),
            next_app_id: answer.next_app_id(),
        }
    }
}

/// A write transaction on the server; dropped without a commit, it rolls back.
pub(super) struct PgWrite<'a> {
    storage: &'a PgStorage,
    done: bool,
}

impl<'a> PgWrite<'a> {
    /// The write the open began, if it did (see `PgStorage::store_format`); else `BEGIN`, the
    /// lock and what the write checks first, in one message. A lock not granted in 30 s is
    /// exit 6; a head that is missing locked nothing, and the store is refused.
    pub(super) fn begin(storage: &'a PgStorage) -> Result<Self> {
        let begun = storage.open_write.borrow_mut().take();
        // From here on a failure rolls back whatever of the transaction ran.
        let tx = Self { storage, done: false };
        let under_lock = if let Some(under_lock) = begun {
            under_lock
        } else {
            storage.send_changes()?;
            storage.prefetched.borrow_mut().forget();
            storage.writing.set(true);
            storage.in_transaction.set(true);
            let text = format!(
                "{}; {}",
                answer::lock(&storage.settings),
                answer::statement(&storage.target.schema, None, true)
            );
            let answer = storage.ask(&text).map_err(|err| storage.error(&err))?;
            storage.hold_changes();
            UnderLock::from_answer(&answer)
        };
        let Some(head) = under_lock.head else {
            return Err(Error::tampered(format!("the audit head of the store at {} is missing", storage.target.shown)));
        };
        let mut prefetched = storage.prefetched.borrow_mut();
        prefetched.checksum = Some(under_lock.checksum);
        prefetched.head = Kept::Read(Some(head));
        prefetched.generation = Some(under_lock.generation);
        drop(prefetched);
        storage.next_app_id.set(under_lock.next_app_id);
        Ok(tx)
    }
}

impl WriteTransaction for PgWrite<'_> {
    fn tables(&self) -> &dyn Tables {
        self.storage
    }

    /// The changes still waiting, their row counts checked, then COMMIT.
    fn commit(mut self: Box<Self>) -> Result<()> {
        self.storage.send_changes()?;
        self.done = true;
        self.storage.commit()
    }
}

impl Drop for PgWrite<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.storage.roll_back();
        }
        self.storage.drop_changes();
        self.storage.next_app_id.set(None);
        self.storage.writing.set(false);
    }
}
