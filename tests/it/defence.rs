//! The store defends itself: against someone who can write the file but has no key, against
//! maintenance commands racing each other, and on an operator's bad day (a full disk, a
//! read-only mount). Each test drives the real binary over a real file.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::util::{PASSPHRASE, Run, TestEnv, assert_unchanged, feed, finish, mkfifo, spawn, with_session, writer_of};

fn store_with_apps() -> TestEnv {
    let env = TestEnv::new();
    env.create("alpha", &["--scope", "read"]);
    env.create("beta", &[]);
    env
}

fn secret_of(env: &TestEnv, name: &str) -> String {
    env.run(&["show", name, "--json", "--reveal"]).success().json()["client_secret"].as_str().unwrap().to_owned()
}

/// Every application opens with `passphrase`, and `check` passes.
#[track_caller]
fn intact_under(env: &TestEnv, passphrase: &str, names: &[&str]) {
    let run = env.run_with(&["list", "--json", "--reveal"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", passphrase);
    });
    let listed: Vec<String> =
        run.success().json().as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(listed, names);
    env.run_with(&["check"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", passphrase);
    })
    .success();
}

#[test]
fn passwd_waiting_while_rekey_runs_exits_4_and_loses_nothing() {
    let env = store_with_apps();
    let fifo = env.dir.path().join("new-passphrase");
    mkfifo(&fifo);
    let passwd = spawn(&env, &["passwd", "--new-passphrase-file", fifo.to_str().unwrap()], |_| {});
    let writer = writer_of(&fifo); // passwd has unlocked and now reads its new passphrase
    env.run(&["rekey", "--yes"]).success();
    feed(writer, "a passphrase that must not take");
    finish(passwd).fails(4, "changed (a `passwd`, `rekey` or `access` command) after this command unlocked it");
    intact_under(&env, PASSPHRASE, &["alpha", "beta"]);
    env.run_with(&["list"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "a passphrase that must not take");
    })
    .fails(5, "does not open");
}

#[test]
fn rekey_waiting_while_passwd_runs_exits_4_and_keeps_the_new_passphrase() {
    let env = store_with_apps();
    let fifo = env.dir.path().join("passphrase");
    mkfifo(&fifo);
    let rekey = spawn(&env, &["rekey", "--yes", "--passphrase-file", fifo.to_str().unwrap()], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    });
    let writer = writer_of(&fifo); // rekey has read the key slot and now reads the passphrase
    env.run_with(&["passwd"], |cmd| {
        cmd.env("REVVY_APPS_NEW_PASSPHRASE", "the second passphrase");
    })
    .success();
    feed(writer, PASSPHRASE);
    finish(rekey).fails(4, "run the command again");
    intact_under(&env, "the second passphrase", &["alpha", "beta"]);
    env.run(&["list"]).fails(5, "does not open");
}

#[test]
fn a_write_unlocked_before_a_rekey_exits_4_instead_of_sealing_under_the_retired_key() {
    let env = store_with_apps();
    let fifo = env.dir.path().join("passphrase");
    mkfifo(&fifo);
    let create = spawn(&env, &["create", "--name", "gamma", "--passphrase-file", fifo.to_str().unwrap()], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    });
    let writer = writer_of(&fifo);
    env.run(&["rekey", "--yes"]).success();
    feed(writer, PASSPHRASE);
    finish(create).fails(4, "nothing was changed; run the command again");
    intact_under(&env, PASSPHRASE, &["alpha", "beta"]);
    env.run(&["create", "--name", "gamma"]).success();
    intact_under(&env, PASSPHRASE, &["alpha", "beta", "gamma"]);
}

/// An editor that waits for a word on a FIFO, then turns `multi_tenant` on: the test does
/// something else while it is open. Returns the FIFO and the editor.
fn slow_editor(env: &TestEnv) -> (PathBuf, PathBuf) {
    let fifo = env.dir.path().join("editor-go");
    mkfifo(&fifo);
    let editor = env.dir.path().join("slow-editor");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\ncat '{}' >/dev/null\nsed -i 's/^multi_tenant = false/multi_tenant = true/' \"$1\"\n",
            fifo.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    (fifo, editor)
}

#[test]
fn an_edit_in_the_editor_during_a_rekey_exits_4_and_changes_nothing() {
    let env = store_with_apps();
    let (fifo, editor) = slow_editor(&env);
    let edit = spawn(&env, &["edit", "alpha", "--editor"], |cmd| {
        cmd.env("EDITOR", &editor);
    });
    let writer = writer_of(&fifo); // the editor is open on alpha
    env.run(&["rekey", "--yes"]).success();
    feed(writer, "go");
    finish(edit).fails(4, "changed");
    intact_under(&env, PASSPHRASE, &["alpha", "beta"]);
    assert_eq!(env.run(&["show", "alpha", "--json"]).success().json()["multi_tenant"], false);
}

