//! Scoped members (DESIGN §14): a member that holds the keys of some applications only. With
//! its key and the store (the file, or the server's rows), every command shows its scope and
//! nothing else appears in any output; what it reveals and uses reaches the log, attributed;
//! what it loses gets new keys; and every bad input is refused with nothing changed.

use serde_json::Value;

use crate::util::{Run, TestEnv, add_scoped, assert_unchanged, with_key, with_session};

/// Three applications: two of tenant acme, one of tenant globex.
fn three_apps(env: &TestEnv) -> [Value; 3] {
    [
        env.create("billing-sync", &["--tenant", "acme"]),
        env.create("payroll", &["--tenant", "acme"]),
        env.create("portal", &["--tenant", "globex"]),
    ]
}

fn secret(app: &Value) -> &str {
    app["client_secret"].as_str().unwrap()
}

fn names(run: &Run) -> Vec<String> {
    run.json().as_array().unwrap().iter().map(|app| app["name"].as_str().unwrap().to_owned()).collect()
}

fn a_scoped_key_reads_its_scope_and_nothing_else() {
    let env = TestEnv::new();
    let [billing, payroll, portal] = three_apps(&env);
    let key = add_scoped(&env, "ci", &["--only", "billing-sync"]);

    assert_eq!(names(&env.run_with(&["list", "--json"], with_key(&key)).success()), ["billing-sync"]);
    let shown = env.run_with(&["show", "billing-sync", "--reveal", "--json"], with_key(&key)).success().json();
    assert_eq!(shown["client_secret"], billing["client_secret"]);
    // By client ID too; outside the scope is as absent as nowhere.
    let by_id = billing["client_id"].as_str().unwrap();
    env.run_with(&["show", by_id, "--json"], with_key(&key)).success();
    let outside = env.run_with(&["show", "portal", "--json"], with_key(&key)).fails(3, "no application with the name");
    let nowhere = env.run_with(&["show", "nowhere", "--json"], with_key(&key)).fails(3, "no application");
    assert_eq!(outside.error_json()["error"]["code"], nowhere.error_json()["error"]["code"]);

    // Every other command: exit 5, naming the member and its scope, and nothing changed.
    let (files, content) = (env.files(), env.everything());
    for args in [
        &["delete", "billing-sync", "--yes"][..],
        &["create", "--name", "mine"],
        &["regenerate", "billing-sync", "--yes"],
        &["log"],
        &["check"],
        &["rekey", "--yes"],
        &["access", "add", "other", "--machine"],
        &["disable", "billing-sync"],
        &["edit", "billing-sync", "--tenant", "globex"],
    ] {
        env.run_with(args, with_key(&key)).fails(5, "the member \"ci\" is scoped to applications billing-sync");
        let json = env.run_with(&[args, &["--json"]].concat(), with_key(&key)).fails(5, "scoped");
        assert_eq!(json.error_json()["error"]["code"], "not_permitted", "{args:?}");
    }
    assert_unchanged(&env, &files, &content);

    // `access list`: itself only, with its scope.
    let members = env.run_with(&["access", "list", "--json"], with_key(&key)).success().json();
    assert_eq!(members.as_array().unwrap().len(), 1, "{members}");
    assert_eq!(members[0]["name"], "ci");
    assert_eq!(members[0]["scope"]["applications"], serde_json::json!(["billing-sync"]));
    // A full member sees every scope, and `null` for full members.
    let all = env.run(&["access", "list", "--json"]).success().json();
    assert_eq!(all[0]["scope"], Value::Null);
    assert_eq!(all[1]["scope"]["applications"], serde_json::json!(["billing-sync"]));

    // A session holds the scope key only.
    let token = env.run_with(&["unlock", "-q"], with_key(&key)).success().stdout.trim().to_owned();
    assert_eq!(names(&env.run_with(&["list", "--json"], with_session(&token)).success()), ["billing-sync"]);
    env.run_with(&["show", "portal"], with_session(&token)).fails(3, "no application");
    env.run_with(&["delete", "billing-sync", "--yes"], with_session(&token)).fails(5, "scoped");

    // run and export deliver the scope, and refuse the rest as absent.
    let exported =
        env.run_with(&["export", "billing-sync", "--format", "dotenv", "--reveal"], with_key(&key)).success().stdout;
    assert!(exported.contains(secret(&billing)), "{exported}");
    env.run_with(&["export", "portal", "--format", "dotenv", "--reveal"], with_key(&key)).fails(3, "no application");
    let ran = env.run_with(&["run", "billing-sync", "--", "sh", "-c", "printf %s \"$CLIENT_SECRET\""], with_key(&key));
    assert_eq!(ran.success().stdout, secret(&billing));

    // Nothing of the other applications appears anywhere a scoped key reaches.
    let mut seen = String::new();
    for args in [
        &["list", "--json", "--reveal"][..],
        &["list", "--wide"],
        &["access", "list"],
        &["show", "portal"],
        &["status"],
        &["delete", "portal", "--yes"],
    ] {
        let run = env.run_with(args, with_key(&key));
        seen.push_str(&run.stdout);
        seen.push_str(&run.stderr);
    }
    // "portal" is named by the commands themselves; its client ID and secret never.
    for other in [&payroll, &portal] {
        for field in ["client_id", "client_secret"] {
            let value = other[field].as_str().unwrap();
            assert!(!seen.contains(value), "{field} {value} of another application leaked:\n{seen}");
        }
    }
    assert!(!seen.contains("payroll"), "{seen}");
}

