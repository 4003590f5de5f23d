//! Rotation with a grace period, passwd, rekey and backup.

use std::process::Command;

use crate::util::{PASSPHRASE, TestEnv, contains_bytes, mode, with_session};

fn secret_of(env: &TestEnv, app: &str) -> String {
    env.run(&["show", app, "--json", "--reveal"]).success().json()["client_secret"].as_str().unwrap().to_owned()
}

#[test]
fn regenerate_with_grace_keeps_the_old_secret_until_it_ends() {
    let env = TestEnv::new();
    let first = env.create("x", &[])["client_secret"].as_str().unwrap().to_owned();
    let rotated = env.run(&["regenerate", "x", "--grace", "1h", "--yes", "--json"]).success().json();
    let expires = rotated["previous_secret_expires_at"].as_str().unwrap();
    assert!(expires > rotated["secret_created_at"].as_str().unwrap());
    let second = secret_of(&env, "x");
    let previous = env.run_stdin(&["verify", "x", "--json"], &first).success().json();
    assert_eq!(previous["matched"], "previous");
    assert_eq!(env.run_stdin(&["verify", "x", "--json"], &second).success().json()["matched"], "current");
    let shown = env.run(&["show", "x"]).success().stdout;
    let readable = format!("{} (in 1h)", expires[..16].replace('T', " "));
    assert!(shown.contains(&readable), "show displays when the previous secret expires:\n{shown}");

    // A new rotation during the grace period ends the older one: one previous secret at most.
    env.run(&["regenerate", "x", "--grace", "1h", "--yes"]).success();
    env.run_stdin(&["verify", "x"], &first).fails(5, "does not match");
    env.run_stdin(&["verify", "x"], &second).success();

    // Without --grace the old secret stops at once.
    env.run(&["regenerate", "x", "--yes"]).success();
    env.run_stdin(&["verify", "x"], &second).fails(5, "does not match");
    assert!(env.run(&["show", "x", "--json"]).success().json()["previous_secret_expires_at"].is_null());
}

#[test]
fn a_grace_period_ends() {
    let env = TestEnv::new();
    let first = env.create("x", &[])["client_secret"].as_str().unwrap().to_owned();
    env.run(&["regenerate", "x", "--grace", "1s", "--yes"]).success();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    env.run_stdin(&["verify", "x"], &first).fails(5, "does not match");
    assert!(env.run(&["show", "x", "--json"]).success().json()["previous_secret_expires_at"].is_null());
}

#[test]
fn bad_grace_periods_are_refused() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let before = env.files();
    env.run(&["regenerate", "x", "--grace", "31d", "--yes"]).fails(2, "out of range");
    env.run(&["regenerate", "x", "--grace", "later", "--yes"]).fails(2, "not a duration");
    assert!(env.files() == before);
}

fn new_passphrase(value: &str) -> impl FnOnce(&mut Command) + '_ {
    move |cmd| {
        cmd.env("REVVY_APPS_NEW_PASSPHRASE", value);
    }
}

#[test]
fn passwd_rewraps_the_key_and_ends_sessions() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let session = env.unlock();
    env.run_with(&["passwd"], new_passphrase("a brand new passphrase")).success();
    env.run(&["list"]).fails(5, "does not open");
    env.run_with(&["list", "--json"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "a brand new passphrase");
    })
    .success();
    env.run_with(&["list"], with_session(&session)).fails(5, "unknown or was ended");
    // From a file, too.
    let file = env.dir.path().join("new.txt");
    std::fs::write(&file, format!("{PASSPHRASE}\n")).unwrap();
    env.run_with(&["passwd", "--new-passphrase-file", file.to_str().unwrap()], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "a brand new passphrase");
    })
    .success();
    env.run(&["list"]).success();
    let log = env.run(&["log", "--json"]).success().json();
    assert_eq!(log.as_array().unwrap().iter().filter(|e| e["action"] == "passwd").count(), 2);
}

