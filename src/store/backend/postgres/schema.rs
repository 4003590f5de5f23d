//! The store's tables on PostgreSQL (format 3: SQLite's rows, in fewer tables; format 6 adds
//! scoped members' tables), and their pin: a trigger, rule, policy, view or index on them that
//! revvy-apps did not create is refused, as it is in a SQLite file. The server's administrator
//! is not trusted with integrity either.

use super::PgStorage;
use crate::error::Result;

/// The format of every new store on a server.
pub(super) const FORMAT: u32 = 6;
/// The oldest format a PostgreSQL store has. Formats 3 to 5 have the same tables; format 6
/// adds [`UPGRADE_TO_6`]'s.
pub(super) const OLDEST_FORMAT: u32 = 3;

/// The tables. They hold the rows of SQLite's format 3, in fewer tables: the store's format,
/// header and audit head are one row of `store`, and an application's last-use record is a
/// column of its row. Each table a statement names costs a new server backend a load of its
/// catalog entries and indexes, and every command starts a new backend.
const TABLES: [(&str, &str); 5] = [
    (
        "store",
        "CREATE TABLE s.store (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), format BIGINT NOT NULL, \
         store_id BYTEA, kdf_salt BYTEA, kdf_memory_kib BIGINT, kdf_iterations BIGINT, kdf_parallelism BIGINT, \
         wrapped_key BYTEA, checksum BYTEA, members_mac BYTEA, members_digest BYTEA, \
         last_id BIGINT NOT NULL, last_mac BYTEA NOT NULL, live_apps BIGINT NOT NULL, head_mac BYTEA NOT NULL)",
    ),
    (
        "members",
        "CREATE TABLE s.members (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, \
         public_key TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, kdf_salt BYTEA NOT NULL, \
         wrapped_identity BYTEA NOT NULL, sealed_key BYTEA NOT NULL)",
    ),
    (
        "applications",
        "CREATE TABLE s.applications (id BIGSERIAL PRIMARY KEY, client_id_mac BYTEA NOT NULL UNIQUE, \
         name_mac BYTEA NOT NULL UNIQUE, version BIGINT NOT NULL, sealed BYTEA NOT NULL, usage BYTEA)",
    ),
    (
        "sessions",
        "CREATE TABLE s.sessions (id BYTEA PRIMARY KEY, expires_at BIGINT NOT NULL, wrapped_key BYTEA NOT NULL, \
         member TEXT NOT NULL DEFAULT '')",
    ),
    (
        "audit_events",
        "CREATE TABLE s.audit_events (id BIGINT PRIMARY KEY, sealed BYTEA NOT NULL, mac BYTEA NOT NULL, subject_mac BYTEA)",
    ),
];

const INDEX: &str =
    "CREATE INDEX audit_events_by_subject ON s.audit_events (subject_mac, id) WHERE subject_mac IS NOT NULL";

/// Format 6: scoped members. A member's sealed scope (NULL for a full member); each scoped
/// member's key to each application granted to it, read by member (and by application, when
/// one changes); the events scoped members recorded, waiting for a full member's write to take
/// them into the log. Their payloads keep no statistics (see [`STATISTICS`]). New stores and
/// upgraded ones alike get these, so both have one schema.
pub(super) const UPGRADE_TO_6: [&str; 5] = [
    "ALTER TABLE s.members ADD COLUMN scope BYTEA, ALTER COLUMN scope SET STATISTICS 0",
    "CREATE TABLE s.grants (member_id BIGINT NOT NULL, app_id BIGINT NOT NULL, wrapped BYTEA NOT NULL, \
     PRIMARY KEY (member_id, app_id))",
    "CREATE INDEX grants_by_app ON s.grants (app_id)",
    "CREATE TABLE s.scope_events (member_id BIGINT NOT NULL, seq BIGINT NOT NULL, sealed BYTEA NOT NULL, \
     mac BYTEA NOT NULL, PRIMARY KEY (member_id, seq))",
    "ALTER TABLE s.grants ALTER COLUMN wrapped SET STATISTICS 0; \
     ALTER TABLE s.scope_events ALTER COLUMN sealed SET STATISTICS 0, ALTER COLUMN mac SET STATISTICS 0",
];

/// The tables format 6 adds, in the order they are dropped.
const TABLES_6: [&str; 2] = ["grants", "scope_events"];

