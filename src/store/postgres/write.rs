//! A write on the server: one transaction that first locks the audit head, so that writers
//! on every machine take turns, each seeing the last one's commit.

use postgres::SimpleQueryMessage;
use serde::Deserialize;

use super::PgStorage;
use super::prefetch::Kept;
use super::schema;
use crate::error::{Error, Result};
use crate::store::crypto::from_hex;
use crate::store::tables::{HeadRow, Tables, WriteTransaction};

/// A write transaction on the server; dropped without a commit, it rolls back.
pub(super) struct PgWrite<'a> {
    storage: &'a PgStorage,
    done: bool,
}

impl<'a> PgWrite<'a> {
    /// `BEGIN`, the audit head locked `FOR UPDATE`, and what the write checks first — the key
    /// slot's checksum, the head and the schema's pin — in one message. Each statement of a
    /// message reads the database as it is when that statement starts, so the reads see the
    /// commit the lock waited for. A lock not granted in 30 s is exit 6; a head that is
    /// missing locked nothing, and the store is refused.
    pub(super) fn begin(storage: &'a PgStorage) -> Result<Self> {
        storage.send_changes()?;
        storage.prefetched.borrow_mut().forget();
        // From here on a failure rolls back whatever of the message ran.
        let tx = Self { storage, done: false };
        storage.writing.set(true);
        let sql = storage.sql(&format!(
            "BEGIN; SELECT 1 FROM s.audit_head FOR UPDATE; \
             SELECT json_build_object('checksum', encode(hd.checksum, 'hex'), \
             'head', CASE WHEN a.singleton IS NULL THEN NULL ELSE json_build_object('last_id', a.last_id, \
             'last_mac', encode(a.last_mac, 'hex'), 'live_apps', a.live_apps, 'mac', encode(a.head_mac, 'hex')) END, \
             'relations', array_to_json({}))::text AS under_lock \
             FROM (SELECT 1) one LEFT JOIN s.store_header hd ON true LEFT JOIN s.audit_head a ON true",
            schema::relation_lines(&storage.target.schema)
        ));
        let answers = storage.client.borrow_mut().simple_query(&sql).map_err(|err| storage.error(&err))?;
        let answer = answers
            .iter()
            .rev()
            .find_map(|answer| match answer {
                SimpleQueryMessage::Row(row) if row.columns().first().is_some_and(|c| c.name() == "under_lock") => {
                    row.get(0)
                }
                _ => None,
            })
            .and_then(|json| serde_json::from_str::<UnderLock>(json).ok())
            .ok_or_else(|| Error::internal("the server's answer under the write lock could not be read"))?;
        let Some(head) = answer.head else {
            return Err(Error::tampered(format!("the audit head of the store at {} is missing", storage.target.shown)));
        };
        let mut prefetched = storage.prefetched.borrow_mut();
        prefetched.checksum = Some(unhex(answer.checksum));
        prefetched.head = Kept::Read(Some(HeadRow {
            last_id: head.last_id,
            last_mac: unhex(head.last_mac),
            live_apps: head.live_apps,
            mac: unhex(head.mac),
        }));
        prefetched.generation = Some(schema::generation_of(&answer.relations));
        drop(prefetched);
        storage.hold_changes();
        Ok(tx)
    }
}

/// What a write reads under its lock, as the server writes it in JSON (bytes in hex).
#[derive(Deserialize)]
struct UnderLock {
    checksum: Option<String>,
    head: Option<HeadJson>,
    relations: Vec<String>,
}

#[derive(Deserialize)]
struct HeadJson {
    last_id: Option<i64>,
    last_mac: Option<String>,
    live_apps: Option<i64>,
    mac: Option<String>,
}

/// A NULL column reads as no bytes, as a binary read of it does (it then fails authentication).
fn unhex(hex: Option<String>) -> Vec<u8> {
    hex.and_then(|h| from_hex(&h)).unwrap_or_default()
}

impl WriteTransaction for PgWrite<'_> {
    fn tables(&self) -> &dyn Tables {
        self.storage
    }

    /// The changes still waiting, their row counts checked, then COMMIT.
    fn commit(mut self: Box<Self>) -> Result<()> {
        self.storage.send_changes()?;
        self.done = true;
        self.storage.batch("COMMIT")
    }
}

impl Drop for PgWrite<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.storage.roll_back();
        }
        self.storage.drop_changes();
        self.storage.writing.set(false);
    }
}
