//! What scripts rely on: sessions, apply, verify, --if-not-exists, the config file, the editor.

use crate::util::{TestEnv, assert_unchanged, stats, with_session};

fn unlock(env: &TestEnv, ttl: &str) -> String {
    env.run(&["unlock", "-q", "--ttl", ttl]).success().stdout.trim().to_owned()
}

fn unlock_prints_an_export_line_and_a_session_opens_the_store() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let run = env.run(&["unlock"]).success();
    let token = run.stdout.trim().strip_prefix("export REVVY_APPS_SESSION=").expect("export line").to_owned();
    assert!(token.starts_with("rvsess_"));
    assert!(run.stderr.contains("Session open until"));
    let shown = env.run_with(&["show", "x", "--json"], with_session(&token)).success().json();
    assert_eq!(shown["name"], "x");
    let json = env.run(&["unlock", "--json"]).success().json();
    assert!(json["session"].as_str().unwrap().starts_with("rvsess_"));
    assert!(json["expires_at"].as_str().unwrap().ends_with('Z'));
}

fn a_session_derives_no_key_and_show_opens_one_record() {
    let env = TestEnv::new();
    for name in ["a", "b", "c", "d"] {
        env.create(name, &[]);
    }
    let token = unlock(&env, "5m");
    let counted = |args: &[&str], session: bool| {
        env.run_with(args, |cmd| {
            cmd.env("REVVY_APPS_DEBUG_STATS", "1");
            if session {
                with_session(&token)(cmd);
            }
        })
        .success()
    };
    assert_eq!(stats(&counted(&["show", "c"], false)).0, 1, "a passphrase derives once");
    let (derivations, statements, opened) = stats(&counted(&["show", "c"], true));
    assert_eq!((derivations, opened), (0, 1), "a session derives nothing; show opens one row");
    // Format version, schema counter, schema pin, header, session, audit head, the row, and
    // its latest audited change (one indexed read): a ninth statement on the read path is a
    // regression worth a look. On PostgreSQL, where each statement is a round trip, the same
    // reads go in two (format, header, session and head; the row and its latest change), and
    // a read skips the pin (checked in every write and by `check`; a read's rows are sealed
    // anyway).
    assert_eq!(statements, if crate::util::on_postgres() { 2 } else { 8 }, "SQL statements of a show");
    let create = counted(&["create", "--name", "e"], true);
    assert_eq!(stats(&create).0, 0);
    if crate::util::on_postgres() {
        // A create with a session: the open with the write lock and what the write reads
        // under it (the id the row gets among it); the sealed row, its audit event and the
        // head together; COMMIT. Each a round trip to the server.
        assert_eq!(crate::util::counter(&create, "round_trips"), 3, "round trips of a create");
    }
    assert_eq!(stats(&counted(&["list"], true)).2, 5, "list opens every row once");
}

fn an_expired_session_exits_5() {
    let env = TestEnv::new();
    let token = unlock(&env, "1s");
    std::thread::sleep(std::time::Duration::from_millis(2100));
    env.run_with(&["list"], with_session(&token)).fails(5, "the session expired at");
}

fn altered_unknown_and_malformed_tokens_exit_5_and_say_which() {
    let env = TestEnv::new();
    let token = unlock(&env, "5m");
    let mut altered = token.clone();
    let last = altered.pop().unwrap();
    altered.push(if last == '0' { '1' } else { '0' });
    env.run_with(&["list"], with_session(&altered)).fails(5, "altered");
    let mut unknown = token.clone();
    unknown.replace_range(7..9, if &token[7..9] == "00" { "11" } else { "00" });
    env.run_with(&["list"], with_session(&unknown)).fails(5, "unknown");
    env.run_with(&["list"], with_session("rvsess_nothex")).fails(5, "does not hold a session token");
    // A tampered expiry in the store is caught: it is bound into the wrap.
    env.sql("UPDATE sessions SET expires_at = expires_at + 3600");
    env.run_with(&["list"], with_session(&token)).fails(5, "altered");
}

