//! Secret lifetime, the rotation policy and last use, with the clock set by the test:
//! `REVVY_APPS_TEST_NOW`, which the debug binary the tests run honours and a release build
//! ignores.

use std::process::Command;

use crate::util::TestEnv;

const T0: &str = "2026-01-01T00:00:00Z";

fn at(time: &str) -> impl FnOnce(&mut Command) + '_ {
    move |cmd| {
        cmd.env("REVVY_APPS_TEST_NOW", time);
    }
}

fn secret(app: &serde_json::Value) -> String {
    format!("{}\n", app["client_secret"].as_str().unwrap())
}

/// An application created at T0 with a one-day secret.
fn one_day_app(env: &TestEnv) -> serde_json::Value {
    env.run_with(&["create", "--name", "daily", "--secret-lifetime", "1d", "--json", "--reveal"], at(T0))
        .success()
        .json()
}

fn a_secret_expires_exactly_at_the_end_of_its_lifetime_and_regenerating_starts_a_new_one() {
    let env = TestEnv::new();
    let app = one_day_app(&env);
    assert_eq!(app["secret_lifetime"], 86_400);
    assert_eq!(app["secret_expires_at"], "2026-01-02T00:00:00Z");
    let shown = env.run_with(&["show", "daily"], at(T0)).success().stdout;
    assert!(shown.contains("Secret Lifetime             1d (86400s)"), "{shown}");
    assert!(shown.contains("Secret Expires At           2026-01-02 00:00 (in 1d)"), "{shown}");

    env.run_stdin_with(&["verify", "daily"], &secret(&app), at("2026-01-01T23:59:59Z")).success();
    let files = env.files();
    let err = env.run_stdin_with(&["verify", "daily", "--json"], &secret(&app), at("2026-01-02T00:00:00Z"));
    let err = err.fails(5, "expired at 2026-01-02T00:00:00Z").error_json();
    assert_eq!(err["error"]["code"], "verification_failed");
    assert!(env.files() == files, "a refused verify writes nothing");
    // A wrong secret says it does not match, not that the right one expired.
    env.run_stdin_with(&["verify", "daily"], "rvs_wrong\n", at("2026-01-03T00:00:00Z")).fails(5, "does not match");

    let renewed = env
        .run_with(&["regenerate", "daily", "--yes", "--json", "--reveal"], at("2026-01-05T12:00:00Z"))
        .success()
        .json();
    assert_eq!(renewed["secret_expires_at"], "2026-01-06T12:00:00Z");
    env.run_stdin_with(&["verify", "daily"], &secret(&renewed), at("2026-01-06T11:00:00Z")).success();
    // A new lifetime on regenerate, and none.
    let longer = env
        .run_with(&["regenerate", "daily", "--yes", "--secret-lifetime", "90d", "--json"], at("2026-01-07T00:00:00Z"))
        .success()
        .json();
    assert_eq!(
        (longer["secret_lifetime"].as_u64(), longer["secret_expires_at"].as_str()),
        (Some(7_776_000), Some("2026-04-07T00:00:00Z"))
    );
    let edited = env.run(&["edit", "daily", "--secret-lifetime", "none", "--json"]).success().json();
    assert_eq!((edited["secret_lifetime"].is_null(), edited["secret_expires_at"].is_null()), (true, true));
}