#[test]
fn a_backup_holds_no_session() {
    let env = store_with_apps();
    let token = env.unlock();
    let backup = env.dir.path().join("backup.db");
    env.run(&["backup", backup.to_str().unwrap()]).success();
    let sessions: i64 = rusqlite::Connection::open(&backup)
        .unwrap()
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sessions, 0);
    env.run(&["lock", "--all"]).success();
    env.run_with(&["--store", backup.to_str().unwrap(), "list"], with_session(&token))
        .fails(5, "the session is unknown");
}

#[test]
fn the_editor_inherits_no_credential() {
    let env = store_with_apps();
    let seen = env.dir.path().join("editor-env");
    let editor = format!("env > '{}'; true", seen.display());
    let token = env.unlock();
    env.run_with(&["edit", "alpha", "--editor"], |cmd| {
        cmd.env("EDITOR", &editor)
            .env("REVVY_APPS_SESSION", &token)
            .env("REVVY_APPS_NEW_PASSPHRASE", "new one")
            .env("REVVY_APPS_IDENTITY", "AGE-SECRET-KEY-1X");
    })
    .success();
    let environment = std::fs::read_to_string(&seen).unwrap();
    assert!(environment.contains("REVVY_APPS_STORE="), "the editor ran with our other variables:\n{environment}");
    for name in ["REVVY_APPS_PASSPHRASE=", "REVVY_APPS_SESSION=", "REVVY_APPS_NEW_PASSPHRASE=", "REVVY_APPS_IDENTITY="]
    {
        assert!(!environment.contains(name), "{name} reached the editor");
    }
    assert!(!environment.contains(PASSPHRASE) && !environment.contains(&token));
}

#[test]
fn verify_reads_at_most_4_kib_of_stdin() {
    let env = store_with_apps();
    let before = (env.files(), env.everything());
    let zeros = env.run_with(&["verify", "alpha"], |cmd| {
        cmd.stdin(std::fs::File::open("/dev/zero").unwrap());
    });
    zeros.fails(2, "longer than 4 KiB");
    env.run_stdin(&["verify", "alpha"], &"a".repeat(5000)).fails(2, "longer than 4 KiB");
    assert_unchanged(&env, &before.0, &before.1);
}

#[test]
fn a_passphrase_file_others_can_read_is_warned_about() {
    let env = store_with_apps();
    let file = env.dir.path().join("pass.txt");
    std::fs::write(&file, PASSPHRASE).unwrap();
    std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let run = env.run_with(&["list", "--passphrase-file", file.to_str().unwrap()], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    });
    assert!(run.success().stderr.contains("can be read by other users (mode 0644); run: chmod 600"));
}

#[test]
fn list_reveal_records_exactly_what_it_prints() {
    let env = store_with_apps();
    let printed = env.run(&["list", "--json", "--reveal"]).success().json();
    let log = env.run(&["log", "--json"]).success().json();
    let revealed: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "reveal")
        .map(|e| e["application"]["client_id"].clone())
        .collect();
    let listed: Vec<_> = printed.as_array().unwrap().iter().map(|a| a["client_id"].clone()).collect();
    assert_eq!(&revealed[revealed.len() - 2..], listed.as_slice());
}

/// Runs `script` in a private mount namespace (so a mount made for the test is gone with it),
/// with `$DIR` a folder the test mounts. `None` where namespaces are not allowed here.
fn in_mount_namespace(env: &TestEnv, script: &str) -> Option<Run> {
    let probe = Command::new("unshare").args(["-rm", "true"]).stderr(Stdio::null()).status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: unshare -rm is not allowed on this machine");
        return None;
    }
    let mut cmd = env.command();
    cmd.env("BIN", crate::util::BIN).args(["--version"]);
    let mut shell = Command::new("unshare");
    shell.args(["-rm", "sh", "-c", script]);
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => shell.env(key, value),
            None => shell.env_remove(key),
        };
    }
    let output = shell.env_remove("REVVY_APPS_STORE").output().expect("unshare runs");
    Some(Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    })
}

fn mount_point(env: &TestEnv) -> PathBuf {
    let dir = env.dir.path().join("mnt");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    dir
}

