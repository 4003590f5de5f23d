//! Stores written by earlier versions of revvy-apps, committed as `tests/fixtures/golden-v1.db`
//! (format 1) and `golden-v2.db` (format 2: the same store after one edit): every later
//! version must keep opening them and reading the same values. A change to the
//! record codec, the key hierarchy or the schema that breaks old stores fails here.
//! (Test data: its passphrase and secrets are below on purpose.)

use std::os::unix::fs::PermissionsExt as _;

use crate::util::{TestEnv, with_session};

pub const PASSPHRASE: &str = "golden fixture passphrase";
pub const BILLING_ID: &str = "rva_Rf2GARtn1ahQFg3wKdQ7VRDf";
pub const BILLING_SECRET: &str = "rvs_3Hi9m4sOCEwUppmSmQC4gOHn2RlNdCo9ZjtdGwsS3QdTE2";
const PORTAL_ID: &str = "rva_NMMBBmud3bGbKZs18k6eiDvl";
const PORTAL_SECRET: &str = "rvs_6eiy5jh94mi5w1HWeXWA1HpyLOfG87uISzTkCbvP40Vo5a";

fn golden() -> TestEnv {
    golden_file("golden-v1.db")
}

pub fn golden_file(name: &str) -> TestEnv {
    let env = TestEnv::empty();
    let folder = env.store.parent().unwrap();
    std::fs::create_dir_all(folder).unwrap();
    std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), &env.store)
        .unwrap();
    std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o600)).unwrap();
    env
}

fn with_passphrase(cmd: &mut std::process::Command) {
    cmd.env("REVVY_APPS_PASSPHRASE", PASSPHRASE);
}

#[test]
fn the_golden_store_still_opens_checks_and_reads_the_same() {
    let env = golden();
    let report = env.run_with(&["check", "--json"], with_passphrase).success().json();
    assert_eq!((report["applications"].as_u64(), report["events"].as_u64()), (Some(2), Some(7)));

    let portal = env.run_with(&["show", PORTAL_ID, "--json"], with_passphrase).success().json();
    assert_eq!(portal["name"], "portal");
    assert_eq!(portal["status"], "disabled");
    assert_eq!(portal["multi_tenant"], true);
    assert_eq!(portal["access_token_lifetime"], 900);
    assert_eq!(portal["refresh_token_lifetime"], 2_592_000);
    assert_eq!(portal["grant_types"], serde_json::json!(["authorization_code", "refresh_token"]));
    assert_eq!(portal["callback_urls"], serde_json::json!(["https://portal.example.com/cb"]));
    assert_eq!(portal["signout_urls"], serde_json::json!(["https://portal.example.com/bye"]));
    assert_eq!(portal["client_secret_masked"], format!("rvs_••••••••{}", &PORTAL_SECRET[46..]));

    let billing = env.run_with(&["show", "Billing-Sync", "--json", "--reveal"], with_passphrase).success().json();
    assert_eq!(
        (billing["client_id"].as_str(), billing["client_secret"].as_str()),
        (Some(BILLING_ID), Some(BILLING_SECRET))
    );
    assert_eq!((billing["tenant"].as_str(), billing["scopes"][0].as_str()), (Some("acme"), Some("invoices:read")));
    env.run_with(&["list", "--json"], with_passphrase).success();

    let log = env.run_with(&["log", "--json"], with_passphrase).success().json();
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(&actions[..7], ["create", "reveal", "create", "reveal", "disable", "regenerate", "reveal"]);
    // Events before the upgrade name whoever REVVY_APPS_ACTOR said; from it on, the member.
    assert!(log.as_array().unwrap().iter().all(|e| e["actor"] == "fixture" || e["actor"] == "owner"));
}

#[test]
fn the_golden_store_refuses_a_wrong_passphrase_and_still_verifies_secrets() {
    let env = golden();
    env.run(&["list"]).fails(5, "does not open");
    let session = env.run_with(&["unlock", "-q"], with_passphrase).success().stdout.trim().to_owned();
    let verify = |secret: &str| env.run_stdin_with(&["verify", "billing-sync"], secret, with_session(&session)).code;
    assert_eq!(verify(BILLING_SECRET), 0);
    assert_eq!(verify(PORTAL_SECRET), 5);
}

