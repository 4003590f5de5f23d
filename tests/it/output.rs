//! The output contract: the JSON shape, masking, streams, colour and closed pipes.

use std::fmt::Write as _;
use std::process::Stdio;

use crate::util::TestEnv;

const SHOW_KEYS_MASKED: [&str; 20] = [
    "name",
    "client_id",
    "client_secret_masked",
    "status",
    "tenant",
    "multi_tenant",
    "access_token_lifetime",
    "refresh_token_lifetime",
    "grant_types",
    "scopes",
    "callback_urls",
    "signout_urls",
    "created_at",
    "updated_at",
    "secret_created_at",
    "previous_secret_expires_at",
    "secret_lifetime",
    "secret_expires_at",
    "last_used_at",
    "previous_secret_last_used_at",
];

/// The keys of the objects printed at `indent`, in the order printed (serde_json's `Value`
/// would sort them).
fn keys_in_order(text: &str, indent: usize) -> Vec<String> {
    let prefix = format!("{}\"", " ".repeat(indent));
    let mut keys: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix(&prefix))
        .filter(|rest| !rest.starts_with(' '))
        .filter_map(|rest| rest.split_once("\":").map(|(key, _)| key.to_owned()))
        .collect();
    keys.dedup();
    keys
}

#[test]
fn the_json_shape_is_pinned() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let masked_run = env.run(&["show", "x", "--json"]).success();
    let masked = masked_run.json();
    let expected: Vec<String> = SHOW_KEYS_MASKED.iter().map(|k| (*k).to_owned()).collect();
    assert_eq!(keys_in_order(&masked_run.stdout, 2), expected, "keys and their order");
    assert_eq!(masked.as_object().unwrap().len(), expected.len(), "no other keys");
    let revealed = env.run(&["show", "x", "--json", "--reveal"]).success();
    let mut expected_revealed = expected.clone();
    expected_revealed[2] = "client_secret".to_owned();
    assert_eq!(keys_in_order(&revealed.stdout, 2), expected_revealed);

    // Types.
    assert!(masked["name"].is_string() && masked["multi_tenant"].is_boolean());
    assert!(masked["access_token_lifetime"].is_u64() && masked["grant_types"].is_array());
    let created = masked["created_at"].as_str().unwrap();
    assert_eq!(created.len(), 20, "RFC 3339 UTC to the second: {created}");
    assert!(created.ends_with('Z') && created.as_bytes()[10] == b'T');
    assert!(chrono::DateTime::parse_from_rfc3339(created).is_ok());

    let list = env.run(&["list", "--json"]).success();
    assert!(list.json().is_array());
    assert_eq!(keys_in_order(&list.stdout, 4), expected, "list items have the same shape as show");
}

#[test]
fn an_empty_list_is_an_empty_array() {
    let env = TestEnv::new();
    assert_eq!(env.run(&["list", "--json"]).success().json(), serde_json::json!([]));
}

