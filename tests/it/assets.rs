//! Completions and man pages: generated from the CLI, committed, checked for drift, and
//! checked by the real tools (bash, zsh, fish, mandoc, groff) where they are installed.

use std::path::Path;
use std::process::Command;

use crate::util::TestEnv;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every file under `dir/folder`, by its path relative to `dir`.
fn tree(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    ["completions", "man"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(dir.join(folder)).unwrap())
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.strip_prefix(dir).unwrap().to_owned(), std::fs::read(&path).unwrap())
        })
        .collect()
}

#[test]
fn generated_files_match_the_cli() {
    let env = TestEnv::empty();
    let out = env.dir.path().join("assets");
    env.run(&["--generate-assets", out.to_str().unwrap()]).success();
    let (expected, committed) = (tree(&out), tree(Path::new(ROOT)));
    let stale: Vec<_> = expected
        .keys()
        .chain(committed.keys())
        .filter(|path| expected.get(*path) != committed.get(*path))
        .map(|path| path.display().to_string())
        .collect();
    assert!(stale.is_empty(), "regenerate with `cargo run -- --generate-assets .`: {stale:?}");
}

#[test]
fn the_completions_command_prints_the_committed_scripts() {
    let env = TestEnv::empty();
    for (shell, file) in [
        ("bash", "revvy-apps.bash"),
        ("zsh", "_revvy-apps"),
        ("fish", "revvy-apps.fish"),
        ("elvish", "revvy-apps.elv"),
        ("powershell", "_revvy-apps.ps1"),
    ] {
        let printed = env.run(&["completions", shell]).success().stdout;
        let committed = std::fs::read_to_string(Path::new(ROOT).join("completions").join(file)).unwrap();
        assert_eq!(printed, committed, "{shell}");
    }
    env.run(&["completions", "tcsh"]).fails(2, "invalid value");
}

/// Runs `program args`, or says loudly that the check was skipped.
fn tool(program: &str) -> Option<Command> {
    if Command::new("sh").args(["-c", &format!("command -v {program}")]).output().is_ok_and(|o| o.status.success()) {
        let mut cmd = Command::new(program);
        cmd.current_dir(ROOT);
        Some(cmd)
    } else {
        eprintln!("SKIPPED: {program} is not installed (.ci/run installs it from Debian's packages)");
        None
    }
}

#[test]
fn completions_load_in_bash_zsh_and_fish() {
    if let Some(mut bash) = tool("bash") {
        let out = bash.args(["-c", "source completions/revvy-apps.bash && complete -p revvy-apps"]).output().unwrap();
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("revvy-apps"), "{out:?}");
        // Completing `revvy-apps cre` offers `create`.
        let script = "source completions/revvy-apps.bash; COMP_WORDS=(revvy-apps cre); COMP_CWORD=1; \
                      COMP_LINE='revvy-apps cre'; COMP_POINT=14; _revvy__apps revvy-apps cre revvy-apps; \
                      printf '%s\\n' \"${COMPREPLY[@]}\"";
        let out = Command::new("bash").current_dir(ROOT).args(["-c", script]).output().unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).lines().any(|l| l == "create"), "{out:?}");
    }
    if let Some(mut zsh) = tool("zsh") {
        let out = zsh
            .args([
                "-f",
                "-c",
                "autoload -U compinit && compinit -u && source completions/_revvy-apps && whence -w _revvy-apps",
            ])
            .output()
            .unwrap();
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("function"), "{out:?}");
    }
    if let Some(mut fish) = tool("fish") {
        let out = fish
            .args(["--no-config", "-c", "source completions/revvy-apps.fish; complete -C 'revvy-apps cre'"])
            .output()
            .unwrap();
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).starts_with("create"), "{out:?}");
    }
}

fn man_pages() -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("man"))
        .unwrap()
        .map(|e| format!("man/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    pages.sort();
    pages
}

#[test]
fn man_pages_pass_mandoc_lint_and_render_under_groff_without_a_warning() {
    let pages = man_pages();
    assert!(pages.len() >= 20, "{pages:?}");
    if let Some(mut mandoc) = tool("mandoc") {
        let out = mandoc.args(["-Tlint", "-W", "warning"]).args(&pages).output().unwrap();
        assert!(
            out.status.success(),
            "mandoc -Tlint: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if tool("groff").is_some() {
        for page in &pages {
            let out = Command::new("groff").current_dir(ROOT).args(["-man", "-ww", "-z", page]).output().unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "groff on {page}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn every_page_has_the_sections_a_reader_looks_for() {
    for page in man_pages() {
        let text = std::fs::read_to_string(Path::new(ROOT).join(&page)).unwrap();
        for section in ["NAME", "SYNOPSIS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"] {
            assert!(
                text.contains(&format!(".SH {section}")) || text.contains(&format!(".SH \"{section}\"")),
                "{page} lacks {section}"
            );
        }
    }
}

#[test]
fn every_subcommand_help_carries_examples() {
    let env = TestEnv::empty();
    let mut root = <revvy_apps::cli::Cli as clap::CommandFactory>::command();
    root.build();
    for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
        let help = env.run(&[sub.get_name(), "--help"]).success().stdout;
        assert!(help.contains("Example"), "{} --help has no example", sub.get_name());
    }
}
