//! Someone who can write the store but holds no key: every alteration is found, named, and
//! changes nothing. One table of attacks on a standard store, then the attacks that need more
//! than one step.

use std::os::unix::fs::PermissionsExt as _;

use rusqlite::Connection;

use crate::util::{TestEnv, with_session};

/// A store with two applications, their events and an open session: "first" (row 1) and
/// "second" (row 2, edited once).
fn victim() -> (TestEnv, String) {
    let env = TestEnv::new();
    env.create("first", &[]);
    env.create("second", &[]);
    env.run(&["edit", "second", "--add-scope", "x"]).success();
    let session = env.unlock();
    (env, session)
}

/// Flips one bit of the byte in the middle of a column.
fn flip(conn: &Connection, table: &str, column: &str, row_filter: &str) {
    let sql = format!("SELECT rowid, {column} FROM {table} WHERE {row_filter}");
    let (rowid, mut value): (i64, Vec<u8>) = conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let middle = value.len() / 2;
    value[middle] ^= 0x10;
    conn.execute(&format!("UPDATE {table} SET {column} = ?1 WHERE rowid = ?2"), rusqlite::params![value, rowid])
        .unwrap();
}

fn sql(conn: &Connection, statements: &str) {
    conn.execute_batch(statements).unwrap();
}

/// An alteration of the victim, and what each command then says (exit code, a phrase of
/// the message).
struct Attack {
    what: &'static str,
    alter: fn(&Connection),
    refused: &'static [(&'static [&'static str], i32, &'static str)],
}

