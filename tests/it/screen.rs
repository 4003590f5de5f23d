//! The screen as a person sees it: `list`, `list --wide`, `log` and `show` run in a real
//! terminal (tmux, installed by tests/deps.sh) 80 and 120 columns wide. No line may be wider
//! than the window, and no value may be split across lines.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{BIN, TestEnv};

const LONG_NAME: &str = "customer-portal-for-the-northern-region-billing-integration";

/// A store whose tables are wide: a long name, scopes, URLs, changed lifetimes, reveals.
fn busy_store() -> (TestEnv, String) {
    let env = TestEnv::new();
    let token = env.unlock();
    let session = crate::util::with_session;
    let run = |args: &[&str]| env.run_with(args, session(&token)).success();
    run(&["create", "--name", "billing-sync", "--secret-lifetime", "90d", "-q"]);
    run(&[
        "create",
        "--name",
        LONG_NAME,
        "--grant",
        "code",
        "--grant",
        "refresh",
        "--callback-url",
        "https://portal.example.com/oauth/callback",
        "--scope",
        "invoices:read invoices:write customers:read customers:write reports:read",
        "-q",
    ]);
    run(&["edit", LONG_NAME, "--access-token-lifetime", "15m", "--add-grant", "device-code", "-q"]);
    run(&["show", "billing-sync", "--reveal", "--json"]);
    (env, token)
}

/// Runs `script` in a detached tmux window `width` columns wide and returns what the window
/// showed, its scrollback included. tmux runs the script with this test's environment.
fn on_screen(env: &TestEnv, token: &str, width: u16, script: &str) -> String {
    drawn(env, token, &format!("tmux-{width}"), width, script, false)
}