/// Every relation the schema holds once created: the tables, their indexes and sequences (of
/// formats 3 to 5; format 6 adds [`RELATIONS_6`]).
const RELATIONS: [(&str, &str); 16] = [
    ("store", "r"),
    ("store_pkey", "i"),
    ("members", "r"),
    ("members_pkey", "i"),
    ("members_name_key", "i"),
    ("members_id_seq", "S"),
    ("applications", "r"),
    ("applications_pkey", "i"),
    ("applications_client_id_mac_key", "i"),
    ("applications_name_mac_key", "i"),
    ("applications_id_seq", "S"),
    ("sessions", "r"),
    ("sessions_pkey", "i"),
    ("audit_events", "r"),
    ("audit_events_pkey", "i"),
    ("audit_events_by_subject", "i"),
];

/// The relations [`UPGRADE_TO_6`] adds.
const RELATIONS_6: [(&str, &str); 5] =
    [("grants", "r"), ("grants_pkey", "i"), ("grants_by_app", "i"), ("scope_events", "r"), ("scope_events_pkey", "i")];

/// What `ANALYZE` keeps of each column the store's reads name. A new server backend reads a
/// column's statistics whole, histogram and all, the first time a statement names the column;
/// of ciphertext that is up to a hundred samples of it: 27 kB for `applications.sealed` and
/// 86 kB for `audit_events.sealed` over 1,000 applications (out of line, so fetched piece by
/// piece), for nothing, since no statement selects on them. So none are kept of sealed or
/// keyed-hash payloads, and of the lookup hashes, which are random, only the least (1): the
/// number of distinct values, which the planner does use. The row statement of a `show` then
/// plans in half the time (0.66 ms instead of 1.37 ms on a slow machine).
const STATISTICS: [&str; 4] = [
    "ALTER TABLE s.applications ALTER COLUMN sealed SET STATISTICS 0, ALTER COLUMN usage SET STATISTICS 0, \
     ALTER COLUMN client_id_mac SET STATISTICS 1, ALTER COLUMN name_mac SET STATISTICS 1",
    "ALTER TABLE s.audit_events ALTER COLUMN sealed SET STATISTICS 0, ALTER COLUMN mac SET STATISTICS 0, \
     ALTER COLUMN subject_mac SET STATISTICS 1",
    "ALTER TABLE s.members ALTER COLUMN kdf_salt SET STATISTICS 0, ALTER COLUMN wrapped_identity SET STATISTICS 0, \
     ALTER COLUMN sealed_key SET STATISTICS 0, ALTER COLUMN public_key SET STATISTICS 0",
    "ALTER TABLE s.sessions ALTER COLUMN id SET STATISTICS 1, ALTER COLUMN wrapped_key SET STATISTICS 0",
];

/// The statements that make the tables of a new store of `format` (3 to [`FORMAT`]) and its
/// row.
pub(super) fn create_statements(format: u32) -> String {
    let mut sql: Vec<String> = TABLES.iter().map(|(_, create)| (*create).to_owned()).collect();
    sql.push(INDEX.to_owned());
    sql.extend(STATISTICS.map(str::to_owned));
    if format >= 6 {
        sql.extend(UPGRADE_TO_6.map(str::to_owned));
    }
    // The store's row, with its format and an empty audit log; the header comes next.
    sql.push(format!("INSERT INTO s.store (singleton, format, last_id, last_mac, live_apps, head_mac) VALUES (1, {format}, 0, '\\x0000000000000000000000000000000000000000000000000000000000000000', 0, '\\x')"));
    // The planner's estimates for a table never analysed are thousands of rows; a singleton
    // read or joined would be planned as such.
    sql.push("ANALYZE s.store, s.sessions".to_owned());
    sql.join(";\n")
}

/// Drops the store's tables of any format, and with them every trigger, rule, policy, index or
/// view that hangs on them (a restore makes them anew).
pub(super) fn drop_statements() -> String {
    let names = TABLES.iter().map(|(name, _)| *name).chain(TABLES_6);
    let tables: Vec<String> = names.map(|name| format!("s.{name}")).collect();
    format!("DROP TABLE IF EXISTS {} CASCADE", tables.join(", "))
}

/// The first column of [`pin_statement`]'s rows, by which its answer is told from others.
pub(super) const PIN: &str = "pin";

