//! Members: every kind unlocking with real keys made in the test by `age-keygen` and
//! `ssh-keygen`, removal that locks out and tells the truth, sessions and the actor, and every
//! bad input refused with its exit code and nothing changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{TestEnv, mode, with_session};

const BOB_PASSPHRASE: &str = "bob's own passphrase, long enough";

/// Makes an age identity with the reference `age-keygen`; returns its file and public key.
fn age_key(env: &TestEnv, name: &str) -> (PathBuf, String) {
    let path = env.dir.path().join(format!("{name}.age"));
    let out = Command::new("age-keygen").arg("-o").arg(&path).output().expect("age-keygen (tests/deps.sh installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = Command::new("age-keygen").arg("-y").arg(&path).output().unwrap();
    (path, String::from_utf8(public.stdout).unwrap().trim().to_owned())
}

/// Makes an OpenSSH ed25519 key with `ssh-keygen`, with `passphrase` ('' for none).
fn ssh_key(env: &TestEnv, name: &str, passphrase: &str) -> (PathBuf, String) {
    let path = env.dir.path().join(name);
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-C", "someone@laptop", "-N", passphrase, "-f"])
        .arg(&path)
        .output()
        .expect("ssh-keygen (tests/deps.sh installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (path.clone(), std::fs::read_to_string(path.with_extension("pub")).unwrap().trim().to_owned())
}

/// Runs as the owner, whatever other passphrase members there are.
fn as_owner(cmd: &mut Command) {
    cmd.env("REVVY_APPS_AS", "owner");
}

/// Runs with a key file only.
fn with_identity(path: &Path) -> impl FnOnce(&mut Command) + '_ {
    move |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", path);
    }
}

fn add_bob(env: &TestEnv) {
    let run = env
        .run_with(&["access", "add", "bob"], |cmd| {
            cmd.env("REVVY_APPS_NEW_PASSPHRASE", BOB_PASSPHRASE);
        })
        .success();
    // A message, not data: on stderr, stdout left to data.
    assert!(run.stdout.is_empty() && run.stderr.contains("Added the passphrase member bob."), "{run:?}");
}

fn add_machine(env: &TestEnv, name: &str) -> PathBuf {
    let key = env.dir.path().join(format!("{name}.key"));
    env.run_with(&["access", "add", name, "--machine", "--key-file", key.to_str().unwrap()], as_owner).success();
    key
}

fn every_kind_of_member_unlocks_with_its_own_key() {
    let env = TestEnv::new();
    let app = env.create("billing-sync", &[]);
    add_bob(&env);
    let machine_key = add_machine(&env, "ci");
    assert_eq!(mode(&machine_key), 0o600);
    let (age_identity, age_public) = age_key(&env, "carol");
    env.run_with(&["access", "add", "carol", "--recipient", &age_public], as_owner).success();
    let (ssh_private, ssh_public) = ssh_key(&env, "dave", "");
    env.run_with(&["access", "add", "dave", "--recipient", &ssh_public], as_owner).success();

    let secret_as = |configure: &dyn Fn(&mut Command)| {
        let run = env.run_with(&["show", "billing-sync", "--reveal", "--json"], |cmd| configure(cmd)).success();
        run.json()["client_secret"].as_str().unwrap().to_owned()
    };
    let expected = app["client_secret"].as_str().unwrap();
    assert_eq!(secret_as(&|cmd| as_owner(cmd)), expected);
    assert_eq!(
        secret_as(&|cmd| {
            cmd.env("REVVY_APPS_AS", "bob").env("REVVY_APPS_PASSPHRASE", BOB_PASSPHRASE);
        }),
        expected
    );
    assert_eq!(secret_as(&|cmd| with_identity(&machine_key)(cmd)), expected);
    let key_text = std::fs::read_to_string(&machine_key).unwrap();
    assert_eq!(
        secret_as(&|cmd| {
            cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY", &key_text);
        }),
        expected
    );
    assert_eq!(secret_as(&|cmd| with_identity(&age_identity)(cmd)), expected);
    assert_eq!(secret_as(&|cmd| with_identity(&ssh_private)(cmd)), expected);
    // The same through the flag.
    env.run_with(&["--identity-file", ssh_private.to_str().unwrap(), "list", "-q"], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    })
    .success();

    let members = env.run_with(&["access", "list", "--json"], with_identity(&machine_key)).success().json();
    let rows: Vec<(&str, &str, &str, bool)> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap(),
                m["kind"].as_str().unwrap(),
                m["created_by"].as_str().unwrap(),
                m["current"] == true,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("owner", "passphrase", "owner", false),
            ("bob", "passphrase", "owner", false),
            ("ci", "machine", "owner", true),
            ("carol", "recipient", "owner", false),
            ("dave", "recipient", "owner", false),
        ]
    );
    let listed = serde_json::to_string(&members).unwrap();
    assert!(
        !listed.contains("age1") && !listed.contains("AGE-SECRET") && !listed.contains("ssh-ed25519"),
        "never a key"
    );

    // Nothing of a member's key is in the store in clear but its public half.
    let bytes: Vec<u8> = env.files().into_values().flatten().collect();
    let secret_line = key_text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-1")).unwrap();
    assert!(!crate::util::contains_bytes(&bytes, secret_line.as_bytes()));
}