#[test]
fn the_golden_v1_store_is_read_as_it_is_and_upgraded_to_members_by_its_first_write() {
    let env = golden();
    let format = |env: &TestEnv| env.sqlite().query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).unwrap();
    let slot = |env: &TestEnv| -> Vec<u8> {
        env.sqlite().query_row("SELECT wrapped_key FROM store_header", [], |r| r.get(0)).unwrap()
    };
    let single_slot = slot(&env);
    let before = env.files();
    env.run_with(&["list", "--json"], with_passphrase).success();
    env.run_with(&["check"], with_passphrase).success();
    assert!(env.files() == before, "reading a format 1 store changes none of its bytes");
    assert_eq!(format(&env), 1);

    env.run_with(&["create", "--name", "upgraded"], with_passphrase).success();
    assert_eq!(format(&env), 6);
    let report = env.run_with(&["check", "--json"], with_passphrase).success().json();
    assert_eq!((report["applications"].as_u64(), report["events"].as_u64()), (Some(3), Some(8)));
    // Its passphrase is now the member `owner`, and the single slot is gone from the header.
    let members = env.run_with(&["access", "list", "--json"], with_passphrase).success().json();
    assert_eq!((members[0]["name"].as_str(), members[0]["kind"].as_str()), (Some("owner"), Some("passphrase")));
    assert_eq!(members.as_array().unwrap().len(), 1);
    // The column now holds the store's own secret (format 4), sealed under the data key.
    assert_ne!(slot(&env), single_slot);
    env.run_with(&["--as", "owner", "show", "upgraded"], with_passphrase).success();
    env.run_with(&["list"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "not the passphrase");
    })
    .fails(5, "does not open this store as \"owner\"");
    let billing = env.run_with(&["show", "billing-sync", "--json", "--reveal"], with_passphrase).success().json();
    assert_eq!(billing["client_secret"], BILLING_SECRET);

    // What format 1 could not see, the upgraded store sees: a deleted row.
    env.sqlite()
        .execute("DELETE FROM applications WHERE name_mac = (SELECT name_mac FROM applications LIMIT 1)", [])
        .unwrap();
    env.run_with(&["check"], with_passphrase)
        .fails(7, "the store holds 2 application row(s) but the audit head counts 3");
}

#[test]
fn the_golden_v2_store_still_opens_checks_and_reads_the_same() {
    let env = golden_file("golden-v2.db");
    let format = env.sqlite().query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).unwrap();
    assert_eq!(format, 2);
    let report = env.run_with(&["check", "--json"], with_passphrase).success().json();
    assert_eq!((report["applications"].as_u64(), report["events"].as_u64()), (Some(2), Some(8)));
    let billing = env.run_with(&["show", BILLING_ID, "--json", "--reveal"], with_passphrase).success().json();
    assert_eq!(billing["client_secret"], BILLING_SECRET);
    assert_eq!(billing["scopes"], serde_json::json!(["invoices:read", "invoices:write"]));
    let portal = env.run_with(&["show", "portal", "--json"], with_passphrase).success().json();
    assert_eq!((portal["client_id"].as_str(), portal["status"].as_str()), (Some(PORTAL_ID), Some("disabled")));
    let log = env.run_with(&["log", "billing-sync", "--json"], with_passphrase).success().json();
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "reveal", "regenerate", "reveal", "edit", "reveal"]);
    env.run_stdin_with(&["verify", "portal"], PORTAL_SECRET, with_passphrase).fails(5, "disabled");
}

/// The key of the machine member `ci` of `golden-v3.db` (test data).
pub const GOLDEN_V3_MACHINE_KEY: &str = "AGE-SECRET-KEY-1NV74FG8G3Y0M5V3A5S0J4M64M29H5JZ9AC26RRFAU6F5AZQ9CECSPZTKSV";
pub const GOLDEN_V3_ALICE: &str = "golden alice passphrase";

