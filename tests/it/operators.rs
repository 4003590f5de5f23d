//! Operators at a terminal (DESIGN §16): the bugs a new user met, log's filters, `status`,
//! and the member named in the config. What a screen shows is in `screen.rs`.

use std::process::Stdio;

use crate::util::{TestEnv, assert_unchanged};

/// A pipe whose reader is already gone: the first write fails with EPIPE, every time.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn completions_into_a_closed_pipe_exit_0_without_a_panic() {
    let env = TestEnv::empty();
    for shell in ["bash", "zsh", "fish"] {
        let out = env.command().args(["completions", shell]).stdout(closed_pipe()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{shell}: {stderr}");
        assert!(stderr.is_empty(), "{shell}: {stderr}");
    }
}

#[test]
fn help_shows_no_empty_environment_value_and_no_set_one() {
    let env = TestEnv::empty();
    let unset = env.run(&["list", "--help"]).success();
    assert!(unset.stdout.contains("[env: REVVY_APPS_AS]"), "{}", unset.stdout);
    assert!(!unset.stdout.contains("REVVY_APPS_AS="), "{}", unset.stdout);
    let set = env.run_with(&["list", "--help"], |cmd| {
        cmd.env("REVVY_APPS_AS", "alice-secret-name");
    });
    assert!(!set.success().stdout.contains("alice-secret-name"));
}

#[test]
fn a_usage_error_names_no_option_that_came_from_the_environment() {
    let env = TestEnv::new();
    let pass = env.dir.path().join("pass");
    std::fs::write(&pass, "x\n").unwrap();
    let run = env.run_with(&["export", "app"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE_FILE", &pass);
    });
    let run = run.fails(2, "--format <FORMAT>");
    let usage = run.stderr.lines().find(|l| l.starts_with("Usage:")).unwrap();
    assert_eq!(usage, "Usage: revvy-apps export --format <FORMAT> <APP>...");
    let run = env.run(&["-o", "json", "export", "app"]).fails(2, "");
    assert!(!run.stderr.contains("--store"), "{}", run.stderr);
}

#[test]
fn an_unknown_manifest_key_is_not_offered_the_refused_ones() {
    let env = TestEnv::new();
    env.create("kept", &[]);
    let (files, before) = (env.files(), env.everything());
    let manifest = env.dir.path().join("apps.toml");
    std::fs::write(&manifest, "[[application]]\nname = \"a\"\ncolour = \"blue\"\n").unwrap();
    let run = env.run(&["apply", "-f", manifest.to_str().unwrap()]).fails(2, "unknown field `colour`");
    assert!(run.stderr.contains(":3"), "names the line: {}", run.stderr);
    assert!(!run.stderr.contains("client_secret") && !run.stderr.contains("client_id"), "{}", run.stderr);
    assert!(run.stderr.contains("keys allowed: name, status"), "{}", run.stderr);
    assert_unchanged(&env, &files, &before);
}

fn at(time: &str) -> impl FnOnce(&mut std::process::Command) + '_ {
    move |cmd| {
        cmd.env("REVVY_APPS_TEST_NOW", time);
    }
}

/// `log --json` with `filters`, at `now`: each event's (action, application name).
fn logged(env: &TestEnv, filters: &[&str], now: &str) -> Vec<(String, String)> {
    let run = env.run_with(&[&["log", "--json"], filters].concat(), at(now)).success();
    run.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["application"]["name"].as_str().unwrap_or("").to_owned()))
        .collect()
}

#[test]
fn log_filters_by_action_actor_and_since_as_a_duration_date_or_day() {
    let env = TestEnv::new();
    let init_events = env.run(&["log", "--json"]).success().json().as_array().unwrap().len();
    env.run_with(&["create", "--name", "a", "-q"], at("2026-01-01T10:00:00Z")).success();
    env.run_with(&["create", "--name", "b", "-q"], at("2026-01-02T09:00:00Z")).success();
    env.run_with(&["show", "a", "--reveal"], at("2026-01-02T09:30:00Z")).success();
    let run = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_ACTOR", "deploy-bot").env("REVVY_APPS_TEST_NOW", "2026-01-02T10:00:00Z");
    };
    env.run_with(&["show", "b", "--reveal"], run).success();
    let now = "2026-01-02T12:00:00Z";
    let pair = |action: &str, name: &str| (action.to_owned(), name.to_owned());
    assert_eq!(logged(&env, &["--action", "reveal"], now), [pair("reveal", "a"), pair("reveal", "b")]);
    assert_eq!(
        logged(&env, &["--action", "create", "--action", "reveal", "b"], now),
        [pair("create", "b"), pair("reveal", "b")]
    );
    // The member, or the note REVVY_APPS_ACTOR gave.
    assert_eq!(logged(&env, &["--actor", "deploy-bot"], now), [pair("reveal", "b")]);
    assert_eq!(logged(&env, &["--actor", "owner", "--action", "create"], now).len(), 2);
    assert!(logged(&env, &["--actor", "nobody"], now).is_empty());
    for (since, expected) in [
        ("yesterday", 4),
        ("today", 3),
        ("2026-01-02", 3),
        ("2026-01-01 10:01", 3),
        ("2026-01-02T09:30", 2),
        ("2026-01-01T10:00:00Z", 4),
        ("140m", 1),
        ("1h", 0),
    ] {
        assert_eq!(logged(&env, &["--since", since], now).len(), expected, "--since {since}");
    }
    assert_eq!(logged(&env, &[], now).len(), init_events + 4);

    let (files, before) = (env.files(), env.everything());
    let run = env.run(&["log", "--since", "someday"]).fails(2, "--since \"someday\" is neither a duration nor a date");
    assert!(run.stderr.contains("hint: give a duration (7d, 12h), a date (2026-12-03, UTC)"), "{}", run.stderr);
    let run = env.run(&["log", "--action", "peek"]).fails(2, "invalid value 'peek' for '--action <ACTION>'");
    assert!(run.stderr.contains("reveal"), "the actions are listed: {}", run.stderr);
    assert_unchanged(&env, &files, &before);
}

