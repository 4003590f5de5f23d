//! The first statement of a command and of a write: everything they read next, in one row
//! (bytes as `bytea` text, which the connection asks in hex), so that it can follow `BEGIN`
//! and the write lock in one message without parameters; a write's also asks, in the same
//! message, for the schema's relations (the pin, one row each). Each statement of a message
//! reads the database as it is when that statement starts, so what it reads after the lock
//! includes the commit the lock waited for. Plain columns, not one JSON value: building JSON
//! in a new server backend cost 0.15 ms of a `show`'s 1.2 ms of server time.

use tokio_postgres::{SimpleQueryMessage, SimpleQueryRow};

use super::super::HeaderRow;
use super::super::{HeadRow, SessionRow};
use super::rows::u32_of;
use super::{PgStorage, schema};
use crate::hex::{from_hex, to_hex};

/// BEGIN, the transaction's `settings`, and the store's row, which holds the audit head,
/// locked `FOR UPDATE`: writers on every machine take turns.
pub(super) fn lock(settings: &str) -> String {
    format!("BEGIN; {settings}; SELECT 1 FROM s.store FOR UPDATE")
}

/// The answer's columns, in order (see [`statement`]).
const COLUMNS: [&str; 21] = [
    "answer", // the format
    "store_id",
    "kdf_salt",
    "kdf_memory_kib",
    "kdf_iterations",
    "kdf_parallelism",
    "wrapped_key",
    "checksum",
    "members_mac",
    "members_digest",
    "has_head",
    "last_id",
    "last_mac",
    "live_apps",
    "head_mac",
    "has_session",
    "session_expires_at",
    "session_wrapped_key",
    "session_member",
    "next_app_id",
    "scoped_members",
];

/// The statement: the format, the header, the audit head, the record of the session `session`
/// (its id); with `pin`, followed by the statement that reads the schema's relations (see
/// [`schema::pin_statement`]), and with `scopes` (a store of format 6 or later) whether a
/// member is scoped.
pub(super) fn statement(schema_name: &str, session: Option<&[u8]>, pin: bool, scopes: bool) -> String {
    let (session_columns, session_join) = match session {
        Some(id) => (
            "se.id IS NOT NULL, se.expires_at, se.wrapped_key, se.member",
            format!(" LEFT JOIN s.sessions se ON se.id = decode('{}', 'hex')", to_hex(id)),
        ),
        None => ("false, NULL, NULL, NULL", String::new()),
    };
    // With the pin, what a write reads first: also the id the next application's row gets,
    // which the write then sets the sequence past itself (it holds the lock all inserts take).
    // Also whether any member is scoped, where the store has the column (format 6).
    let scoped = if pin && scopes { "EXISTS (SELECT 1 FROM s.members WHERE scope IS NOT NULL)" } else { "NULL" };
    let (next_app_id, pin_statement) = if pin {
        (
            "(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM s.applications_id_seq)",
            format!("; {}", schema::pin_statement(schema_name)),
        )
    } else {
        ("NULL", String::new())
    };
    format!(
        "SELECT h.format AS answer, h.store_id, h.kdf_salt, h.kdf_memory_kib, h.kdf_iterations, h.kdf_parallelism, \
         h.wrapped_key, h.checksum, h.members_mac, h.members_digest, \
         h.singleton IS NOT NULL, h.last_id, h.last_mac, h.live_apps, h.head_mac, \
         {session_columns}, {next_app_id}, {scoped} \
         FROM (SELECT 1) one LEFT JOIN s.store h ON true{session_join}{pin_statement}"
    )
}