/// `golden-v3.db`: `golden-v2.db` upgraded to members by version 3, with the machine member
/// `ci` and the passphrase member `alice` added, one edit by alice, and one `verify` of
/// billing-sync's secret recorded at 2026-12-02T00:00:00Z.
#[test]
fn the_golden_v3_store_opens_for_each_of_its_members_and_reads_the_same() {
    let env = golden_file("golden-v3.db");
    let format = env.sqlite().query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).unwrap();
    assert_eq!(format, 3);
    let as_owner = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_PASSPHRASE", PASSPHRASE).env("REVVY_APPS_AS", "owner");
    };
    let report = env.run_with(&["check", "--json"], as_owner).success().json();
    assert_eq!((report["applications"].as_u64(), report["events"].as_u64()), (Some(2), Some(11)));
    let members = env.run_with(&["access", "list", "--json"], as_owner).success().json();
    let names: Vec<(&str, &str)> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(names, [("owner", "passphrase"), ("ci", "machine"), ("alice", "passphrase")]);

    let secret = |configure: &dyn Fn(&mut std::process::Command)| {
        let run = env.run_with(&["show", BILLING_ID, "--json", "--reveal"], |cmd| configure(cmd)).success();
        let app = run.json();
        assert_eq!(app["scopes"], serde_json::json!(["invoices:read", "invoices:write", "invoices:export"]));
        assert_eq!(app["last_used_at"], "2026-12-02T00:00:00Z");
        assert_eq!(app["secret_lifetime"], serde_json::Value::Null);
        app["client_secret"].as_str().unwrap().to_owned()
    };
    assert_eq!(secret(&|cmd| as_owner(cmd)), BILLING_SECRET);
    assert_eq!(
        secret(&|cmd| {
            cmd.env("REVVY_APPS_PASSPHRASE", GOLDEN_V3_ALICE).env("REVVY_APPS_AS", "alice");
        }),
        BILLING_SECRET
    );
    assert_eq!(
        secret(&|cmd| {
            cmd.env("REVVY_APPS_IDENTITY", GOLDEN_V3_MACHINE_KEY);
        }),
        BILLING_SECRET
    );
    let log = env.run_with(&["log", "--json"], as_owner).success().json();
    let last: Vec<(&str, &str)> = log.as_array().unwrap()[8..11]
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(last, [("access_add", "owner"), ("access_add", "owner"), ("edit", "alice")]);
    env.run_stdin_with(&["verify", "portal"], PORTAL_SECRET, as_owner).fails(5, "disabled");

    // Its first write (the reveals above) made it format 6 (through 4 and 5), the last-use
    // record taken into the head's digest: from then on, erasing it is found.
    let format = env.sqlite().query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).unwrap();
    assert_eq!(format, 6);
    env.run_with(&["check"], as_owner).success();
    assert_eq!(secret(&|cmd| as_owner(cmd)), BILLING_SECRET);
    env.sqlite().execute_batch("DELETE FROM app_usage").unwrap();
    env.run_with(&["check"], as_owner).fails(7, "last-use records");
}

/// The upgrade to members is one transaction: `create` on a copy of the format 1 fixture,
/// killed at moments spread over a whole run, leaves a store that opens as format 1 or as
/// format 6 (the current one), never neither, and passes `check` either way.
#[test]
fn a_killed_upgrade_leaves_the_old_format_or_the_new_one() {
    use std::time::{Duration, Instant};
    let timer = Instant::now();
    golden().run_with(&["create", "--name", "timed"], with_passphrase).success();
    let window = timer.elapsed().as_micros();
    let steps = 24u32;
    let mut seen = std::collections::BTreeSet::new();
    for step in 0..=steps {
        let env = golden();
        let mut child =
            env.command().args(["create", "--name", "new"]).env("REVVY_APPS_PASSPHRASE", PASSPHRASE).spawn().unwrap();
        let delay = u64::try_from(window * u128::from(step) / u128::from(steps)).unwrap();
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        child.wait().unwrap();
        let format = env.sqlite().query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).unwrap();
        assert!(format == 1 || format == 6, "format {format} after a kill at {delay} µs");
        seen.insert(format);
        let report = env.run_with(&["check", "--json"], with_passphrase).success().json();
        // The upgrade and the create commit together: a format 6 store holds the new app.
        assert_eq!(report["applications"].as_u64(), Some(if format == 1 { 2 } else { 3 }));
        env.run_with(&["show", "billing-sync", "--json"], with_passphrase).success();
    }
    eprintln!("formats seen after a kill: {seen:?}");
}

/// `golden-v3.db`'s rows, as SQL that puts them in a PostgreSQL schema made by `init`: a server
/// store of format 3, as version 3 kept one (the same tables, row for row).
fn golden_v3_on_postgres_sql() -> String {
    golden_on_postgres_sql("golden-v3.db", 3)
}

