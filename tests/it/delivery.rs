//! `run` and `export`, checked by the programs that consume them: bash, python-dotenv, a YAML
//! parser, and a reader of GitHub's `GITHUB_ENV` rules written from its documentation.

use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::process::ExitStatusExt as _;
use std::process::Command;

use crate::util::{PASSPHRASE, TestEnv, mode, with_session};

/// Debian's Python, where `python3-dotenv` and `python3-yaml` are installed (tests/deps.sh).
const PYTHON: &str = "/usr/bin/python3";

/// A name holding every character a shell or a dotenv reader could misread.
const TRICKY: &str = "it's \"$HOME\" `id` \\ $(id) é ✓ a  b";

fn secret_of(env: &TestEnv, name: &str) -> String {
    env.run(&["show", name, "--json", "--reveal"]).success().json()["client_secret"].as_str().unwrap().to_owned()
}

fn tricky_store() -> TestEnv {
    let env = TestEnv::new();
    env.create("billing-sync", &["--scope", "read", "--scope", "write"]);
    env.create(TRICKY, &[]);
    env
}

fn python(script: &str, arg: &std::path::Path) -> String {
    let out = Command::new(PYTHON).args(["-c", script]).arg(arg).output().expect("Debian's python3 runs");
    assert!(out.status.success(), "python: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// What the export delivers, as the test expects it: (name, value).
fn expected(env: &TestEnv) -> Vec<(String, String)> {
    let app = env.run(&["show", "billing-sync", "--json", "--reveal"]).success().json();
    vec![
        ("CLIENT_ID".into(), app["client_id"].as_str().unwrap().into()),
        ("CLIENT_SECRET".into(), app["client_secret"].as_str().unwrap().into()),
        ("TRICKY".into(), TRICKY.into()),
        ("SCOPES".into(), "read write".into()),
    ]
}

const EXPORT: [&str; 6] = [
    "export",
    "billing-sync",
    "--env",
    "TRICKY=it's \"$HOME\" `id` \\ $(id) é ✓ a  b.name",
    "--env",
    "SCOPES=billing-sync.scopes",
];

fn export_to(env: &TestEnv, format: &str, file: &std::path::Path) {
    let mut args = EXPORT.to_vec();
    args.extend(["--format", format, "--output", file.to_str().unwrap()]);
    env.run(&args).success();
    assert_eq!(mode(file), 0o600);
}

#[test]
fn the_env_form_reads_back_byte_exact_in_bash_by_eval_and_by_set_a() {
    let env = tricky_store();
    let file = env.dir.path().join("creds.env");
    export_to(&env, "env", &file);
    for load in ["eval \"$(cat \"$1\")\"", "set -a; . \"$1\""] {
        let script =
            format!("{load}; for v in CLIENT_ID CLIENT_SECRET TRICKY SCOPES; do printf '%s\\0' \"${{!v}}\"; done");
        let out = Command::new("bash").args(["-c", &script, "bash"]).arg(&file).env_clear().output().unwrap();
        assert!(out.status.success());
        let values: Vec<String> =
            String::from_utf8(out.stdout).unwrap().split_terminator('\0').map(str::to_owned).collect();
        let want: Vec<String> = expected(&env).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, want, "{load}");
    }
}

#[test]
fn the_dotenv_form_reads_back_byte_exact_in_python_dotenv() {
    // TRICKY less its `$`s, which need double quotes beside its `'` and `\` (refused below).
    const QUOTED: &str = "it's \"HOME\" `id` \\ (id) é ✓ a  b";
    const DOLLARS: &str = "cost $HOME \"q\" $(id) `id`";
    let env = tricky_store();
    env.create(QUOTED, &[]);
    env.create(DOLLARS, &[]);
    let file = env.dir.path().join(".env");
    let (quoted, dollars) = (format!("QUOTED={QUOTED}.name"), format!("DOLLARS={DOLLARS}.name"));
    let args = ["export", "billing-sync", "--env", &quoted, "--env", &dollars, "--format", "dotenv", "--output"];
    env.run(&[&args[..], &[file.to_str().unwrap()]].concat()).success();
    let read = python("import json, sys, dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))", &file);
    let read: serde_json::Value = serde_json::from_str(&read).unwrap();
    assert_eq!(read["CLIENT_SECRET"], secret_of(&env, "billing-sync").as_str());
    assert_eq!(read["QUOTED"], QUOTED);
    assert_eq!(read["DOLLARS"], DOLLARS);
    // No form reads back in both python-dotenv and docker compose: `${` is expanded whatever
    // the quoting, and `$` inside the double quotes a `'` or `\` needs is expanded by compose.
    // Refused, with nothing written and no reveal recorded.
    env.create("x ${HOME}", &[]);
    let events = env.run(&["log", "--json"]).success().json().as_array().unwrap().len();
    let out = env.dir.path().join("refused.env");
    let refused = |mapping: &str| {
        let args = ["export", "--env", mapping, "--format", "dotenv", "--output", out.to_str().unwrap()];
        env.run(&args)
    };
    refused("N=x ${HOME}.name").fails(2, "the value of N holds \"${\"");
    refused(&format!("N={TRICKY}.name")).fails(2, "the value of N holds \"$\" beside a ' or \\");
    assert!(!out.exists());
    assert_eq!(env.run(&["log", "--json"]).success().json().as_array().unwrap().len(), events);
}

#[test]
fn the_json_and_kubernetes_forms_read_back_in_their_parsers() {
    let env = tricky_store();
    let file = env.dir.path().join("creds.json");
    export_to(&env, "json", &file);
    let read: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    for (name, value) in expected(&env) {
        assert_eq!(read[&name], value.as_str(), "{name}");
    }

    let manifest = env.dir.path().join("secret.yaml");
    let mut args = EXPORT.to_vec();
    args.extend(["--format", "k8s", "--namespace", "prod", "--output", manifest.to_str().unwrap()]);
    env.run(&args).success();
    let read = python("import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", &manifest);
    let read: serde_json::Value = serde_json::from_str(&read).unwrap();
    assert_eq!((read["apiVersion"].as_str(), read["kind"].as_str()), (Some("v1"), Some("Secret")));
    assert_eq!(read["metadata"]["name"], "billing-sync");
    assert_eq!(read["metadata"]["namespace"], "prod");
    for (name, value) in expected(&env) {
        assert_eq!(read["stringData"][&name], value.as_str(), "{name}");
    }
    env.run(&["export", "billing-sync", "--format", "k8s", "--name", "Bad_Name"]).fails(2, "not a Kubernetes name");
}

/// GitHub's documented `GITHUB_ENV` rules: `NAME=value` on one line, or `NAME<<DELIMITER`,
/// the value's lines, and the delimiter alone on a line.
fn parse_github_env(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let mut value = Vec::new();
            for body in lines.by_ref() {
                if body == delimiter {
                    break;
                }
                value.push(body);
            }
            out.push((name.to_owned(), value.join("\n")));
        } else if let Some((name, value)) = line.split_once('=') {
            out.push((name.to_owned(), value.to_owned()));
        }
    }
    out
}