fn verify_records_use_at_most_once_an_hour_and_the_previous_secrets_use_during_grace() {
    let env = TestEnv::new();
    let app = env.run_with(&["create", "--name", "svc", "--json", "--reveal"], at(T0)).success().json();
    let last_used = |time: &str| {
        let shown = env.run_with(&["show", "svc", "--json"], at(time)).success().json();
        (
            shown["last_used_at"].as_str().map(str::to_owned),
            shown["previous_secret_last_used_at"].as_str().map(str::to_owned),
        )
    };
    assert_eq!(last_used("2026-01-01T09:00:00Z"), (None, None));

    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T10:00:00Z")).success();
    assert_eq!(last_used("2026-01-01T10:00:00Z").0.as_deref(), Some("2026-01-01T10:00:00Z"));
    // Within the hour the store's bytes do not change: verify stays a read.
    let files = env.files();
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T10:59:59Z")).success();
    assert!(env.files() == files, "a second verify within the hour writes nothing");
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T11:00:00Z")).success();
    assert!(env.files() != files);
    assert_eq!(last_used("2026-01-01T11:00:00Z").0.as_deref(), Some("2026-01-01T11:00:00Z"));

    // Rotating with a grace period: the old secret's use is seen until the grace ends.
    let rotated = env
        .run_with(&["regenerate", "svc", "--grace", "2h", "--yes", "--json", "--reveal"], at("2026-01-01T12:00:00Z"))
        .success()
        .json();
    assert_eq!(
        last_used("2026-01-01T12:00:00Z"),
        (Some("2026-01-01T11:00:00Z".into()), Some("2026-01-01T11:00:00Z".into()))
    );
    let verified =
        env.run_stdin_with(&["verify", "svc", "--json"], &secret(&app), at("2026-01-01T13:30:00Z")).success();
    assert_eq!(verified.json()["matched"], "previous");
    assert_eq!(
        last_used("2026-01-01T13:30:00Z"),
        (Some("2026-01-01T13:30:00Z".into()), Some("2026-01-01T13:30:00Z".into()))
    );
    let wide = env.run_with(&["list", "--wide"], at("2026-01-01T13:30:00Z")).success().stdout;
    assert!(wide.contains("Old Secret Used") && wide.contains("now"), "{wide}");
    env.run_stdin_with(&["verify", "svc"], &secret(&rotated), at("2026-01-01T13:45:00Z")).success();
    assert_eq!(
        last_used("2026-01-01T13:45:00Z"),
        (Some("2026-01-01T13:45:00Z".into()), Some("2026-01-01T13:30:00Z".into()))
    );
    // The grace period ends exactly on time, and its use is no longer shown.
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T14:00:00Z")).fails(5, "does not match");
    assert_eq!(last_used("2026-01-01T14:00:00Z").1, None);
    env.run(&["check"]).success();
}

fn list_finds_what_expires_and_what_nobody_uses() {
    let env = TestEnv::new();
    let names = |args: &[&str], time: &str| -> Vec<String> {
        let listed = env.run_with(args, at(time)).success().json();
        listed.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect()
    };
    env.run_with(&["create", "--name", "short", "--secret-lifetime", "10d", "-q"], at(T0)).success();
    env.run_with(&["create", "--name", "long", "--secret-lifetime", "365d", "-q"], at(T0)).success();
    env.run_with(&["create", "--name", "forever", "-q"], at(T0)).success();
    let used = env.run_with(&["create", "--name", "used", "--json", "--reveal"], at(T0)).success().json();
    env.run_with(&["create", "--name", "newcomer", "-q"], at("2026-03-01T00:00:00Z")).success();
    env.run_stdin_with(&["verify", "used"], &secret(&used), at("2026-02-20T00:00:00Z")).success();

    assert_eq!(names(&["list", "--expiring", "30d", "--json"], T0), ["short"]);
    assert_eq!(names(&["list", "--expiring", "10d", "--json"], T0), ["short"], "expiring exactly at the limit counts");
    assert_eq!(names(&["list", "--expiring", "9d", "--json"], T0), Vec::<String>::new());
    assert_eq!(
        names(&["list", "--expiring", "1d", "--json"], "2027-06-01T00:00:00Z"),
        ["short", "long"],
        "expired counts"
    );
    // Unused for 30 days at 2026-03-10: never used and older than that, or last used before.
    assert_eq!(
        names(&["list", "--unused-since", "30d", "--json"], "2026-03-10T00:00:00Z"),
        ["short", "long", "forever"]
    );
    assert_eq!(
        names(&["list", "--unused-since", "10d", "--json"], "2026-03-10T00:00:00Z"),
        ["short", "long", "forever", "used"]
    );
    env.run(&["list", "--expiring", "soon"]).fails(2, "is not a duration");
}