/// The schema's relations as the catalog lists them, one row each: name, kind, and whether the
/// catalog marks the relation as having triggers, rules or row security. Those marks are what
/// the server itself reads before it looks for a trigger, rule or policy, so a relation
/// without them has none that act. Plain columns, made into lines here ([`relation_line`]):
/// the same lines built by the server (concatenation, an array, JSON) cost a write on a new
/// backend ~0.4 ms more. The schema's name goes in as a literal (it is only ever lowercase
/// letters, digits and `_`), so that a write can send this with its lock, in one message
/// without parameters.
pub(super) fn pin_statement(schema: &str) -> String {
    debug_assert!(schema.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
    format!(
        "SELECT c.relname::text AS {PIN}, c.relkind::text, c.relhastriggers, c.relhasrules, c.relrowsecurity, \
         c.relhassubclass, c.relchecks::text FROM pg_class c WHERE c.relnamespace = '{schema}'::regnamespace"
    )
}

/// The marks [`pin_statement`] reads of a relation beside its name and kind.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Marks {
    pub triggers: bool,
    pub rules: bool,
    pub rls: bool,
    /// Another table inherits from it: its rows read as the relation's own.
    pub inherited: bool,
    /// How many CHECK constraints it has: each can call a function inside a write.
    pub checks: i64,
}

/// One relation of [`pin_statement`] as a line: `relation NAME KIND`, and ` triggers`,
/// ` rules`, ` rls` or ` inherited` for each mark the catalog sets, and ` checks N`.
pub(super) fn relation_line(name: &str, kind: &str, marks: Marks) -> String {
    let flags =
        [(marks.triggers, " triggers"), (marks.rules, " rules"), (marks.rls, " rls"), (marks.inherited, " inherited")];
    let flags: String = flags.iter().filter(|(set, _)| *set).map(|(_, mark)| *mark).collect();
    let checks = if marks.checks == 0 { String::new() } else { format!(" checks {}", marks.checks) };
    format!("relation {name} {kind}{flags}{checks}")
}

/// The generation of a schema that holds exactly the relations of a store of `format`, none
/// of them marked as having triggers, rules or row security: the store as revvy-apps made it.
/// It is the first format with those tables (3 for formats 3 to 5, then 6), so an upgrade
/// that changes the tables changes the generation. A write that reads it needs no more of the
/// catalog.
pub(super) fn pinned(format: u32) -> i64 {
    if format >= 6 { 6 } else { 3 }
}

/// The generation of a schema whose relations are `lines` (see [`relation_line`]): [`pinned`]
/// when they are exactly those of a store of some format, unmarked; otherwise 0, and a write
/// reads the whole catalog to find and name what is there (a mark can outlive what set it).
pub(super) fn generation_of(lines: &[String]) -> i64 {
    let mut found: Vec<&str> = lines.iter().map(String::as_str).collect();
    found.sort_unstable();
    [OLDEST_FORMAT, FORMAT]
        .into_iter()
        .find(|&format| {
            let mut expected = expected_relations(format);
            expected.sort_unstable();
            found == expected.iter().map(String::as_str).collect::<Vec<_>>()
        })
        .map_or(0, pinned)
}

/// The schema's generation, read on its own (by `check`, which then reads the whole catalog).
pub(super) fn generation(storage: &PgStorage) -> Result<i64> {
    let rows = storage.query(&pin_statement(&storage.target.schema), &[])?;
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let text = |at| row.try_get::<_, String>(at).unwrap_or_default();
            let flag = |at| row.try_get::<_, bool>(at).unwrap_or(true);
            let marks = Marks {
                triggers: flag(2),
                rules: flag(3),
                rls: flag(4),
                inherited: flag(5),
                checks: text(6).parse().unwrap_or(-1),
            };
            relation_line(&text(0), &text(1), marks)
        })
        .collect();
    Ok(generation_of(&lines))
}

/// The relations of a store of `format`, as [`relation_line`] writes them.
fn expected_relations(format: u32) -> Vec<String> {
    let six: &[(&str, &str)] = if format >= 6 { &RELATIONS_6 } else { &[] };
    RELATIONS
        .iter()
        .chain(six)
        .map(|(name, kind)| {
            // The store's row is a singleton by its one CHECK constraint.
            let checks = i64::from(*name == "store");
            relation_line(name, kind, Marks { checks, ..Marks::default() })
        })
        .collect()
}