#[test]
fn client_ids_and_secrets_have_their_documented_form() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let id = app["client_id"].as_str().unwrap();
    assert!(id.starts_with("rva_") && id.len() == 28 && id[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    let secret = app["client_secret"].as_str().unwrap();
    assert!(secret.starts_with("rvs_") && secret.len() == 50);
    // The last six characters are the CRC-32 of the 40 random ones, base62, zero-padded.
    let body = &secret[4..44];
    let mut crc = crc32fast::hash(body.as_bytes());
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut check = [b'0'; 6];
    for digit in check.iter_mut().rev() {
        *digit = alphabet[(crc % 62) as usize];
        crc /= 62;
    }
    assert_eq!(&secret[44..], std::str::from_utf8(&check).unwrap());
    assert_eq!(app["client_secret"], env.run(&["show", id, "--json", "--reveal"]).success().json()["client_secret"]);
}

#[test]
fn a_revealed_secret_appears_in_no_other_output() {
    let env = TestEnv::new();
    let app = env.create("billing-sync", &["--scope", "read"]);
    let secret = app["client_secret"].as_str().unwrap().to_owned();
    let id = app["client_id"].as_str().unwrap().to_owned();
    let runs = [
        env.run(&["list"]),
        env.run(&["list", "--json"]),
        env.run(&["show", "billing-sync"]),
        env.run(&["show", "billing-sync", "--json"]),
        env.run(&["show", &id, "-o", "table"]),
        env.run(&["edit", "billing-sync", "--add-scope", "write"]),
        env.run(&["edit", "billing-sync", "--add-scope", "admin", "--json"]),
        env.run(&["disable", "billing-sync", "--json"]),
        env.run(&["enable", "billing-sync"]),
        env.run(&["show", "nope"]),
        env.run(&["edit", "billing-sync", "--grant", "implicit"]),
    ];
    let tail = &secret[secret.len() - 4..];
    for run in &runs {
        assert!(!run.stdout.contains(&secret) && !run.stderr.contains(&secret), "secret leaked: {run:?}");
        assert!(!run.stdout.contains(&secret[4..20]), "part of the secret leaked: {run:?}");
    }
    let masked = env.run(&["show", "billing-sync", "--json"]).success().json();
    assert_eq!(masked["client_secret_masked"], format!("rvs_••••••••{tail}"));
    assert!(masked.get("client_secret").is_none());
    let regenerated = env.run(&["regenerate", "billing-sync", "--yes", "--json"]).success();
    let new_secret = env.run(&["show", "billing-sync", "--json", "--reveal"]).success().json()["client_secret"].clone();
    assert!(!regenerated.stdout.contains(new_secret.as_str().unwrap()));
    assert!(regenerated.json().get("client_secret").is_none());
}

#[test]
fn list_reveal_prints_full_values_in_the_table() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let table = env.run(&["list", "--reveal"]).success().stdout;
    assert!(table.contains(app["client_secret"].as_str().unwrap()));
    assert!(table.contains(app["client_id"].as_str().unwrap()));
}

#[test]
fn data_goes_to_stdout_and_messages_to_stderr() {
    let env = TestEnv::new();
    let run = env.run(&["create", "--name", "x", "--json"]).success();
    assert!(run.json().is_object());
    assert!(run.stderr.contains("Created"));
    let failed = env.run(&["show", "nope"]).fails(3, "error: no application");
    assert!(failed.stdout.is_empty());
    assert!(failed.stderr.contains("hint:"), "every error says what to do next");
}

#[test]
fn no_colour_off_a_terminal() {
    let env = TestEnv::new();
    env.create("x", &[]);
    env.run(&["disable", "x"]).success();
    for args in [&["list"][..], &["show", "x"]] {
        let run = env.run(args).success();
        assert!(!run.stdout.contains('\u{1b}'), "escape codes in {args:?}");
    }
}

#[test]
fn a_closed_pipe_exits_quietly_with_zero() {
    let env = TestEnv::new();
    for i in 0..40 {
        env.create(&format!("app-{i:02}"), &[]);
    }
    let mut child =
        env.command().args(["list", "--json"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Close the read end at once, before the binary writes: like `| head -0`.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_long_list_is_one_aligned_table() {
    let env = TestEnv::new();
    let mut manifest = String::new();
    for i in 0..620 {
        writeln!(manifest, "[[application]]\nname = \"{}-{i}\"", "n".repeat(i % 29 + 1)).unwrap();
    }
    let path = env.dir.path().join("many.toml");
    std::fs::write(&path, manifest).unwrap();
    env.run(&["apply", "-q", "-f", path.to_str().unwrap()]).success();
    let table = env.run(&["list"]).success().stdout;
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 621, "a header and one line per application");
    let column = |line: &str| line.find("rva_");
    let first = column(lines[1]);
    assert!(first.is_some());
    assert!(lines[1..].iter().all(|line| column(line) == first), "every row's client ID starts in the same column");
    assert_eq!(lines[0].find("Client ID"), first, "under its header");
    let json = env.run(&["list", "--json"]).success().json();
    assert_eq!(json.as_array().unwrap().len(), 620);
}
