//! A write on the server: one transaction that first locks the audit head, so that writers
//! on every machine take turns, each seeing the last one's commit.

use super::PgStorage;
use super::answer::{self, Answer};
use crate::error::{Error, Result};
use crate::store::backend::{ReadAlong, Tables, UnderLock, WriteTransaction};

/// What a write reads first under its lock, all in the message that takes it: the key slot's
/// checksum, the head of the audit log and the schema's generation; and the id the next
/// application's row gets.
#[derive(Debug)]
pub(super) struct LockAnswer {
    under_lock: UnderLock,
    next_app_id: Option<i64>,
}

impl LockAnswer {
    pub fn from_answer(answer: &Answer) -> Self {
        let under_lock = UnderLock {
            generation: answer.generation().unwrap_or(0),
            checksum: Some(answer.checksum()),
            head: ReadAlong::Read(answer.head()),
            scoped_members: answer.scoped_members(),
        };
        Self { under_lock, next_app_id: answer.next_app_id() }
    }
}

/// A write transaction on the server; dropped without a commit, it rolls back, and the store
/// is of the format it began with again.
pub(super) struct PgWrite<'a> {
    storage: &'a PgStorage,
    under_lock: UnderLock,
    format: u32,
    done: bool,
}

impl<'a> PgWrite<'a> {
    /// The write the open began, if it did (see `PgStorage::store_format`); else `BEGIN`, the
    /// lock and what the write checks first, in one message. A lock not granted in 30 s is
    /// exit 6; a head that is missing locked nothing, and the store is refused.
    pub(super) fn begin(storage: &'a PgStorage) -> Result<Self> {
        let begun = storage.open_write.borrow_mut().take();
        // From here on a failure rolls back whatever of the transaction ran.
        let mut tx = Self { storage, under_lock: UnderLock::default(), format: storage.format.get(), done: false };
        let answer = if let Some(answer) = begun {
            answer
        } else {
            storage.send_changes()?;
            storage.writing.set(true);
            storage.in_transaction.set(true);
            let text = format!(
                "{}; {}",
                answer::lock(&storage.settings),
                answer::statement(&storage.target.schema, None, true, storage.format.get() >= 6)
            );
            let answer = storage.ask(&text).map_err(|err| storage.error(&err))?;
            storage.hold_changes();
            LockAnswer::from_answer(&answer)
        };
        if !matches!(answer.under_lock.head, ReadAlong::Read(Some(_))) {
            return Err(Error::tampered(format!("the audit head of the store at {} is missing", storage.target.shown)));
        }
        storage.next_app_id.set(answer.next_app_id);
        tx.under_lock = answer.under_lock;
        Ok(tx)
    }
}

impl WriteTransaction for PgWrite<'_> {
    fn tables(&self) -> &dyn Tables {
        self.storage
    }

    fn under_lock(&self) -> &UnderLock {
        &self.under_lock
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
            self.storage.format.set(self.format);
        }
        self.storage.drop_changes();
        self.storage.next_app_id.set(None);
        self.storage.writing.set(false);
    }
}
