//! What every command may need, resolved once before it runs: the settings (flag >
//! environment > config file > built-in default), the output, the note the audit log keeps,
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
use crate::store::Location;
use crate::terminal;

pub struct Context {
    /// `--store` as given; [`Context::store`] parses it, once, when a command needs it.
    store_text: PathBuf,
    store: std::cell::OnceCell<Location>,
    pub output: Output,
    pub passphrase_file: Option<PathBuf>,
    /// `export --output FILE`.
    pub output_file: Option<PathBuf>,
    pub assume_yes: bool,
    /// The settings `create` starts from (the config file's, else the built-in ones).
    pub defaults: Settings,
    /// The config's `max_secret_lifetime`.
    pub secret_policy: Option<crate::domain::rules::SecretPolicy>,
    /// `REVVY_APPS_ACTOR`: a note the audit log keeps beside the member who acted.
    pub actor_note: Option<String>,
    /// The OS user's name (`$USER`): which passphrase member to unlock as among several.
    pub os_user: Option<String>,
    /// `--as` / `REVVY_APPS_AS`, else the config's `member`: the passphrase member to unlock as.
    pub as_member: Option<String>,
    /// Where `as_member` came from, for `status`.
    pub as_member_source: &'static str,
    /// `--identity-file` / `REVVY_APPS_IDENTITY_FILE`.
    pub identity_file: Option<PathBuf>,
}

impl Context {
    /// Resolves every setting once: flag > environment > config file > built-in default.
    /// `writes_files` is true for the command whose `--output` names a file (`export`).
    pub fn new(global: &GlobalArgs, writes_files: bool) -> Result<Self> {
        let config = config::load(global.config.as_deref())?;
        let (output, output_file) = match &global.output {
            // `-o json` by habit must not leave the secrets in a file named `json`.
            Some(OutputOption::Format(format)) if writes_files => {
                let name = option_name(*format);
                return Err(Error::usage(format!(
                    "-o {name} names an output format, but this command's -o names the file it writes"
                ))
                .with_hint(format!("to write a file named {name}, pass -o ./{name}; nothing was written")));
            }
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
            store: std::cell::OnceCell::new(),
            store_text: match global.store.clone().or(config.store) {
                Some(path) => path,
                None => default_store_path()?,
            },
            defaults: config.defaults,
            secret_policy: config.secret_policy,
            output: Output::new(format, global.reveal, global.quiet),
            passphrase_file: global.passphrase_file.clone(),
            output_file,
            assume_yes: global.yes,
            actor_note: std::env::var("REVVY_APPS_ACTOR").ok().filter(|v| !v.trim().is_empty()),
            os_user: os_user(),
            as_member_source: member_source(global, config.member.as_deref()),
            as_member: global.as_member.clone().filter(|name| !name.is_empty()).or(config.member),
            identity_file: global.identity_file.clone(),
        })
    }

    /// An audit event by this actor, now.
    pub fn event(&self, action: Action, app: Option<&Application>, changes: Vec<FieldChange>) -> Event {
        Event {
            time: now(),
            action,
            // The store names the actor: the member who unlocked it.
            actor: String::new(),
            application: app.map(Subject::of),
            changes,
            version: None,
            via: None,
            member: None,
            note: self.actor_note.clone(),
            scoped_seq: None,
            sealed_as: None,
        }
    }

    /// The reveal events owed when `apps` are printed: none without `--reveal`.
    pub fn reveal_events<'a>(&self, apps: impl IntoIterator<Item = &'a Application>) -> Vec<Event> {
        if !self.output.reveals() {
            return Vec::new();
        }
        apps.into_iter().map(|app| self.event(Action::Reveal, Some(app), Vec::new())).collect()
    }

    /// The first member of a new store: `--as`, else the OS user's name, else `owner`.
    pub fn first_member(&self) -> Result<String> {
        match &self.as_member {
            Some(name) => Ok(crate::domain::member::member_name(name)?),
            None => Ok(crate::domain::member::default_first_member(self.os_user.as_deref())),
        }
    }

    /// Where the store is: `--store`, `REVVY_APPS_STORE`, the config's, or the default file,
    /// parsed once (a URL is checked then, before anything connects).
    pub fn store(&self) -> Result<&Location> {
        if let Some(store) = self.store.get() {
            return Ok(store);
        }
        let parsed = Location::parse(&self.store_text)?;
        Ok(self.store.get_or_init(|| parsed))
    }

    pub fn refuse_existing_store(&self) -> Result<()> {
        let store = self.store()?;
        if store.file().is_some_and(std::path::Path::exists) {
            return Err(Error::new(ErrorKind::Conflict, format!("a store already exists at {store}"))
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

/// `--as`, `REVVY_APPS_AS` (clap read either into `--as`) or the config's `member`.
fn member_source(global: &GlobalArgs, config: Option<&str>) -> &'static str {
    match (&global.as_member, config) {
        // An empty `--as` / REVVY_APPS_AS names nobody: the config's member then applies.
        (Some(name), _) if !name.is_empty() && std::env::var("REVVY_APPS_AS").is_ok_and(|v| v == *name) => {
            "REVVY_APPS_AS"
        }
        (Some(name), _) if !name.is_empty() => "--as",
        (_, Some(_)) => "the config's member",
        _ => "",
    }
}

fn option_name(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Json => "json",
        OutputFormat::Table => "table",
    }
}

/// The OS user's name, from the environment a login sets: which member a passphrase is for
/// among several, and the first member's default name.
fn os_user() -> Option<String> {
    ["USER", "LOGNAME"].into_iter().find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
}

/// `$XDG_DATA_HOME/revvy-apps/store.db` (or the platform's equivalent).
fn default_store_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "revvy-apps").ok_or_else(|| {
        Error::usage("cannot find a home folder for the default store")
            .with_hint("pass --store PATH or set REVVY_APPS_STORE")
    })?;
    Ok(dirs.data_dir().join("store.db"))
}
