//! Scoped members against someone who can write the store (here the SQLite file) and holds no
//! key, or holds the scoped key only: each attack a review reproduced, now refused.

use std::path::PathBuf;
use std::process::Command;

use crate::util::TestEnv;

fn as_key(key: &PathBuf) -> impl FnOnce(&mut Command) + '_ {
    move |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", key);
    }
}

fn add_scoped(env: &TestEnv, name: &str, scope: &[&str]) -> PathBuf {
    let key = env.dir.path().join(format!("{name}.key"));
    let mut args = vec!["access", "add", name, "--machine", "--key-file", key.to_str().unwrap()];
    args.extend(scope);
    env.run(&args).success();
    key
}

/// A revoked member kept the key of an application's old epoch. Its row put back from before
/// the revoke (an older version under that key) is an old row: every full member's read and
/// write refuses it, so no new secret is ever sealed under the key the member kept.
#[test]
fn a_row_put_back_under_a_revoked_key_is_refused() {
    let env = TestEnv::new();
    let before = env.create("a", &[]);
    env.create("b", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a", "--only", "b"]);
    let db = env.sqlite();
    let (sealed, version): (Vec<u8>, i64) = db
        .query_row("SELECT sealed, version FROM applications WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let grant: Vec<u8> = db.query_row("SELECT wrapped FROM grants WHERE app_id = 1", [], |r| r.get(0)).unwrap();
    drop(db);
    env.run(&["access", "revoke", "ci", "a", "--yes"]).success();

    let db = env.sqlite();
    db.execute("UPDATE applications SET sealed = ?1, version = ?2 WHERE id = 1", rusqlite::params![sealed, version])
        .unwrap();
    db.execute("INSERT INTO grants (member_id, app_id, wrapped) VALUES (2, 1, ?1)", [grant]).unwrap();
    drop(db);
    env.run(&["show", "a"]).fails(7, "put back from an older copy");
    env.run(&["regenerate", "a", "--yes"]).fails(7, "put back from an older copy");
    env.run(&["check"]).fails(7, "an old row put back?");
    // All the kept key opens is what the member could read before the revoke.
    let shown = env.run_with(&["show", "a", "--reveal", "--json"], as_key(&key)).success().json();
    assert_eq!(shown["client_secret"], before["client_secret"]);
}

/// Events a scoped member recorded and no full member's write took in yet, removed from the
/// store: the machine that recorded them notices at its next reveal, and reveals nothing.
#[test]
fn waiting_events_removed_are_noticed_by_the_machine_that_recorded_them() {
    let env = TestEnv::new();
    let app = env.create("a", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a"]);
    env.run_with(&["show", "a", "--reveal"], as_key(&key)).success();
    env.run_with(&["show", "a", "--reveal"], as_key(&key)).success();
    env.sql("DELETE FROM scope_events WHERE seq = 2");
    let run = env.run_with(&["show", "a", "--reveal"], as_key(&key)).fails(7, "is gone from its chain");
    assert!(!run.stdout.contains(app["client_secret"].as_str().unwrap()), "{run:?}");
}

/// Events taken into the log, then their mark removed or put back: `check` finds it.
#[test]
fn a_mark_removed_or_events_put_back_are_found_by_check() {
    let env = TestEnv::new();
    env.create("a", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a"]);
    env.run_with(&["show", "a", "--reveal"], as_key(&key)).success();
    let db = env.sqlite();
    let waiting: Vec<(i64, Vec<u8>, Vec<u8>)> = db
        .prepare("SELECT seq, sealed, mac FROM scope_events")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(db);
    env.run(&["create", "--name", "b", "-q"]).success();
    env.run(&["check"]).success();
    // Put back as they waited: taken in twice at the next write, or else the mark is gone.
    let db = env.sqlite();
    db.execute("DELETE FROM scope_events", []).unwrap();
    for (seq, sealed, mac) in waiting {
        db.execute(
            "INSERT INTO scope_events (member_id, seq, sealed, mac) VALUES (2, ?1, ?2, ?3)",
            rusqlite::params![seq, sealed, mac],
        )
        .unwrap();
    }
    drop(db);
    env.run(&["check"]).fails(7, "do not go on from what the audit log took in");
    env.run(&["create", "--name", "c", "-q"]).success();
    env.run(&["check"]).fails(7, "twice or out of order");
}

/// A scope names applications by row and client ID: a row id taken again by a new application
/// (the sequence set back by a writer without keys) is not in the scope, and the new
/// application is sealed to nobody but the full members.
#[test]
fn a_row_id_taken_again_is_not_in_a_scope() {
    let env = TestEnv::new();
    env.create("a", &[]);
    env.create("b", &[]);
    let key = add_scoped(&env, "ci", &["--only", "b"]);
    env.run(&["delete", "b", "--yes"]).success();
    env.sql("UPDATE sqlite_sequence SET seq = 1 WHERE name = 'applications'");
    let payroll = env.create("payroll", &[]);
    let listed = env.run_with(&["list", "--json", "--reveal"], as_key(&key)).success();
    assert_eq!(listed.json(), serde_json::json!([]));
    assert!(!listed.stdout.contains(payroll["client_secret"].as_str().unwrap()));
    env.run_with(&["show", "payroll"], as_key(&key)).fails(3, "no application");
    env.run(&["check"]).success();
}
