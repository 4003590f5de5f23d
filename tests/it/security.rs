//! What the file reveals, what a wrong key changes, how tampering and loose permissions are
//! caught, and where the key may come from.

use std::os::unix::fs::PermissionsExt as _;

use crate::util::{PASSPHRASE, TestEnv, contains_bytes, mode};

#[test]
fn the_files_hold_nothing_in_clear() {
    let env = TestEnv::new();
    // Keep a connection open so the WAL is not checkpointed away when the commands exit.
    let holder = env.sqlite();
    holder.query_row("SELECT count(*) FROM applications", [], |r| r.get::<_, i64>(0)).unwrap();
    let app = env.create(
        "zebra-unique-name",
        &[
            "--scope",
            "platypus:scope",
            "--callback-url",
            "https://narwhal.example.com/cb",
            "--signout-url",
            "https://okapi.example.com/out",
            "--tenant",
            "quokka-tenant",
        ],
    );
    env.run(&["edit", "zebra-unique-name", "--add-scope", "axolotl"]).success();
    let secret = app["client_secret"].as_str().unwrap();
    let client_id = app["client_id"].as_str().unwrap();
    let files = env.files();
    assert!(files.keys().any(|name| name.ends_with("-wal")), "the WAL is there to be inspected: {:?}", files.keys());
    for companion in ["-wal", "-shm"] {
        let path = crate::util::companion(&env.store, companion);
        assert_eq!(mode(&path), 0o600, "{companion} is private too");
    }
    for (file, bytes) in &files {
        for needle in [
            "zebra-unique-name",
            "platypus:scope",
            "narwhal.example.com",
            "okapi.example.com",
            "quokka-tenant",
            "axolotl",
            secret,
            &secret[4..44],
            client_id,
            &client_id[4..],
            PASSPHRASE,
        ] {
            assert!(!contains_bytes(bytes, needle.as_bytes()), "{needle:?} is in clear in {file}");
        }
    }
    drop(holder);
}

#[test]
fn a_wrong_passphrase_exits_5_and_changes_no_byte() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let before = env.files();
    for args in [&["list"][..], &["create", "--name", "y"], &["delete", "x", "--yes"]] {
        let run = env.run_with(args, |cmd| {
            cmd.env("REVVY_APPS_PASSPHRASE", "not the passphrase");
        });
        run.fails(5, "the passphrase does not open this store");
        assert!(env.files() == before, "{args:?} changed the files");
    }
}

#[test]
fn the_passphrase_can_come_from_a_file() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let file = env.dir.path().join("pass.txt");
    std::fs::write(&file, format!("{PASSPHRASE}\nsecond line is ignored\n")).unwrap();
    let by_flag = env.run_with(&["list", "--json", "--passphrase-file", file.to_str().unwrap()], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    });
    assert_eq!(by_flag.success().json()[0]["name"], "x");
    let by_env = env.run_with(&["list", "--json"], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_PASSPHRASE_FILE", &file);
    });
    by_env.success();
    // The file wins over the variable.
    let wrong_env = env.run_with(&["list", "--json", "--passphrase-file", file.to_str().unwrap()], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "wrong");
    });
    wrong_env.success();
    std::fs::write(&file, format!("{PASSPHRASE}\r\n")).unwrap();
    env.run(&["list", "--passphrase-file", file.to_str().unwrap()]).success();
}

#[test]
fn without_a_key_source_the_store_is_locked() {
    let env = TestEnv::new();
    let run = env.run_with(&["list"], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    });
    let run = run.fails(5, "the store is locked");
    for option in ["REVVY_APPS_SESSION", "--passphrase-file", "REVVY_APPS_PASSPHRASE_FILE", "REVVY_APPS_PASSPHRASE"] {
        assert!(run.stderr.contains(option), "the message names {option}");
    }
}

#[test]
fn a_store_open_to_others_is_refused_with_the_fix() {
    let env = TestEnv::new();
    env.create("x", &[]);
    assert_eq!(mode(&env.store), 0o600);
    for loose in [0o644, 0o660, 0o606] {
        std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(loose)).unwrap();
        env.run(&["list"]).fails(7, &format!("chmod 600 {}", env.store.display()));
    }
    std::fs::set_permissions(&env.store, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.run(&["list"]).success();
}

#[test]
fn init_makes_a_private_folder_and_file() {
    let env = TestEnv::new();
    assert_eq!(mode(&env.store), 0o600);
    assert_eq!(mode(env.store.parent().unwrap()), 0o700);
    let journal: String = env.sqlite().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(journal, "wal");
    // No staging file is left behind.
    assert_eq!(env.files().len(), 1, "{:?}", env.files().keys());
}

#[test]
fn the_passphrase_of_a_new_store_cannot_be_empty() {
    let env = TestEnv::empty();
    let mut args = vec!["init"];
    args.extend(crate::util::CHEAP_KDF);
    env.run_with(&args, |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "");
    })
    .fails(2, "the passphrase is empty");
    assert!(!env.store.exists());
}

#[test]
fn the_process_runs_with_no_core_dumps_and_a_private_umask() {
    let env = TestEnv::new();
    env.create("x", &[]);
    // `verify` waits on stdin for the secret: long enough to look at the live process.
    let mut child = env
        .command()
        .args(["verify", "x"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let proc_dir = std::path::PathBuf::from(format!("/proc/{}", child.id()));
    let mut limits = String::new();
    let mut status = String::new();
    for _ in 0..100 {
        limits = std::fs::read_to_string(proc_dir.join("limits")).unwrap_or_default();
        status = std::fs::read_to_string(proc_dir.join("status")).unwrap_or_default();
        if status.contains("Umask:\t0077") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(child.stdin.take());
    child.wait().unwrap();
    let core = limits.lines().find(|l| l.starts_with("Max core file size")).unwrap_or_default().to_owned();
    // The soft limit is 0; the hard one is left as it was, so that `run` can give its command
    // the limit it would have had.
    assert_eq!(core.split_whitespace().nth(4), Some("0"), "core dumps are off: {core:?}");
    assert!(status.contains("Umask:\t0077"), "umask 077:\n{status}");
}