fn two_sessions_at_once_and_lock_ends_one_or_all() {
    let env = TestEnv::new();
    let first = unlock(&env, "5m");
    let second = unlock(&env, "5m");
    let third = unlock(&env, "5m");
    env.run_with(&["list"], with_session(&first)).success();
    env.run_with(&["list"], with_session(&second)).success();
    env.run_with(&["lock"], with_session(&first)).success();
    env.run_with(&["list"], with_session(&first)).fails(5, "unknown or was ended");
    env.run_with(&["list"], with_session(&second)).success();
    env.run(&["lock"]).fails(2, "--all");
    env.run(&["lock", "--all"]).success();
    env.run_with(&["list"], with_session(&second)).fails(5, "unknown or was ended");
    env.run_with(&["list"], with_session(&third)).fails(5, "unknown or was ended");
}

fn unlock_needs_the_passphrase_and_a_sane_ttl() {
    let env = TestEnv::new();
    let token = unlock(&env, "5m");
    env.run_with(&["unlock"], with_session(&token)).fails(5, "locked");
    env.run(&["unlock", "--ttl", "25h"]).fails(2, "out of range");
    env.run(&["unlock", "--ttl", "forever"]).fails(2, "not a duration");
    env.run_with(&["unlock"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "wrong");
    })
    .fails(5, "does not open");
}

fn the_session_token_never_reaches_the_file() {
    if crate::util::on_postgres() {
        return; // About the file and its WAL; the server's side is the pg_dump test.
    }
    let env = TestEnv::new();
    let holder = env.sqlite();
    holder.query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0)).unwrap();
    let token = unlock(&env, "5m");
    let key_hex = &token[7 + 32..];
    let key: Vec<u8> =
        (0..key_hex.len()).step_by(2).map(|i| u8::from_str_radix(&key_hex[i..i + 2], 16).unwrap()).collect();
    for (name, bytes) in env.files() {
        assert!(!crate::util::contains_bytes(&bytes, &key), "the session key is in {name}");
        assert!(!crate::util::contains_bytes(&bytes, key_hex.as_bytes()), "the session key is in {name}");
    }
    drop(holder);
}

fn create_if_not_exists_returns_the_existing_app_unchanged() {
    let env = TestEnv::new();
    let app = env.create("x", &["--scope", "read"]);
    let (files, content) = (env.files(), env.everything());
    let run = env.run(&["create", "--name", "X", "--scope", "other", "--if-not-exists", "--json"]).success();
    assert_eq!(run.json()["client_id"], app["client_id"]);
    assert_eq!(run.json()["scopes"], serde_json::json!(["read"]));
    assert!(run.stderr.contains("already exists"));
    assert_unchanged(&env, &files, &content);
    env.run(&["create", "--name", "x"]).fails(4, "--if-not-exists");
    let fresh = env.run(&["create", "--name", "y", "--if-not-exists", "--json"]).success().json();
    assert_eq!(fresh["name"], "y");
}

fn verify_reads_stdin_and_answers_with_the_exit_code() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let secret = app["client_secret"].as_str().unwrap();
    env.run_stdin(&["verify", "x"], &format!("{secret}\n")).success();
    env.run_stdin(&["verify", app["client_id"].as_str().unwrap()], secret).success();
    let json = env.run_stdin(&["verify", "x", "--json"], &format!("{secret}\r\n")).success().json();
    assert_eq!(json["valid"], true);
    assert_eq!(json["matched"], "current");
    let wrong = env.run_stdin(&["verify", "x"], "rvs_wrong\n").fails(5, "does not match");
    assert!(!wrong.stderr.contains("rvs_wrong"), "the candidate is not echoed");
    env.run_stdin(&["verify", "x"], "").fails(2, "no secret on stdin");
    env.run(&["disable", "x"]).success();
    env.run_stdin(&["verify", "x"], secret).fails(5, "disabled");
    env.run(&["enable", "x"]).success();
    env.run(&["regenerate", "x", "--yes"]).success();
    env.run_stdin(&["verify", "x"], secret).fails(5, "does not match");
}

fn verify_refuses_a_secret_on_argv_without_repeating_it() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let secret = app["client_secret"].as_str().unwrap();
    let (files, content) = (env.files(), env.everything());
    let run = env.run(&["verify", "x", secret]).fails(2, "never from the command line");
    assert!(!run.stderr.contains(secret) && !run.stdout.contains(secret));
    let run = env.run(&["verify", "x", "--secret", secret]).fails(2, "never from the command line");
    assert!(!run.stderr.contains(secret));
    assert_unchanged(&env, &files, &content);
}

const MANIFEST: &str = r#"
[[application]]
name = "billing-sync"
scopes = ["invoices:read"]
access_token_lifetime = "15m"