/// The rows of the fixture `name` (format 3 or later: the same rows on both backends) as SQL
/// that puts them in a PostgreSQL schema made by `init`, as a server store of `format`: below
/// format 6, without the tables and the column that format adds.
pub fn golden_on_postgres_sql(name: &str, format: u32) -> String {
    let conn =
        rusqlite::Connection::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
            .unwrap();
    let hex = |sql: &str| -> Vec<Vec<String>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        stmt.query_map([], |row| {
            Ok((0..columns)
                .map(|i| match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                    rusqlite::types::ValueRef::Text(t) => {
                        format!("'{}'", String::from_utf8_lossy(t).replace('\'', "''"))
                    }
                    rusqlite::types::ValueRef::Blob(b) => {
                        let digits = b.iter().fold(String::new(), |mut out, x| {
                            use std::fmt::Write as _;
                            let _ = write!(out, "{x:02x}");
                            out
                        });
                        format!("decode('{digits}', 'hex')")
                    }
                    rusqlite::types::ValueRef::Null | rusqlite::types::ValueRef::Real(_) => "NULL".to_owned(),
                })
                .collect())
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let mut sql = vec!["SET search_path TO revvy_apps".to_owned(), "DELETE FROM members".to_owned()];
    if format < 6 {
        sql.push("DROP TABLE grants, scope_events; ALTER TABLE members DROP COLUMN scope".to_owned());
    }
    let [header] = hex("SELECT store_id, kdf_salt, kdf_memory_kib, kdf_iterations, kdf_parallelism, wrapped_key, checksum, members_mac, members_digest FROM store_header").try_into().unwrap();
    let [head] = hex("SELECT last_id, last_mac, live_apps, head_mac FROM audit_head").try_into().unwrap();
    sql.push(format!(
        "UPDATE store SET format = {format}, store_id = {}, kdf_salt = {}, kdf_memory_kib = {}, kdf_iterations = {}, \
         kdf_parallelism = {}, wrapped_key = {}, checksum = {}, members_mac = {}, members_digest = {}, \
         last_id = {}, last_mac = {}, live_apps = {}, head_mac = {}",
        header[0],
        header[1],
        header[2],
        header[3],
        header[4],
        header[5],
        header[6],
        header[7],
        header[8],
        head[0],
        head[1],
        head[2],
        head[3]
    ));
    for row in hex("SELECT * FROM members ORDER BY id") {
        sql.push(format!("INSERT INTO members VALUES ({})", row.join(", ")));
    }
    for row in hex(
        "SELECT a.id, a.client_id_mac, a.name_mac, a.version, a.sealed, u.sealed FROM applications a LEFT JOIN app_usage u ON u.app_id = a.id",
    ) {
        sql.push(format!("INSERT INTO applications VALUES ({})", row.join(", ")));
    }
    for row in hex("SELECT id, sealed, mac, subject_mac FROM audit_events ORDER BY id") {
        sql.push(format!("INSERT INTO audit_events VALUES ({})", row.join(", ")));
    }
    sql.push("SELECT setval('applications_id_seq', (SELECT max(id) FROM applications))".to_owned());
    sql.push("SELECT setval('members_id_seq', (SELECT max(id) FROM members))".to_owned());
    sql.join(";\n")
}

/// A server store of format 3 opens, reads the same, and becomes format 6 on its first write,
/// its last-use record taken into the head's digest.
#[test]
fn a_format_3_store_on_postgresql_opens_and_is_upgraded_by_its_first_write() {
    let cluster = crate::pg::Cluster::start();
    let env = crate::pg::env_on(&cluster);
    env.init();
    cluster.psql(&golden_v3_on_postgres_sql());
    let as_owner = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_PASSPHRASE", PASSPHRASE).env("REVVY_APPS_AS", "owner");
    };
    // A new store at this URL as far as this machine knows: it was made over by SQL.
    env.run_with(&["accept-store", "--yes", "-q"], as_owner).success();
    let format = || cluster.psql("SELECT format FROM revvy_apps.store").trim().to_owned();
    let shown = env.run_with(&["show", BILLING_ID, "--json"], as_owner).success().json();
    assert_eq!(shown["last_used_at"], "2026-12-02T00:00:00Z");
    env.run_with(&["check"], as_owner).success();
    assert_eq!(format(), "3", "reading changes nothing");
    env.run_with(&["create", "--name", "upgraded", "-q"], as_owner).success();
    assert_eq!(format(), "6");
    env.run_with(&["check"], as_owner).success();
    let revealed = env.run_with(&["show", BILLING_ID, "--json", "--reveal"], as_owner).success().json();
    assert_eq!(
        (revealed["client_secret"].as_str(), revealed["last_used_at"].as_str()),
        (Some(BILLING_SECRET), Some("2026-12-02T00:00:00Z"))
    );
    cluster.psql("UPDATE revvy_apps.applications SET usage = NULL");
    env.run_with(&["check"], as_owner).fails(7, "last-use records");
}