#[test]
fn the_github_form_masks_the_secret_and_appends_to_github_env() {
    let env = tricky_store();
    let github_env = env.dir.path().join("github_env");
    std::fs::write(&github_env, "EARLIER=kept\n").unwrap();
    let mut args = EXPORT.to_vec();
    args.extend(["--format", "github"]);
    let run = env.run_with(&args, |cmd| {
        cmd.env("GITHUB_ENV", &github_env);
    });
    let run = run.success();
    let secret = secret_of(&env, "billing-sync");
    assert_eq!(run.stdout, format!("::add-mask::{secret}\n"), "only the secret is masked, before anything else");
    let mut want = vec![("EARLIER".to_owned(), "kept".to_owned())];
    want.extend(expected(&env));
    assert_eq!(parse_github_env(&std::fs::read_to_string(&github_env).unwrap()), want);

    env.run(&["export", "billing-sync", "--format", "github"]).fails(2, "needs $GITHUB_ENV");
    env.run_with(&["export", "billing-sync", "--format", "github", "--output", "x"], |cmd| {
        cmd.env("GITHUB_ENV", &github_env);
    })
    .fails(2, "takes no --output");
}

#[test]
fn output_files_are_private_whatever_the_umask_and_never_replaced_without_force() {
    let env = tricky_store();
    let file = env.dir.path().join("out").join(".env");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let run = |extra: &[&str]| {
        // Through a shell with umask 000, the same environment: the file must still be 0600.
        let cmd = env.command();
        let mut args = vec!["export", "billing-sync", "--format", "dotenv", "--output", file.to_str().unwrap()];
        args.extend(extra);
        let bin = cmd.get_program().to_owned();
        let mut sh = Command::new("sh");
        sh.envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))))
            .arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(bin)
            .args(&args);
        sh.output().unwrap()
    };
    assert!(run(&[]).status.success());
    assert_eq!(mode(&file), 0o600);
    let first = std::fs::read(&file).unwrap();
    env.run(&["regenerate", "billing-sync", "--yes"]).success();
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(4), "{}", String::from_utf8_lossy(&refused.stderr));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&file).unwrap(), first, "an existing file is left alone");
    assert!(run(&["--force"]).status.success());
    assert_ne!(std::fs::read(&file).unwrap(), first);
    assert_eq!(mode(&file), 0o600);
    let names: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, [std::ffi::OsString::from(".env")], "no temporary file is left behind");
    env.run(&["export", "billing-sync", "--format", "env", "--force"]).fails(2, "--force");
}

