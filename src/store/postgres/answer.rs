//! The first statement of a command and of a write: everything they read next, in one row of
//! JSON (bytes in hex), so that it can follow `BEGIN` and the write lock in one message
//! without parameters. Each statement of a message reads the database as it is when that
//! statement starts, so what it reads after the lock includes the commit the lock waited for.

use serde::Deserialize;
use tokio_postgres::SimpleQueryMessage;

use super::super::crypto::{KdfParams, from_hex, to_hex};
use super::super::header::Header;
use super::super::tables::{HeadRow, SessionRow};
use super::rows::u32_of;
use super::{PgStorage, schema};

/// BEGIN and the store's row, which holds the audit head, locked `FOR UPDATE`: writers on
/// every machine take turns.
pub(super) const LOCK: &str = "BEGIN; SELECT 1 FROM s.store FOR UPDATE";

/// The statement: the format, the header, the audit head, the record of the session `session`
/// (its id), and with `pin` the schema's relations (see [`schema::relation_lines`]).
pub(super) fn statement(schema_name: &str, session: Option<&[u8]>, pin: bool) -> String {
    let session_join = session
        .map_or_else(String::new, |id| format!(" LEFT JOIN s.sessions se ON se.id = decode('{}', 'hex')", to_hex(id)));
    let session_json = if session.is_some() {
        "CASE WHEN se.id IS NULL THEN NULL ELSE json_build_object('expires_at', se.expires_at, \
         'wrapped_key', encode(se.wrapped_key, 'hex'), 'member', se.member) END"
    } else {
        "NULL"
    };
    // With the pin, what a write reads first: also the id the next application's row gets,
    // which the write then sets the sequence past itself (it holds the lock all inserts take).
    let (relations, next_app_id) = if pin {
        (
            format!("array_to_json({})", schema::relation_lines(schema_name)),
            "(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM s.applications_id_seq)",
        )
    } else {
        ("NULL".into(), "NULL")
    };
    format!(
        "SELECT json_build_object('format', h.format, \
         'header', CASE WHEN h.store_id IS NULL THEN NULL ELSE json_build_object('store_id', encode(h.store_id, 'hex'), \
         'kdf_salt', encode(h.kdf_salt, 'hex'), 'kdf_memory_kib', h.kdf_memory_kib, 'kdf_iterations', h.kdf_iterations, \
         'kdf_parallelism', h.kdf_parallelism, 'wrapped_key', encode(h.wrapped_key, 'hex'), \
         'checksum', encode(h.checksum, 'hex'), 'members_mac', encode(h.members_mac, 'hex'), \
         'members_digest', encode(h.members_digest, 'hex')) END, \
         'head', CASE WHEN h.singleton IS NULL THEN NULL ELSE json_build_object('last_id', h.last_id, \
         'last_mac', encode(h.last_mac, 'hex'), 'live_apps', h.live_apps, 'mac', encode(h.head_mac, 'hex')) END, \
         'session', {session_json}, 'relations', {relations}, 'next_app_id', {next_app_id})::text AS answer \
         FROM (SELECT 1) one LEFT JOIN s.store h ON true{session_join}"
    )
}

impl PgStorage {
    /// Sends `text` (statements without parameters, the last one [`answer::statement`]) in one
    /// message and reads the last one's row.
    pub(super) fn ask(&self, text: &str) -> Result<Answer, tokio_postgres::Error> {
        let sql = self.sql(text);
        let answers = self.client().simple_query(&sql)?;
        let json = answers.iter().rev().find_map(|answer| match answer {
            SimpleQueryMessage::Row(row) if row.columns().first().is_some_and(|c| c.name() == "answer") => row.get(0),
            _ => None,
        });
        // The statement always answers one row of valid JSON: anything else is a server
        // that does not speak as PostgreSQL does, and reads as an empty store.
        Ok(json.and_then(Answer::parse).unwrap_or_else(Answer::empty))
    }
}