pub fn as_golden_owner(cmd: &mut std::process::Command) {
    cmd.env("REVVY_APPS_PASSPHRASE", PASSPHRASE).env("REVVY_APPS_AS", "owner");
}

pub fn sealed_records(env: &TestEnv) -> Vec<Vec<u8>> {
    let conn = env.sqlite();
    let mut stmt = conn.prepare("SELECT sealed FROM applications ORDER BY id").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// `golden-v4.db`: `golden-v3.db` after one write by version 4 (`create gamma --tenant acme`
/// as alice), which made it format 4 (the store's secret, the usage digest in the head).
/// Read as it is, then its first write seals every record again under the application's own
/// key (format 5, then on to 6), in that write's transaction: every member still reads the
/// same values, the last-use record stays covered by the head, and nothing else of the store
/// changes meaning.
#[test]
fn the_golden_v4_store_opens_and_its_first_write_seals_each_record_under_its_own_key() {
    let env = golden_file("golden-v4.db");
    let format = |env: &TestEnv| env.sqlite().query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).unwrap();
    assert_eq!(format(&env), 4);
    let before = env.files();
    let old_records = sealed_records(&env);
    let report = env.run_with(&["check", "--json"], as_golden_owner).success().json();
    assert_eq!((report["applications"].as_u64(), report["events"].as_u64()), (Some(3), Some(12)));
    let listed = env.run_with(&["list", "--json"], as_golden_owner).success().json();
    let names: Vec<&str> = listed.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["billing-sync", "portal", "gamma"]);
    assert!(env.files() == before, "reading a format 4 store changes none of its bytes");

    // The first write: a reveal by the machine member.
    let reveal = |configure: &dyn Fn(&mut std::process::Command)| {
        let app = env.run_with(&["show", BILLING_ID, "--json", "--reveal"], |cmd| configure(cmd)).success().json();
        assert_eq!(app["last_used_at"], "2026-12-02T00:00:00Z");
        app["client_secret"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        reveal(&|cmd| {
            cmd.env("REVVY_APPS_IDENTITY", GOLDEN_V3_MACHINE_KEY);
        }),
        BILLING_SECRET
    );
    assert_eq!(format(&env), 6);
    let relisted = env.run_with(&["list", "--json"], as_golden_owner).success().json();
    assert_eq!(relisted, listed, "full members see no change");
    let new_records = sealed_records(&env);
    assert_eq!(new_records.len(), old_records.len());
    for (old, new) in old_records.iter().zip(&new_records) {
        assert_eq!(new[..8], [0; 8], "each record starts with the epoch of its key, 0");
        assert_ne!(old[..], new[8..], "each record is sealed again");
    }
    env.run_with(&["check"], as_golden_owner).success();
    assert_eq!(reveal(&|cmd| as_golden_owner(cmd)), BILLING_SECRET);
    assert_eq!(
        reveal(&|cmd| {
            cmd.env("REVVY_APPS_PASSPHRASE", GOLDEN_V3_ALICE).env("REVVY_APPS_AS", "alice");
        }),
        BILLING_SECRET
    );
    let gamma = env.run_with(&["show", "gamma", "--json"], as_golden_owner).success().json();
    assert_eq!(gamma["tenant"], "acme");
    env.sqlite().execute_batch("DELETE FROM app_usage").unwrap();
    env.run_with(&["check"], as_golden_owner).fails(7, "last-use records");
}