/// A pager that says it ran and whether it was given a credential, then shows its input.
fn pager_script(env: &TestEnv) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let path = env.dir.path().join("pager.sh");
    let script = "#!/bin/sh\necho \"paged with $(env | grep -c '^REVVY_APPS_SESSION=') credential(s)\"\ncat\n";
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn log_goes_through_the_pager_on_a_terminal_only_and_without_credentials() {
    let env = TestEnv::new();
    env.create("paged-app", &[]);
    let token = env.unlock();
    let pager = pager_script(&env);
    let on_terminal = |pager_value: &std::ffi::OsStr, extra: &[&str]| {
        let mut cmd = env.command_on_inherited_stdio();
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_SESSION", &token).env("PAGER", pager_value);
        cmd.arg("log").args(extra);
        let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
        session.exp_eof().unwrap()
    };
    let paged = on_terminal(pager.as_os_str(), &[]);
    assert!(paged.contains("paged with 0 credential(s)"), "{paged}");
    assert!(paged.contains("paged-app"), "{paged}");
    for unpaged in [on_terminal("".as_ref(), &[]), on_terminal(pager.as_os_str(), &["--no-pager"])] {
        assert!(!unpaged.contains("paged with") && unpaged.contains("paged-app"), "{unpaged}");
    }
    // PAGER unset and no less on PATH (a slim container): printed, not lost.
    let slim = env.dir.path().join("slim-bin");
    std::fs::create_dir(&slim).unwrap();
    std::os::unix::fs::symlink("/bin/sh", slim.join("sh")).unwrap();
    let mut cmd = env.command_on_inherited_stdio();
    cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_SESSION", &token).env("PATH", &slim).arg("log");
    let screen = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap().exp_eof().unwrap();
    assert!(screen.contains("paged-app"), "{screen}");
    // A pager that is not there, or fails, loses nothing: printed without it, with a word.
    for failing in ["/nonexistent/pager", "false"] {
        let screen = on_terminal(failing.as_ref(), &[]);
        assert!(screen.contains("paged-app") && screen.contains("the pager"), "{failing}: {screen}");
    }
    // Off a terminal, never.
    let piped = env.run_with(&["log"], |cmd| {
        cmd.env("PAGER", &pager);
    });
    assert!(!piped.success().stdout.contains("paged with"));
}

const BOB_PASSPHRASE: &str = "bob's own passphrase";

/// A store of two passphrase members: `owner` (the test passphrase) and `bob`.
fn two_members() -> TestEnv {
    let env = TestEnv::new();
    env.run_with(&["access", "add", "bob"], |cmd| {
        cmd.env("REVVY_APPS_NEW_PASSPHRASE", BOB_PASSPHRASE);
    })
    .success();
    env
}

fn write_config(env: &TestEnv, text: &str) -> std::path::PathBuf {
    let folder = env.home().join(".config/revvy-apps");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_config_names_your_member_so_a_second_one_breaks_no_script() {
    let env = two_members();
    // Before: with no USER (a container), a script of owner's no longer knows who it is.
    env.run(&["list"]).fails(5, "several members unlock the store");
    write_config(&env, "member = \"owner\"\n");
    env.run(&["list"]).success();
    // --as and REVVY_APPS_AS still come first.
    let as_bob = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_PASSPHRASE", BOB_PASSPHRASE);
    };
    env.run_with(&["--as", "bob", "list"], as_bob).success();
    env.run_with(&["list"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", BOB_PASSPHRASE).env("REVVY_APPS_AS", "bob");
    })
    .success();
    env.run_with(&["list"], as_bob).fails(5, "");

    let (files, before) = (env.files(), env.everything());
    write_config(&env, "store = \"x\"\nmember = \"Not A Name!\"\n");
    env.run(&["list"]).fails(2, "config.toml:2");
    write_config(&env, "member = \"mallory\"\n");
    env.run(&["list"]).fails(5, "has no member named \"mallory\"");
    write_config(&env, "member = \"owner\"\n");
    assert_unchanged(&env, &files, &before);
}

