//! `copy --to`: a whole store into a new one of its own (DESIGN.md section 9), file to file.

use std::path::Path;

use crate::util::TestEnv;

fn store_id(path: &Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("SELECT store_id FROM store_header", [], |r| r.get(0)).unwrap()
}

fn with_store(path: &Path) -> impl FnOnce(&mut std::process::Command) + '_ {
    move |cmd| {
        cmd.env("REVVY_APPS_STORE", path);
    }
}

#[test]
fn a_copy_opens_for_the_same_members_passes_check_and_is_a_store_of_its_own() {
    let env = TestEnv::new();
    let used = env.create("used", &[]);
    env.create("edited", &[]);
    env.run(&["edit", "edited", "--add-scope", "a", "-q"]).success();
    env.run(&["regenerate", "edited", "--grace", "1h", "--yes", "-q"]).success();
    env.run_stdin_with(&["verify", "used"], &format!("{}\n", used["client_secret"].as_str().unwrap()), |_| {})
        .success();
    let key = env.dir.path().join("ci.key");
    env.run(&["access", "add", "ci", "--machine", "--key-file", key.to_str().unwrap(), "-q"]).success();
    let target = env.dir.path().join("copy").join("store.db");

    let run = env.run(&["copy", "--to", target.to_str().unwrap()]).success();
    assert!(run.stderr.contains("2 member(s), 2 application(s)"), "{}", run.stderr);
    assert_ne!(store_id(&env.store), store_id(&target), "the copy has a store id of its own");
    assert_eq!(crate::util::mode(&target), 0o600);

    let source_apps = env.run(&["list", "--json"]).success().json();
    let copied_apps = env.run_with(&["list", "--json"], with_store(&target)).success().json();
    assert_eq!(copied_apps, source_apps, "every application, with its last use, is in the copy");
    env.run_with(&["check"], with_store(&target)).success();
    env.run_with(&["list", "-q"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &target).env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", &key);
    })
    .success();

    // The log is carried over, and each side records the copy.
    let source_log = env.run(&["log", "--json"]).success().json();
    let copy_log = env.run_with(&["log", "--json"], with_store(&target)).success().json();
    let (source_log, copy_log) = (source_log.as_array().unwrap(), copy_log.as_array().unwrap());
    assert_eq!(source_log.len(), copy_log.len());
    let actions = |log: &[serde_json::Value]| -> Vec<String> {
        log.iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(actions(&source_log[..source_log.len() - 1]), actions(&copy_log[..copy_log.len() - 1]));
    assert_eq!(source_log.last().unwrap()["changes"][0]["field"], "copied_to");
    assert_eq!(copy_log.last().unwrap()["changes"][0]["field"], "copied_from");

    // The two evolve apart: a member removed from the source still opens the copy.
    env.run(&["access", "remove", "ci", "--yes", "-q"]).success();
    env.run(&["delete", "used", "--yes"]).success();
    env.run_with(&["show", "used", "-q"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &target).env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", &key);
    })
    .success();
    // A backup of the source is not a backup of the copy.
    let backup = env.dir.path().join("source-backup.db");
    env.run(&["backup", backup.to_str().unwrap()]).success();
    env.run_with(&["restore", "--yes", backup.to_str().unwrap()], with_store(&target))
        .fails(4, "a backup of another store");
}

#[test]
fn a_copy_is_refused_onto_an_existing_file_or_from_a_damaged_store() {
    let env = TestEnv::new();
    env.create("app", &[]);
    let existing = env.dir.path().join("existing.db");
    std::fs::write(&existing, "mine\n").unwrap();
    let files = env.files();
    env.run(&["copy", "--to", existing.to_str().unwrap()]).fails(4, "already exists");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "mine\n");
    assert!(env.files() == files, "a refused copy changes nothing");

    let conn = env.sqlite();
    let sealed: Vec<u8> = conn.query_row("SELECT sealed FROM applications", [], |r| r.get(0)).unwrap();
    let mut altered = sealed.clone();
    altered[sealed.len() / 2] ^= 1;
    conn.execute("UPDATE applications SET sealed = ?1", [altered]).unwrap();
    let target = env.dir.path().join("copy.db");
    env.run(&["copy", "--to", target.to_str().unwrap()]).fails(7, "cannot copy a damaged store");
    assert!(!target.exists(), "nothing is left behind");
}