#[test]
fn run_gives_the_command_its_variables_its_exit_status_and_none_of_our_credentials() {
    let env = tricky_store();
    let secret = secret_of(&env, "billing-sync");
    let token = env.unlock();
    let passphrase_file = env.dir.path().join("pass");
    std::fs::write(&passphrase_file, PASSPHRASE).unwrap();
    std::fs::set_permissions(&passphrase_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let shown = env
        .run_with(
            &["run", "billing-sync", "--", "sh", "-c", "printf '%s|%s|' \"$CLIENT_SECRET\" \"$(umask)\"; env"],
            |cmd| {
                with_session(&token)(cmd);
                cmd.env("REVVY_APPS_PASSPHRASE_FILE", &passphrase_file).env("REVVY_APPS_IDENTITY", "AGE-SECRET-KEY-1X");
            },
        )
        .success()
        .stdout;
    let (value, rest) = shown.split_once('|').unwrap();
    assert_eq!(value, secret);
    let (umask, environment) = rest.split_once('|').unwrap();
    assert_ne!(umask, "0077", "the command gets the caller's umask back");
    for name in ["REVVY_APPS_PASSPHRASE", "REVVY_APPS_SESSION", "REVVY_APPS_PASSPHRASE_FILE", "REVVY_APPS_IDENTITY"] {
        assert!(!environment.lines().any(|l| l.starts_with(&format!("{name}="))), "{name} reached the command");
    }
    assert!(environment.contains("REVVY_APPS_STORE="), "the rest of the environment is passed on");

    for code in [0, 3, 255] {
        assert_eq!(env.run(&["run", "billing-sync", "--", "sh", "-c", &format!("exit {code}")]).code, code);
    }
    let killed = env.command().args(["run", "billing-sync", "--", "sh", "-c", "kill -TERM $$"]).status().unwrap();
    assert_eq!(killed.signal(), Some(15), "the command's own death by signal");
    let shell = format!(
        "REVVY_APPS_STORE='{}' REVVY_APPS_PASSPHRASE='{PASSPHRASE}' '{}' run billing-sync -- sh -c 'kill -TERM $$'; echo $?",
        env.store.display(),
        crate::util::BIN
    );
    let out = Command::new("bash").args(["-c", &shell]).env("HOME", env.home()).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "143", "a shell reports 128+15");
    env.run(&["run", "billing-sync", "--", "no-such-command-here"]).fails(127, "command not found");
}

