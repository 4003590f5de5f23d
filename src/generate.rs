//! The binary generates its own assets: the shell completions and man pages, rendered from
//! `Cli::command()` by `revvy-apps --generate-assets DIR` (as ripgrep's `--generate` does).
//! The committed `completions/` and `man/` are its output; the drift test runs it again and
//! compares. The flag is read before clap and is not in the CLI definition, because
//! clap_complete would offer even a hidden one to every shell.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::Cli;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

/// The date on the pages: fixed, so regenerating on another day changes nothing. Bump it
/// when the pages change in substance.
const MAN_DATE: &str = "2026-12-03";

const EXIT_STATUS: [(&str, &str); 10] = [
    ("0", "success (also: disabling a disabled app, a closed pipe)"),
    ("1", "unexpected failure"),
    ("2", "bad input: usage, validation, missing --yes off a terminal"),
    ("3", "not found: application or store"),
    (
        "4",
        "conflict: the name or key is taken, the file exists, or the store's keys or members changed while the command ran",
    ),
    (
        "5",
        "authentication: wrong passphrase, expired or unknown session, locked, an identity or --as matching no member, verify rejected",
    ),
    (
        "6",
        "the store is unavailable: disk full, a read-only file system for a write, a lock not granted in time; nothing changed",
    ),
    (
        "7",
        "the store failed an integrity check, is open to other users, was rolled back, or its format is newer than this program",
    ),
    ("8", "check --expiring: an active application's secret is expired or expires within the period"),
    ("130", "interrupted"),
];

const ENVIRONMENT: [(&str, &str); 14] = [
    ("REVVY_APPS_STORE", "path of the store (like --store)"),
    ("REVVY_APPS_CONFIG", "path of the config file (like --config)"),
    ("REVVY_APPS_SESSION", "a session token printed by revvy-apps unlock; no key derivation"),
    ("REVVY_APPS_PASSPHRASE_FILE", "file whose first line is the passphrase (like --passphrase-file)"),
    ("REVVY_APPS_PASSPHRASE", "the passphrase itself"),
    ("REVVY_APPS_NEW_PASSPHRASE", "the new passphrase of passwd and access add"),
    ("REVVY_APPS_AS", "the passphrase member to unlock as (like --as)"),
    (
        "REVVY_APPS_IDENTITY_FILE",
        "a member's key file: a machine key, an age identity or an OpenSSH key (like --identity-file)",
    ),
    ("REVVY_APPS_IDENTITY", "a machine member's key itself, as a CI secret store hands it over"),
    ("REVVY_APPS_ACTOR", "a free-form note the audit log keeps beside the member who acted"),
    ("VISUAL, EDITOR", "the editor of edit --editor"),
    ("PAGER", "the pager of log on a terminal (default: less -FRX; empty: none)"),
    ("NO_COLOR", "disable colour"),
    (
        "XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_STATE_HOME",
        "where the default store, the config file and the rollback memory live",
    ),
];

const FILES: [(&str, &str); 3] = [
    ("$XDG_DATA_HOME/revvy-apps/store.db", "the default store: one encrypted SQLite file, 0600, in a 0700 folder"),
    (
        "$XDG_CONFIG_HOME/revvy-apps/config.toml",
        "the config file: store, output, member, tenant, lifetimes, grant_types",
    ),
    (
        "$XDG_STATE_HOME/revvy-apps/seen/",
        "per store, the furthest audit head this machine has seen: an older store is refused as rolled back",
    ),
];

const ROOT_EXAMPLES: &str = "\
revvy-apps init
revvy-apps create --name billing-sync --scope invoices:read
revvy-apps list --json | jq -r '.[].client_id'
eval \"$(revvy-apps unlock --ttl 1h)\"
revvy-apps show billing-sync --json --reveal | jq -r .client_secret
revvy-apps regenerate billing-sync --grace 1h --yes
revvy-apps apply -f apps.toml --dry-run";

