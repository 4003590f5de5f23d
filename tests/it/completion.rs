//! Completion of application and member names in the real shells (bash, zsh, fish), from a
//! session only: never a prompt, never a key derivation, silent when locked.

use std::process::Command;

use crate::util::{BIN, TestEnv};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `shell ARGS…` in the repository, finding this build's `revvy-apps` first on PATH, with the
/// test's store and `session` (or no credential at all).
fn shell(env: &TestEnv, session: Option<&str>, program: &str, args: &[&str]) -> (String, String) {
    let bin_dir = std::path::Path::new(BIN).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new(program);
    cmd.current_dir(ROOT).args(args);
    for (key, value) in env.command().get_envs() {
        if let Some(value) = value {
            cmd.env(key, value);
        }
    }
    cmd.env("PATH", path).env_remove("REVVY_APPS_PASSPHRASE");
    if let Some(token) = session {
        cmd.env("REVVY_APPS_SESSION", token);
    }
    let out = cmd.output().unwrap_or_else(|_| panic!("{program} runs (tests/deps.sh installs it)"));
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn bash_completes(env: &TestEnv, session: Option<&str>, words: &str) -> Vec<String> {
    let script = format!(
        "source completions/revvy-apps.bash; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
         COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; \
         _revvy_apps_names revvy-apps \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
         printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    let (out, err) = shell(env, session, "bash", &["-c", &script]);
    assert!(err.is_empty(), "{err}");
    out.lines().map(str::to_owned).collect()
}

fn fish_completes(env: &TestEnv, session: Option<&str>, line: &str) -> Vec<String> {
    let script = format!("source completions/revvy-apps.fish; complete -C '{line}'");
    let (out, err) = shell(env, session, "fish", &["--no-config", "-c", &script]);
    assert!(err.is_empty(), "{err}");
    out.lines().map(|l| l.split('\t').next().unwrap().to_owned()).collect()
}

/// What an interactive zsh, driven through zpty as a person's terminal, shows after `line`
/// (with its Tabs, `\t`): its output until `expect` appears, or 3 s.
fn zsh_completes(env: &TestEnv, session: Option<&str>, line: &str, expect: &str) -> String {
    let script = format!(
        r#"zmodload zsh/zpty
zpty -b z zsh -f -i
zpty -w z "PS1='%% '; autoload -U compinit; compinit -u -D; source completions/_revvy-apps; print -- RE\ADY"
zpty -r z line '*READY*'
zpty -w -n z $'{line}'
out=''
for i in {{1..60}}; do
  zpty -r -t z chunk && out+=$chunk
  [[ $out == *'{expect}'* ]] && break
  sleep 0.05
done
zpty -d z
print -r -- "$out""#
    );
    let file = env.dir.path().join("complete.zsh");
    std::fs::write(&file, script).unwrap();
    let (out, err) = shell(env, session, "zsh", &["-f", file.to_str().unwrap()]);
    assert!(err.is_empty(), "{err}");
    out
}

#[test]
fn application_and_member_names_complete_in_bash_zsh_and_fish_from_a_session_only() {
    let env = TestEnv::new();
    for name in ["billing-sync", "billing two", "portal"] {
        env.create(name, &[]);
    }
    let token = env.unlock();
    let session = Some(token.as_str());

    assert_eq!(bash_completes(&env, session, "revvy-apps show bil"), ["billing-sync", "billing\\ two"]);
    assert_eq!(bash_completes(&env, session, "revvy-apps run portal bil").len(), 2);
    assert_eq!(bash_completes(&env, session, "revvy-apps --as o"), ["owner"]);
    assert_eq!(bash_completes(&env, session, "revvy-apps access remove ''"), ["owner"]);
    assert!(bash_completes(&env, session, "revvy-apps cre").contains(&"create".to_owned()), "the static part stays");

    assert_eq!(fish_completes(&env, session, "revvy-apps show bil"), ["billing two", "billing-sync"]);
    assert_eq!(fish_completes(&env, session, "revvy-apps --as "), ["owner"]);

    // zsh on a terminal (zpty), as a person presses Tab: the listing shows both names.
    let shown = zsh_completes(&env, session, "revvy-apps show bil\\t\\t", "billing-sync");
    assert!(shown.contains("billing-sync") && shown.contains("two"), "{shown:?}");
    let shown = zsh_completes(&env, session, "revvy-apps --as \\t", "owner");
    assert!(shown.contains("revvy-apps --as owner"), "{shown:?}");

    // Locked (a passphrase alone would need a derivation): nothing, and nothing on stderr.
    let (out, err) = shell(&env, None, BIN, &["__complete", "apps"]);
    assert!(out.is_empty() && err.is_empty(), "{out}{err}");
    let with_passphrase = env.run(&["__complete", "apps"]);
    assert!(with_passphrase.code == 0 && with_passphrase.stdout.is_empty() && with_passphrase.stderr.is_empty());
    for offered in
        [bash_completes(&env, None, "revvy-apps show bil"), fish_completes(&env, None, "revvy-apps show bil")]
    {
        assert!(!offered.iter().any(|o| o.contains("billing")), "{offered:?}");
    }
    // (Without a name to offer, zsh rings the bell: no wait for a listing that cannot come.)
    assert!(!zsh_completes(&env, None, "revvy-apps show bil\\t", "\u{7}").contains("billing-sync"));
}

#[test]
fn completing_on_a_terminal_never_asks_for_a_passphrase() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let mut cmd = env.command_on_inherited_stdio();
    cmd.env_remove("REVVY_APPS_PASSPHRASE").args(["__complete", "apps"]);
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    let screen = session.exp_eof().unwrap();
    assert!(screen.is_empty(), "{screen}");
}

/// A store held by a long write (here an exclusive lock another program keeps) does not hold
/// the shell's prompt for the store's own 30 s wait: the completion gives up, silently, while
/// the lock is still held.
#[test]
fn a_locked_store_does_not_hold_the_prompt() {
    if crate::util::on_postgres() {
        return;
    }
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    let token = env.unlock();
    let holder = env.sqlite();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
    let mut child = env
        .command()
        .args(["__complete", "apps"])
        .env_remove("REVVY_APPS_PASSPHRASE")
        .env("REVVY_APPS_SESSION", &token)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Far longer than the completion waits, and shorter than the store's own lock wait.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(25);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "the completion waited for the lock");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    assert!(status.success() && output.stdout.is_empty(), "{output:?}");
    holder.execute_batch("COMMIT").unwrap();
}
