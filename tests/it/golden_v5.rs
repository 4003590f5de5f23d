//! `golden-v5.db`: `golden-v4.db` after one write by version 5 (`create delta --tenant acme` as
//! owner), which sealed every record under its application's own key (format 5). Read as it
//! is, on a file and on a server; its first write adds the tables of scoped members (format 6)
//! and seals nothing again. (Test data: its passphrases and secrets are in `golden.rs`.)

use crate::golden::{
    BILLING_ID, BILLING_SECRET, GOLDEN_V3_ALICE, GOLDEN_V3_MACHINE_KEY, as_golden_owner, golden_file,
    golden_on_postgres_sql, sealed_records,
};
use crate::pg::{Cluster, env_on};
use crate::util::{TestEnv, feed, finish, mkfifo, spawn, writer_of};

/// The golden format 5 store on PostgreSQL: `init`'s schema, format 6's tables dropped, then
/// the fixture's rows.
fn golden_v5_on(cluster: &Cluster) -> TestEnv {
    let env = env_on(cluster);
    env.init();
    cluster.psql(&golden_on_postgres_sql("golden-v5.db", 5));
    env.run_with(&["accept-store", "--yes", "-q"], as_golden_owner).success();
    env
}

fn names(env: &TestEnv) -> Vec<String> {
    let listed = env.run_with(&["list", "--json"], as_golden_owner).success().json();
    listed.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect()
}

fn reveal(env: &TestEnv, configure: &dyn Fn(&mut std::process::Command)) -> String {
    let app = env.run_with(&["show", BILLING_ID, "--json", "--reveal"], |cmd| configure(cmd)).success().json();
    assert_eq!(app["last_used_at"], "2026-12-02T00:00:00Z");
    app["client_secret"].as_str().unwrap().to_owned()
}

#[test]
fn the_golden_v5_store_opens_and_its_first_write_adds_the_tables_of_format_6() {
    let env = golden_file("golden-v5.db");
    let format = |env: &TestEnv| env.sqlite().query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0)).unwrap();
    assert_eq!(format(&env), 5);
    let before = env.files();
    let records = sealed_records(&env);
    let report = env.run_with(&["check", "--json"], as_golden_owner).success().json();
    assert_eq!((report["applications"].as_u64(), report["events"].as_u64()), (Some(4), Some(13)));
    assert_eq!(names(&env), ["billing-sync", "portal", "gamma", "delta"]);
    assert!(env.files() == before, "reading a format 5 store changes none of its bytes");

    // The first write: a reveal by the machine member.
    let machine = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_IDENTITY", GOLDEN_V3_MACHINE_KEY);
    };
    assert_eq!(reveal(&env, &machine), BILLING_SECRET);
    assert_eq!(format(&env), 6);
    assert_eq!(sealed_records(&env), records, "the upgrade to format 6 seals no record again");
    let conn = env.sqlite();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM members WHERE scope IS NOT NULL"), 0, "every member stays a full one");
    assert_eq!(count("SELECT count(*) FROM grants") + count("SELECT count(*) FROM scope_events"), 0);
    drop(conn);
    env.run_with(&["check"], as_golden_owner).success();
    assert_eq!(names(&env), ["billing-sync", "portal", "gamma", "delta"]);
    assert_eq!(reveal(&env, &as_golden_owner), BILLING_SECRET);
    let alice = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_PASSPHRASE", GOLDEN_V3_ALICE).env("REVVY_APPS_AS", "alice");
    };
    assert_eq!(reveal(&env, &alice), BILLING_SECRET);
    let delta = env.run_with(&["show", "delta", "--json"], as_golden_owner).success().json();
    assert_eq!(delta["tenant"], "acme");
}

/// A server store of format 5 (golden-v5's rows) opens, reads the same, and becomes format 6 on
/// its first write, which makes the tables of scoped members in the schema.
#[test]
fn a_format_5_store_on_postgresql_gets_the_tables_of_format_6_with_its_first_write() {
    let cluster = Cluster::start();
    let env = golden_v5_on(&cluster);
    let format = || cluster.psql("SELECT format FROM revvy_apps.store").trim().to_owned();
    let records = || cluster.psql("SELECT encode(sealed, 'hex') FROM revvy_apps.applications ORDER BY id");
    let tables = || cluster.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'revvy_apps'").trim().to_owned();
    let old_records = records();
    env.run_with(&["check"], as_golden_owner).success();
    assert_eq!(names(&env), ["billing-sync", "portal", "gamma", "delta"]);
    assert_eq!((format(), tables(), records()), ("5".to_owned(), "5".to_owned(), old_records.clone()));
    env.run_with(&["create", "--name", "upgraded", "-q"], as_golden_owner).success();
    assert_eq!((format(), tables()), ("6".to_owned(), "7".to_owned()));
    assert!(records().starts_with(&old_records), "the upgrade to format 6 seals no record again");
    env.run_with(&["check"], as_golden_owner).success();
    assert_eq!(reveal(&env, &as_golden_owner), BILLING_SECRET);
    cluster.psql("UPDATE revvy_apps.applications SET usage = NULL");
    env.run_with(&["check"], as_golden_owner).fails(7, "last-use records");
}

/// A process that opened a format 5 store, and writes after another one upgraded it to format
/// 6, goes on: under its write's lock it finds the schema's generation changed, reads the
/// format and the schema again, and finds the header's checksum changed by that upgrade alone.
fn a_write_opened_at_format_5_goes_on_after_another_upgraded_the_store(env: &TestEnv) {
    let fifo = env.dir.path().join("passphrase");
    mkfifo(&fifo);
    let create = spawn(env, &["create", "--name", "waited", "--passphrase-file", fifo.to_str().unwrap()], |cmd| {
        as_golden_owner(cmd);
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    });
    let writer = writer_of(&fifo);
    env.run_with(&["create", "--name", "first", "-q"], as_golden_owner).success();
    feed(writer, crate::golden::PASSPHRASE);
    finish(create).success();
    assert_eq!(names(env), ["billing-sync", "portal", "gamma", "delta", "first", "waited"]);
    env.run_with(&["check"], as_golden_owner).success();
}

#[test]
fn a_write_opened_at_format_5_on_a_file_goes_on_after_another_upgraded_it() {
    a_write_opened_at_format_5_goes_on_after_another_upgraded_the_store(&golden_file("golden-v5.db"));
}

#[test]
fn a_write_opened_at_format_5_on_a_server_goes_on_after_another_upgraded_it() {
    let cluster = Cluster::start();
    a_write_opened_at_format_5_goes_on_after_another_upgraded_the_store(&golden_v5_on(&cluster));
}

/// A server store put back to format 5 (an older copy restored) on a machine that saw it at
/// format 6: a session's write, which asks with its first statement what only format 6 has,
/// names the rollback, not the tables.
#[test]
fn a_server_store_put_back_to_format_5_is_a_rollback_for_a_sessions_write() {
    let cluster = Cluster::start();
    let env = golden_v5_on(&cluster);
    env.run_with(&["create", "--name", "upgraded", "-q"], as_golden_owner).success();
    let token = env.run_with(&["unlock", "-q"], as_golden_owner).success().stdout.trim().to_owned();
    cluster
        .psql("SET search_path TO revvy_apps; DELETE FROM grants; DELETE FROM applications; DELETE FROM audit_events");
    cluster.psql(&golden_on_postgres_sql("golden-v5.db", 5));
    let run = env.run_with(&["create", "--name", "after", "-q"], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_SESSION", &token);
    });
    run.fails(7, "was rolled back: its format is 5, but this machine has seen it at format 6");
}
