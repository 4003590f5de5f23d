//! The SQL schema, its pinning and the connection settings. The format version lives in
//! SQLite's `user_version`, readable before anything is decrypted.
//!
//! The schema is pinned: whoever can write the file could plant a trigger that cancels our
//! writes or a view that answers for a table, so a store whose `sqlite_schema` holds anything
//! other than what this module creates is refused, naming the object.

use rusqlite::config::DbConfig;
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// Version of the file format this program writes. A file with a higher one is refused; a
/// version 1 file is read as it is and upgraded on its first write.
pub const FORMAT_VERSION: u32 = 6;
/// The oldest format this program reads.
pub const OLDEST_FORMAT: u32 = 1;

/// The tables of format 1, exactly as version 1 wrote them: SQLite keeps each statement's text
/// in `sqlite_schema`, and the pin compares those texts byte for byte. Format 2 is these plus
/// [`UPGRADE_TO_2`], for new stores and upgraded ones alike, so both have one schema.
const TABLES_1: [(&str, &str); 5] = [
    (
        "store_header",
        "CREATE TABLE store_header (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    store_id        BLOB    NOT NULL,
    kdf_salt        BLOB    NOT NULL,
    kdf_memory_kib  INTEGER NOT NULL,
    kdf_iterations  INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    wrapped_key     BLOB    NOT NULL,
    checksum        BLOB    NOT NULL
)",
    ),
    (
        "applications",
        "CREATE TABLE applications (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id_mac BLOB    NOT NULL UNIQUE,
    name_mac      BLOB    NOT NULL UNIQUE,
    version       INTEGER NOT NULL,
    sealed        BLOB    NOT NULL
)",
    ),
    (
        "sessions",
        "CREATE TABLE sessions (
    id          BLOB    PRIMARY KEY,
    expires_at  INTEGER NOT NULL,
    wrapped_key BLOB    NOT NULL
)",
    ),
    (
        "audit_events",
        "CREATE TABLE audit_events (
    id     INTEGER PRIMARY KEY,
    sealed BLOB    NOT NULL,
    mac    BLOB    NOT NULL
)",
    ),
    (
        "audit_head",
        "CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id   INTEGER NOT NULL,
    last_mac  BLOB    NOT NULL
)",
    ),
];

/// Format 2: each event that changes an application carries that application's lookup MAC,
/// indexed, so a read finds the application's latest audited version in one step; the head
/// counts the live applications and is MAC'd under its own subkey.
pub const UPGRADE_TO_2: &str = "
ALTER TABLE audit_events ADD COLUMN subject_mac BLOB;
CREATE INDEX audit_events_by_subject ON audit_events (subject_mac, id) WHERE subject_mac IS NOT NULL;
ALTER TABLE audit_head ADD COLUMN live_apps INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN head_mac BLOB NOT NULL DEFAULT x'';
";

/// The texts SQLite records for what [`UPGRADE_TO_2`] changes (a unit test holds them to it).
const AUDIT_EVENTS_2: &str = "CREATE TABLE audit_events (
    id     INTEGER PRIMARY KEY,
    sealed BLOB    NOT NULL,
    mac    BLOB    NOT NULL
, subject_mac BLOB)";
const AUDIT_HEAD_2: &str = "CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id   INTEGER NOT NULL,
    last_mac  BLOB    NOT NULL
, live_apps INTEGER NOT NULL DEFAULT 0, head_mac BLOB NOT NULL DEFAULT x'')";
const SUBJECT_INDEX_2: &str =
    "CREATE INDEX audit_events_by_subject ON audit_events (subject_mac, id) WHERE subject_mac IS NOT NULL";

/// Format 3: members. The data key is sealed to each member's public key; the header keeps a
/// MAC of the member list under the data key and a plain digest of it (which tells an altered
/// member from a wrong passphrase before any key is derived) in place of the one passphrase
/// slot, and each session remembers its member.
pub fn upgrade_to_3() -> String {
    format!("\n{MEMBERS_3};\n{USAGE_3};\n{ALTER_TO_3}")
}

/// When `verify` last accepted each application's secrets: one sealed row per application,
/// overwritten at most hourly, outside the record (a use is no change, and is not audited).
const USAGE_3: &str = "CREATE TABLE app_usage (
    app_id INTEGER PRIMARY KEY,
    sealed BLOB    NOT NULL
)";