/// A server store of format 4 (golden-v4's rows) opens, reads the same, and becomes format 6
/// on its first write (sealed per application, as format 5 is), with its last-use record still
/// covered by the head.
#[test]
fn a_format_4_store_on_postgresql_is_sealed_per_application_by_its_first_write() {
    let cluster = crate::pg::Cluster::start();
    let env = crate::pg::env_on(&cluster);
    env.init();
    cluster.psql(&golden_on_postgres_sql("golden-v4.db", 4));
    env.run_with(&["accept-store", "--yes", "-q"], as_golden_owner).success();
    let format = || cluster.psql("SELECT format FROM revvy_apps.store").trim().to_owned();
    let records = || cluster.psql("SELECT encode(sealed, 'hex') FROM revvy_apps.applications ORDER BY id");
    let old_records = records();
    env.run_with(&["check"], as_golden_owner).success();
    env.run_with(&["list", "--json"], as_golden_owner).success();
    assert_eq!((format(), records()), ("4".to_owned(), old_records.clone()), "reading changes nothing");
    env.run_with(&["create", "--name", "upgraded", "-q"], as_golden_owner).success();
    assert_eq!(format(), "6");
    let new_records = records();
    assert!(new_records.lines().all(|line| line.starts_with("0000000000000000")), "{new_records}");
    assert!(old_records.lines().all(|old| !new_records.contains(old.trim())));
    env.run_with(&["check"], as_golden_owner).success();
    let revealed = env.run_with(&["show", BILLING_ID, "--json", "--reveal"], as_golden_owner).success().json();
    assert_eq!(
        (revealed["client_secret"].as_str(), revealed["last_used_at"].as_str()),
        (Some(BILLING_SECRET), Some("2026-12-02T00:00:00Z"))
    );
    cluster.psql("UPDATE revvy_apps.applications SET usage = NULL");
    env.run_with(&["check"], as_golden_owner).fails(7, "last-use records");
}

/// Where this machine knew a store of format 4, a store of an older format with its id is
/// another store (built around the id, or an old copy): refused before anything is unlocked.
#[test]
fn an_older_format_store_with_a_known_id_is_refused() {
    let env = golden_file("golden-v3.db");
    env.run_with(&["create", "--name", "upgraded", "-q"], as_golden_owner).success();
    env.run_with(&["list"], as_golden_owner).success();
    let fresh = golden_file("golden-v3.db");
    std::fs::copy(&fresh.store, &env.store).unwrap();
    let run = env.run_with(&["list", "--json"], as_golden_owner).fails(7, "but is of format 3");
    assert!(run.stdout.is_empty());
}

/// A process that opened a format 3 store and unlocks after another one upgraded it reads the
/// new head as what it is, not as damage.
#[test]
fn an_upgrade_by_another_process_meanwhile_is_no_damage() {
    for command in ["list", "check", "log"] {
        let env = golden_file("golden-v3.db");
        let fifo = env.dir.path().join("passphrase");
        crate::util::mkfifo(&fifo);
        let child = crate::util::spawn(&env, &[command, "--passphrase-file", fifo.to_str().unwrap()], |cmd| {
            cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_AS", "owner");
        });
        let writer = crate::util::writer_of(&fifo);
        env.run_with(&["create", "--name", "meanwhile", "-q"], as_golden_owner).success();
        crate::util::feed(writer, PASSPHRASE);
        let run = crate::util::finish(child);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
    }
}

/// A backup from before format 4 restored on one machine reads as a rollback on another that
/// saw the store go further, as any restore does, not as a store built by someone else.
#[test]
fn a_format_3_backup_restored_elsewhere_reads_as_a_rollback() {
    let env = golden_file("golden-v3.db");
    let backup = env.dir.path().join("backup-v3.db");
    env.run_with(&["backup", backup.to_str().unwrap()], as_golden_owner).success();
    let other_machine = env.dir.path().join("other-machine");
    let elsewhere = |cmd: &mut std::process::Command| {
        as_golden_owner(cmd);
        cmd.env("XDG_STATE_HOME", &other_machine);
    };
    env.run_with(&["create", "--name", "after-backup", "-q"], as_golden_owner).success();
    env.run_with(&["list"], elsewhere).success();
    env.run_with(&["restore", backup.to_str().unwrap(), "--yes", "-q"], as_golden_owner).success();
    env.run_with(&["list"], as_golden_owner).success();
    env.run_with(&["list", "-o", "json"], elsewhere).fails(7, "rolled_back");
}