#[test]
fn passwd_refuses_sessions_wrong_and_missing_passphrases() {
    let env = TestEnv::new();
    let session = env.unlock();
    let before = env.files();
    env.run_with(&["passwd"], |cmd| {
        cmd.env("REVVY_APPS_SESSION", &session).env("REVVY_APPS_NEW_PASSPHRASE", "x y z");
    })
    .fails(5, "cannot run on a session");
    env.run_with(&["passwd"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "wrong").env("REVVY_APPS_NEW_PASSPHRASE", "x y z");
    })
    .fails(5, "does not open");
    env.run(&["passwd"]).fails(5, "REVVY_APPS_NEW_PASSPHRASE");
    env.run_with(&["passwd"], new_passphrase("")).fails(2, "empty");
    assert!(env.files() == before);
}

#[test]
fn rekey_seals_everything_again_and_leaves_no_old_ciphertext() {
    let env = TestEnv::new();
    for name in ["a", "b", "c"] {
        env.create(name, &["--scope", "read"]);
    }
    let secrets: Vec<String> = ["a", "b", "c"].iter().map(|n| secret_of(&env, n)).collect();
    let before: Vec<Vec<u8>> = {
        let conn = env.sqlite();
        let mut stmt =
            conn.prepare("SELECT sealed FROM applications UNION ALL SELECT sealed FROM audit_events").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let session = env.unlock();
    env.run(&["rekey"]).fails(2, "--yes");
    let run = env.run(&["rekey", "--yes"]).success();
    assert!(run.stderr.contains("3 application(s)"), "{}", run.stderr);
    env.run(&["check"]).success();
    for (name, secret) in ["a", "b", "c"].iter().zip(&secrets) {
        assert_eq!(&secret_of(&env, name), secret, "the secrets are kept");
    }
    env.run_with(&["list"], with_session(&session)).fails(5, "unknown or was ended");
    let files = env.files();
    assert_eq!(files.len(), 1, "the WAL was truncated away: {:?}", files.keys());
    for old in &before {
        for (name, bytes) in &files {
            assert!(!contains_bytes(bytes, &old[24..56]), "ciphertext under the old key is still in {name}");
        }
    }
    let log = env.run(&["log", "--json"]).success().json();
    assert!(log.as_array().unwrap().iter().any(|e| e["action"] == "rekey"));
}

#[test]
fn rekey_refuses_a_damaged_store_and_changes_nothing() {
    let env = TestEnv::new();
    env.create("a", &[]);
    env.create("b", &[]);
    // The byte is always changed (a random nonce may already hold the value written).
    env.sqlite()
        .execute(
            "UPDATE applications SET sealed = CAST(substr(sealed, 1, 40) || CASE WHEN substr(sealed, 41, 1) = x'00' THEN x'01' ELSE x'00' END || substr(sealed, 42) AS BLOB) WHERE id = 2",
            [],
        )
        .unwrap();
    let before = env.files();
    env.run(&["rekey", "--yes"]).fails(7, "cannot rekey a damaged store");
    assert!(env.files() == before);
}

#[test]
fn backup_makes_a_private_copy_that_opens_and_checks() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let copy = env.dir.path().join("backups/copy.db");
    let copy_arg = copy.to_str().unwrap();
    env.run(&["backup", copy_arg]).success();
    assert_eq!(mode(&copy), 0o600);
    let shown = env.run(&["--store", copy_arg, "show", "x", "--json"]).success().json();
    assert_eq!(shown["client_id"], app["client_id"]);
    env.run(&["--store", copy_arg, "check"]).success();
    let before = std::fs::read(&copy).unwrap();
    env.create("y", &[]);
    env.run(&["backup", copy_arg]).fails(4, "--force");
    assert_eq!(std::fs::read(&copy).unwrap(), before, "not overwritten without --force");
    env.run(&["backup", copy_arg, "--force"]).success();
    assert_eq!(env.run(&["--store", copy_arg, "list", "--json"]).success().json().as_array().unwrap().len(), 2);
}