#[test]
fn while_run_is_alive_no_command_line_shows_the_secret() {
    let env = tricky_store();
    let secret = secret_of(&env, "billing-sync");
    let mut child = env.command().args(["run", "billing-sync", "--", "sleep", "5"]).spawn().unwrap();
    let cmdline = std::path::PathBuf::from(format!("/proc/{}/cmdline", child.id()));
    for _ in 0..200 {
        if std::fs::read(&cmdline).is_ok_and(|c| c.starts_with(b"sleep")) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(std::fs::read(&cmdline).unwrap().starts_with(b"sleep"), "run replaced itself with the command");
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        if let Ok(line) = std::fs::read(entry.path().join("cmdline")) {
            assert!(!crate::util::contains_bytes(&line, secret.as_bytes()), "{:?} shows the secret", entry.path());
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn every_delivery_is_a_reveal_with_via() {
    let env = tricky_store();
    env.run(&["run", "billing-sync", "--env", "X=it's \"$HOME\" `id` \\ $(id) é ✓ a  b.client_id", "--", "true"])
        .success();
    env.run(&["export", "billing-sync", "--format", "json"]).success();
    let log = env.run(&["log", "--json"]).success().json();
    let via: Vec<(String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["via"].is_string())
        .map(|e| (e["application"]["name"].as_str().unwrap().to_owned(), e["via"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        via,
        [
            ("billing-sync".to_owned(), "run".to_owned()),
            (TRICKY.to_owned(), "run".to_owned()),
            ("billing-sync".to_owned(), "export".to_owned())
        ]
    );
}

#[test]
fn several_apps_are_prefixed_by_name_and_bad_requests_change_nothing() {
    let env = tricky_store();
    env.create("portal", &[]);
    let names = env
        .run(&["run", "billing-sync", "portal", "--", "sh", "-c", "env | cut -d= -f1 | grep CLIENT_ | sort"])
        .success()
        .stdout;
    assert_eq!(names, "BILLING_SYNC_CLIENT_ID\nBILLING_SYNC_CLIENT_SECRET\nPORTAL_CLIENT_ID\nPORTAL_CLIENT_SECRET\n");
    let prefixed = env.run(&["run", "portal", "--prefix", "WEB", "--", "sh", "-c", "printf %s \"$WEB_CLIENT_ID\""]);
    assert!(prefixed.success().stdout.starts_with("rva_"));

    env.run(&["disable", "portal"]).success();
    let before = (env.everything(), env.run(&["log", "--json"]).success().json());
    let refusals: [(&[&str], i32, &str); 7] = [
        (&["run", "portal", "--", "true"], 2, "\"portal\" is disabled"),
        (
            &["export", "billing-sync", "portal", "--prefix", "X", "--format", "env"],
            2,
            "--prefix names the variables of one",
        ),
        (&["export", "billing-sync", "--env", "lower=billing-sync.name", "--format", "env"], 2, "not a variable name"),
        (&["export", "billing-sync", "--env", "X=billing-sync.colour", "--format", "env"], 2, "not a field"),
        (&["export", "nobody", "--format", "env"], 3, "no application"),
        (&["export", "--format", "env"], 2, "name at least one application"),
        (
            &["export", "billing-sync", "--env", "CLIENT_ID=portal.name", "--allow-disabled", "--format", "env"],
            2,
            "two values",
        ),
    ];
    for (args, code, message) in refusals {
        env.run(args).fails(code, message);
    }
    // Nothing changed, and no reveal was recorded.
    assert_eq!((env.everything(), env.run(&["log", "--json"]).success().json()), before);
    env.run(&["run", "portal", "--allow-disabled", "--", "true"]).success();
}

#[test]
fn secrets_reach_a_terminal_only_with_reveal() {
    use rexpect::session::spawn_command;
    let env = tricky_store();
    let secret = secret_of(&env, "billing-sync");
    let on_pty = |extra: &[&str]| {
        let template = env.command();
        let mut cmd = Command::new(crate::util::BIN);
        cmd.env_clear().envs(template.get_envs().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))));
        cmd.args(["export", "billing-sync", "--format", "env"]).args(extra);
        let mut session = spawn_command(cmd, Some(10_000)).unwrap();
        let out = session.exp_eof().unwrap();
        let code = match session.process().wait().unwrap() {
            rexpect::process::WaitStatus::Exited(_, code) => code,
            other => panic!("not a normal exit: {other:?}"),
        };
        (out, code)
    };
    let (out, code) = on_pty(&[]);
    assert!(out.contains("stdout is a terminal") && !out.contains(&secret), "{out}");
    assert_eq!(code, 2);
    let (out, _) = on_pty(&["--reveal"]);
    assert!(out.contains(&secret), "{out}");
}