fn a_machine_key_printed_once_is_an_age_identity_file() {
    let env = TestEnv::new();
    env.create("app", &[]);
    let run = env.run(&["access", "add", "deploy", "--machine"]).success();
    assert!(run.stderr.contains("shown once"), "{}", run.stderr);
    let key = env.dir.path().join("deploy.key");
    std::fs::write(&key, &run.stdout).unwrap();
    // The reference tool reads it: its public key is what `age-keygen -y` derives.
    let public = Command::new("age-keygen").arg("-y").arg(&key).output().unwrap();
    assert!(public.status.success(), "age-keygen -y reads the printed key");
    let public = String::from_utf8(public.stdout).unwrap();
    assert!(run.stdout.contains(&format!("# public key: {}", public.trim())));
    env.run_with(&["show", "app"], with_identity(&key)).success();

    let json = env.run(&["access", "add", "deploy-2", "--machine", "--json"]).success().json();
    assert_eq!((json["name"].as_str(), json["kind"].as_str()), (Some("deploy-2"), Some("machine")));
    let identity = json["identity"].as_str().unwrap();
    assert!(identity.starts_with("AGE-SECRET-KEY-1"));
    env.run_with(&["list", "-q"], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY", identity);
    })
    .success();
}

fn the_actor_is_the_member_and_a_session_remembers_it() {
    let env = TestEnv::new();
    env.create("app", &[]);
    let key = add_machine(&env, "ci");
    env.run_with(&["show", "app", "--reveal"], with_identity(&key)).success();
    let token = env.run_with(&["unlock", "-q"], with_identity(&key)).success().stdout.trim().to_owned();
    env.run_with(&["edit", "app", "--add-scope", "x"], with_session(&token)).success();
    env.run_with(&["disable", "app"], |cmd| {
        with_session(&token)(cmd);
        cmd.env_remove("REVVY_APPS_ACTOR");
    })
    .success();
    let log = env.run(&["log", "--json"]).success().json();
    let seen: Vec<(&str, &str, Option<&str>)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap(), e["actor_note"].as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("create", "owner", Some("test-actor")),
            ("reveal", "owner", Some("test-actor")),
            ("access_add", "owner", Some("test-actor")),
            ("reveal", "ci", Some("test-actor")),
            ("edit", "ci", Some("test-actor")),
            ("disable", "ci", None),
        ]
    );
    assert_eq!(log[2]["member"], "ci");
}