const ATTACKS: &[Attack] = &[
    Attack {
        what: "a flipped byte in a sealed record",
        alter: |c| flip(c, "applications", "sealed", "id = 2"),
        refused: &[(&["show", "second"], 7, "row 2"), (&["check"], 7, "row 2 failed authentication")],
    },
    Attack {
        what: "a flipped byte in a client ID lookup column",
        alter: |c| flip(c, "applications", "client_id_mac", "id = 2"),
        refused: &[(&["check"], 7, "row 2: the client ID lookup column does not match")],
    },
    Attack {
        what: "a flipped byte in a name lookup column",
        alter: |c| flip(c, "applications", "name_mac", "id = 1"),
        refused: &[(&["check"], 7, "row 1: the name lookup column does not match")],
    },
    Attack {
        what: "a record moved into another row",
        alter: |c| {
            sql(c, "UPDATE applications SET sealed = (SELECT sealed FROM applications WHERE id = 1) WHERE id = 2");
        },
        refused: &[(&["show", "second"], 7, "row 2"), (&["check"], 7, "row 2")],
    },
    Attack {
        what: "two rows swapped",
        alter: |c| {
            sql(
                c,
                "UPDATE applications SET id = 100 WHERE id = 1;
                 UPDATE applications SET id = 1 WHERE id = 2;
                 UPDATE applications SET id = 2 WHERE id = 100;",
            );
        },
        refused: &[(&["show", "first"], 7, "row 2"), (&["check"], 7, "row 1")],
    },
    Attack {
        what: "a row deleted",
        alter: |c| sql(c, "DELETE FROM applications WHERE id = 2"),
        refused: &[(&["check"], 7, "the store holds 1 application row(s) but the audit head counts 2")],
    },
    Attack {
        what: "a flipped byte in a sealed audit event",
        alter: |c| flip(c, "audit_events", "sealed", "id = 3"),
        refused: &[(&["check"], 7, "event 3"), (&["log"], 7, "event 3")],
    },
    Attack {
        what: "a flipped byte in a link of the audit chain",
        alter: |c| flip(c, "audit_events", "mac", "id = 2"),
        refused: &[(&["check"], 7, "event 2"), (&["log"], 7, "event 2")],
    },
    Attack {
        what: "an audit event removed",
        alter: |c| sql(c, "DELETE FROM audit_events WHERE id = 3"),
        refused: &[
            (&["check"], 7, "the audit log is broken at event 3: an event is missing"),
            (&["log"], 7, "event 3"),
        ],
    },
    Attack {
        what: "a flipped byte in the audit head",
        alter: |c| flip(c, "audit_head", "last_mac", "1"),
        refused: &[(&["list"], 7, "the head of the audit log was altered"), (&["check"], 7, "audit")],
    },
    Attack {
        what: "the tail of the log cut and the head pointed at the event before",
        alter: |c| {
            // What an attacker can do without the key: copy the MAC of the event before, as
            // format 1's head was.
            sql(
                c,
                "DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events);
                 UPDATE audit_head SET last_id = last_id - 1,
                   last_mac = (SELECT mac FROM audit_events WHERE id = (SELECT max(id) FROM audit_events));",
            );
        },
        refused: &[
            (&["list"], 7, "the head of the audit log was altered"),
            (&["check"], 7, "the head of the audit log was altered"),
        ],
    },
    Attack {
        what: "a flipped byte in a member's sealed copy of the data key",
        alter: |c| flip(c, "members", "sealed_key", "name = 'owner'"),
        refused: &[(&["list"], 7, "the member list of the store"), (&["check"], 7, "member list")],
    },
    Attack {
        what: "a flipped byte in a passphrase member's wrapped key",
        alter: |c| flip(c, "members", "wrapped_identity", "name = 'owner'"),
        refused: &[(&["list"], 7, "the member list of the store"), (&["check"], 7, "member list")],
    },
    Attack {
        what: "a flipped byte in a member's salt",
        alter: |c| flip(c, "members", "kdf_salt", "name = 'owner'"),
        refused: &[(&["list"], 7, "the member list of the store")],
    },
    Attack {
        what: "a member renamed",
        alter: |c| sql(c, "UPDATE members SET name = 'mallory'"),
        refused: &[(&["--as", "mallory", "list"], 7, "the member list of the store"), (&["list"], 7, "member list")],
    },
    Attack {
        what: "a member turned into another kind",
        alter: |c| sql(c, "UPDATE members SET kind = 'machine'"),
        refused: &[(&["list"], 7, "the member list of the store")],
    },
    Attack {
        what: "a member planted beside the owner",
        alter: |c| {
            sql(
                c,
                "INSERT INTO members (name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key)
                 SELECT 'mallory', kind, public_key || 'x', created_at, 'owner', kdf_salt, wrapped_identity, sealed_key FROM members",
            );
        },
        refused: &[(&["list"], 7, "the member list of the store"), (&["check"], 7, "member list")],
    },
    Attack {
        what: "a flipped byte in the member list's MAC",
        alter: |c| flip(c, "store_header", "members_mac", "1"),
        refused: &[(&["list"], 7, "header"), (&["check"], 7, "header")],
    },
    Attack {
        what: "a flipped byte in the member list's digest",
        alter: |c| flip(c, "store_header", "members_digest", "1"),
        refused: &[(&["list"], 7, "header"), (&["check"], 7, "header")],
    },
    Attack {
        what: "a flipped byte in the store id",
        alter: |c| flip(c, "store_header", "store_id", "1"),
        refused: &[(&["list"], 7, "header"), (&["check"], 7, "header")],
    },
    Attack {
        what: "a flipped byte in the header checksum",
        alter: |c| flip(c, "store_header", "checksum", "1"),
        refused: &[(&["list"], 7, "header"), (&["check"], 7, "header")],
    },
    Attack {
        what: "a weaker KDF memory cost",
        alter: |c| sql(c, "UPDATE store_header SET kdf_memory_kib = 19457"),
        refused: &[(&["list"], 7, "header")],
    },
    Attack {
        what: "another KDF iteration count",
        alter: |c| sql(c, "UPDATE store_header SET kdf_iterations = 3"),
        refused: &[(&["list"], 7, "header")],
    },
    Attack {
        what: "another KDF parallelism",
        alter: |c| sql(c, "UPDATE store_header SET kdf_parallelism = 2"),
        refused: &[(&["list"], 7, "header")],
    },
    Attack {
        what: "a KDF memory cost meant to exhaust memory",
        alter: |c| sql(c, "UPDATE store_header SET kdf_memory_kib = 4294967295"),
        refused: &[(&["list"], 7, "altered")],
    },
    Attack {
        what: "a newer format number",
        alter: |c| c.pragma_update(None, "user_version", 99).unwrap(),
        refused: &[(&["list"], 7, "format version 99")],
    },
    Attack {
        what: "a view standing in for a table",
        alter: |c| {
            sql(
                c,
                "ALTER TABLE applications RENAME TO real_applications;
                 CREATE VIEW applications AS SELECT * FROM real_applications;",
            );
        },
        refused: &[(&["list"], 7, "revvy-apps did not create"), (&["check"], 7, "view")],
    },
    Attack {
        what: "planted triggers that swallow writes",
        alter: |c| {
            sql(
                c,
                "CREATE TRIGGER keep_row BEFORE UPDATE ON applications BEGIN SELECT RAISE(IGNORE); END;
                 CREATE TRIGGER drop_event BEFORE INSERT ON audit_events BEGIN SELECT RAISE(IGNORE); END;
                 CREATE TRIGGER keep_head BEFORE UPDATE ON audit_head BEGIN SELECT RAISE(IGNORE); END;",
            );
        },
        refused: &[
            (&["regenerate", "first", "--yes", "--reveal"], 7, "a trigger \"keep_row\" that revvy-apps did not create"),
            (&["disable", "first"], 7, "a trigger \"keep_row\""),
            (&["show", "first"], 7, "a trigger \"keep_row\""),
            (&["check"], 7, "drop_event"),
            (&["check"], 7, "keep_head"),
        ],
    },
    Attack {
        what: "a planted trigger on the scoped members' grants",
        alter: |c| sql(c, "CREATE TRIGGER keep_grant BEFORE INSERT ON grants BEGIN SELECT RAISE(IGNORE); END;"),
        refused: &[
            (&["disable", "first"], 7, "a trigger \"keep_grant\" that revvy-apps did not create"),
            (&["show", "first"], 7, "a trigger \"keep_grant\""),
            (&["check"], 7, "keep_grant"),
        ],
    },
];