/// What else the catalog holds of the tables as revvy-apps makes them: their constraints
/// (`constraint NAME TYPE on TABLE`) and column defaults (`default on TABLE.COLUMN EXPR`, the
/// schema's name written `S`); format 6 adds [`EXPECTED_DETAILS_6`].
const EXPECTED_DETAILS: [&str; 12] = [
    "constraint applications_client_id_mac_key u on applications",
    "constraint applications_name_mac_key u on applications",
    "constraint applications_pkey p on applications",
    "constraint audit_events_pkey p on audit_events",
    "constraint members_name_key u on members",
    "constraint members_pkey p on members",
    "constraint sessions_pkey p on sessions",
    "constraint store_pkey p on store",
    "constraint store_singleton_check c on store",
    "default on applications.id nextval('S.applications_id_seq'::regclass)",
    "default on members.id nextval('S.members_id_seq'::regclass)",
    "default on sessions.member ''::text",
];

const EXPECTED_DETAILS_6: [&str; 2] =
    ["constraint grants_pkey p on grants", "constraint scope_events_pkey p on scope_events"];

/// The objects of the schema as the catalog lists them: relations with their kind, and every
/// trigger, rule, row-level policy and function, one line each. Read from the base catalogs
/// (not the `pg_rules`/`pg_policies` views, which cost more than the rest of a command).
fn catalog(storage: &PgStorage) -> Result<Vec<String>> {
    let rows = storage.query(
        "WITH rel AS (SELECT c.oid, c.relname, c.relkind, c.relrowsecurity FROM pg_class c WHERE c.relnamespace = $1::regnamespace)
         SELECT 'relation ' || relname || ' ' || relkind::text || CASE WHEN relrowsecurity THEN ' rls' ELSE '' END FROM rel
         UNION ALL
         SELECT 'trigger ' || t.tgname || ' on ' || rel.relname FROM pg_trigger t JOIN rel ON rel.oid = t.tgrelid
         UNION ALL
         SELECT 'constraint ' || co.conname || ' ' || co.contype::text || ' on ' || rel.relname FROM pg_constraint co JOIN rel ON rel.oid = co.conrelid
         UNION ALL
         SELECT 'default on ' || rel.relname || '.' || a.attname || ' ' || replace(pg_get_expr(d.adbin, d.adrelid), $1 || '.', 'S.')
           FROM pg_attrdef d JOIN rel ON rel.oid = d.adrelid JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
         UNION ALL
         SELECT 'inherited by ' || i.inhrelid::regclass::text || ' from ' || rel.relname FROM pg_inherits i JOIN rel ON rel.oid = i.inhparent
         UNION ALL
         SELECT 'rule ' || r.rulename || ' on ' || rel.relname FROM pg_rewrite r JOIN rel ON rel.oid = r.ev_class
         UNION ALL
         SELECT 'policy ' || p.polname || ' on ' || rel.relname FROM pg_policy p JOIN rel ON rel.oid = p.polrelid
         UNION ALL
         SELECT 'function ' || p.proname FROM pg_proc p WHERE p.pronamespace = $1::regnamespace
         ORDER BY 1",
        &[super::typed(&storage.target.schema)],
    )?;
    Ok(rows.iter().map(|row| row.try_get::<_, String>(0).unwrap_or_default()).collect())
}

/// What in the schema revvy-apps did not make, one line per object, naming it; a function
/// only `with_functions`.
pub(super) fn problems(storage: &PgStorage, format: u32, with_functions: bool) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    if !(OLDEST_FORMAT..=FORMAT).contains(&format) {
        problems.push(format!(
            "the store's format is {format}, but a PostgreSQL store is of format {OLDEST_FORMAT} to {FORMAT}"
        ));
    }
    let mut expected = expected_relations(format);
    // The slow path reads the relations without their marks (what the marks stand for is
    // listed object by object below them).
    for line in &mut expected {
        if let Some(at) = line.find(" checks ") {
            line.truncate(at);
        }
    }
    let six: &[&str] = if format >= 6 { &EXPECTED_DETAILS_6 } else { &[] };
    expected.extend(EXPECTED_DETAILS.iter().chain(six).map(|line| (*line).to_owned()));
    let found = catalog(storage)?;
    for line in &found {
        if !expected.contains(line) && (with_functions || !line.starts_with("function ")) {
            problems.push(format!("the schema {} holds what revvy-apps did not create: {line}", storage.target.schema));
        }
    }
    for line in &expected {
        if !found.contains(line) {
            problems.push(format!("the {line} of the store is missing"));
        }
    }
    Ok(problems)
}