fn removal_locks_the_member_out_of_the_store_and_later_backups_and_tells_the_truth() {
    let env = TestEnv::new();
    for name in ["seen-then-rotated", "seen", "never-seen"] {
        env.run(&["create", "--name", name, "-q"]).success();
    }
    let key = add_machine(&env, "ci");
    let (carol_identity, carol_public) = age_key(&env, "carol");
    env.run(&["access", "add", "carol", "--recipient", &carol_public]).success();
    for app in ["seen-then-rotated", "seen"] {
        env.run_with(&["show", app, "--reveal"], with_identity(&key)).success();
    }
    env.run(&["regenerate", "seen-then-rotated", "--yes"]).success();
    let ci_session = env.run_with(&["unlock", "-q"], with_identity(&key)).success().stdout.trim().to_owned();
    let owner_session = env.unlock();
    let before = env.dir.path().join("before.db");
    env.run(&["backup", before.to_str().unwrap()]).success();

    let report = env.run(&["access", "remove", "ci", "--yes", "--json"]).success().json();
    assert_eq!(
        report,
        serde_json::json!({
            "removed": "ci",
            "rekeyed": true,
            "revealed_by_member": ["seen"],
            "applications_readable": 3,
            "sessions_ended": 2
        })
    );
    // Locked out of the live store, its sessions ended (everyone's), the others still in.
    env.run_with(&["list"], with_identity(&key)).fails(5, "is not a member of the store");
    env.run_with(&["list"], with_session(&ci_session)).fails(5, "session is unknown");
    env.run_with(&["list"], with_session(&owner_session)).fails(5, "session is unknown");
    env.run_with(&["list", "-q"], with_identity(&carol_identity)).success();
    // ...and out of every backup made after the removal.
    let after = env.dir.path().join("after.db");
    env.run(&["backup", after.to_str().unwrap()]).success();
    env.run_with(&["--store", after.to_str().unwrap(), "list"], with_identity(&key))
        .fails(5, "is not a member of the store");
    // A backup made before still opens with the old key (on a machine that has not seen the
    // store move on): what was copied cannot be recalled.
    let elsewhere = env.dir.path().join("another-machine");
    env.run_with(&["--store", before.to_str().unwrap(), "list", "-q"], |cmd| {
        with_identity(&key)(cmd);
        cmd.env("XDG_STATE_HOME", &elsewhere);
    })
    .success();
    env.run(&["check"]).success();

    let text = env.run(&["access", "remove", "carol", "--yes"]).success().stdout;
    assert!(text.contains("Every secret stored before now (3 application(s)) was readable to carol."), "{text}");
    assert!(text.contains("no current secret revealed by carol"), "{text}");
    let log = env.run(&["log", "--json"]).success().json();
    let last = log.as_array().unwrap().last().unwrap();
    assert_eq!((last["action"].as_str(), last["member"].as_str()), (Some("access_remove"), Some("carol")));
}

fn passwd_changes_only_the_current_members_passphrase() {
    let env = TestEnv::new();
    env.create("app", &[]);
    add_bob(&env);
    env.run_with(&["passwd"], |cmd| {
        cmd.env("REVVY_APPS_AS", "bob")
            .env("REVVY_APPS_PASSPHRASE", BOB_PASSPHRASE)
            .env("REVVY_APPS_NEW_PASSPHRASE", "bob's next passphrase, long enough");
    })
    .success();
    env.run_with(&["--as", "bob", "list", "-q"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "bob's next passphrase, long enough");
    })
    .success();
    env.run_with(&["--as", "bob", "list"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", BOB_PASSPHRASE);
    })
    .fails(5, "does not open this store as \"bob\"");
    env.run_with(&["list", "-q"], as_owner).success();

    let key = add_machine(&env, "ci");
    let before = (env.files(), env.run_with(&["list", "--json"], as_owner).success().json());
    env.run_with(&["passwd"], |cmd| {
        with_identity(&key)(cmd);
        cmd.env("REVVY_APPS_NEW_PASSPHRASE", "whatever it is, long enough");
    })
    .fails(2, "unlocks with a key, not a passphrase");
    assert!(env.files() == before.0);
}

fn init_names_the_first_member() {
    let env = TestEnv::empty();
    let mut args = vec!["init", "--as", "alice"];
    args.extend(crate::util::CHEAP_KDF);
    env.run(&args).success();
    let members = env.run(&["access", "list", "--json"]).success().json();
    assert_eq!((members[0]["name"].as_str(), members[0]["current"].as_bool()), (Some("alice"), Some(true)));
    // Named after the OS user when there is one.
    let env = TestEnv::empty();
    let mut args = vec!["init"];
    args.extend(crate::util::CHEAP_KDF);
    env.run_with(&args, |cmd| {
        cmd.env("USER", "Dana");
    })
    .success();
    let members = env.run(&["access", "list", "--json"]).success().json();
    assert_eq!(members[0]["name"], "dana");
}

fn choosing_a_passphrase_member() {
    let env = TestEnv::new();
    env.create("app", &[]);
    add_bob(&env);
    let before = (env.files(), env.run_with(&["list", "--json"], as_owner).success().json());
    // Two passphrase members and no --as: exit 5, naming them.
    let err = env.run(&["list", "--json"]).fails(5, "\"unknown_member\"").error_json();
    assert!(err["error"]["message"].as_str().unwrap().contains("(owner, bob)"), "{err}");
    // The member named like the OS user is chosen among several.
    env.run_with(&["list", "-q"], |cmd| {
        cmd.env("USER", "bob").env("REVVY_APPS_PASSPHRASE", BOB_PASSPHRASE);
    })
    .success();
    // --as naming nobody, or a member without a passphrase.
    env.run(&["--as", "mallory", "list"]).fails(5, "has no member named \"mallory\"");
    add_machine(&env, "ci");
    let files = env.files();
    env.run(&["--as", "ci", "list"]).fails(5, "unlocks with a key file, not a passphrase");
    assert!(env.files() == files);
    assert_eq!(env.run_with(&["list", "--json"], as_owner).success().json(), before.1);
}