const ALTER_TO_3: &str = "ALTER TABLE store_header ADD COLUMN members_mac BLOB NOT NULL DEFAULT x'';
ALTER TABLE store_header ADD COLUMN members_digest BLOB NOT NULL DEFAULT x'';
ALTER TABLE sessions ADD COLUMN member TEXT NOT NULL DEFAULT '';
";

/// The members table, as created and as SQLite records it; then the texts it records for
/// the tables [`upgrade_to_3`] alters.
const MEMBERS_3: &str = "CREATE TABLE members (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL,
    public_key       TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    created_by       TEXT    NOT NULL,
    kdf_salt         BLOB    NOT NULL,
    wrapped_identity BLOB    NOT NULL,
    sealed_key       BLOB    NOT NULL
)";
const STORE_HEADER_3: &str = "CREATE TABLE store_header (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    store_id        BLOB    NOT NULL,
    kdf_salt        BLOB    NOT NULL,
    kdf_memory_kib  INTEGER NOT NULL,
    kdf_iterations  INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    wrapped_key     BLOB    NOT NULL,
    checksum        BLOB    NOT NULL
, members_mac BLOB NOT NULL DEFAULT x'', members_digest BLOB NOT NULL DEFAULT x'')";
const SESSIONS_3: &str = "CREATE TABLE sessions (
    id          BLOB    PRIMARY KEY,
    expires_at  INTEGER NOT NULL,
    wrapped_key BLOB    NOT NULL
, member TEXT NOT NULL DEFAULT '')";

/// Format 6: scoped members. A member's sealed scope (NULL for a full member); each scoped
/// member's key to each application granted to it, wrapped under its scope key and read by
/// member (and by application, when one changes); and the events scoped members recorded,
/// waiting for a full member's write to take them into the log.
pub fn upgrade_to_6() -> String {
    format!("\nALTER TABLE members ADD COLUMN scope BLOB;\n{GRANTS_6};\n{GRANTS_BY_APP_6};\n{SCOPE_EVENTS_6};\n")
}

const GRANTS_6: &str = "CREATE TABLE grants (
    member_id INTEGER NOT NULL,
    app_id    INTEGER NOT NULL,
    wrapped   BLOB    NOT NULL,
    PRIMARY KEY (member_id, app_id)
)";
const GRANTS_BY_APP_6: &str = "CREATE INDEX grants_by_app ON grants (app_id)";
const SCOPE_EVENTS_6: &str = "CREATE TABLE scope_events (
    member_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    sealed    BLOB    NOT NULL,
    mac       BLOB    NOT NULL,
    PRIMARY KEY (member_id, seq)
)";
/// The text SQLite records for the members table once [`upgrade_to_6`] added its column.
const MEMBERS_6: &str = "CREATE TABLE members (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL,
    public_key       TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    created_by       TEXT    NOT NULL,
    kdf_salt         BLOB    NOT NULL,
    wrapped_identity BLOB    NOT NULL,
    sealed_key       BLOB    NOT NULL
, scope BLOB)";

fn create_1() -> String {
    TABLES_1.map(|(_, sql)| sql).join(";\n") + ";\n"
}

/// The statements that create a new store of `format` (3 or later): format 1's tables and
/// each upgrade's changes since, so that a new store and an upgraded one have one schema.
pub fn create_statements(format: u32) -> String {
    let six = if format >= 6 { upgrade_to_6() } else { String::new() };
    format!(
        "{}{UPGRADE_TO_2}{}{six}\nINSERT INTO audit_head (singleton, last_id, last_mac) VALUES (1, 0, zeroblob(32));",
        create_1(),
        upgrade_to_3()
    )
}

/// One row of `sqlite_schema`: type, name, table, SQL text.
type SchemaObject = (String, String, String, Option<String>);

