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
