//! The audit trail and `check`.

use serde_json::Value;

use crate::util::TestEnv;

fn actions(log: &Value) -> Vec<String> {
    log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

fn every_change_and_reveal_is_recorded_with_its_actor() {
    let env = TestEnv::new();
    let app = env.create("billing-sync", &["--scope", "read"]);
    env.run(&["edit", "billing-sync", "--add-scope", "write", "--name", "billing"]).success();
    env.run(&["show", "billing"]).success();
    env.run(&["show", "billing", "--reveal"]).success();
    env.run(&["disable", "billing"]).success();
    env.run(&["disable", "billing"]).success();
    env.run(&["enable", "billing"]).success();
    env.run(&["regenerate", "billing", "--yes"]).success();
    env.run(&["list", "--reveal"]).success();
    env.run(&["delete", "billing", "--yes"]).success();
    let log = env.run(&["log", "--json"]).success().json();
    assert_eq!(
        actions(&log),
        ["create", "reveal", "edit", "reveal", "disable", "enable", "regenerate", "reveal", "delete"],
        "create --reveal, show --reveal and list --reveal are recorded; plain reads and no-ops are not"
    );
    for event in log.as_array().unwrap() {
        // The member who unlocked acts; REVVY_APPS_ACTOR is a note beside them.
        assert_eq!((event["actor"].as_str(), event["actor_note"].as_str()), (Some("owner"), Some("test-actor")));
        assert_eq!(event["application"]["client_id"], app["client_id"]);
    }
    let edit = &log[2];
    assert_eq!(edit["application"]["name"], "billing");
    let changes = edit["changes"].as_array().unwrap();
    assert_eq!(changes[0], serde_json::json!({"field": "name", "old": "billing-sync", "new": "billing"}));
    assert_eq!(changes[1], serde_json::json!({"field": "scopes", "old": ["read"], "new": ["read", "write"]}));
    assert_eq!(log[6]["changes"], serde_json::json!([{"field": "client_secret", "old": null, "new": null}]));
}

fn no_secret_ever_enters_the_log() {
    let env = TestEnv::new();
    let first = env.create("x", &[]);
    let second = env.run(&["regenerate", "x", "--yes", "--json", "--reveal"]).success().json();
    let runs = [env.run(&["log"]), env.run(&["log", "--json"]), env.run(&["log", "x", "--json"])];
    for secret in [&first["client_secret"], &second["client_secret"]] {
        let secret = secret.as_str().unwrap();
        for run in &runs {
            assert!(!run.stdout.contains(secret) && !run.stdout.contains(&secret[4..30]));
        }
    }
}

fn the_log_follows_an_app_through_renames_and_deletion() {
    let env = TestEnv::new();
    env.create("old", &[]);
    env.create("other", &[]);
    env.run(&["edit", "old", "--name", "new"]).success();
    let live = env.run(&["log", "new", "--json"]).success().json();
    assert_eq!(actions(&live), ["create", "reveal", "edit"]);
    env.run(&["delete", "new", "--yes"]).success();
    let by_old_name = env.run(&["log", "old", "--json"]).success().json();
    assert_eq!(actions(&by_old_name), ["create", "reveal", "edit", "delete"]);
    let limited = env.run(&["log", "--limit", "2", "--json"]).success().json();
    assert_eq!(actions(&limited), ["edit", "delete"]);
    assert_eq!(env.run(&["log", "--since", "1h", "--json"]).success().json().as_array().unwrap().len(), 6);
    let future = env.run(&["log", "--since", "2999-01-01T00:00:00Z", "--json"]).success().json();
    assert_eq!(future, serde_json::json!([]));
    env.run(&["log", "--since", "yesterday-ish"]).fails(2, "--since");
}

fn check_passes_on_a_healthy_store() {
    let env = TestEnv::new();
    env.create("a", &[]);
    env.create("b", &[]);
    let report = env.run(&["check", "--json"]).success().json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["applications"], 2);
    assert_eq!(report["events"], 4);
    assert!(env.run(&["check"]).success().stdout.starts_with("ok:"));
}

/// Builds a store with three apps (six events), alters it with `sql`, and expects `check` to
/// fail naming `needle`.
#[track_caller]
fn check_finds(sql: &str, needle: &str) {
    // The byte-level alterations are written in SQLite's dialect; the rest run on both.
    if crate::util::on_postgres() && (sql.contains("substr(") || sql.contains("x'")) {
        return;
    }
    let env = TestEnv::new();
    for name in ["a", "b", "c"] {
        env.create(name, &[]);
    }
    env.sql(sql);
    let run = env.run(&["check", "--json"]).fails(7, "tampered");
    let report = run.json();
    assert_eq!(report["ok"], false);
    let problems = report["problems"].to_string();
    assert!(problems.contains(needle), "{needle:?} not in {problems}");
}

