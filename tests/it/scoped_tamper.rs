//! Scoped members against someone who can write the store (here the SQLite file) and holds no
//! key, or holds the scoped key only: each attack a review reproduced, now refused.

use std::process::Command;

use crate::util::{TestEnv, add_scoped, with_key};

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
    let shown = env.run_with(&["show", "a", "--reveal", "--json"], with_key(&key)).success().json();
    assert_eq!(shown["client_secret"], before["client_secret"]);
}

/// Events a scoped member recorded and no full member's write took in yet, removed from the
/// store: the machine that recorded them notices at its next reveal, and reveals nothing.
#[test]
fn waiting_events_removed_are_noticed_by_the_machine_that_recorded_them() {
    let env = TestEnv::new();
    let app = env.create("a", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a"]);
    env.run_with(&["show", "a", "--reveal"], with_key(&key)).success();
    env.run_with(&["show", "a", "--reveal"], with_key(&key)).success();
    env.sql("DELETE FROM scope_events WHERE seq = 2");
    let run = env.run_with(&["show", "a", "--reveal"], with_key(&key)).fails(7, "is gone from its chain");
    assert!(!run.stdout.contains(app["client_secret"].as_str().unwrap()), "{run:?}");
}

/// Events taken into the log, then their mark removed or put back: `check` finds it.
#[test]
fn a_mark_removed_or_events_put_back_are_found_by_check() {
    let env = TestEnv::new();
    env.create("a", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a"]);
    env.run_with(&["show", "a", "--reveal"], with_key(&key)).success();
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
    let listed = env.run_with(&["list", "--json", "--reveal"], with_key(&key)).success();
    assert_eq!(listed.json(), serde_json::json!([]));
    assert!(!listed.stdout.contains(payroll["client_secret"].as_str().unwrap()));
    env.run_with(&["show", "payroll"], with_key(&key)).fails(3, "no application");
    env.run(&["check"]).success();
}

/// Runs on a copy of the store, with a memory of its own (the copy goes its own way).
fn on_copy<'a>(copy: &'a std::path::Path, state: &'a std::path::Path) -> impl FnOnce(&mut Command) + 'a {
    move |cmd| {
        cmd.env("REVVY_APPS_STORE", copy).env("XDG_STATE_HOME", state);
    }
}

fn sealed_row(store: &std::path::Path, id: i64) -> (Vec<u8>, i64) {
    let db = rusqlite::Connection::open(store).unwrap();
    db.query_row("SELECT sealed, version FROM applications WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
}

/// A record that opens under the store's keys but is not the one the log recorded — here one
/// sealed in a copy that went its own way, as a scoped member could seal one with the key it
/// holds — is refused by every full member's read and write and by `check`.
#[test]
fn a_record_sealed_outside_the_log_is_refused() {
    let env = TestEnv::new();
    env.create("a", &["--tenant", "acme"]);
    let copy = env.dir.path().join("copy.db");
    env.run(&["backup", copy.to_str().unwrap()]).success();
    let state = env.dir.path().join("copy-state");
    env.run_with(&["edit", "a", "--add-callback-url", "https://evil.example/cb"], on_copy(&copy, &state)).success();
    env.run(&["edit", "a", "--add-callback-url", "https://good.example/cb"]).success();
    let (forged, version) = sealed_row(&copy, 1);
    env.sql(&format!("UPDATE applications SET sealed = x'{}' WHERE id = 1 AND version = {version}", hex(&forged)));
    env.run(&["show", "a"]).fails(7, "is not the one audit event");
    env.run(&["regenerate", "a", "--yes"]).fails(7, "is not the one audit event");
    env.run(&["check"]).fails(7, "is not the one the audit log recorded");
}

/// After a revoke, a record sealed under the key the member kept (the epoch before), at the
/// version the log has now, is refused: no full member's write ever seals under that key again.
#[test]
fn a_record_under_a_revoked_epoch_at_the_current_version_is_refused() {
    let env = TestEnv::new();
    env.create("a", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a"]);
    let copy = env.dir.path().join("copy.db");
    env.run(&["backup", copy.to_str().unwrap()]).success();
    env.run(&["access", "revoke", "ci", "a", "--yes"]).success();
    // In the copy, still at the old epoch, the record moves to the version the store is at now.
    let state = env.dir.path().join("copy-state");
    env.run_with(&["edit", "a", "--add-callback-url", "https://evil.example/cb"], on_copy(&copy, &state)).success();
    let (old_epoch, version) = sealed_row(&copy, 1);
    let (_, now) = sealed_row(&env.store, 1);
    assert_eq!(version, now, "the copy's record is at the store's version");
    env.sql(&format!("UPDATE applications SET sealed = x'{}' WHERE id = 1", hex(&old_epoch)));
    env.run(&["show", "a"]).fails(7, "is not the one audit event");
    env.run(&["regenerate", "a", "--yes"]).fails(7, "is not the one audit event");
    env.run(&["check"]).fails(7, "is not the one the audit log recorded");
    env.run_with(&["show", "a"], with_key(&key)).fails(3, "no application");
}

/// A scoped member removed and added again under its name starts a chain anew: its machine's
/// memory of the old chain does not lock it out.
#[test]
fn a_member_added_again_starts_its_chain_anew() {
    let env = TestEnv::new();
    env.create("a", &[]);
    env.create("b", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a"]);
    env.run_with(&["show", "a", "--reveal"], with_key(&key)).success();
    env.run_with(&["show", "a", "--reveal"], with_key(&key)).success();
    env.run(&["access", "remove", "ci", "--yes"]).success();
    std::fs::remove_file(&key).unwrap();
    let key = add_scoped(&env, "ci", &["--only", "b"]);
    env.run_with(&["show", "b", "--reveal"], with_key(&key)).success();
    env.run(&["check"]).success();
}

/// `status` with a scoped key shows its scope, and itself only among the members.
#[test]
fn status_shows_a_scoped_members_scope() {
    let env = TestEnv::new();
    env.create("a", &[]);
    add_scoped(&env, "other", &["--only", "a"]);
    let key = add_scoped(&env, "ci", &["--only", "a", "--only-tenant", "acme"]);
    let status = env.run_with(&["status", "--json"], with_key(&key)).success().json();
    assert_eq!(status["scope"], serde_json::json!({"applications": ["a"], "tenants": ["acme"]}), "{status}");
    assert_eq!(status["members"], serde_json::json!(["ci"]), "{status}");
    let full = env.run(&["status", "--json"]).success().json();
    assert_eq!(full["scope"], serde_json::Value::Null);
}

fn hex(bytes: &[u8]) -> String {
    revvy_apps::store::crypto::to_hex(bytes)
}

/// A record sealed with a scoped member's key does not stop the incident's answer: the member
/// is removed all the same (that row keeps its key, and stays refused until restored), and
/// `rekey` and `copy --to` refuse to seal it anew rather than vouch for it.
#[test]
fn a_forged_record_neither_blocks_a_removal_nor_is_sealed_anew() {
    let env = TestEnv::new();
    env.create("a", &[]);
    env.create("b", &[]);
    let key = add_scoped(&env, "ci", &["--only", "a", "--only", "b"]);
    let copy = env.dir.path().join("copy.db");
    env.run(&["backup", copy.to_str().unwrap()]).success();
    let state = env.dir.path().join("copy-state");
    env.run_with(&["edit", "a", "--add-callback-url", "https://evil.example/cb"], on_copy(&copy, &state)).success();
    env.run(&["edit", "a", "--add-callback-url", "https://good.example/cb"]).success();
    let (forged, version) = sealed_row(&copy, 1);
    env.sql(&format!("UPDATE applications SET sealed = x'{}' WHERE id = 1 AND version = {version}", hex(&forged)));

    env.run(&["rekey", "--yes"]).fails(7, "cannot rekey a damaged store");
    let target = env.dir.path().join("target.db");
    env.run(&["copy", "--to", target.to_str().unwrap()]).fails(7, "cannot copy a damaged store");
    assert!(!target.exists());

    // Taken by name all the same; it got no new key, and the report does not count it.
    let revoked = env.run(&["access", "revoke", "ci", "a", "--yes", "--json"]).success();
    assert!(revoked.stderr.contains("is not the one audit event"), "{}", revoked.stderr);
    assert_eq!(revoked.json()["applications_readable"], 0);
    let listed = env.run_with(&["list", "--json"], with_key(&key)).success().json();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let removed = env.run(&["access", "remove", "ci", "--yes", "--json"]).success();
    assert_eq!(removed.json()["applications_readable"], 1);
    env.run_with(&["list"], with_key(&key)).fails(5, "not a member");
    env.run(&["show", "b"]).success();
    env.run(&["show", "a"]).fails(7, "is not the one audit event");
}