fn tenant_scopes_cover_later_applications_and_lose_moved_ones() {
    let env = TestEnv::new();
    three_apps(&env);
    let key = add_scoped(&env, "ci", &["--only-tenant", "acme"]);
    assert_eq!(names(&env.run_with(&["list", "--json"], with_key(&key)).success()), ["billing-sync", "payroll"]);
    let later = env.create("ledger", &["--tenant", "acme"]);
    let shown = env.run_with(&["show", "ledger", "--reveal", "--json"], with_key(&key)).success().json();
    assert_eq!(shown["client_secret"], later["client_secret"]);
    // Moved out of the tenant: gone from the scope; moved in: there.
    env.run(&["edit", "payroll", "--tenant", "globex"]).success();
    env.run(&["edit", "portal", "--tenant", "acme"]).success();
    assert_eq!(
        names(&env.run_with(&["list", "--json"], with_key(&key)).success()),
        ["billing-sync", "portal", "ledger"]
    );
    env.run_with(&["show", "payroll"], with_key(&key)).fails(3, "no application");
    env.run(&["check"]).success();
}

fn reveals_and_uses_reach_the_log_attributed_to_the_member() {
    let env = TestEnv::new();
    let [billing, ..] = three_apps(&env);
    let key = add_scoped(&env, "ci", &["--only", "billing-sync"]);
    env.run_with(&["show", "billing-sync", "--reveal"], with_key(&key)).success();
    env.run_stdin_with(&["verify", "billing-sync"], &format!("{}\n", secret(&billing)), with_key(&key)).success();
    let log = env.run(&["log", "--json"]).success().json();
    let by_ci: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["actor"] == "ci")
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert_eq!(by_ci, ["reveal", "use"], "{log}");
    // The use became the application's last use.
    let app = env.run(&["show", "billing-sync", "--json"]).success().json();
    assert!(app["last_used_at"].is_string(), "{app}");
    env.run(&["check"]).success();
}