fn check_finds_altered_records_and_lookup_columns() {
    check_finds(
        // The byte is always changed (a random nonce may already hold the value written).
        "UPDATE applications SET sealed = CAST(substr(sealed, 1, 30) || CASE WHEN substr(sealed, 31, 1) = x'00' THEN x'01' ELSE x'00' END || substr(sealed, 32) AS BLOB) WHERE id = 2",
        "row 2",
    );
    check_finds("UPDATE applications SET sealed = 'text now' WHERE id = 2", "row 2");
    check_finds("UPDATE applications SET name_mac = x'00' WHERE id = 3", "row 3: the name lookup column");
    check_finds("UPDATE applications SET client_id_mac = x'00' WHERE id = 1", "row 1: the client ID lookup column");
    check_finds("UPDATE applications SET version = version + 1 WHERE id = 1", "row 1");
}

fn check_finds_every_break_of_the_audit_chain() {
    check_finds("DELETE FROM audit_events WHERE id = 2", "event 2: an event is missing");
    check_finds("DELETE FROM audit_events WHERE id = 6", "events at the end were removed");
    check_finds(
        "UPDATE audit_events SET sealed = CAST(substr(sealed, 1, 30) || CASE WHEN substr(sealed, 31, 1) = x'ff' THEN x'fe' ELSE x'ff' END || substr(sealed, 32) AS BLOB) WHERE id = 4",
        "event 4",
    );
    // Reorder: swap the contents of events 3 and 4.
    check_finds(
        "UPDATE audit_events SET id = 100 WHERE id = 3;
         UPDATE audit_events SET id = 3 WHERE id = 4;
         UPDATE audit_events SET id = 4 WHERE id = 100;",
        "event 3",
    );
    // On a server the audit head is part of the store's one row.
    let head = if crate::util::on_postgres() { "store" } else { "audit_head" };
    check_finds(&format!("UPDATE {head} SET last_id = 5"), "events at the end were removed");
}

/// Format 5 keeps the epoch of an application's key in front of its sealed record: a writer
/// without keys who changes it gets a tampered row (the key and the binding both cover it),
/// named by its row, and the other applications stay readable.
fn an_altered_key_epoch_is_a_tampered_row() {
    let env = TestEnv::new();
    for name in ["a", "b", "c"] {
        env.create(name, &[]);
    }
    env.sql(if crate::util::on_postgres() {
        "UPDATE applications SET sealed = '\\x0000000000000001'::bytea || substring(sealed from 9) WHERE id = 2"
    } else {
        "UPDATE applications SET sealed = CAST(x'0000000000000001' || substr(sealed, 9) AS BLOB) WHERE id = 2"
    });
    env.run(&["show", "b"]).fails(7, "row 2 failed authentication");
    env.run(&["show", "a", "--json"]).success();
    env.run(&["show", "c", "--json"]).success();
    let problems = env.run(&["check", "--json"]).fails(7, "tampered").json()["problems"].to_string();
    assert!(problems.contains("row 2"), "{problems}");
}

fn a_broken_chain_makes_log_fail_too() {
    let env = TestEnv::new();
    env.create("a", &[]);
    env.sql("DELETE FROM audit_events WHERE id = 1");
    env.run(&["log"]).fails(7, "audit log is broken at event 1");
}

/// `check` and `log` while other processes write: each reads the log and its head as one
/// state of the store, so a write landing between the two reads is never taken for a cut log.
fn check_and_log_while_others_write_never_report_damage() {
    let env = TestEnv::new();
    env.create("seed", &[]);
    std::thread::scope(|scope| {
        for writer in 0..2 {
            let env = &env;
            scope.spawn(move || {
                for i in 0..10 {
                    env.run(&["create", "--name", &format!("w{writer}-{i}"), "-q"]).success();
                }
            });
        }
        for _ in 0..6 {
            env.run(&["check"]).success();
            env.run(&["log", "--json"]).success();
        }
    });
    let report = env.run(&["check", "--json"]).success().json();
    assert_eq!(report["applications"], 21);
}

crate::util::on_both_backends!(
    every_change_and_reveal_is_recorded_with_its_actor,
    no_secret_ever_enters_the_log,
    the_log_follows_an_app_through_renames_and_deletion,
    check_passes_on_a_healthy_store,
    check_finds_altered_records_and_lookup_columns,
    check_finds_every_break_of_the_audit_chain,
    an_altered_key_epoch_is_a_tampered_row,
    a_broken_chain_makes_log_fail_too,
    check_and_log_while_others_write_never_report_damage,
);
