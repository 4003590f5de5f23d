//! Every refusal: the message names the rule, the exit code is 2 (or as the exit-code table says), and
//! the store is left exactly as it was.

use crate::util::{TestEnv, assert_unchanged};

/// Runs `args` against a store holding one app `existing`, expects `code` and `needle`, and
/// checks nothing changed.
#[track_caller]
fn refused(args: &[&str], code: i32, needle: &str) {
    let env = TestEnv::new();
    env.create("existing", &["--scope", "read"]);
    let (files, content) = (env.files(), env.everything());
    env.run(args).fails(code, needle);
    assert_unchanged(&env, &files, &content);
}

#[test]
fn bad_names_are_refused_with_the_rule_and_change_nothing() {
    refused(&["create", "--name", "   "], 2, "the name is empty");
    refused(&["create", "--name", &"n".repeat(101)], 2, "at most 100");
    refused(&["create", "--name", "tab\tname"], 2, "control character");
    refused(&["create", "--name", "rva_abcdefghijklmnopqrstuvwx"], 2, "shape of a client ID");
    refused(&["edit", "existing", "--name", ""], 2, "the name is empty");
}

#[test]
fn a_taken_name_is_a_conflict_whatever_its_case() {
    refused(&["create", "--name", "EXISTING"], 4, "already exists");
    refused(&["create", "--name", "  existing  "], 4, "already exists");
    let env = TestEnv::new();
    env.create("a", &[]);
    env.create("b", &[]);
    let (files, content) = (env.files(), env.everything());
    env.run(&["edit", "b", "--name", "A"]).fails(4, "already exists");
    assert_unchanged(&env, &files, &content);
}

#[test]
fn forbidden_and_unknown_grants_are_refused() {
    refused(&["create", "--name", "x", "--grant", "implicit"], 2, "RFC 9700 §2.1.2");
    refused(&["create", "--name", "x", "--grant", "password"], 2, "RFC 9700 §2.4");
    refused(&["create", "--name", "x", "--grant", "magic"], 2, "is not a grant type");
    refused(&["edit", "existing", "--add-grant", "implicit"], 2, "RFC 9700 §2.1.2");
    refused(&["edit", "existing", "--remove-grant", "client_credentials"], 2, "at least one grant type");
}

#[test]
fn a_grant_without_the_url_it_needs_is_refused() {
    refused(&["create", "--name", "x", "--grant", "code"], 2, "needs at least one callback URL");
    refused(&["create", "--name", "x", "--refresh-token-lifetime", "1d"], 2, "needs the refresh_token grant");
    refused(
        &[
            "create",
            "--name",
            "x",
            "--grant",
            "refresh",
            "--access-token-lifetime",
            "1h",
            "--refresh-token-lifetime",
            "30m",
        ],
        2,
        "does not exceed the access token lifetime",
    );
}

#[test]
fn lifetimes_out_of_range_are_refused() {
    refused(&["create", "--name", "x", "--access-token-lifetime", "soon"], 2, "is not a duration");
    refused(&["create", "--name", "x", "--access-token-lifetime", "299"], 2, "out of range");
    refused(&["create", "--name", "x", "--access-token-lifetime", "2d"], 2, "out of range");
    refused(&["edit", "existing", "--access-token-lifetime", "4m"], 2, "out of range");
}

#[test]
fn bad_scopes_and_tenants_are_refused() {
    refused(&["create", "--name", "x", "--scope", "bad\"scope"], 2, "RFC 6749 §3.3");
    refused(&["create", "--name", "x", "--scope", "back\\slash"], 2, "RFC 6749 §3.3");
    refused(&["create", "--name", "x", "--tenant", "no spaces"], 2, "not a valid tenant");
}

#[test]
fn every_url_rule_is_enforced_with_its_reason() {
    let cases = [
        ("/callback", "not absolute"),
        ("https://app.example.com/cb#top", "fragment"),
        ("https://user:pw@app.example.com/cb", "user information"),
        ("https://*.example.com/cb", "wildcard"),
        ("http://app.example.com/cb", "loopback"),
        ("myapp:/cb", "private-use scheme"),
        ("javascript:alert(1)", "private-use scheme"),
        ("https://app.example.com/a b", "whitespace"),
    ];
    for (url, needle) in cases {
        refused(&["create", "--name", "x", "--callback-url", url], 2, needle);
    }
    let long = format!("https://app.example.com/{}", "a".repeat(2030));
    refused(&["create", "--name", "x", "--signout-url", &long], 2, "at most 2048");
    refused(
        &["create", "--name", "x", "--callback-url", "https://a.example/cb", "--callback-url", "https://a.example/cb"],
        2,
        "given twice",
    );
    refused(&["edit", "existing", "--add-signout-url", "http://evil.example/"], 2, "loopback");
}

