//! Prompts on a real terminal (a PTY): the passphrase prompts and the confirmations.

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

use crate::util::{CHEAP_KDF, PASSPHRASE, TestEnv};

/// The binary on a PTY, with no passphrase in the environment so that it must ask.
fn on_terminal(env: &TestEnv, args: &[&str]) -> PtySession {
    on_terminal_with(env, args, |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE");
    })
}

/// The binary on a PTY set up as a shell leaves it: rexpect starts its PTY with echo off,
/// and `stty echo` turns it back on, so a prompt's own switch to no-echo can be seen.
fn on_terminal_with(env: &TestEnv, args: &[&str], configure: impl FnOnce(&mut Command)) -> PtySession {
    let template = env.command_on_inherited_stdio();
    let mut cmd = Command::new("sh");
    cmd.env_clear().args(["-c", "stty echo; exec \"$0\" \"$@\"", crate::util::BIN]).args(args);
    for (key, value) in template.get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.env("TERM", "dumb");
    configure(&mut cmd);
    spawn_command(cmd, Some(15_000)).expect("spawn on a PTY")
}

/// Types a line the moment the prompt has appeared, as expect or Ansible do. The prompt
/// turned echo off before printing itself, so nothing typed now can be lost or shown.
fn type_line(session: &mut PtySession, text: &str) {
    assert!(!echoes(session), "echo is still on although the prompt is shown");
    session.send_line(text).unwrap();
}

fn exit_code(session: &PtySession) -> i32 {
    match session.process().wait().expect("wait") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    }
}

#[test]
fn init_asks_twice_hides_the_passphrase_and_asks_again_on_a_mismatch() {
    let env = TestEnv::empty();
    let mut args = vec!["init"];
    args.extend(CHEAP_KDF);
    let mut p = on_terminal(&env, &args);
    p.exp_string("New passphrase").unwrap();
    type_line(&mut p, "first attempt at a passphrase");
    p.exp_string("Repeat the passphrase").unwrap();
    type_line(&mut p, "something else entirely");
    p.exp_string("do not match").unwrap();
    p.exp_string("New passphrase").unwrap();
    type_line(&mut p, PASSPHRASE);
    p.exp_string("Repeat the passphrase").unwrap();
    type_line(&mut p, PASSPHRASE);
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("Created a new store"), "{rest}");
    assert_eq!(exit_code(&p), 0);
    // Nothing typed was echoed: the whole screen holds no passphrase.
    for typed in [PASSPHRASE, "first attempt", "something else"] {
        assert!(!rest.contains(typed), "{typed:?} was echoed");
    }
    env.run(&["list"]).success();
}

#[test]
fn an_ordinary_command_asks_for_the_passphrase_on_a_terminal() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let mut p = on_terminal(&env, &["list", "--json"]);
    p.exp_string("Passphrase for").unwrap();
    type_line(&mut p, PASSPHRASE);
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("\"name\": \"x\""), "{rest}");
    assert!(!rest.contains(PASSPHRASE));
    assert_eq!(exit_code(&p), 0);

    let mut p = on_terminal(&env, &["list"]);
    p.exp_string("Passphrase for").unwrap();
    type_line(&mut p, "not it");
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("does not open"), "{rest}");
    assert_eq!(exit_code(&p), 5);
}

/// Answers the confirmation of `args` with `answer`; returns the exit code.
fn confirm(env: &TestEnv, args: &[&str], answer: &str) -> i32 {
    let mut p = on_terminal(env, args);
    p.exp_string("Passphrase for").unwrap();
    type_line(&mut p, PASSPHRASE);
    p.exp_string("[y/N]").unwrap();
    type_line(&mut p, answer);
    p.exp_eof().unwrap();
    exit_code(&p)
}

#[test]
fn delete_and_regenerate_confirm_on_a_terminal() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let secret = app["client_secret"].as_str().unwrap();

    assert_eq!(confirm(&env, &["regenerate", "x"], "n"), 2, "no keeps");
    env.run_stdin(&["verify", "x"], secret).success();
    assert_eq!(confirm(&env, &["regenerate", "x"], "y"), 0, "yes acts");
    env.run_stdin(&["verify", "x"], secret).fails(5, "does not match");

    assert_eq!(confirm(&env, &["delete", "x"], "n"), 2, "no keeps");
    env.run(&["show", "x"]).success();
    assert_eq!(confirm(&env, &["delete", "x"], "y"), 0, "yes acts");
    env.run(&["show", "x"]).fails(3, "no application");
}