/// Every generated file: its path under the repository and its contents.
pub fn render_all() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "revvy-apps.bash"),
        (Shell::Zsh, "_revvy-apps"),
        (Shell::Fish, "revvy-apps.fish"),
        (Shell::Elvish, "revvy-apps.elv"),
        (Shell::PowerShell, "_revvy-apps.ps1"),
    ] {
        files.push((PathBuf::from("completions").join(name), crate::complete::script(shell)));
    }
    let mut root = Cli::full_command().disable_help_subcommand(true);
    root.build();
    for sub in root.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        files.push((PathBuf::from("man").join(format!("revvy-apps-{}.1", sub.get_name())), sub_page(sub)));
        // A command with commands of its own (`access`) gets a page for each, as git's do.
        for nested in sub.get_subcommands().filter(|nested| !nested.is_hide_set() && nested.get_name() != "help") {
            let name = format!("revvy-apps-{}-{}.1", sub.get_name(), nested.get_name());
            files.push((PathBuf::from("man").join(name), sub_page(nested)));
        }
    }
    files.push((PathBuf::from("man/revvy-apps.1"), man_page(&root, ROOT_EXAMPLES, true)));
    files
}

/// The page of a command, with the examples of its `after_help` (the lines after the first).
fn sub_page(cmd: &clap::Command) -> Vec<u8> {
    let examples = cmd.get_after_help().map(ToString::to_string).unwrap_or_default();
    let examples: Vec<&str> = examples.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()).collect();
    man_page(cmd, &examples.join("\n"), false)
}

fn definitions(roff: &mut Roff, title: &str, items: &[(&str, &str)]) {
    roff.control("SH", [title]);
    for (term, text) in items {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(*text)]);
    }
}

/// A page of clap_mangen's sections, with EXAMPLES, EXIT STATUS, ENVIRONMENT and FILES added
/// (the after-help text becomes EXAMPLES instead of clap_mangen's EXTRA).
fn man_page(cmd: &clap::Command, examples: &str, root: bool) -> Vec<u8> {
    let man = Man::new(cmd.clone().after_help("").after_long_help(""))
        .date(MAN_DATE)
        .source("revvy-apps")
        .manual("User Commands");
    let mut out = Vec::new();
    man.render_title(&mut out).expect("render to memory");
    man.render_name_section(&mut out).expect("render to memory");
    man.render_synopsis_section(&mut out).expect("render to memory");
    man.render_description_section(&mut out).expect("render to memory");
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out).expect("render to memory");
    }
    if root {
        man.render_subcommands_section(&mut out).expect("render to memory");
    }
    let mut roff = Roff::new();
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", []);
        for line in examples.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
    definitions(&mut roff, "EXIT STATUS", &EXIT_STATUS);
    definitions(&mut roff, "ENVIRONMENT", &ENVIRONMENT);
    definitions(&mut roff, "FILES", &FILES);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(if root {
        "revvy-apps-create(1), revvy-apps-apply(1), revvy-apps-unlock(1)"
    } else {
        "revvy-apps(1)"
    })]);
    roff.to_writer(&mut out).expect("render to memory");
    if root {
        man.render_version_section(&mut out).expect("render to memory");
    }
    out
}

/// The flag that asks for the assets, as the first argument.
pub const FLAG: &str = "--generate-assets";

/// `Some(DIR)` when the command line is `revvy-apps --generate-assets DIR`.
pub fn requested(args: &[std::ffi::OsString]) -> Option<PathBuf> {
    match args {
        [_, flag, dir] if flag == FLAG => Some(PathBuf::from(dir)),
        _ => None,
    }
}

/// Writes every asset under `root` (`root/completions/…`, `root/man/…`), replacing the two
/// folders, so an asset no longer generated does not linger.
pub fn write_all(root: &Path) -> anyhow::Result<()> {
    for folder in ["completions", "man"] {
        let dir = root.join(folder);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    for (path, content) in render_all() {
        let path = root.join(path);
        std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