#[test]
fn a_full_disk_is_exit_6_says_so_and_loses_nothing() {
    let env = store_with_apps();
    let dir = mount_point(&env);
    let store = env.store.display();
    // A small tmpfs holding the store, then filled to the last byte.
    let script = format!(
        "set -e
         mount -t tmpfs -o size=512k tmpfs '{dir}'
         cp '{store}' '{dir}/store.db'
         export REVVY_APPS_STORE='{dir}/store.db'
         \"$BIN\" list --json > '{dir}/../before.json'
         # Room for SQLite's shared-memory file (32 KiB) and little more: the write's pages
         # are what does not fit.
         free=$(df -k --output=avail '{dir}' | tail -1)
         dd if=/dev/zero of='{dir}/filler' bs=1k count=$((free - 40)) 2>/dev/null
         set +e
         \"$BIN\" create --name gamma --scope \"$(head -c 3000 /dev/zero | tr '\\0' s)\" 2> '{dir}/../create.err'
         echo \"create=$?\"
         \"$BIN\" create --json --name delta 2> '{dir}/../create.json'
         \"$BIN\" list --json >/dev/null 2>&1; echo \"full-list=$?\"
         rm '{dir}/filler'
         \"$BIN\" list --json > '{dir}/../after.json'
         echo \"list=$?\"",
        dir = dir.display()
    );
    let Some(run) = in_mount_namespace(&env, &script) else { return };
    assert!(run.stdout.contains("create=6"), "{run:?}");
    // Even a read may need a byte of disk (SQLite's shared-memory file): then it is exit 6 as
    // well, never "damaged"; with space again, the store is exactly as it was.
    assert!(run.stdout.contains("full-list=0") || run.stdout.contains("full-list=6"), "{run:?}");
    assert!(run.stdout.contains("\nlist=0"), "the store reads again: {run:?}");
    let message = std::fs::read_to_string(env.dir.path().join("create.err")).unwrap();
    assert!(message.contains("no space left on device"), "{message}");
    assert!(!message.contains("restore") && !message.contains("damaged") && !message.contains("tampered"), "{message}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.dir.path().join("create.json")).unwrap()).unwrap();
    assert_eq!((json["error"]["code"].as_str(), json["error"]["exit_code"].as_u64()), (Some("unavailable"), Some(6)));
    assert_eq!(
        std::fs::read_to_string(env.dir.path().join("before.json")).unwrap(),
        std::fs::read_to_string(env.dir.path().join("after.json")).unwrap()
    );
}

#[test]
fn a_read_only_store_is_read_by_every_read_command_and_writes_exit_6() {
    let env = store_with_apps();
    let secret = secret_of(&env, "alpha");
    let folder = env.store.parent().unwrap().display().to_string();
    let script = format!(
        "mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' || exit 99
         export REVVY_APPS_STORE='{store}'
         \"$BIN\" list --json >/dev/null; echo \"list=$?\"
         \"$BIN\" show alpha --json >/dev/null; echo \"show=$?\"
         \"$BIN\" check >/dev/null 2>&1; echo \"check=$?\"
         \"$BIN\" log >/dev/null; echo \"log=$?\"
         printf '%s\\n' '{secret}' | \"$BIN\" verify alpha; echo \"verify=$?\"
         \"$BIN\" create --name gamma 2>&1; echo \"create=$?\"
         \"$BIN\" show alpha --reveal 2>&1 >/dev/null; echo \"reveal=$?\"",
        store = env.store.display()
    );
    let Some(run) = in_mount_namespace(&env, &script) else { return };
    for expected in ["list=0", "show=0", "check=0", "log=0", "verify=0", "create=6", "reveal=6"] {
        assert!(run.stdout.contains(expected), "{expected}: {run:?}");
    }
    assert!(run.stdout.contains("read-only file system"), "{run:?}");
    assert!(!run.stdout.contains("damaged"), "{run:?}");
}

#[test]
fn an_edit_in_the_editor_never_lands_over_a_change_it_did_not_see() {
    let env = store_with_apps();
    let (fifo, editor) = slow_editor(&env);
    let edit = spawn(&env, &["edit", "alpha", "--editor"], |cmd| {
        cmd.env("EDITOR", &editor);
    });
    let writer = writer_of(&fifo); // the editor is open on alpha
    env.run(&["edit", "alpha", "--add-scope", "meanwhile", "-q"]).success();
    feed(writer, "go");
    let run = finish(edit).fails(4, "\"alpha\" was changed by owner at ");
    assert!(run.stderr.contains("since it was read; run it again"), "{}", run.stderr);
    let alpha = env.run(&["show", "alpha", "--json"]).success().json();
    assert_eq!(alpha["multi_tenant"], false, "the editor's change did not land");
    assert_eq!(alpha["scopes"], serde_json::json!(["read", "meanwhile"]), "the other change was kept");
}