fn check_expiring_exits_8_with_the_list_after_the_integrity_checks() {
    let env = TestEnv::new();
    env.run_with(&["create", "--name", "due", "--secret-lifetime", "7d", "-q"], at(T0)).success();
    env.run_with(&["create", "--name", "due-but-disabled", "--secret-lifetime", "1d", "-q"], at(T0)).success();
    env.run(&["disable", "due-but-disabled"]).success();
    env.run_with(&["create", "--name", "fine", "--secret-lifetime", "700d", "-q"], at(T0)).success();

    let clean = env.run_with(&["check", "--expiring", "6d", "--json"], at(T0)).success();
    assert_eq!(clean.json()["expiring"], serde_json::json!([]));
    let due = env.run_with(&["check", "--expiring", "30d", "--json"], at(T0));
    assert_eq!(due.code, 8, "{}", due.stderr);
    assert_eq!(due.stderr, "", "the JSON object on stdout says it all: no error envelope");
    let report = due.json();
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["expiring"],
        serde_json::json!([{"name": "due", "client_id": report["expiring"][0]["client_id"], "secret_expires_at": "2026-01-08T00:00:00Z"}])
    );
    let table = env.run_with(&["check", "--expiring", "30d"], at(T0));
    assert_eq!(table.code, 8);
    assert!(
        table.stdout.contains("due") && table.stderr.contains("1 active application(s)"),
        "{}{}",
        table.stdout,
        table.stderr
    );
    // Without --expiring, expiry is no failure.
    env.run_with(&["check"], at("2027-01-01T00:00:00Z")).success();

    // Integrity comes first: a damaged store exits 7 even with secrets due.
    env.sql("DELETE FROM applications WHERE id = 3");
    env.run_with(&["check", "--expiring", "30d"], at(T0)).fails(7, "audit head counts");
}

fn the_policy_refuses_longer_lifetimes_and_none_and_says_where_it_is_set() {
    let env = TestEnv::new();
    env.create("legacy", &[]);
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "tenant = \"acme\"\nmax_secret_lifetime = \"90d\"\n").unwrap();
    let with_policy = |cmd: &mut Command| {
        cmd.env("REVVY_APPS_CONFIG", &config);
    };
    let files = env.files();
    let content = env.everything();
    let manifest = env.dir.path().join("apps.toml");
    std::fs::write(
        &manifest,
        "[[application]]\nname = \"legacy\"\n\n[[application]]\nname = \"m\"\nsecret_lifetime = \"100d\"\n",
    )
    .unwrap();
    let where_set = format!("set in {}:2", config.display());
    for (args, phrase) in [
        (
            vec!["create", "--name", "a"],
            "a secret without a lifetime is refused by the policy max_secret_lifetime = 90d",
        ),
        (vec!["create", "--name", "a", "--secret-lifetime", "91d"], "longer than the policy max_secret_lifetime = 90d"),
        (vec!["create", "--name", "a", "--secret-lifetime", "none"], "without a lifetime"),
        (vec!["edit", "legacy", "--secret-lifetime", "100d"], "longer than the policy"),
        (vec!["regenerate", "legacy", "--yes"], "without a lifetime"),
        (vec!["regenerate", "legacy", "--yes", "--secret-lifetime", "365d"], "longer than the policy"),
        (vec!["apply", "-f", manifest.to_str().unwrap()], "longer than the policy"),
    ] {
        let run = env.run_with(&args, with_policy).fails(2, phrase);
        assert!(run.stderr.contains(&where_set), "`{}` names where the policy is set: {}", args.join(" "), run.stderr);
        assert!(env.files() == files, "`{}` changed the store", args.join(" "));
    }
    assert_eq!(env.everything(), content);
    // An edit that leaves the lifetime alone is not refused for it.
    env.run_with(&["edit", "legacy", "--add-scope", "read", "-q"], with_policy).success();
    env.run_with(&["create", "--name", "ok", "--secret-lifetime", "90d", "-q"], with_policy).success();
    env.run_with(&["regenerate", "legacy", "--yes", "--secret-lifetime", "30d", "-q"], with_policy).success();
    // The config's own default must meet its policy.
    std::fs::write(&config, "max_secret_lifetime = \"30d\"\nsecret_lifetime = \"60d\"\n").unwrap();
    env.run_with(&["list"], with_policy).fails(2, "config.toml:2");
    std::fs::write(&config, "max_secret_lifetime = \"30d\"\nsecret_lifetime = \"30d\"\n").unwrap();
    let made = env.run_with(&["create", "--name", "defaulted", "--json"], with_policy).success().json();
    assert_eq!(made["secret_lifetime"], 30 * 86_400);
}

fn lifetimes_out_of_range_are_refused() {
    let env = TestEnv::new();
    let files = env.files();
    for (value, phrase) in
        [("0", "out of range"), ("23h", "out of range"), ("731d", "out of range"), ("soon", "is not a duration")]
    {
        env.run(&["create", "--name", "x", "--secret-lifetime", value]).fails(2, phrase);
    }
    assert!(env.files() == files);
}

