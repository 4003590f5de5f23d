//! What every command may need, resolved once before it runs: the settings (flag >
//! environment > config file > built-in default), the output, the actor the audit log names,
//! and the ways of unlocking the store. The commands sit above this module; nothing here
//! knows about them.

pub mod credentials;
mod unlock;

use std::path::PathBuf;

use crate::cli::{GlobalArgs, OutputFormat, OutputOption};
use crate::config;
use crate::domain::application::now;
use crate::domain::audit::{Action, Event, FieldChange, Subject};
use crate::domain::{Application, Settings};
use crate::error::{Error, ErrorKind, Result};
use crate::output::{Format, Output};
use crate::terminal;

pub struct Context {
    pub store_path: PathBuf,
    pub output: Output,
    pub passphrase_file: Option<PathBuf>,
    /// `export --output FILE`.
    pub output_file: Option<PathBuf>,
    pub assume_yes: bool,
    /// The settings `create` starts from (the config file's, else the built-in ones).
    pub defaults: Settings,
    /// Who the audit log names: `REVVY_APPS_ACTOR`, else the login name.
    pub actor: String,
}

impl Context {
    /// Resolves every setting once: flag > environment > config file > built-in default.
    /// `writes_files` is true for the command whose `--output` names a file (`export`).
    pub fn new(global: &GlobalArgs, writes_files: bool) -> Result<Self> {
        let config = config::load(global.config.as_deref())?;
        let (output, output_file) = match &global.output {
            Some(option) if writes_files => (None, Some(option.file())),
            Some(OutputOption::File(path)) => {
                return Err(Error::usage(format!(
                    "invalid value {:?} for --output: use table or json",
                    path.display().to_string()
                )));
            }
            Some(OutputOption::Format(format)) => (Some(*format), None),
            None => (None, None),
        };
        let format = if global.json { Some(OutputFormat::Json) } else { output };
        let format = match format.or(config.output) {
            Some(OutputFormat::Json) => Format::Json,
            Some(OutputFormat::Table) | None => Format::Table,
        };
        Ok(Self {
            store_path: match global.store.clone().or(config.store) {
                Some(path) => path,
                None => default_store_path()?,
            },
            defaults: config.defaults,
            output: Output::new(format, global.reveal, global.quiet),
            passphrase_file: global.passphrase_file.clone(),
            output_file,
            assume_yes: global.yes,
            actor: actor_from_env(),
        })
    }

    /// An audit event by this actor, now.
    pub fn event(&self, action: Action, app: Option<&Application>, changes: Vec<FieldChange>) -> Event {
        Event {
            time: now(),
            action,
            actor: self.actor.clone(),
            application: app.map(Subject::of),
            changes,
            version: None,
            via: None,
        }
    }

    /// The reveal events owed when `apps` are printed: none without `--reveal`.
    pub fn reveal_events<'a>(&self, apps: impl IntoIterator<Item = &'a Application>) -> Vec<Event> {
        if !self.output.reveals() {
            return Vec::new();
        }
        apps.into_iter().map(|app| self.event(Action::Reveal, Some(app), Vec::new())).collect()
    }

    pub fn refuse_existing_store(&self) -> Result<()> {
        if self.store_path.exists() {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("a store already exists at {}", self.store_path.display()),
            )
            .with_hint("use it, or choose another path with --store"));
        }
        Ok(())
    }

    /// A destructive command off a terminal needs `--yes`: checked before any key is derived.
    pub fn require_yes_off_terminal(&self, command: &str) -> Result<()> {
        if self.assume_yes || terminal::is_interactive() {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::ConfirmationRequired,
            format!("`{command}` needs confirmation, and stdin is not a terminal"),
        )
        .with_hint("pass --yes to confirm; nothing was changed"))
    }

    /// Asks on the terminal unless `--yes` was given; a "no" cancels the command.
    pub fn confirm(&self, question: &str) -> Result<()> {
        if self.assume_yes || terminal::confirm(question)? { Ok(()) } else { Err(Error::cancelled()) }
    }
}

fn actor_from_env() -> String {
    ["REVVY_APPS_ACTOR", "USER", "LOGNAME"]
        .into_iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| {
            use std::os::unix::fs::MetadataExt as _;
            std::fs::metadata("/proc/self").map_or_else(|_| "unknown".to_owned(), |m| format!("uid {}", m.uid()))
        })
}

/// `$XDG_DATA_HOME/revvy-apps/store.db` (or the platform's equivalent).
fn default_store_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "revvy-apps").ok_or_else(|| {
        Error::usage("cannot find a home folder for the default store")
            .with_hint("pass --store PATH or set REVVY_APPS_STORE")
    })?;
    Ok(dirs.data_dir().join("store.db"))
}