#[test]
fn every_alteration_is_found_named_and_changes_nothing() {
    // Each attack on its own store, several at once: the table is long.
    std::thread::scope(|scope| {
        for attack in ATTACKS {
            scope.spawn(move || attack_is_found(attack));
        }
    });
}

fn attack_is_found(attack: &Attack) {
    let (env, _) = victim();
    (attack.alter)(&env.sqlite());
    let before = env.files();
    for (args, code, phrase) in attack.refused {
        let run = env.run(args);
        assert_eq!(run.code, *code, "{}: `{}`: {}{}", attack.what, args.join(" "), run.stdout, run.stderr);
        assert!(
            run.stderr.contains(phrase),
            "{}: `{}` says {:?}, not {phrase:?}",
            attack.what,
            args.join(" "),
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", attack.what);
    }
    assert!(env.files() == before, "{}: a refused store is not written", attack.what);
    // `check` reports what it found, or (when not even the header can be trusted) refuses.
    let check = env.run(&["check", "--json"]);
    assert_eq!(check.code, 7, "{}: check", attack.what);
    if check.stdout.is_empty() {
        assert!(check.error_json()["error"]["code"].is_string(), "{}", attack.what);
    } else {
        assert_eq!(check.json()["ok"], false, "{}", attack.what);
    }
}

#[test]
fn one_altered_record_names_its_row_and_spares_the_others() {
    let env = TestEnv::new();
    env.create("first", &[]);
    let victim = env.create("second", &[]);
    env.create("third", &[]);
    flip(&env.sqlite(), "applications", "sealed", "id = 2");
    env.run(&["show", victim["client_id"].as_str().unwrap(), "--json"]).fails(7, "\"tampered\"");
    env.run(&["show", "first"]).success();
    env.run(&["show", "third"]).success();
    let list = env.run(&["list", "--json"]).fails(7, "row 2");
    let names: Vec<_> =
        list.json().as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["first", "third"]);
}