fn an_altered_usage_record_names_its_row() {
    if crate::util::on_postgres() {
        return; // Bytes altered through SQLite; the server's rows are sealed the same way.
    }
    let env = TestEnv::new();
    let app = env.create("svc", &[]);
    env.create("other", &[]);
    env.run_stdin_with(&["verify", "svc"], &secret(&app), |_| {}).success();
    let conn = env.sqlite();
    let sealed: Vec<u8> = conn.query_row("SELECT sealed FROM app_usage", [], |r| r.get(0)).unwrap();
    let mut altered = sealed.clone();
    altered[sealed.len() / 2] ^= 0x10;
    conn.execute("UPDATE app_usage SET sealed = ?1", [altered]).unwrap();
    env.run(&["show", "svc"]).fails(7, "the usage record of the application in row 1 failed authentication");
    env.run(&["show", "other"]).success();
    env.run(&["check"]).fails(7, "usage record");
    // Moved to another application's row, it fails too: it is bound to its row.
    conn.execute("UPDATE app_usage SET sealed = ?1, app_id = 2", [sealed]).unwrap();
    env.run(&["show", "other"]).fails(7, "row 2");
}

fn a_grace_period_never_outlives_the_old_secret_itself() {
    let env = TestEnv::new();
    let old = one_day_app(&env);
    // Twenty hours into a one-day secret, a week of grace is asked for: the old secret keeps
    // working for the four hours it had left, and no longer.
    let rotated = env
        .run_with(&["regenerate", "daily", "--grace", "7d", "--yes", "--json", "--reveal"], at("2026-01-01T20:00:00Z"))
        .success()
        .json();
    assert_eq!(rotated["previous_secret_expires_at"], "2026-01-02T00:00:00Z");
    env.run_stdin_with(&["verify", "daily"], &secret(&old), at("2026-01-01T23:59:59Z")).success();
    env.run_stdin_with(&["verify", "daily"], &secret(&old), at("2026-01-02T00:00:00Z")).fails(5, "");
    env.run_stdin_with(&["verify", "daily"], &secret(&rotated), at("2026-01-02T19:59:59Z")).success();
    // A grace asked for after the old secret expired gives it no life at all.
    let again = env
        .run_with(&["regenerate", "daily", "--grace", "1h", "--yes", "--json", "--reveal"], at("2026-01-05T00:00:00Z"))
        .success()
        .json();
    assert!(again["previous_secret_expires_at"].is_null(), "{again}");
    env.run_stdin_with(&["verify", "daily"], &secret(&rotated), at("2026-01-05T00:00:01Z")).fails(5, "");
}

/// The usage record of row `id` as stored (hex), through SQLite or the server.
fn usage_record(env: &TestEnv, id: i64) -> Option<String> {
    match &env.cluster {
        Some(cluster) => {
            let out =
                cluster.psql(&format!("SELECT encode(usage, 'hex') FROM revvy_apps.applications WHERE id = {id}"));
            Some(out.trim().to_owned()).filter(|hex| !hex.is_empty())
        }
        None => env.sqlite().query_row("SELECT hex(sealed) FROM app_usage WHERE app_id = ?1", [id], |r| r.get(0)).ok(),
    }
}

/// Puts `hex` back as the usage record of row `id`, or erases it, as a writer without keys can.
fn put_usage_record(env: &TestEnv, id: i64, hex: Option<&str>) {
    let sql = match (&env.cluster, hex) {
        (Some(_), Some(hex)) => format!("UPDATE applications SET usage = decode('{hex}', 'hex') WHERE id = {id}"),
        (Some(_), None) => format!("UPDATE applications SET usage = NULL WHERE id = {id}"),
        (None, Some(hex)) => format!("INSERT OR REPLACE INTO app_usage (app_id, sealed) VALUES ({id}, x'{hex}')"),
        (None, None) => format!("DELETE FROM app_usage WHERE app_id = {id}"),
    };
    env.sql(&sql);
}