#[test]
fn an_invalid_edit_offers_to_reopen_the_editor_on_a_terminal() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let script = env.dir.path().join("edit.sh");
    let marker = env.dir.path().join("edited-once");
    std::fs::write(
        &script,
        format!(
            "if [ ! -e {m} ]; then touch {m}; sed -i 's/^grant_types = .*/grant_types = [\"implicit\"]/' \"$1\";\n\
             else sed -i 's/^tenant = .*/tenant = \"fixed\"/; s/^grant_types = .*/grant_types = [\"client_credentials\"]/' \"$1\"; fi\n",
            m = marker.display()
        ),
    )
    .unwrap();
    let mut p = on_terminal_with(&env, &["edit", "x", "--json"], |cmd| {
        cmd.env("EDITOR", format!("sh {}", script.display()));
    });
    p.exp_string("RFC 9700").unwrap();
    p.exp_string("Reopen the editor").unwrap();
    type_line(&mut p, "y");
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("\"tenant\": \"fixed\""), "{rest}");
    assert_eq!(exit_code(&p), 0);
    assert_eq!(env.run(&["show", "x", "--json"]).success().json()["tenant"], "fixed");
}

/// Whether the terminal behind the PTY echoes what is typed.
#[expect(unsafe_code, reason = "tcgetattr on the PTY the test owns")]
fn echoes(session: &PtySession) -> bool {
    use std::os::fd::AsRawFd as _;
    let file = session.process().get_file_handle().expect("the PTY");
    let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr fills `settings` when it returns 0; it is read only then.
    assert_eq!(unsafe { libc::tcgetattr(file.as_raw_fd(), settings.as_mut_ptr()) }, 0);
    // SAFETY: the assertion above shows tcgetattr filled it.
    unsafe { settings.assume_init() }.c_lflag & libc::ECHO != 0
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_gives_the_terminal_back() {
    let env = TestEnv::new();
    let mut p = on_terminal(&env, &["list"]);
    p.exp_string("Passphrase for").unwrap();
    assert!(!echoes(&p), "the passphrase prompt does not echo");
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130);
    assert!(echoes(&p), "echo is back on after the interrupt");
}

#[test]
fn an_encrypted_ssh_key_asks_its_own_passphrase_on_a_terminal() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let key = env.dir.path().join("id_ed25519");
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "the key's passphrase", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen (tests/deps.sh installs it)");
    assert!(made.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    env.run(&["access", "add", "erin", "--recipient", public.trim()]).success();
    for (typed, code) in [("the key's passphrase", 0), ("a wrong one", 5)] {
        let mut p = on_terminal_with(&env, &["list", "--json"], |cmd| {
            cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", &key);
        });
        p.exp_string("Passphrase for the SSH key").unwrap();
        type_line(&mut p, typed);
        let rest = p.exp_eof().unwrap();
        assert!(!rest.contains(typed), "the key's passphrase was echoed");
        assert_eq!(exit_code(&p), code, "{rest}");
    }
}

#[test]
fn a_confirmed_regenerate_does_not_land_over_a_change_made_while_asking() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let before = env.run(&["show", "x", "--json", "--reveal"]).success().json();
    let mut p = on_terminal(&env, &["regenerate", "x"]);
    p.exp_string("Passphrase for").unwrap();
    type_line(&mut p, PASSPHRASE);
    p.exp_string("[y/N]").unwrap();
    // Someone else changes it while the question waits.
    env.run(&["edit", "x", "--add-scope", "meanwhile", "-q"]).success();
    type_line(&mut p, "y");
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains("was changed by owner at") && rest.contains("run it again"), "{rest}");
    assert_eq!(exit_code(&p), 4);
    let after = env.run(&["show", "x", "--json", "--reveal"]).success().json();
    assert_eq!(after["client_secret"], before["client_secret"], "the secret was not regenerated");
}

/// The prompt of `init` on a server names the URL without the password it carries (it was
/// printed whole on the terminal).
#[test]
fn the_init_prompt_never_shows_a_password_from_the_url() {
    let cluster = crate::pg::Cluster::start();
    let env = crate::pg::env_on(&cluster);
    let url = cluster.url().replacen("postgres@", &format!("postgres:{}@", urlencode(crate::pg::PASSWORD)), 1);
    let mut args = vec!["--store", url.as_str(), "init"];
    args.extend(CHEAP_KDF);
    let mut p = on_terminal(&env, &args);
    p.exp_string("New passphrase").unwrap();
    type_line(&mut p, PASSPHRASE);
    p.exp_string("Repeat the passphrase").unwrap();
    type_line(&mut p, PASSPHRASE);
    let screen = p.exp_eof().unwrap();
    assert!(!screen.contains(&urlencode(crate::pg::PASSWORD)) && !screen.contains(crate::pg::PASSWORD), "{screen}");
    assert_eq!(exit_code(&p), 0, "{screen}");
}

fn urlencode(text: &str) -> String {
    text.replace(' ', "%20")
}