#[test]
fn a_malformed_column_marks_its_row_tampered_and_hides_no_other() {
    let (env, _) = victim();
    env.sqlite().execute("UPDATE applications SET version = 'x' WHERE id = 1", []).unwrap();
    let list = env.run(&["list", "--json"]);
    assert_eq!(list.code, 7, "{}", list.stderr);
    assert!(list.stderr.contains("row 1"), "{}", list.stderr);
    let names: Vec<_> = list.json().as_array().unwrap().iter().map(|a| a["name"].clone()).collect();
    assert_eq!(names, ["second"]);
    env.run(&["check"]).fails(7, "row 1 failed authentication");
    env.run(&["show", "second"]).success();
}

#[test]
fn swapped_name_lookups_lead_to_a_refusal_not_to_the_wrong_application() {
    let (env, _) = victim();
    {
        let conn = env.sqlite();
        let mac = |id: i64| -> Vec<u8> {
            conn.query_row("SELECT name_mac FROM applications WHERE id = ?1", [id], |r| r.get(0)).unwrap()
        };
        let (first, second) = (mac(1), mac(2));
        conn.execute("UPDATE applications SET name_mac = x'00' WHERE id = 2", []).unwrap();
        conn.execute("UPDATE applications SET name_mac = ?1 WHERE id = 1", [second]).unwrap();
        conn.execute("UPDATE applications SET name_mac = ?1 WHERE id = 2", [first]).unwrap();
    }
    env.run(&["show", "second"]).fails(7, "row 1");
}

#[test]
fn planted_triggers_rotated_nothing_once_they_are_gone() {
    let (env, _) = victim();
    let old_secret = secret_of(&env, "first");
    (ATTACKS.iter().find(|a| a.what.starts_with("planted triggers")).unwrap().alter)(&env.sqlite());
    env.run(&["regenerate", "first", "--yes"]).fails(7, "keep_row");
    env.sqlite().execute_batch("DROP TRIGGER keep_row; DROP TRIGGER drop_event; DROP TRIGGER keep_head;").unwrap();
    env.run_stdin(&["verify", "first"], &old_secret).success();
}

#[test]
fn an_altered_session_record_is_refused() {
    let (env, session) = victim();
    flip(&env.sqlite(), "sessions", "wrapped_key", "1");
    env.run_with(&["list"], with_session(&session)).fails(5, "altered");
}

fn secret_of(env: &TestEnv, name: &str) -> String {
    env.run(&["show", name, "--json", "--reveal"]).success().json()["client_secret"].as_str().unwrap().to_owned()
}