#[test]
fn status_says_where_who_and_how_without_deriving_a_key_or_asking() {
    let env = two_members();
    env.run(&["--as", "owner", "create", "--name", "a", "-q"]).success();
    let config = write_config(&env, "member = \"bob\"\n");
    let stats = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_DEBUG_STATS", "1");
    };
    let run = env.run_with(&["status"], stats).success();
    assert_eq!(crate::util::counter(&run, "key_derivations"), 0);
    // An empty REVVY_APPS_AS names nobody: the config's member is still the one, and says so.
    let empty_as = env.run_with(&["status"], |cmd| {
        cmd.env("REVVY_APPS_AS", "");
    });
    assert!(empty_as.success().stdout.contains("bob (from the config's member)"));
    for line in [
        "Member        bob (from the config's member)",
        "Unlocks with  a passphrase from REVVY_APPS_PASSPHRASE",
        "Applications  1",
        "Members       owner, bob",
        if crate::util::on_postgres() { "(PostgreSQL)" } else { "(SQLite file)" },
    ] {
        assert!(run.stdout.contains(line), "{line}:\n{}", run.stdout);
    }
    let json = env.run(&["whoami", "--json"]).success().json();
    assert_eq!(json["member"], "bob");
    assert_eq!(json["unlock"]["method"], "passphrase");
    assert_eq!(json["store"]["backend"], if crate::util::on_postgres() { "postgresql" } else { "sqlite" });
    assert_eq!(json["store"]["id"].as_str().unwrap().len(), 32);
    assert_eq!(json["scope"], serde_json::Value::Null);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["applications", "member", "members", "scope", "store", "unlock"]);

    // A session says its member and its end.
    std::fs::remove_file(&config).unwrap();
    let token = env.run_with(&["--as", "owner", "unlock", "-q", "--ttl", "1h"], |_| {}).success().stdout;
    let json = env.run_with(&["status", "--json"], crate::util::with_session(token.trim())).success().json();
    assert_eq!((json["member"].as_str(), json["unlock"]["method"].as_str()), (Some("owner"), Some("session")));
    assert!(json["unlock"]["expires_at"].as_str().unwrap().ends_with('Z'));
    // Locked, or unsure whom to unlock as: said, not failed, and never asked.
    let json = env.run(&["status", "--json"]).success().json();
    assert!(json["unlock"]["problem"].as_str().unwrap().contains("several members"), "{json}");
    let json = env
        .run_with(&["status", "--json", "--as", "bob"], |cmd| {
            cmd.env_remove("REVVY_APPS_PASSPHRASE");
        })
        .success()
        .json();
    assert_eq!(json["unlock"]["method"], "none");
    assert_eq!(json["member"], "bob");
    TestEnv::empty().run(&["status"]).fails(3, "there is no store");
}

#[test]
fn ctrl_c_in_the_pager_is_the_pagers() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = TestEnv::new();
    env.create("paged-app", &[]);
    let token = env.unlock();
    // A pager that survives Ctrl-C, as less does, and then shows its input.
    let pager = env.dir.path().join("slow-pager.sh");
    std::fs::write(&pager, "#!/bin/sh\ntrap '' INT\necho pager-ready\nsleep 0.3\ncat\n").unwrap();
    std::fs::set_permissions(&pager, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = env.command_on_inherited_stdio();
    cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_SESSION", &token).env("PAGER", &pager).arg("log");
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    session.exp_string("pager-ready").unwrap();
    session.send_control('c').unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("paged-app"), "{rest}");
    // revvy-apps waited for its pager instead of dying at the Ctrl-C.
    let status = session.process().wait().unwrap();
    assert!(matches!(status, rexpect::process::WaitStatus::Exited(_, 0)), "{status:?}");
}

#[test]
fn status_with_a_key_names_its_member() {
    let env = TestEnv::new();
    let key = env.dir.path().join("ci.key");
    env.run(&["access", "add", "ci", "--machine", "--key-file", key.to_str().unwrap()]).success();
    let json = env
        .run_with(&["status", "--json"], |cmd| {
            cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", &key);
        })
        .success()
        .json();
    assert_eq!((json["member"].as_str(), json["unlock"]["method"].as_str()), (Some("ci"), Some("identity")));
    assert_eq!(json["unlock"]["source"], key.to_str().unwrap());
    assert_eq!(json["members"], serde_json::json!(["owner", "ci"]));
}