/// The objects a store of `version` holds, as SQLite records them. Written out rather than
/// made in an in-memory database at each start: that cost more than the rest of a `show`.
fn expected_objects(version: u32) -> Vec<(&'static str, &'static str, &'static str, Option<&'static str>)> {
    let mut objects = vec![
        ("index", "sqlite_autoindex_applications_1", "applications", None),
        ("index", "sqlite_autoindex_applications_2", "applications", None),
        ("index", "sqlite_autoindex_sessions_1", "sessions", None),
        ("table", "sqlite_sequence", "sqlite_sequence", Some("CREATE TABLE sqlite_sequence(name,seq)")),
    ];
    for (name, sql) in TABLES_1 {
        let sql = match (version, name) {
            (2.., "audit_events") => AUDIT_EVENTS_2,
            (2.., "audit_head") => AUDIT_HEAD_2,
            (3.., "store_header") => STORE_HEADER_3,
            (3.., "sessions") => SESSIONS_3,
            _ => sql,
        };
        objects.push(("table", name, name, Some(sql)));
    }
    if version >= 2 {
        objects.push(("index", "audit_events_by_subject", "audit_events", Some(SUBJECT_INDEX_2)));
    }
    if version >= 3 {
        let members = if version >= 6 { MEMBERS_6 } else { MEMBERS_3 };
        objects.push(("table", "members", "members", Some(members)));
        objects.push(("index", "sqlite_autoindex_members_1", "members", None));
        objects.push(("table", "app_usage", "app_usage", Some(USAGE_3)));
    }
    if version >= 6 {
        objects.push(("table", "grants", "grants", Some(GRANTS_6)));
        objects.push(("index", "sqlite_autoindex_grants_1", "grants", None));
        objects.push(("index", "grants_by_app", "grants", Some(GRANTS_BY_APP_6)));
        objects.push(("table", "scope_events", "scope_events", Some(SCOPE_EVENTS_6)));
        objects.push(("index", "sqlite_autoindex_scope_events_1", "scope_events", None));
    }
    objects
}

fn read_objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    conn.prepare_cached("SELECT type, name, tbl_name, sql FROM sqlite_schema")?
        .query_map([], |r| {
            Ok((
                text(r, 0)?.unwrap_or_default(),
                text(r, 1)?.unwrap_or_default(),
                text(r, 2)?.unwrap_or_default(),
                text(r, 3)?,
            ))
        })?
        .collect()
}

/// A schema column read as text whatever its stored type: a crafted row must not crash us.
fn text(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<String>> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(index)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Null => None,
    })
}

/// Compares the file's schema with the one `version` pins; returns one line per difference,
/// each naming the object.
pub fn schema_problems(conn: &Connection, version: u32) -> rusqlite::Result<Vec<String>> {
    let found = read_objects(conn)?;
    let expected = expected_objects(version);
    let mut problems = Vec::new();
    for (kind, name, table, sql) in &found {
        match expected.iter().find(|(k, n, _, _)| k == kind && n == name) {
            None => problems.push(format!("the store holds a {kind} {name:?} that revvy-apps did not create")),
            Some((_, _, pinned_table, pinned_sql)) if pinned_table != table || *pinned_sql != sql.as_deref() => {
                problems
                    .push(format!("the {kind} {name:?} was altered: its definition is not the one revvy-apps created"));
            }
            Some(_) => {}
        }
    }
    for (kind, name, _, _) in &expected {
        if !found.iter().any(|(k, n, _, _)| k == kind && n == name) {
            problems.push(format!("the {kind} {name:?} of the store is missing"));
        }
    }
    Ok(problems)
}

/// What every connection needs: a wait for the write lock, and SQLite's own defences against
/// a hostile file (no functions with side effects from the schema, no writes to it, no
/// triggers or views).
/// `journal_mode=WAL` is stored in the file at creation.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    // revvy-apps uses neither; a planted one then cannot act even before the pin check.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    Ok(())
}

/// SQLite's counter of schema changes: read at open, compared inside every write, so a schema
/// changed between the pin check and the write is noticed.
pub fn schema_cookie(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA schema_version", [], |r| r.get(0))
}

/// Starts a write: durable commits, freed pages zeroed, and `BEGIN IMMEDIATE` so the write
/// lock is taken up front (no upgrade deadlock between two writers). The pragmas are set
/// here rather than at open, so a read pays for neither.
pub fn begin_write(conn: &mut Connection) -> rusqlite::Result<Transaction<'_>> {
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")?;
    conn.transaction_with_behavior(TransactionBehavior::Immediate)
}

