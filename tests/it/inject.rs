//! `inject`: templates filled with credentials, read back by the readers `export` is checked
//! against (bash, python-dotenv, a JSON parser, PyYAML), with export's file rules and one
//! reveal per application.

use std::process::Command;

use crate::util::{TestEnv, assert_unchanged, mode};

const PYTHON: &str = "/usr/bin/python3";

fn python(script: &str, arg: &std::path::Path) -> serde_json::Value {
    let out = Command::new(PYTHON).args(["-c", script]).arg(arg).output().expect("Debian's python3 runs");
    assert!(out.status.success(), "python: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn reveals(env: &TestEnv) -> Vec<(String, String)> {
    let log = env.run(&["log", "--json", "--action", "reveal"]).success().json();
    log.as_array()
        .unwrap()
        .iter()
        .map(|e| (e["application"]["name"].as_str().unwrap().to_owned(), e["via"].as_str().unwrap_or("").to_owned()))
        .collect()
}

/// Fills `template` into a file and returns the file.
fn inject(env: &TestEnv, name: &str, template: &str) -> std::path::PathBuf {
    let (input, output) = (env.dir.path().join(format!("{name}.tpl")), env.dir.path().join(name));
    std::fs::write(&input, template).unwrap();
    env.run(&["inject", "-i", input.to_str().unwrap(), "-o", output.to_str().unwrap()]).success();
    assert_eq!(mode(&output), 0o600);
    output
}

#[test]
fn filled_templates_read_back_in_bash_dotenv_json_and_yaml_with_one_reveal_per_application() {
    let env = TestEnv::new();
    let billing = env.create("billing-sync", &["--scope", "invoices:read", "--scope", "invoices:write"]);
    let portal = env.create("portal", &[]);
    let (id, secret) = (billing["client_id"].as_str().unwrap(), billing["client_secret"].as_str().unwrap());
    let before = reveals(&env).len();

    let file = inject(
        &env,
        "creds.env",
        "# made by inject\nexport CLIENT_ID='{{ revvy://billing-sync/client_id }}'\n\
         export CLIENT_SECRET='{{revvy://billing-sync/client_secret}}'\nexport SCOPES='{{ revvy://billing-sync/scopes }}'\n",
    );
    let script = ". \"$1\"; printf '%s\\n' \"$CLIENT_ID\" \"$CLIENT_SECRET\" \"$SCOPES\"";
    let out = Command::new("bash").args(["-c", script, "bash"]).arg(&file).env_clear().output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{id}\n{secret}\ninvoices:read invoices:write\n"));
    // Two references, one application: one reveal, via inject.
    assert_eq!(reveals(&env)[before..], [("billing-sync".to_owned(), "inject".to_owned())]);

    let file = inject(
        &env,
        ".env",
        "CLIENT_SECRET='{{ revvy://billing-sync/client_secret }}'\nPORTAL_ID={{ revvy://portal/client_id }}\n",
    );
    let read = python("import json, sys, dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))", &file);
    assert_eq!(
        (read["CLIENT_SECRET"].as_str(), read["PORTAL_ID"].as_str()),
        (Some(secret), portal["client_id"].as_str())
    );
    assert_eq!(reveals(&env).len(), before + 3, "one reveal for each of the two applications");

    let file = inject(
        &env,
        "creds.json",
        "{\"id\": \"{{ revvy://billing-sync/client_id }}\", \"secret\": \"{{ revvy://billing-sync/client_secret }}\"}\n",
    );
    let read: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!((read["id"].as_str(), read["secret"].as_str()), (Some(id), Some(secret)));

    let file = inject(
        &env,
        "creds.yaml",
        "auth:\n  client_id: {{ revvy://billing-sync/client_id }}\n  client_secret: \"{{ revvy://billing-sync/client_secret }}\"\n  \
         lifetime: {{ revvy://billing-sync/access_token_lifetime }}\n",
    );
    let read = python("import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", &file);
    assert_eq!(read["auth"]["client_id"], id);
    assert_eq!(read["auth"]["client_secret"], secret);
    assert_eq!(read["auth"]["lifetime"], 3600);
}

#[test]
fn a_bad_template_names_its_line_and_changes_nothing() {
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    env.create("off", &[]);
    env.run(&["disable", "off"]).success();
    let existing = env.dir.path().join("existing.env");
    std::fs::write(&existing, "keep me").unwrap();
    let (files, before) = (env.files(), env.everything());
    let out = env.dir.path().join("out.env");
    let refused = |template: &str, target: &std::path::Path| {
        let input = env.dir.path().join("t.tpl");
        std::fs::write(&input, template).unwrap();
        env.run(&["inject", "-i", input.to_str().unwrap(), "-o", target.to_str().unwrap()])
    };
    let good = "A={{ revvy://billing-sync/client_id }}\n";
    let run = refused(&format!("{good}# line 2\nB={{{{ revvy://nope/client_secret }}}}\n"), &out);
    run.fails(3, "t.tpl:3:3: no application");
    refused(&format!("{good}\n\nC={{{{ revvy://billing-sync/secret }}}}\n"), &out)
        .fails(2, "t.tpl:4:3: \"secret\" is not a field of an application");
    refused("x\n{{ revvy://billing-sync/client_id\n", &out).fails(2, "t.tpl:2:1: a reference is not closed");
    refused("D={{ revvy://off/client_id }}\n", &out).fails(2, "t.tpl:1:3: \"off\" is disabled");
    refused("E={{ revvy://billing-sync/previous_client_secret }}\n", &out)
        .fails(2, "\"billing-sync\" has no previous_client_secret");
    refused(good, &existing).fails(4, "already exists");
    assert!(!out.exists());
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    assert_unchanged(&env, &files, &before);
    // --force replaces it; stdin works as the template.
    refused(good, std::path::Path::new("/nonexistent-folder/x")).fails(2, "folder that does not exist");
    let run = env.run(&[
        "inject",
        "-i",
        env.dir.path().join("t.tpl").to_str().unwrap(),
        "-o",
        existing.to_str().unwrap(),
        "--force",
    ]);
    run.success();
    assert!(std::fs::read_to_string(&existing).unwrap().starts_with("A=rva_"));
    let piped = env.run_stdin(&["inject"], "id={{ revvy://billing-sync/client_id }}\n").success();
    assert!(piped.stdout.starts_with("id=rva_"), "{}", piped.stdout);
}

#[test]
fn without_a_template_on_a_terminal_it_says_so_instead_of_waiting() {
    let env = TestEnv::new();
    let mut cmd = env.command_on_inherited_stdio();
    cmd.arg("inject");
    let mut session = rexpect::session::spawn_command(cmd, Some(10_000)).unwrap();
    let screen = session.exp_eof().unwrap();
    assert!(screen.contains("no template: stdin is a terminal"), "{screen}");
    let status = session.process().wait().unwrap();
    assert!(matches!(status, rexpect::process::WaitStatus::Exited(_, 2)), "{status:?}");
}

/// What `inject` cannot do is refused before anything is unlocked or revealed: a global `-o
/// json` taken for a file name, a file in a missing folder, a template that is a folder or
/// not text.
#[test]
fn an_output_or_template_it_cannot_use_is_bad_input_and_reveals_nothing() {
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    let template = env.dir.path().join("app.tpl");
    std::fs::write(&template, "id = {{ revvy://billing-sync/client_secret }}\n").unwrap();
    let t = template.to_str().unwrap();
    let before = reveals(&env);
    let folder = env.dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let binary = env.dir.path().join("binary.tpl");
    std::fs::write(&binary, b"\xff\xfe{{ revvy://billing-sync/name }}").unwrap();
    let missing = env.dir.path().join("missing/app.env");
    let cases: [(Vec<&str>, &str); 5] = [
        (vec!["-o", "json", "inject", "-i", t], "names an output format"),
        (vec!["inject", "-i", t, "-o", "table"], "names an output format"),
        (vec!["inject", "-i", t, "-o", missing.to_str().unwrap()], "folder that does not exist"),
        (vec!["inject", "-i", folder.to_str().unwrap()], "cannot read the template"),
        (vec!["inject", "-i", binary.to_str().unwrap()], "not UTF-8"),
    ];
    for (args, said) in cases {
        let run = env.run(&args).fails(2, said);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    env.run(&["export", "billing-sync", "--format", "dotenv", "-o", "json"]).fails(2, "names an output format");
    assert!(!env.dir.path().join("json").exists() && !std::path::Path::new("json").exists() && !missing.exists());
    assert_eq!(reveals(&env), before, "nothing was revealed");
}