/// As [`on_screen`], on the socket `name`; with `colours`, the escape sequences shown too.
fn drawn(env: &TestEnv, token: &str, name: &str, width: u16, script: &str, colours: bool) -> String {
    let socket = env.dir.path().join(name);
    let tmux = |args: &[&str]| {
        let template = env.command();
        let mut cmd = Command::new("tmux");
        cmd.env_clear();
        for (key, value) in template.get_envs() {
            if let Some(value) = value {
                cmd.env(key, value);
            }
        }
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_SESSION", token).env("TERM", "xterm-256color");
        cmd.arg("-S").arg(&socket).args(["-f", "/dev/null"]).args(args);
        cmd.output().expect("tmux runs (tests/deps.sh installs it)")
    };
    let script = format!("{script}; echo __END__; sleep 60");
    let started = tmux(&["new-session", "-d", "-x", &width.to_string(), "-y", "50", "sh", "-c", &script]);
    assert!(started.status.success(), "tmux: {}", String::from_utf8_lossy(&started.stderr));
    tmux(&["set-option", "-g", "history-limit", "5000"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    let screen = loop {
        let shown = tmux(&["capture-pane", "-p", if colours { "-e" } else { "-J" }, "-S", "-", "-E", "-"]);
        let text = String::from_utf8(shown.stdout).unwrap();
        if text.contains("__END__") {
            break text;
        }
        assert!(Instant::now() < deadline, "the commands did not finish:\n{text}");
        std::thread::sleep(Duration::from_millis(30));
    };
    tmux(&["kill-server"]);
    screen
}

fn bin() -> &'static str {
    assert!(Path::new(BIN).exists());
    BIN
}

/// Each command's screen, in order, split at its marker line.
fn screens(env: &TestEnv, token: &str, width: u16) -> Vec<(String, String)> {
    let commands = ["list", "list --wide", "log", &format!("show {LONG_NAME}"), "list --reveal"];
    let script: Vec<String> = commands.iter().map(|c| format!("echo '@@ {c}'; PAGER=cat '{}' {c}", bin())).collect();
    let screen = on_screen(env, token, width, &script.join("; "));
    let mut out: Vec<(String, String)> = Vec::new();
    for line in screen.lines() {
        if let Some(command) = line.strip_prefix("@@ ") {
            out.push((command.to_owned(), String::new()));
        } else if line.starts_with("__END__") {
            break;
        } else if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    assert_eq!(out.len(), commands.len(), "{screen}");
    out
}

/// `value` is on one line whole, or cut with `…` (a name, when the window is narrow).
fn whole_or_cut(screen: &str, value: &str) -> bool {
    screen.lines().any(|line| {
        line.contains(value)
            || line
                .split("  ")
                .any(|cell| cell.trim().strip_suffix('…').is_some_and(|cut| cut.len() >= 8 && value.starts_with(cut)))
    })
}

#[test]
fn list_log_and_show_fit_80_and_120_columns_without_splitting_a_value() {
    let (env, token) = busy_store();
    let apps = env.everything();
    let today = apps[0]["created_at"].as_str().unwrap()[..10].to_owned();
    let revealed = env.run_with(&["show", "billing-sync", "--json", "--reveal"], crate::util::with_session(&token));
    let secret = revealed.success().json()["client_secret"].as_str().unwrap().to_owned();
    let masked = |app: &serde_json::Value| {
        let id = app["client_id"].as_str().unwrap();
        format!("{}…{}", &id[..8], &id[id.len() - 4..])
    };
    for width in [80u16, 120] {
        for (command, screen) in screens(&env, &token, width) {
            let context = format!("{command} at {width} columns:\n{screen}");
            for line in screen.lines() {
                assert!(line.chars().count() <= usize::from(width), "too wide: {line:?}\n{context}");
            }
            let names: &[&str] = if command.starts_with("show") { &[LONG_NAME] } else { &["billing-sync", LONG_NAME] };
            for name in names {
                assert!(whole_or_cut(&screen, name), "{name}: {context}");
            }
            // Dates read as dates (`2026-12-03 11:41`), not RFC 3339 (`2026-12-03T11:41:57Z`).
            assert!(!screen.contains(&format!("{today}T")), "{context}");
            match command.as_str() {
                "list --reveal" => {
                    // Revealed credentials are never cut: at 80 columns, a record a row.
                    for app in apps.as_array().unwrap() {
                        let id = app["client_id"].as_str().unwrap();
                        assert!(screen.lines().any(|l| l.contains(id)), "{context}");
                    }
                    assert!(screen.contains(secret.as_str()), "{context}");
                    if width == 80 {
                        assert!(screen.contains(LONG_NAME), "a record holds every field whole: {context}");
                    }
                }
                "list" | "list --wide" => {
                    for app in apps.as_array().unwrap() {
                        assert!(screen.contains(&masked(app)), "{context}");
                    }
                    assert_eq!(screen.matches("active").count(), 2, "{context}");
                }
                "log" => {
                    for value in ["15m", "90d", "1h", "reveal", "authorization_code"] {
                        assert!(screen.lines().any(|l| l.contains(value)), "{value}: {context}");
                    }
                    for seconds in ["7776000", ": 900", ": 3600", "→ 900"] {
                        assert!(!screen.contains(seconds), "durations read as show prints them: {context}");
                    }
                }
                _ => {
                    let app = apps.as_array().unwrap().iter().find(|a| a["name"] == LONG_NAME).unwrap();
                    let id = app["client_id"].as_str().unwrap();
                    assert!(screen.contains(id), "the client ID is whole: {context}");
                    assert!(screen.contains("https://portal.example.com/oauth/callback"), "{context}");
                    assert!(screen.contains(LONG_NAME), "show never cuts a value: {context}");
                    for scope in ["invoices:read", "customers:write", "reports:read"] {
                        assert!(screen.contains(scope), "{context}");
                    }
                }
            }
        }
    }
}

#[test]
fn colour_on_a_terminal_only_and_the_expiry_column_with_expiring() {
    let (env, token) = busy_store();
    // tmux keeps the colours it was sent: `capture-pane -e` shows them.
    let capture = |name: &str, script: &str| drawn(&env, &token, name, 120, script, true);
    let coloured = capture("colour", &format!("'{BIN}' list"));
    assert!(coloured.contains("\u{1b}[32mactive"), "{coloured:?}");
    let plain = capture("no-colour", &format!("NO_COLOR=1 '{BIN}' list"));
    assert!(!plain.contains("\u{1b}[32m") && plain.contains("active"), "{plain:?}");
    // Off a terminal: no colour.
    let piped = env.run_with(&["list"], crate::util::with_session(&token)).success().stdout;
    assert!(!piped.contains('\u{1b}'), "{piped:?}");
    // --expiring shows when (90 days), in the colour of a secret not yet due.
    let expiring = env.run_with(&["list", "--expiring", "100d"], crate::util::with_session(&token)).success().stdout;
    assert!(expiring.lines().next().unwrap().contains("Expires"), "{expiring}");
    assert!(expiring.contains("billing-sync") && expiring.contains("in 90d"), "{expiring}");
}