/// Runs one INSERT, UPDATE or DELETE that must change exactly `expected` rows. Anything else
/// means something in the file (a trigger, a rule) interfered, and the transaction is dropped.
pub fn execute_exact(
    tx: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    expected: usize,
) -> crate::error::Result<()> {
    let changed = tx.prepare_cached(sql)?.execute(params)?;
    if changed == expected {
        return Ok(());
    }
    // `INSERT INTO t`, `UPDATE t`, `DELETE FROM t`: the table is the second or third word.
    let mut words = sql.split_whitespace();
    let table = match words.next() {
        Some("UPDATE") => words.next(),
        _ => words.nth(1),
    };
    Err(crate::error::Error::new(
        crate::error::ErrorKind::Tampered,
        format!(
            "a write to the table {} changed {changed} row(s) where {expected} were meant: something in the store interfered with it",
            table.unwrap_or("?")
        ),
    )
    .with_hint("nothing was changed; run `revvy-apps check` to find what was planted in the store"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_and_an_upgraded_one_have_the_pinned_schema() {
        for format in 3..=FORMAT_VERSION {
            let new = Connection::open_in_memory().unwrap();
            new.execute_batch(&create_statements(format)).unwrap();
            assert_eq!(schema_problems(&new, format).unwrap(), Vec::<String>::new(), "a new store of format {format}");
        }

        let upgraded = Connection::open_in_memory().unwrap();
        upgraded.execute_batch(&create_1()).unwrap();
        assert_eq!(schema_problems(&upgraded, 1).unwrap(), Vec::<String>::new());
        upgraded.execute_batch(UPGRADE_TO_2).unwrap();
        assert_eq!(schema_problems(&upgraded, 2).unwrap(), Vec::<String>::new());
        upgraded.execute_batch(&upgrade_to_3()).unwrap();
        assert_eq!(schema_problems(&upgraded, 3).unwrap(), Vec::<String>::new());
        assert_eq!(schema_problems(&upgraded, 5).unwrap(), Vec::<String>::new(), "formats 4 and 5 keep the tables");
        upgraded.execute_batch(&upgrade_to_6()).unwrap();
        assert_eq!(schema_problems(&upgraded, 6).unwrap(), Vec::<String>::new());
    }

    /// Each format's pin holds its own schema and no other: format 6's tables in a store that
    /// says format 5 are planted, and a format 6 store without them lacks them.
    #[test]
    fn the_tables_of_format_6_are_pinned_to_format_6() {
        let six = Connection::open_in_memory().unwrap();
        six.execute_batch(&create_statements(6)).unwrap();
        let mut at_5 = schema_problems(&six, 5).unwrap();
        at_5.sort();
        assert_eq!(
            at_5,
            [
                "the store holds a index \"grants_by_app\" that revvy-apps did not create",
                "the store holds a index \"sqlite_autoindex_grants_1\" that revvy-apps did not create",
                "the store holds a index \"sqlite_autoindex_scope_events_1\" that revvy-apps did not create",
                "the store holds a table \"grants\" that revvy-apps did not create",
                "the store holds a table \"scope_events\" that revvy-apps did not create",
                "the table \"members\" was altered: its definition is not the one revvy-apps created",
            ][..]
        );
        let five = Connection::open_in_memory().unwrap();
        five.execute_batch(&create_statements(5)).unwrap();
        let at_6 = schema_problems(&five, 6).unwrap();
        assert!(at_6.contains(&"the table \"grants\" of the store is missing".to_owned()), "{at_6:?}");
        assert!(at_6.contains(
            &"the table \"members\" was altered: its definition is not the one revvy-apps created".to_owned()
        ));
    }

    #[test]
    fn a_write_a_trigger_cancels_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&create_statements(FORMAT_VERSION)).unwrap();
        conn.execute_batch("CREATE TRIGGER keep BEFORE UPDATE ON audit_head BEGIN SELECT RAISE(IGNORE); END;").unwrap();
        let err = execute_exact(&conn, "UPDATE audit_head SET last_id = 5", [], 1).unwrap_err();
        assert_eq!(err.kind(), crate::error::ErrorKind::Tampered);
        assert!(
            err.message().starts_with("a write to the table audit_head changed 0 row(s) where 1 were meant"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_planted_trigger_is_named() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&create_statements(FORMAT_VERSION)).unwrap();
        conn.execute_batch("CREATE TRIGGER keep BEFORE UPDATE ON applications BEGIN SELECT RAISE(IGNORE); END;")
            .unwrap();
        assert_eq!(
            schema_problems(&conn, FORMAT_VERSION).unwrap(),
            ["the store holds a trigger \"keep\" that revvy-apps did not create"]
        );
    }
}