#[test]
fn loopback_urls_are_accepted_and_localhost_warns() {
    let env = TestEnv::new();
    let app = env.create("x", &["--callback-url", "http://127.0.0.1:8080/cb", "--callback-url", "http://[::1]/cb"]);
    assert_eq!(app["callback_urls"], serde_json::json!(["http://127.0.0.1:8080/cb", "http://[::1]/cb"]));
    let run = env.run(&["create", "--name", "y", "--callback-url", "http://localhost:3000/cb"]).success();
    assert!(run.stderr.contains("warning:") && run.stderr.contains("RFC 8252 §8.3"), "{}", run.stderr);
}

#[test]
fn urls_are_stored_byte_exact() {
    let env = TestEnv::new();
    let url = "HTTPS://App.Example.COM:443/Call%20Back?b=2&a=1";
    let app = env.create("x", &["--callback-url", url]);
    assert_eq!(app["callback_urls"][0], url);
}

#[test]
fn unknown_application_is_not_found() {
    refused(&["show", "nope"], 3, "no application with the name \"nope\"");
    refused(&["show", "rva_000000000000000000000000"], 3, "client ID");
    refused(&["edit", "nope", "--scope", "x"], 3, "no application");
    refused(&["disable", "nope"], 3, "no application");
    refused(&["delete", "nope", "--yes"], 3, "no application");
    refused(&["regenerate", "nope", "--yes"], 3, "no application");
}

#[test]
fn usage_errors_exit_2() {
    refused(&["create"], 2, "--name");
    refused(&["frobnicate"], 2, "unrecognized subcommand");
    refused(&["edit", "existing"], 2, "nothing to change");
    refused(&["edit", "existing", "--multi-tenant", "maybe"], 2, "invalid value");
    refused(&["list", "--status", "paused"], 2, "invalid value");
    refused(&["--passphrase", "hunter2", "list"], 2, "unexpected argument");
}

#[test]
fn a_missing_store_is_not_found() {
    let env = TestEnv::empty();
    env.run(&["list"]).fails(3, "there is no store");
    env.run(&["show", "x", "--json"]).fails(3, "store_not_found");
    assert!(!env.store.exists());
}

#[test]
fn kdf_settings_below_the_floor_or_above_the_ceiling_are_refused() {
    for (args, needle) in [
        (["--kdf-memory", "18", "--kdf-iterations", "2"], "below the minimum"),
        (["--kdf-memory", "19", "--kdf-iterations", "1"], "below the minimum"),
        (["--kdf-memory", "5000", "--kdf-iterations", "2"], "above the maximum"),
        (["--kdf-memory", "19", "--kdf-iterations", "11"], "above the maximum"),
    ] {
        let env = TestEnv::empty();
        let mut full = vec!["init"];
        full.extend(args);
        env.run(&full).fails(2, needle);
        assert!(!env.store.exists(), "no store is created");
    }
}

#[test]
fn json_errors_use_the_envelope() {
    let env = TestEnv::new();
    let run = env.run(&["show", "nope", "-o", "json"]).fails(3, "not_found");
    let error = run.error_json();
    assert_eq!(error["error"]["code"], "not_found");
    assert_eq!(error["error"]["exit_code"], 3);
    assert!(error["error"]["message"].as_str().unwrap().contains("nope"));
    assert!(run.stdout.is_empty());

    let usage = env.run(&["create", "--json"]).fails(2, "usage");
    assert_eq!(usage.error_json()["error"]["exit_code"], 2);
    let invalid = env.run(&["create", "--name", "x", "--grant", "implicit", "--json"]).fails(2, "invalid_input");
    assert_eq!(invalid.error_json()["error"]["code"], "invalid_input");
}

#[test]
fn bad_input_is_refused_before_any_key_is_derived() {
    let env = TestEnv::new();
    env.create("x", &[]);
    for args in [
        &["edit", "x", "--grant", "implicit"][..],
        &["create", "--name", "y", "--callback-url", "http://evil.example/"],
        &["regenerate", "x", "--grace", "99d", "--yes"],
        &["verify", "x", "rvs_on_argv"],
    ] {
        let run = env.run_with(args, |cmd| {
            cmd.env("REVVY_APPS_PASSPHRASE", "not the passphrase").env("REVVY_APPS_DEBUG_STATS", "1");
        });
        let run = run.fails(2, "error:");
        assert_eq!(crate::util::stats(&run).0, 0, "{args:?} derived a key");
    }
}