fn bad_input_is_refused_with_its_exit_code_and_changes_nothing() {
    let env = TestEnv::new();
    env.create("app", &[]);
    let key = add_machine(&env, "ci");
    let (stranger, _) = age_key(&env, "stranger");
    let (_, rsa_public) = {
        let path = env.dir.path().join("rsa");
        let out =
            Command::new("ssh-keygen").args(["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f"]).arg(&path).output();
        assert!(out.unwrap().status.success());
        (path.clone(), std::fs::read_to_string(path.with_extension("pub")).unwrap())
    };
    let (encrypted_ssh, encrypted_public) = ssh_key(&env, "locked", "a key passphrase");
    env.run(&["access", "add", "eve", "--recipient", &encrypted_public]).success();
    let existing = env.dir.path().join("existing.key");
    std::fs::write(&existing, "precious\n").unwrap();
    let files = env.files();
    let content = env.everything();

    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["access", "add", "x", "--recipient", "age1notakey"], 2, "the recipient is malformed"),
        (vec!["access", "add", "x", "--recipient", rsa_public.trim()], 2, "ssh-rsa keys are not supported"),
        (vec!["access", "add", "x", "--recipient", "hello"], 2, "expected an age public key"),
        (vec!["access", "add", "Not Valid"], 2, "is not a valid member name"),
        (vec!["access", "add", "ci", "--machine"], 4, "already has a member named \"ci\""),
        (vec!["access", "add", "x", "--recipient", &encrypted_public], 4, "already the member \"eve\""),
        (vec!["access", "add", "x", "--machine", "--key-file", existing.to_str().unwrap()], 4, "never overwritten"),
        (vec!["access", "remove", "nobody", "--yes"], 3, "no member named \"nobody\""),
        (vec!["access", "remove", "ci"], 2, "needs confirmation"),
        (vec!["--as", "nobody", "list"], 5, "no member named \"nobody\""),
        (vec!["--identity-file", stranger.to_str().unwrap(), "list"], 5, "is not a member of the store"),
        (vec!["--identity-file", "/nonexistent/key", "list"], 5, "cannot read the identity file"),
        (
            vec!["--identity-file", encrypted_ssh.to_str().unwrap(), "list"],
            5,
            "its passphrase was wrong or could not be asked",
        ),
    ];
    for (args, code, phrase) in cases {
        let run = env.run_with(&args, |cmd| {
            if args.contains(&"--identity-file") {
                cmd.env_remove("REVVY_APPS_PASSPHRASE");
            }
        });
        assert_eq!(run.code, code, "`{}`: {}", args.join(" "), run.stderr);
        assert!(run.stderr.contains(phrase), "`{}` says {:?}, not {phrase:?}", args.join(" "), run.stderr);
        assert!(!run.stderr.contains("AGE-SECRET-KEY"), "never a key in a message");
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "precious\n");
        assert!(env.files() == files, "`{}` changed the store", args.join(" "));
    }
    assert_eq!(env.everything(), content);

    // The last member cannot be removed.
    let env = TestEnv::new();
    let files = env.files();
    env.run(&["access", "remove", "owner", "--yes"]).fails(2, "is the last member of the store");
    assert!(env.files() == files);
    // A session cannot change who unlocks.
    let token = env.unlock();
    let files = env.files();
    env.run_with(&["access", "add", "x", "--machine"], with_session(&token)).fails(5, "cannot run on a session");
    assert!(env.files() == files);
    let _ = key;
}

fn a_key_file_others_can_read_is_used_with_a_warning() {
    let env = TestEnv::new();
    env.create("app", &[]);
    let key = add_machine(&env, "ci");
    std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let run = env.run_with(&["list", "-q"], with_identity(&key)).success();
    assert!(run.stderr.contains("the identity file") && run.stderr.contains("chmod 600"), "{}", run.stderr);
}

crate::util::on_both_backends!(
    every_kind_of_member_unlocks_with_its_own_key,
    a_machine_key_printed_once_is_an_age_identity_file,
    the_actor_is_the_member_and_a_session_remembers_it,
    removal_locks_the_member_out_of_the_store_and_later_backups_and_tells_the_truth,
    passwd_changes_only_the_current_members_passphrase,
    init_names_the_first_member,
    choosing_a_passphrase_member,
    bad_input_is_refused_with_its_exit_code_and_changes_nothing,
    a_key_file_others_can_read_is_used_with_a_warning,
);