impl PgStorage {
    /// Sends `text` (statements without parameters ending with [`statement`]) in one message
    /// and reads the answer's row, and the pin's rows when it was asked.
    pub(super) fn ask(&self, text: &str) -> Result<Answer, tokio_postgres::Error> {
        let sql = self.sql(text);
        let answers = self.client().simple_query(&sql)?;
        let mut rows = answers.iter().filter_map(|answer| match answer {
            SimpleQueryMessage::Row(row) if first_column(row) == Some(COLUMNS[0]) => Some(row),
            _ => None,
        });
        let row = rows.next();
        // The store's row is a singleton: a second one is something on the server answering
        // in its place, which the open refuses.
        let rows_beyond_one = rows.count();
        // The statement always answers one row of these columns: anything else is a server
        // that does not speak as PostgreSQL does, and reads as an empty store.
        let mut answer = row.filter(|row| row.len() == COLUMNS.len()).map_or_else(Answer::empty, |row| Answer {
            columns: (0..row.len()).map(|i| row.get(i).map(str::to_owned)).collect(),
            relations: None,
            rows_beyond_one: 0,
        });
        answer.rows_beyond_one = rows_beyond_one;
        // The pin's rows, which may be none: its columns' description says it was read.
        let pin_read = answers.iter().any(|answer| {
            matches!(answer, SimpleQueryMessage::RowDescription(columns)
                if columns.first().is_some_and(|c| c.name() == schema::PIN))
        });
        if pin_read {
            let flag = |row: &SimpleQueryRow, at| row.get(at) != Some("f");
            let lines = answers.iter().filter_map(|answer| match answer {
                SimpleQueryMessage::Row(row) if first_column(row) == Some(schema::PIN) => {
                    let text = |at| row.get(at).unwrap_or_default();
                    let marks = schema::Marks {
                        triggers: flag(row, 2),
                        rules: flag(row, 3),
                        rls: flag(row, 4),
                        inherited: flag(row, 5),
                        checks: text(6).parse().unwrap_or(-1),
                    };
                    Some(schema::relation_line(text(0), text(1), marks))
                }
                _ => None,
            });
            answer.relations = Some(lines.collect());
        }
        Ok(answer)
    }
}

fn first_column(row: &SimpleQueryRow) -> Option<&str> {
    row.columns().first().map(tokio_postgres::SimpleColumn::name)
}

/// The statement's row, as read: each column's text, `None` for NULL; and the schema's
/// relations (see [`schema::relation_line`]), when the pin was read with it.
#[derive(Debug)]
pub(super) struct Answer {
    columns: Vec<Option<String>>,
    relations: Option<Vec<String>>,
    /// Rows of the statement after the first: none from a store as revvy-apps keeps it.
    pub rows_beyond_one: usize,
}

impl Answer {
    pub fn empty() -> Self {
        Self { columns: vec![None; COLUMNS.len()], relations: None, rows_beyond_one: 0 }
    }

    fn text(&self, name: &str) -> Option<&str> {
        let at = COLUMNS.iter().position(|c| *c == name).expect("a column of the statement");
        self.columns.get(at)?.as_deref()
    }

    fn int(&self, name: &str) -> Option<i64> {
        self.text(name)?.parse().ok()
    }

    fn flag(&self, name: &str) -> bool {
        self.text(name) == Some("t")
    }

    /// A NULL or malformed column reads as no bytes, as a binary read of it does: it then
    /// fails authentication above (exit 7) rather than the read.
    fn bytes(&self, name: &str) -> Vec<u8> {
        self.text(name).and_then(|t| t.strip_prefix("\\x")).and_then(from_hex).unwrap_or_default()
    }

    /// The store's format; 0 when the schema holds the tables but no format row.
    pub fn format(&self) -> u32 {
        u32_of(self.int(COLUMNS[0])).unwrap_or(0)
    }

    /// The header, if there is one with KDF parameters in range.
    pub fn header(&self) -> Option<HeaderRow> {
        self.text("store_id")?;
        Some(HeaderRow {
            store_id: self.bytes("store_id"),
            salt: self.bytes("kdf_salt"),
            kdf_memory_kib: u32_of(self.int("kdf_memory_kib"))?,
            kdf_iterations: u32_of(self.int("kdf_iterations"))?,
            kdf_parallelism: u32_of(self.int("kdf_parallelism"))?,
            wrapped_key: self.bytes("wrapped_key"),
            checksum: self.bytes("checksum"),
            members_mac: self.bytes("members_mac"),
            members_digest: self.bytes("members_digest"),
        })
    }