/// The format never goes back. A store upgraded to format 6 and then set back to 4 by someone
/// who can write the file — its tables too, with a record of before the upgrade put back among
/// the resealed ones — is refused on the machine that saw it at 6; on a machine that never saw it, `check`
/// names the row of the other format, and the next write refuses to seal it again (at epoch 0)
/// rather than launder it.
#[test]
fn a_format_set_back_is_refused_and_never_sealed_again() {
    let env = golden_file("golden-v4.db");
    let before_upgrade = sealed_records(&env);
    let checksum = |env: &TestEnv| {
        env.sqlite().query_row("SELECT checksum FROM store_header", [], |r| r.get::<_, Vec<u8>>(0)).unwrap()
    };
    let checksum_at_4 = checksum(&env);
    env.run_with(&["create", "--name", "delta", "-q"], as_golden_owner).success();
    // The upgrade changed the header's checksum: a process that opened the store before it (an
    // older binary among them) finds its keys changed under the write lock and writes nothing.
    assert_ne!(checksum(&env), checksum_at_4);

    // Set back as a careful attacker would: the header's checksum is no secret (a fixed key),
    // so it is made again in format 4's layout.
    let conn = env.sqlite();
    conn.execute("UPDATE applications SET sealed = ?1 WHERE id = 1", [&before_upgrade[0]]).unwrap();
    conn.execute_batch("DROP TABLE grants; DROP TABLE scope_events; ALTER TABLE members DROP COLUMN scope").unwrap();
    conn.execute_batch("PRAGMA user_version = 4").unwrap();
    let (store_id, memory, iterations, parallelism, members_mac, members_digest): (Vec<u8>, u32, u32, u32, Vec<u8>, Vec<u8>) = conn
        .query_row(
            "SELECT store_id, kdf_memory_kib, kdf_iterations, kdf_parallelism, members_mac, members_digest FROM store_header",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    let mut layout = b"revvy-apps/header/v3".to_vec();
    layout.extend_from_slice(&store_id);
    for number in [memory, iterations, parallelism] {
        layout.extend_from_slice(&number.to_be_bytes());
    }
    for blob in [&members_mac, &members_digest] {
        layout.extend_from_slice(&(blob.len() as u64).to_be_bytes());
        layout.extend_from_slice(blob);
    }
    let forged = {
        use blake2::digest::{KeyInit as _, Mac as _};
        let mut mac =
            blake2::Blake2bMac::<blake2::digest::consts::U32>::new_from_slice(b"revvy-apps/v1/header-checksum!!!")
                .unwrap();
        mac.update(&layout);
        mac.finalize().into_bytes().to_vec()
    };
    conn.execute("UPDATE store_header SET checksum = ?1", [&forged]).unwrap();
    drop(conn);
    env.run_with(&["list"], as_golden_owner).fails(7, "this machine has seen it at format 6");

    // Another machine, which never saw the store.
    let elsewhere = |cmd: &mut std::process::Command| {
        as_golden_owner(cmd);
        cmd.env("XDG_STATE_HOME", env.dir.path().join("elsewhere"));
    };
    env.run_with(&["check"], elsewhere).fails(7, "row 2");
    let files = env.files();
    env.run_with(&["create", "--name", "epsilon"], elsewhere).fails(7, "cannot upgrade a damaged store to format 5");
    assert!(env.files() == files, "nothing was written");
}

/// A process that opened a format 4 store while another upgraded it to format 6 goes on: its
/// write finds the schema and the header's checksum changed by that upgrade alone, and writes a
/// record of format 6, which every later read opens.
#[test]
fn a_write_opened_before_another_process_upgraded_the_store_goes_on() {
    use crate::util::{feed, finish, mkfifo, spawn, writer_of};
    let env = golden_file("golden-v4.db");
    let fifo = env.dir.path().join("passphrase");
    mkfifo(&fifo);
    let create = spawn(&env, &["create", "--name", "waited", "--passphrase-file", fifo.to_str().unwrap()], |cmd| {
        as_golden_owner(cmd);
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    });
    let writer = writer_of(&fifo);
    env.run_with(&["create", "--name", "first", "-q"], as_golden_owner).success();
    feed(writer, PASSPHRASE);
    finish(create).success();
    let listed = env.run_with(&["list", "--json"], as_golden_owner).success().json();
    let names: Vec<&str> = listed.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["billing-sync", "portal", "gamma", "first", "waited"]);
    env.run_with(&["check"], as_golden_owner).success();
}