/// The statement's row, as read.
#[derive(Debug, Deserialize)]
pub(super) struct Answer {
    format: Option<i64>,
    header: Option<HeaderJson>,
    head: Option<HeadJson>,
    session: Option<SessionJson>,
    relations: Option<Vec<String>>,
    next_app_id: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct HeaderJson {
    store_id: Option<String>,
    kdf_salt: Option<String>,
    kdf_memory_kib: Option<i64>,
    kdf_iterations: Option<i64>,
    kdf_parallelism: Option<i64>,
    wrapped_key: Option<String>,
    checksum: Option<String>,
    members_mac: Option<String>,
    members_digest: Option<String>,
}

#[derive(Debug, Deserialize)]
struct HeadJson {
    last_id: Option<i64>,
    last_mac: Option<String>,
    live_apps: Option<i64>,
    mac: Option<String>,
}

#[derive(Debug, Deserialize)]
struct SessionJson {
    expires_at: Option<i64>,
    wrapped_key: Option<String>,
    member: Option<String>,
}

/// A NULL column reads as no bytes, as a binary read of it does: it then fails
/// authentication above (exit 7) rather than the read.
fn unhex(hex: Option<&String>) -> Vec<u8> {
    hex.and_then(|h| from_hex(h)).unwrap_or_default()
}

impl Answer {
    pub fn parse(json: &str) -> Option<Self> {
        serde_json::from_str(json).ok()
    }

    pub fn empty() -> Self {
        Self { format: None, header: None, head: None, session: None, relations: None, next_app_id: None }
    }

    /// The store's format; 0 when the schema holds the tables but no format row.
    pub fn format(&self) -> u32 {
        u32_of(self.format).unwrap_or(0)
    }

    /// The header, if there is one with KDF parameters in range.
    pub fn header(&self) -> Option<Header> {
        let h = self.header.as_ref()?;
        let kdf = KdfParams {
            memory_kib: u32_of(h.kdf_memory_kib)?,
            iterations: u32_of(h.kdf_iterations)?,
            parallelism: u32_of(h.kdf_parallelism)?,
        };
        Some(Header {
            format: self.format(),
            store_id: unhex(h.store_id.as_ref()),
            salt: unhex(h.kdf_salt.as_ref()),
            kdf,
            wrapped_key: unhex(h.wrapped_key.as_ref()),
            checksum: unhex(h.checksum.as_ref()),
            members_mac: unhex(h.members_mac.as_ref()),
            members_digest: unhex(h.members_digest.as_ref()),
        })
    }

    /// The key slot's checksum, read whatever the rest of the header holds (a write compares
    /// it with the one its open read).
    pub fn checksum(&self) -> Vec<u8> {
        unhex(self.header.as_ref().and_then(|h| h.checksum.as_ref()))
    }

    pub fn head(&self) -> Option<HeadRow> {
        self.head.as_ref().map(|h| HeadRow {
            last_id: h.last_id,
            last_mac: unhex(h.last_mac.as_ref()),
            live_apps: h.live_apps,
            mac: unhex(h.mac.as_ref()),
        })
    }

    pub fn session(&self) -> Option<SessionRow> {
        self.session.as_ref().map(|s| SessionRow {
            expires_at: s.expires_at,
            wrapped_key: unhex(s.wrapped_key.as_ref()),
            member: s.member.clone().unwrap_or_default(),
        })
    }

    /// The id the next application's row gets, when it was read (under the write lock).
    pub fn next_app_id(&self) -> Option<i64> {
        self.next_app_id
    }

    /// The schema's generation (see [`schema::generation_of`]), when the pin was read.
    pub fn generation(&self) -> Option<i64> {
        self.relations.as_deref().map(schema::generation_of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_columns_read_as_nothing_and_bad_kdf_numbers_as_no_header() {
        let answer = Answer::parse(
            r#"{"format": 3, "header": {"store_id": "0a0b", "kdf_salt": null, "kdf_memory_kib": -1,
                "kdf_iterations": 2, "kdf_parallelism": 1, "wrapped_key": "zz", "checksum": "0c",
                "members_mac": null, "members_digest": null},
                "head": {"last_id": 4, "last_mac": "ff", "live_apps": null, "mac": null},
                "session": null, "relations": null}"#,
        )
        .unwrap();
        assert_eq!(answer.format(), 3);
        assert!(answer.header().is_none(), "a negative memory cost is no header");
        assert_eq!(answer.checksum(), vec![0x0c], "the checksum reads whatever the header holds");
        let head = answer.head().unwrap();
        assert_eq!((head.last_id, head.last_mac, head.live_apps, head.mac), (Some(4), vec![0xff], None, vec![]));
        assert!(answer.session().is_none());
        assert_eq!(answer.generation(), None);
    }
}