fn an_erased_or_older_last_use_record_is_found_by_check_on_any_machine() {
    let env = TestEnv::new();
    let app = env.create("svc", &[]);
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T10:00:00Z")).success();
    let older = usage_record(&env, 1).expect("verify wrote a usage record");
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T12:00:00Z")).success();
    let current = usage_record(&env, 1).unwrap();
    assert_ne!(older, current);
    env.run(&["check"]).success();
    // A machine that never saw the store: its own state folder, nothing remembered.
    let elsewhere = env.dir.path().join("another-machine");
    let on_another_machine = |cmd: &mut Command| {
        cmd.env("XDG_STATE_HOME", &elsewhere);
    };
    for (what, planted) in [("an older record put back", Some(older.as_str())), ("the record erased", None)] {
        put_usage_record(&env, 1, planted);
        for run in [env.run(&["check"]), env.run_with(&["check"], on_another_machine)] {
            assert_eq!(run.code, 7, "{what}\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
            assert!(run.stderr.contains("last-use records"), "{what}: {}", run.stderr);
        }
        put_usage_record(&env, 1, Some(&current));
        env.run(&["check"]).success();
    }
    // Deleting the application takes its record out of the digest with it.
    env.create("other", &[]);
    env.run(&["delete", "svc", "--yes", "-q"]).success();
    env.run(&["check"]).success();
}

fn a_rekey_and_a_copy_keep_the_last_use_records_whole() {
    let env = TestEnv::new();
    let app = env.create("svc", &[]);
    env.create("other", &[]);
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T10:00:00Z")).success();
    env.run(&["rekey", "--yes", "-q"]).success();
    env.run(&["check"]).success();
    let shown = env.run(&["show", "svc", "--json"]).success().json();
    assert_eq!(shown["last_used_at"], "2026-01-01T10:00:00Z");
    if env.cluster.is_none() {
        let copy = env.dir.path().join("copy.db");
        env.run(&["copy", "--to", copy.to_str().unwrap(), "-q"]).success();
        let copy = copy.to_str().unwrap();
        env.run(&["--store", copy, "check"]).success();
        let copied = env.run(&["--store", copy, "show", "svc", "--json"]).success().json();
        assert_eq!(copied["last_used_at"], "2026-01-01T10:00:00Z");
    }
}

/// A rekey, an `access remove` or a copy seals the last-use records anew: they are held to the
/// head first, so none of them launders a record put back or erased.
fn a_rekey_or_a_copy_refuses_last_use_records_that_do_not_add_up() {
    let env = TestEnv::new();
    let app = env.create("svc", &[]);
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T10:00:00Z")).success();
    let older = usage_record(&env, 1).unwrap();
    env.run_stdin_with(&["verify", "svc"], &secret(&app), at("2026-01-01T12:00:00Z")).success();
    let current = usage_record(&env, 1).unwrap();
    let key = env.dir.path().join("ci.key");
    env.run(&["access", "add", "ci", "--machine", "--key-file", key.to_str().unwrap(), "-q"]).success();
    let copy = env.dir.path().join("copy.db");
    for planted in [Some(older.as_str()), None] {
        put_usage_record(&env, 1, planted);
        for args in
            [&["rekey", "--yes"][..], &["access", "remove", "ci", "--yes"], &["copy", "--to", copy.to_str().unwrap()]]
        {
            env.run(args).fails(7, "last-use records");
        }
        assert!(!copy.exists());
        env.run(&["check"]).fails(7, "last-use records");
    }
    put_usage_record(&env, 1, Some(&current));
    env.run(&["rekey", "--yes", "-q"]).success();
    env.run(&["check"]).success();
}

crate::util::on_both_backends!(
    a_secret_expires_exactly_at_the_end_of_its_lifetime_and_regenerating_starts_a_new_one,
    verify_records_use_at_most_once_an_hour_and_the_previous_secrets_use_during_grace,
    list_finds_what_expires_and_what_nobody_uses,
    check_expiring_exits_8_with_the_list_after_the_integrity_checks,
    the_policy_refuses_longer_lifetimes_and_none_and_says_where_it_is_set,
    lifetimes_out_of_range_are_refused,
    an_altered_usage_record_names_its_row,
    a_grace_period_never_outlives_the_old_secret_itself,
    an_erased_or_older_last_use_record_is_found_by_check_on_any_machine,
    a_rekey_and_a_copy_keep_the_last_use_records_whole,
    a_rekey_or_a_copy_refuses_last_use_records_that_do_not_add_up,
);