fn revoke_and_remove_give_what_was_lost_new_keys() {
    let env = TestEnv::new();
    let [billing, _, portal] = three_apps(&env);
    let key = add_scoped(&env, "ci", &["--only", "billing-sync", "--only", "portal"]);
    let token = env.run_with(&["unlock", "-q"], with_key(&key)).success().stdout.trim().to_owned();
    env.run_with(&["show", "billing-sync", "--reveal"], with_key(&key)).success();

    let report = env.run(&["access", "revoke", "ci", "billing-sync", "--yes", "--json"]).success().json();
    assert_eq!(report["applications_readable"], 1, "{report}");
    assert_eq!(report["revealed_by_member"], serde_json::json!(["billing-sync"]), "{report}");
    assert_eq!(names(&env.run_with(&["list", "--json"], with_key(&key)).success()), ["portal"]);
    // The session made before still opens what is left, and nothing else.
    assert_eq!(names(&env.run_with(&["list", "--json"], with_session(&token)).success()), ["portal"]);

    // Full members see no change.
    let shown = env.run(&["show", "billing-sync", "--reveal", "--json"]).success().json();
    assert_eq!(shown["client_secret"], billing["client_secret"]);

    // Removal takes the rest; a full member's rekey is not needed.
    let report = env.run(&["access", "remove", "ci", "--yes", "--json"]).success().json();
    assert_eq!(report["applications_readable"], 1, "{report}");
    env.run_with(&["list"], with_key(&key)).fails(5, "not a member");
    let shown = env.run(&["show", "portal", "--reveal", "--json"]).success().json();
    assert_eq!(shown["client_secret"], portal["client_secret"]);
    env.run(&["check"]).success();
}

fn bad_scope_input_is_refused_and_changes_nothing() {
    let env = TestEnv::new();
    three_apps(&env);
    add_scoped(&env, "ci", &["--only", "portal"]);
    let (files, content) = (env.files(), env.everything());
    env.run(&["access", "add", "ci2", "--machine", "--only", "nowhere"]).fails(3, "no application with the name");
    env.run(&["access", "grant", "owner", "portal"]).fails(2, "is a full member");
    env.run(&["access", "grant", "ci"]).fails(2, "needs an application or a --tenant");
    env.run(&["access", "revoke", "ci", "billing-sync", "--yes"]).fails(3, "does not hold the application");
    env.run(&["access", "revoke", "ci", "--tenant", "acme", "--yes"]).fails(3, "does not hold the tenant");
    env.run(&["access", "revoke", "nobody", "portal", "--yes"]).fails(3, "no member named");
    env.run(&["access", "revoke", "ci", "portal"]).fails(2, "needs confirmation");
    assert_unchanged(&env, &files, &content);
}

/// A copy (into a file, from either backend) keeps its scoped members scoped, under the
/// copy's own keys: the scoped key reads the same applications there, and the copy passes
/// `check`.
fn a_copy_keeps_scoped_members_scoped() {
    let env = TestEnv::new();
    let [billing, ..] = three_apps(&env);
    let key = add_scoped(&env, "ci", &["--only", "billing-sync", "--only-tenant", "globex"]);
    let copy = env.dir.path().join("copy.db");
    env.run(&["copy", "--to", copy.to_str().unwrap()]).success();
    let in_copy = |args: &[&str]| {
        env.run_with(args, |cmd| {
            cmd.env("REVVY_APPS_STORE", &copy)
                .env_remove("REVVY_APPS_PASSPHRASE")
                .env("REVVY_APPS_IDENTITY_FILE", &key);
        })
    };
    let listed = in_copy(&["list", "--json", "--reveal"]).success();
    assert_eq!(names(&listed), ["billing-sync", "portal"]);
    assert_eq!(listed.json()[0]["client_secret"], billing["client_secret"]);
    in_copy(&["delete", "portal", "--yes"]).fails(5, "scoped");
    env.run_with(&["check"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &copy);
    })
    .success();
    let members = env.run_with(&["access", "list", "--json"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &copy);
    });
    assert_eq!(members.success().json()[1]["scope"]["tenants"], serde_json::json!(["globex"]));
}

crate::util::on_both_backends!(
    a_copy_keeps_scoped_members_scoped,
    a_scoped_key_reads_its_scope_and_nothing_else,
    tenant_scopes_cover_later_applications_and_lose_moved_ones,
    reveals_and_uses_reach_the_log_attributed_to_the_member,
    revoke_and_remove_give_what_was_lost_new_keys,
    bad_scope_input_is_refused_and_changes_nothing,
);