    /// The key slot's checksum, read whatever the rest of the header holds (a write compares
    /// it with the one its open read).
    pub fn checksum(&self) -> Vec<u8> {
        self.bytes("checksum")
    }

    pub fn head(&self) -> Option<HeadRow> {
        self.flag("has_head").then(|| HeadRow {
            last_id: self.int("last_id"),
            last_mac: self.bytes("last_mac"),
            live_apps: self.int("live_apps"),
            mac: self.bytes("head_mac"),
        })
    }

    pub fn session(&self) -> Option<SessionRow> {
        self.flag("has_session").then(|| SessionRow {
            expires_at: self.int("session_expires_at"),
            wrapped_key: self.bytes("session_wrapped_key"),
            member: self.text("session_member").unwrap_or_default().to_owned(),
        })
    }

    /// The id the next application's row gets, when it was read (under the write lock).
    pub fn next_app_id(&self) -> Option<i64> {
        self.int("next_app_id")
    }

    /// Whether a member is scoped, when it was read (under the write lock).
    pub fn scoped_members(&self) -> Option<bool> {
        self.text("scoped_members").map(|flag| flag != "f")
    }

    /// The schema's generation (see [`schema::generation_of`]), when the pin was read.
    pub fn generation(&self) -> Option<i64> {
        Some(schema::generation_of(self.relations.as_ref()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(columns: &[(&str, &str)]) -> Answer {
        let mut answer = Answer::empty();
        for (name, value) in columns {
            let at = COLUMNS.iter().position(|c| c == name).unwrap();
            answer.columns[at] = Some((*value).to_owned());
        }
        answer
    }

    #[test]
    fn missing_columns_read_as_nothing_and_bad_kdf_numbers_as_no_header() {
        let answer = answer(&[
            ("answer", "3"),
            ("store_id", "\\x0a0b"),
            ("kdf_memory_kib", "-1"),
            ("kdf_iterations", "2"),
            ("kdf_parallelism", "1"),
            ("wrapped_key", "\\xzz"),
            ("checksum", "\\x0c"),
            ("has_head", "t"),
            ("last_id", "4"),
            ("last_mac", "\\xff"),
            ("has_session", "f"),
        ]);
        assert_eq!(answer.format(), 3);
        assert!(answer.header().is_none(), "a negative memory cost is no header");
        assert_eq!(answer.checksum(), vec![0x0c], "the checksum reads whatever the header holds");
        let head = answer.head().unwrap();
        assert_eq!((head.last_id, head.last_mac, head.live_apps, head.mac), (Some(4), vec![0xff], None, vec![]));
        assert!(answer.session().is_none());
        assert_eq!(answer.generation(), None);
    }

    #[test]
    fn a_header_reads_from_its_columns_and_bytes_only_from_hex_text() {
        let answer = answer(&[
            ("answer", "3"),
            ("store_id", "\\x0a0b"),
            ("kdf_memory_kib", "19"),
            ("kdf_iterations", "2"),
            ("kdf_parallelism", "1"),
            ("wrapped_key", "0a0b"),
            ("has_session", "t"),
            ("session_expires_at", "99"),
            ("session_member", "ops"),
        ]);
        let answer = Answer { relations: Some(vec!["relation store r".to_owned()]), ..answer };
        let header = answer.header().unwrap();
        assert_eq!(header.store_id, vec![0x0a, 0x0b]);
        assert!(header.wrapped_key.is_empty(), "bytes without the \\x of hex output read as none");
        assert!(answer.head().is_none());
        let session = answer.session().unwrap();
        assert_eq!((session.expires_at, session.member.as_str()), (Some(99), "ops"));
        assert_eq!(answer.generation(), Some(0), "one relation is not the store's schema");
    }
}