#[test]
fn an_old_row_put_back_does_not_revive_its_rotated_secret() {
    let (env, _) = victim();
    let old_secret = secret_of(&env, "first");
    let conn = env.sqlite();
    let (version, sealed): (i64, Vec<u8>) = conn
        .query_row("SELECT version, sealed FROM applications WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    env.run(&["regenerate", "first", "--yes"]).success();
    env.run_stdin(&["verify", "first"], &old_secret).fails(5, "does not match");
    conn.execute("UPDATE applications SET version = ?1, sealed = ?2 WHERE id = 1", rusqlite::params![version, sealed])
        .unwrap();
    // The old row still opens (it was genuine once), but the audit log knows it is stale:
    // reads refuse it at once, `check` names it.
    env.run_stdin(&["verify", "first"], &old_secret).fails(7, "put back from an older copy");
    env.run(&["show", "first", "--reveal"])
        .fails(7, "the application record in row 1 is at version 1 but audit event 7 recorded version 2");
    env.run(&["edit", "first", "--add-scope", "write"]).fails(7, "row 1 is at version 1");
    env.run(&["check"]).fails(7, "row 1: the record is at version 1 but the audit log recorded version 2");
    env.run(&["show", "second"]).success();
}

#[test]
fn a_deleted_row_put_back_is_refused() {
    let (env, _) = victim();
    let row: (Vec<u8>, Vec<u8>, i64, Vec<u8>) = env
        .sqlite()
        .query_row("SELECT client_id_mac, name_mac, version, sealed FROM applications WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    env.run(&["delete", "first", "--yes"]).success();
    env.sqlite()
        .execute("INSERT INTO applications VALUES (1, ?1, ?2, ?3, ?4)", rusqlite::params![row.0, row.1, row.2, row.3])
        .unwrap();
    env.run(&["check"]).fails(7, "row 1: the audit log says this application was deleted");
    env.run(&["show", "first"]).fails(7, "was deleted according to audit event");
}

/// Puts an old copy of the store file back in its place, as someone with the file would.
fn put_back(env: &TestEnv, copy: &std::path::Path) {
    std::fs::copy(copy, &env.store).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(crate::util::companion(&env.store, suffix));
    }
}

#[test]
fn a_whole_store_put_back_is_refused_as_rolled_back_until_restored_on_purpose() {
    let (env, _) = victim();
    let backup = env.dir.path().join("backup.db");
    env.run(&["backup", backup.to_str().unwrap()]).success();
    let old_copy = env.dir.path().join("old-copy.db");
    std::fs::copy(&env.store, &old_copy).unwrap();
    env.run(&["regenerate", "first", "--yes"]).success();
    env.run(&["delete", "second", "--yes"]).success();

    put_back(&env, &old_copy);
    let before = env.files();
    env.run(&["list"])
        .fails(7, "was rolled back: its audit log ends at event 5, but this machine has seen it reach event 7");
    assert_eq!(env.run(&["list", "--json"]).error_json()["error"]["code"], "rolled_back");
    env.run(&["check"]).fails(7, "was rolled back");
    assert!(env.files() == before, "a rolled-back store is not written");

    env.run(&["restore", backup.to_str().unwrap()]).fails(2, "needs confirmation");
    let other = TestEnv::new();
    let foreign = other.dir.path().join("foreign.db");
    other.run(&["backup", foreign.to_str().unwrap()]).success();
    env.run(&["restore", "--yes", foreign.to_str().unwrap()]).fails(4, "is a backup of another store");

    env.run(&["restore", "--yes", backup.to_str().unwrap()]).success();
    let names: Vec<_> = env.everything().as_array().unwrap().iter().map(|a| a["name"].clone()).collect();
    assert_eq!(names, ["first", "second"]);
    env.run(&["check"]).success();
    let log = env.run(&["log", "--json"]).success().json();
    let restore = log.as_array().unwrap().iter().find(|e| e["action"] == "restore").expect("the restore is audited");
    assert_eq!(restore["changes"][0]["new"], backup.to_str().unwrap());
}

#[test]
fn accept_store_shows_a_rollback_and_accepts_the_store_as_it_is_only_when_confirmed() {
    let (env, _) = victim();
    let old_copy = env.dir.path().join("old-copy.db");
    std::fs::copy(&env.store, &old_copy).unwrap();
    env.run(&["regenerate", "first", "--yes"]).success();
    env.run(&["delete", "second", "--yes"]).success();
    put_back(&env, &old_copy);
    env.run(&["list"]).fails(7, "run `revvy-apps accept-store`");

    // Not accepted without a confirmation; shown, in both formats, and accepted with one.
    let before = env.files();
    env.run(&["accept-store"]).fails(2, "--yes");
    assert!(env.files() == before, "nothing accepted");
    env.run(&["list"]).fails(7, "was rolled back");
    let json = env.run(&["accept-store", "-o", "json", "--yes"]).success().json();
    assert_eq!(json["rolled_back"], serde_json::json!({"seen_event": 7, "store_event": 5}));
    env.run(&["list"]).success();
    // This machine forgot what it saw: the store works again, and the rollback check works on
    // from the store as accepted.
    std::fs::copy(&env.store, &old_copy).unwrap();
    env.run(&["create", "--name", "third"]).success();
    put_back(&env, &old_copy);
    env.run(&["list"]).fails(7, "was rolled back");
    let table = env.run(&["accept-store", "--yes"]).success();
    assert!(
        table.stdout.contains("Rolled back: this machine saw its audit log reach event 6; it now ends at event 5"),
        "{}",
        table.stdout
    );
    env.run(&["list"]).success();
    let pin = pin_text(&env);
    assert_eq!(pin.lines().next().unwrap().split(' ').count(), 3, "the store's secret is still pinned: {pin}");
}

#[test]
fn accept_store_accepts_no_head_it_cannot_read_and_keeps_what_this_machine_saw() {
    let (env, _) = victim();
    env.run(&["list"]).success();
    let seen_folder = env.home().join(".local/state/revvy-apps/seen");
    let memory = || {
        std::fs::read_dir(&seen_folder)
            .unwrap()
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect::<Vec<_>>()
    };
    let (seen, pin) = (memory(), pin_text(&env));
    env.sqlite().execute("UPDATE audit_head SET last_id = 'not a number'", []).unwrap();
    env.run(&["accept-store", "--new-secret", "--yes"]).fails(7, "nothing was accepted");
    assert_eq!((memory(), pin_text(&env)), (seen, pin), "this machine's memory is unchanged");
}

/// This machine's one pin file (id, since, fingerprint; then the location).
fn pin_text(env: &TestEnv) -> String {
    let folder = env.home().join(".local/state/revvy-apps/pins");
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|entry| entry.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::read_to_string(&files[0]).unwrap()
}

#[test]
fn accept_store_accepts_the_head_it_showed_not_one_put_in_to_be_shown() {
    let (env, _) = victim();
    let old_copy = env.dir.path().join("old-copy.db");
    std::fs::copy(&env.store, &old_copy).unwrap();
    env.run(&["regenerate", "first", "--yes"]).success();
    put_back(&env, &old_copy);
    env.run(&["list"]).fails(7, "was rolled back");
    // Someone who can write the file shows a head far ahead, so that no rollback is shown,
    // then puts the real old head back once this machine accepted.
    let real_last_id: i64 = env.sqlite().query_row("SELECT last_id FROM audit_head", [], |r| r.get(0)).unwrap();
    env.sqlite().execute("UPDATE audit_head SET last_id = 99", []).unwrap();
    let shown = env.run(&["accept-store", "--yes"]).success();
    assert!(!shown.stdout.contains("Rolled back"), "{}", shown.stdout);
    env.sqlite().execute("UPDATE audit_head SET last_id = ?1", [real_last_id]).unwrap();
    env.run(&["list"]).fails(7, "was rolled back");
}

#[test]
fn a_file_that_is_not_a_store_is_refused() {
    let env = TestEnv::empty();
    std::fs::create_dir_all(env.store.parent().unwrap()).unwrap();
    std::fs::write(&env.store, b"this is not SQLite").unwrap();
    std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.run(&["list"]).fails(7, "not a revvy-apps store");
}

#[test]
fn check_on_a_session_still_holds_the_members_to_the_header() {
    // A session reads no member to unlock; `check` reads them all the same.
    let (env, session) = victim();
    env.run_with(&["check"], with_session(&session)).success();
    flip(&env.sqlite(), "members", "sealed_key", "name = 'owner'");
    env.run_with(&["show", "first"], with_session(&session)).success();
    env.run_with(&["check"], with_session(&session)).fails(7, "the member list of the store");
}