[[application]]
name = "portal"
grant_types = ["code", "refresh"]
callback_urls = ["https://portal.example.com/cb"]
refresh_token_lifetime = "7d"
status = "disabled"
"#;

fn write_manifest(env: &TestEnv, text: &str) -> String {
    let path = env.dir.path().join("apps.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn plan_actions(plan: &serde_json::Value) -> Vec<(String, String)> {
    plan.as_array()
        .unwrap()
        .iter()
        .map(|s| (s["action"].as_str().unwrap().to_owned(), s["name"].as_str().unwrap().to_owned()))
        .collect()
}

fn apply_creates_then_a_second_run_changes_nothing() {
    let env = TestEnv::new();
    let path = write_manifest(&env, MANIFEST);
    let first = env.run(&["apply", "-f", &path, "--json"]).success().json();
    assert_eq!(plan_actions(&first), [("create".into(), "billing-sync".into()), ("create".into(), "portal".into())]);
    for step in first.as_array().unwrap() {
        assert_eq!(
            step.as_object().unwrap().keys().cloned().collect::<Vec<_>>(),
            ["action", "application", "changes", "name"]
        );
        assert!(step["application"].get("client_secret").is_none(), "no secret without --reveal");
    }
    let portal = env.run(&["show", "portal", "--json"]).success().json();
    assert_eq!(portal["status"], "disabled");
    assert_eq!(portal["refresh_token_lifetime"], 604_800);
    let billing = env.run(&["show", "billing-sync", "--json"]).success().json();
    assert_eq!(billing["access_token_lifetime"], 900);

    let (files, content) = (env.files(), env.everything());
    let second = env.run(&["apply", "-f", &path, "--json"]).success().json();
    assert!(second.as_array().unwrap().iter().all(|s| s["action"] == "unchanged"));
    assert_unchanged(&env, &files, &content);
    let table = env.run(&["apply", "-f", &path]).success().stdout;
    assert!(table.contains("0 created, 0 updated, 2 unchanged, 0 deleted"), "{table}");
}

fn apply_updates_only_what_differs_and_records_it() {
    let env = TestEnv::new();
    env.create("billing-sync", &["--tenant", "acme", "--scope", "old"]);
    let path = write_manifest(&env, MANIFEST);
    let plan = env.run(&["apply", "-f", &path, "--json"]).success().json();
    assert_eq!(plan[0]["action"], "update");
    let fields: Vec<_> = plan[0]["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["access_token_lifetime", "scopes"]);
    let app = env.run(&["show", "billing-sync", "--json"]).success().json();
    assert_eq!(app["tenant"], "acme", "keys the manifest leaves out are left alone");
    let log = env.run(&["log", "billing-sync", "--json"]).success().json();
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!((last["action"].as_str(), last["via"].as_str()), (Some("edit"), Some("apply")));
}

fn apply_dry_run_changes_nothing() {
    let env = TestEnv::new();
    let path = write_manifest(&env, MANIFEST);
    let (files, content) = (env.files(), env.everything());
    let plan = env.run(&["apply", "-f", &path, "--dry-run", "--json"]).success().json();
    assert_eq!(plan_actions(&plan).len(), 2);
    assert!(plan[0]["application"].is_null(), "a dry run issues no credentials");
    let table = env.run(&["apply", "-f", &path, "--dry-run"]).success().stdout;
    assert!(table.contains("dry run: nothing was changed"));
    assert_unchanged(&env, &files, &content);
}

fn apply_reveals_new_secrets_only_when_asked() {
    let env = TestEnv::new();
    let path = write_manifest(&env, MANIFEST);
    let plan = env.run(&["apply", "-f", &path, "--json", "--reveal"]).success().json();
    let secret = plan[0]["application"]["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(
        env.run(&["show", "billing-sync", "--json", "--reveal"]).success().json()["client_secret"],
        secret.as_str()
    );
    env.run_stdin(&["verify", "billing-sync"], &secret).success();
}

fn apply_prune_needs_yes_and_deletes_the_rest() {
    let env = TestEnv::new();
    env.create("leftover", &[]);
    let path = write_manifest(&env, MANIFEST);
    let (files, content) = (env.files(), env.everything());
    env.run(&["apply", "-f", &path, "--prune"]).fails(2, "--yes");
    assert_unchanged(&env, &files, &content);
    let dry = env.run(&["apply", "-f", &path, "--prune", "--dry-run", "--json"]).success().json();
    assert!(plan_actions(&dry).contains(&("delete".into(), "leftover".into())));
    env.run(&["apply", "-f", &path, "--prune", "--yes"]).success();
    env.run(&["show", "leftover"]).fails(3, "no application");
}

fn apply_is_all_or_nothing() {
    let env = TestEnv::new();
    env.create("existing", &[]);
    let bad_at_end = format!("{MANIFEST}\n[[application]]\nname = \"broken\"\ngrant_types = [\"code\"]\n");
    let path = write_manifest(&env, &bad_at_end);
    let (files, content) = (env.files(), env.everything());
    env.run(&["apply", "-f", &path])
        .fails(2, "apps.toml:14: the authorization_code grant needs at least one callback URL");
    assert_unchanged(&env, &files, &content);
    let bad_value = format!("{MANIFEST}\n[[application]]\nname = \"broken\"\nscopes = [\"a b\", \"bad\\\\scope\"]\n");
    let path = write_manifest(&env, &bad_value);
    env.run(&["apply", "-f", &path]).fails(2, "apps.toml:16:10:");
    assert_unchanged(&env, &files, &content);
}

fn apply_refuses_unknown_keys_and_credentials_with_their_place() {
    let env = TestEnv::new();
    let (files, content) = (env.files(), env.everything());
    for (text, needle) in [
        ("[[application]]\nname = \"a\"\ncolor = \"red\"\n", "apps.toml:3:1: unknown field `color`"),
        ("[[application]]\nname = \"a\"\nclient_secret = \"rvs_x\"\n", "apps.toml:3:17: client_secret may not be set"),
        ("[[application]]\nname = \"a\"\nclient_id = \"rva_x\"\n", "client_id may not be set"),
        (
            "[[application]]\nname = \"a\"\n[[application]]\nname = \"A\"\n",
            "apps.toml:4:8: the application \"A\" is named twice",
        ),
        ("[[application]]\nname = \"a\"\ngrant_types = [\"implicit\"]\n", "RFC 9700"),
        ("this is not toml", "apps.toml:1:"),
    ] {
        let path = write_manifest(&env, text);
        let run = env.run(&["apply", "-f", &path]).fails(2, needle);
        assert!(!run.stderr.contains("rvs_x"));
    }
    env.run(&["apply", "-f", "/nonexistent/apps.toml"]).fails(2, "cannot read the manifest");
    assert_unchanged(&env, &files, &content);
}

fn apply_reads_stdin() {
    let env = TestEnv::new();
    let plan = env.run_stdin(&["apply", "-f", "-", "--json"], MANIFEST).success().json();
    assert_eq!(plan_actions(&plan).len(), 2);
}

fn the_config_file_sets_defaults_below_flags_and_environment() {
    let env = TestEnv::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "output = \"json\"\ntenant = \"acme\"\naccess_token_lifetime = \"30m\"\n").unwrap();
    let cfg = config.to_str().unwrap();
    let app = env.run(&["--config", cfg, "create", "--name", "x"]).success().json();
    assert_eq!((app["tenant"].as_str(), app["access_token_lifetime"].as_u64()), (Some("acme"), Some(1800)));
    let flagged = env.run(&["--config", cfg, "create", "--name", "y", "--tenant", "beta", "-o", "table"]).success();
    assert!(flagged.stdout.contains("beta") && !flagged.stdout.trim_start().starts_with('{'));
    // REVVY_APPS_CONFIG, and the default place under XDG_CONFIG_HOME.
    env.run_with(&["show", "x"], |cmd| {
        cmd.env("REVVY_APPS_CONFIG", &config);
    })
    .success()
    .json();
    let default_place = env.home().join(".config/revvy-apps");
    std::fs::create_dir_all(&default_place).unwrap();
    std::fs::write(default_place.join("config.toml"), "output = \"json\"\n").unwrap();
    env.run(&["show", "x"]).success().json();
    // The store path: flag/environment first, then the config.
    let other = env.dir.path().join("other/store.db");
    std::fs::write(default_place.join("config.toml"), format!("store = {:?}\n", other.to_str().unwrap())).unwrap();
    env.run(&["show", "x"]).success();
    env.run_with(&["list"], |cmd| {
        cmd.env_remove("REVVY_APPS_STORE");
    })
    .fails(3, other.to_str().unwrap());
}

fn a_bad_config_names_file_line_and_column() {
    let env = TestEnv::new();
    let config = env.dir.path().join("config.toml");
    let cfg = config.to_str().unwrap();
    std::fs::write(&config, "tenant = \"acme\"\ncolour = \"blue\"\n").unwrap();
    env.run(&["--config", cfg, "list"]).fails(2, &format!("{cfg}:2:1: unknown field `colour`"));
    std::fs::write(&config, "tenant = \"acme\"\naccess_token_lifetime = \"9d\"\n").unwrap();
    env.run(&["--config", cfg, "list"]).fails(2, &format!("{cfg}:2:25: the access token lifetime"));
    let json = env.run(&["--config", cfg, "list", "--json"]).fails(2, "invalid_input");
    assert_eq!(json.error_json()["error"]["exit_code"], 2);
    env.run(&["--config", "/nonexistent.toml", "list"]).fails(2, "cannot read the config file");
}

fn edit_with_an_editor_changes_validates_and_cleans_up() {
    let env = TestEnv::new();
    env.create("x", &["--scope", "read"]);
    let runtime = env.dir.path().join("runtime");
    std::fs::create_dir_all(&runtime).unwrap();
    let seen_mode = env.dir.path().join("mode");
    let editor = format!(
        "stat -c %a \"$1\" > {} && sed -i 's/^tenant = .*/tenant = \"acme\"/; s/^scopes = .*/scopes = [\"read\", \"write\"]/'",
        seen_mode.display()
    );
    let edited = env
        .run_with(&["edit", "x", "--editor", "--json"], |cmd| {
            cmd.env("EDITOR", &editor);
        })
        .success()
        .json();
    assert_eq!(edited["tenant"], "acme");
    assert_eq!(edited["scopes"], serde_json::json!(["read", "write"]));
    assert_eq!(std::fs::read_to_string(&seen_mode).unwrap().trim(), "600", "the buffer is private");
    assert_eq!(std::fs::read_dir(&runtime).unwrap().count(), 0, "the buffer is removed");

    let (files, content) = (env.files(), env.everything());
    let unchanged = env.run_with(&["edit", "x", "--editor"], |cmd| {
        cmd.env("EDITOR", "true");
    });
    assert!(unchanged.success().stderr.contains("Nothing changed"));
    env.run_with(&["edit", "x", "--editor"], |cmd| {
        cmd.env("EDITOR", "sed -i 's/^grant_types = .*/grant_types = [\"implicit\"]/'");
    })
    .fails(2, "RFC 9700");
    env.run_with(&["edit", "x", "--editor"], |cmd| {
        cmd.env("EDITOR", "sed -i 's/^name = .*/name = /'");
    })
    .fails(2, "line 5");
    env.run_with(&["edit", "x", "--editor"], |cmd| {
        cmd.env("EDITOR", "false");
    })
    .fails(2, "exited");
    env.run(&["edit", "x", "--editor", "--scope", "a"]).fails(2, "does not go with");
    assert_unchanged(&env, &files, &content);
}

crate::util::on_both_backends!(
    unlock_prints_an_export_line_and_a_session_opens_the_store,
    a_session_derives_no_key_and_show_opens_one_record,
    an_expired_session_exits_5,
    altered_unknown_and_malformed_tokens_exit_5_and_say_which,
    two_sessions_at_once_and_lock_ends_one_or_all,
    unlock_needs_the_passphrase_and_a_sane_ttl,
    the_session_token_never_reaches_the_file,
    create_if_not_exists_returns_the_existing_app_unchanged,
    verify_reads_stdin_and_answers_with_the_exit_code,
    verify_refuses_a_secret_on_argv_without_repeating_it,
    apply_creates_then_a_second_run_changes_nothing,
    apply_updates_only_what_differs_and_records_it,
    apply_dry_run_changes_nothing,
    apply_reveals_new_secrets_only_when_asked,
    apply_prune_needs_yes_and_deletes_the_rest,
    apply_is_all_or_nothing,
    apply_refuses_unknown_keys_and_credentials_with_their_place,
    apply_reads_stdin,
    the_config_file_sets_defaults_below_flags_and_environment,
    a_bad_config_names_file_line_and_column,
    edit_with_an_editor_changes_validates_and_cleans_up,
);
