//! The composition root: resolves the settings once, opens and unlocks the store once, and
//! dispatches each command.

use std::path::PathBuf;

use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::commands::{apply, audit, create, custody, edit, init, lifecycle, read, session, verify};
use crate::config;
use crate::credentials;
use crate::domain::application::now;
use crate::domain::audit::{Action, Event, FieldChange, Subject};
use crate::domain::{Application, Settings, Status};
use crate::error::{Error, ErrorKind, Result};
use crate::output::{Format, Output};
use crate::store::{Credential, LockedStore, Passphrase, Store};
use crate::terminal;

/// What every command may need, resolved once.
pub struct Context {
    pub store_path: PathBuf,
    pub output: Output,
    pub passphrase_file: Option<PathBuf>,
    pub assume_yes: bool,
    /// The settings `create` starts from (the config file's, else the design's).
    pub defaults: Settings,
    /// Who the audit log names: `REVVY_APPS_ACTOR`, else the login name.
    pub actor: String,
}

impl Context {
    /// Resolves every setting once: flag > environment > config file > built-in default.
    pub fn new(global: &GlobalArgs) -> Result<Self> {
        let config = config::load(global.config.as_deref())?;
        let format = if global.json { Some(OutputFormat::Json) } else { global.output };
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

    /// Opens and unlocks the store.
    pub fn open_store(&self) -> Result<Store> {
        let locked = LockedStore::open(&self.store_path)?;
        let credential = credentials::for_unlock(self.passphrase_file.as_deref(), locked.path())?;
        locked.unlock(&credential)
    }

    /// Opens and unlocks the store for `check`, which must get past the integrity problems
    /// that stop every other command so that it can report them all.
    pub fn open_store_for_check(&self) -> Result<Store> {
        let locked = LockedStore::open_for_check(&self.store_path)?;
        let credential = credentials::for_unlock(self.passphrase_file.as_deref(), locked.path())?;
        locked.unlock(&credential)
    }

    /// Opens and unlocks the store with the passphrase, never a session, and hands the
    /// passphrase back for a new key slot (`unlock`, `passwd`, `rekey`).
    pub fn open_store_with_passphrase(&self) -> Result<(Store, Passphrase)> {
        let locked = LockedStore::open(&self.store_path)?;
        let passphrase = credentials::for_unlock_with_passphrase(self.passphrase_file.as_deref(), locked.path())?;
        let credential = Credential::Passphrase(passphrase);
        let store = locked.unlock(&credential)?;
        let Credential::Passphrase(passphrase) = credential else { unreachable!("built as a passphrase above") };
        Ok((store, passphrase))
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

    /// A destructive command off a terminal needs `--yes`; checked before any key is derived.
    fn require_yes_off_terminal(&self, command: &str) -> Result<()> {
        if self.assume_yes || terminal::is_interactive() {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::ConfirmationRequired,
            format!("`{command}` needs confirmation, and stdin is not a terminal"),
        )
        .with_hint("pass --yes to confirm; nothing was changed"))
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

pub fn run(cli: &Cli) -> Result<()> {
    // Needs no store, no config, no key: answered before anything is read.
    if let Command::Completions(args) = &cli.command {
        let mut command = <Cli as clap::CommandFactory>::command();
        let mut out = std::io::stdout().lock();
        clap_complete::generate(args.shell, &mut command, "revvy-apps", &mut out);
        return Ok(());
    }
    let ctx = Context::new(&cli.global).inspect_err(|err| {
        let json = cli.global.json || cli.global.output == Some(OutputFormat::Json);
        crate::output::print_early_error(err, json);
    })?;
    run_command(&ctx, &cli.command).inspect_err(|err| {
        if !err.is_broken_pipe() {
            ctx.output.error(err);
        }
    })
}

fn run_command(ctx: &Context, command: &Command) -> Result<()> {
    match command {
        Command::Init(args) => return init::run(ctx, args),
        Command::Create(args) => return create::run(ctx, args),
        Command::Unlock(args) => return session::unlock(ctx, args),
        Command::Lock(args) => return session::lock(ctx, args),
        Command::Passwd(args) => return custody::passwd(ctx, args),
        Command::Backup(args) => return custody::backup(ctx, args),
        Command::Check => return audit::check(ctx),
        Command::Restore(args) => {
            ctx.require_yes_off_terminal("restore")?;
            return custody::restore(ctx, args);
        }
        Command::Rekey => {
            ctx.require_yes_off_terminal("rekey")?;
            return custody::rekey(ctx);
        }
        Command::Regenerate(args) => {
            lifecycle::grace_seconds(args)?;
            ctx.require_yes_off_terminal("regenerate")?;
        }
        Command::Delete(_) => ctx.require_yes_off_terminal("delete")?,
        Command::Verify(args) => verify::refuse_secret_on_argv(args)?,
        Command::Apply(args) if args.prune && !args.dry_run => ctx.require_yes_off_terminal("apply --prune")?,
        _ => {}
    }
    // Input is read and validated before the store is unlocked.
    let manifest = match command {
        Command::Apply(args) => Some(apply::read_manifest(ctx, &args.file)?),
        _ => None,
    };
    let edit_request = match command {
        Command::Edit(args) => Some(edit::parse(ctx, args)?),
        _ => None,
    };
    let mut store = ctx.open_store()?;
    match command {
        Command::Init(_)
        | Command::Create(_)
        | Command::Unlock(_)
        | Command::Lock(_)
        | Command::Passwd(_)
        | Command::Rekey
        | Command::Backup(_)
        | Command::Check
        | Command::Restore(_)
        | Command::Completions(_) => {
            unreachable!("handled above")
        }
        Command::List(args) => read::list(ctx, &mut store, args),
        Command::Show(args) => read::show(ctx, &mut store, args),
        Command::Edit(args) => match edit_request {
            Some(request) => edit::run(ctx, &mut store, args, request),
            None => unreachable!("parsed above"),
        },
        Command::Disable(args) => lifecycle::set_status(ctx, &mut store, args, Status::Disabled),
        Command::Enable(args) => lifecycle::set_status(ctx, &mut store, args, Status::Active),
        Command::Regenerate(args) => lifecycle::regenerate(ctx, &mut store, args),
        Command::Delete(args) => lifecycle::delete(ctx, &mut store, args),
        Command::Log(args) => audit::log(ctx, &mut store, args),
        Command::Verify(args) => verify::run(ctx, &mut store, args),
        Command::Apply(args) => apply::run(ctx, &mut store, args, &manifest.unwrap_or_default()),
    }
}
