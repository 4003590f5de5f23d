//! `run` and `export`: credentials delivered straight to where they are used — a command's
//! environment, or a file in the form its reader expects — never through argv, and each
//! delivery recorded as a reveal.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::{DeliveryArgs, ExportArgs, ExportFormat, RunArgs};
use crate::context::Context;
use crate::context::credentials;
use crate::domain::audit::Action;
use crate::domain::delivery::{self, Mapping, Naming, Variable};
use crate::domain::{Application, Status};
use crate::error::{Error, ErrorKind, Result};
use crate::output::export;
use crate::terminal;

/// What to deliver, checked before the store is unlocked.
struct Request {
    apps: Vec<String>,
    naming: Naming,
    mappings: Vec<Mapping>,
    allow_disabled: bool,
}

impl Request {
    fn parse(args: &DeliveryArgs) -> Result<Self> {
        if args.apps.is_empty() && args.mappings.is_empty() {
            return Err(Error::usage("name at least one application (or map a field with --env NAME=APP.FIELD)"));
        }
        let mappings = args.mappings.iter().map(|m| m.parse()).collect::<Result<Vec<Mapping>, _>>()?;
        Ok(Self {
            naming: Naming::choose(args.apps.len(), args.prefix.as_deref())?,
            apps: args.apps.clone(),
            mappings,
            allow_disabled: args.allow_disabled,
        })
    }

    /// Reads the applications and records one reveal each (with `via`), in one transaction:
    /// what is delivered is exactly what was recorded. A disabled application is refused
    /// unless allowed. `check` may refuse the variables before anything is recorded.
    fn variables(
        &self,
        ctx: &Context,
        via: &str,
        check: impl FnOnce(&[Variable]) -> Result<()>,
    ) -> Result<Vec<Variable>> {
        let mut store = ctx.unlock_to_read()?;
        store.reveal(|source| {
            let get = |reference: &String| source.get(reference).map(|stored| stored.app);
            let listed: Vec<Application> = self.apps.iter().map(get).collect::<Result<_>>()?;
            let mapped: Vec<Application> = self.mappings.iter().map(|m| get(&m.app)).collect::<Result<_>>()?;
            let mut revealed: Vec<&Application> = Vec::new();
            for app in listed.iter().chain(&mapped) {
                if app.status == Status::Disabled && !self.allow_disabled {
                    return Err(Error::invalid(format!(
                        "{:?} is disabled: its credentials are not delivered",
                        app.name
                    ))
                    .with_hint("enable it, or pass --allow-disabled"));
                }
                if !revealed.iter().any(|seen| seen.client_id == app.client_id) {
                    revealed.push(app);
                }
            }
            let events: Vec<_> = revealed
                .iter()
                .map(|app| {
                    let mut event = ctx.event(Action::Reveal, Some(app), Vec::new());
                    event.via = Some(via.to_owned());
                    event
                })
                .collect();
            // Built before the reveals are recorded: a refusal records nothing.
            let variables = delivery::variables(&listed, &self.naming, &self.mappings, &mapped)?;
            check(&variables)?;
            Ok((variables, events))
        })
    }
}

/// `run APP… -- COMMAND`: the command replaces this process, so its exit status, its signals,
/// its standard streams and the terminal are its own.
pub fn run(ctx: &Context, args: &RunArgs) -> Result<()> {
    use std::os::unix::process::CommandExt as _;
    let request = Request::parse(&args.delivery)?;
    let variables = request.variables(ctx, "run", |_| Ok(()))?;
    let (program, arguments) = args.command.split_first().ok_or_else(|| Error::usage("no command to run after --"))?;
    let mut command = std::process::Command::new(program);
    command.args(arguments);
    credentials::without_credentials(&mut command);
    for var in &variables {
        command.env(&var.name, &var.value);
    }
    // The command gets the umask and core-dump limit it would have had without us.
    crate::sys::restore_for_exec();
    let err = command.exec();
    let program = Path::new(program).display().to_string();
    Err(match err.kind() {
        std::io::ErrorKind::NotFound => Error::new(ErrorKind::CommandNotFound, format!("{program}: command not found"))
            .with_hint("check the command after --, and PATH"),
        std::io::ErrorKind::PermissionDenied => {
            Error::new(ErrorKind::CommandNotExecutable, format!("{program}: permission denied"))
                .with_hint("check that the command is an executable file")
        }
        _ => Error::new(ErrorKind::CommandNotExecutable, format!("cannot run {program}")).with_source(err),
    })
}

/// `export APP… --format F`: the variables in F's form, on stdout or in a private file.
pub fn export(ctx: &Context, args: &ExportArgs) -> Result<()> {
    let request = Request::parse(&args.delivery)?;
    let target = Target::choose(ctx, args)?;
    let secret_name = if args.format == ExportFormat::K8s {
        Some(secret_name(args, &request)?)
    } else if args.name.is_some() || args.namespace.is_some() {
        return Err(Error::usage("--name and --namespace are for --format k8s"));
    } else {
        None
    };
    let dotenv = |variables: &[Variable]| {
        export::dotenv(variables).map_err(|(name, holds)| {
            Error::invalid(format!("the value of {name} holds {holds}"))
                .with_hint("use --format env or json for this value, or leave it out")
        })
    };
    // A value the dotenv form cannot hold is refused before the reveal is recorded.
    let variables = request.variables(ctx, "export", |variables| {
        if args.format == ExportFormat::Dotenv { dotenv(variables).map(drop) } else { Ok(()) }
    })?;
    let text =
        match args.format {
            ExportFormat::Env => export::env(&variables),
            ExportFormat::Dotenv => dotenv(&variables)?,
            ExportFormat::Json => export::json(&variables),
            ExportFormat::K8s => {
                export::k8s(&variables, secret_name.as_deref().unwrap_or_default(), args.namespace.as_deref())
            }
            ExportFormat::Github => {
                let out = export::github(&variables, || {
                    crate::store::crypto::to_hex(&crate::store::crypto::random_array::<12>())
                });
                // The masks reach the runner before any value can be printed.
                print_stdout(&out.masks)?;
                out.env_file
            }
        };
    target.write(&text)?;
    match &target {
        Target::Stdout => {}
        Target::File { path, .. } => {
            ctx.output.note(&format!("Wrote {} variable(s) to {} (mode 0600)", variables.len(), path.display()));
        }
        Target::GitHubEnv(path) => {
            ctx.output.note(&format!("Appended {} variable(s) to $GITHUB_ENV ({})", variables.len(), path.display()));
        }
    }
    Ok(())
}

/// Where `export` writes.
enum Target {
    Stdout,
    File { path: PathBuf, force: bool },
    GitHubEnv(PathBuf),
}

impl Target {
    /// Checked before the store is unlocked: a refused target costs no key derivation.
    fn choose(ctx: &Context, args: &ExportArgs) -> Result<Self> {
        let output = ctx.output_file.clone();
        if args.force && output.is_none() {
            return Err(Error::usage("--force replaces an --output file; there is none"));
        }
        if args.format == ExportFormat::Github {
            if output.is_some() {
                return Err(Error::usage("--format github appends to $GITHUB_ENV and takes no --output"));
            }
            let path = std::env::var_os("GITHUB_ENV").filter(|v| !v.is_empty()).ok_or_else(|| {
                Error::usage("--format github needs $GITHUB_ENV, which GitHub Actions sets in a step")
                    .with_hint("outside GitHub Actions, use --format env or dotenv")
            })?;
            let path = PathBuf::from(path);
            appendable(&path)?;
            refuse_terminal(ctx, "the masks hold the secrets")?;
            return Ok(Self::GitHubEnv(path));
        }
        if let Some(path) = output {
            writable(&path, args.force)?;
            return Ok(Self::File { path, force: args.force });
        }
        refuse_terminal(ctx, "this output holds the secrets")?;
        Ok(Self::Stdout)
    }

    fn write(&self, text: &str) -> Result<()> {
        match self {
            Self::Stdout => print_stdout(text),
            Self::File { path, force } => write_private(path, text.as_bytes(), *force),
            Self::GitHubEnv(path) => append(path, text.as_bytes()),
        }
    }
}

/// Secrets go to a terminal only when asked for with `--reveal`.
pub(super) fn refuse_terminal(ctx: &Context, why: &str) -> Result<()> {
    if ctx.output.reveals() || !terminal::stdout_is_terminal() {
        return Ok(());
    }
    Err(Error::usage(format!("stdout is a terminal and {why}"))
        .with_hint("pass --reveal to print them, or --output FILE to write a private file"))
}

pub(super) fn print_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Refuses, before anything is unlocked or revealed, an output file that exists (without
/// `force`) or whose folder does not.
pub(crate) fn writable(path: &Path, force: bool) -> Result<()> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    let folder = path.parent().filter(|folder| !folder.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(Error::usage(format!(
            "{} is in a folder that does not exist: {}",
            path.display(),
            folder.display()
        ))
        .with_hint("create the folder first, or choose another file; nothing was written"));
    }
    Ok(())
}

pub(super) fn exists(path: &Path) -> Error {
    Error::new(ErrorKind::Conflict, format!("{} already exists", path.display()))
        .with_hint("choose another file, or pass --force to replace it")
}

/// Writes `path` private from its first byte, whatever the umask: a temporary file made 0600
/// in the same folder, written and synced, then renamed into place (refusing an existing
/// file unless `force`), and the folder synced so the rename survives a crash.
pub(crate) fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let context = |err: std::io::Error| Error::from(err).context(format!("cannot write {}", path.display()));
    let mut file = tempfile::Builder::new().prefix(".revvy-apps-export-").tempfile_in(&folder).map_err(context)?;
    file.write_all(bytes).map_err(context)?;
    file.as_file().sync_all().map_err(context)?;
    let persisted = if force { file.persist(path) } else { file.persist_noclobber(path) };
    persisted.map_err(|err| {
        if err.error.kind() == std::io::ErrorKind::AlreadyExists { exists(path) } else { context(err.error) }
    })?;
    std::fs::File::open(&folder).and_then(|dir| dir.sync_all()).map_err(context)
}

/// Refuses a `GITHUB_ENV` that cannot be appended to as a file — a folder, or a path in a
/// folder that does not exist — as bad input naming it, before anything is unlocked.
fn appendable(path: &Path) -> Result<()> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Error::usage(format!("$GITHUB_ENV ({shown}) is a folder, not a file"))
            .with_hint("GitHub Actions sets GITHUB_ENV to a file; point it at one; nothing was written"));
    }
    // A symbolic link is appended through: where it points is what must be a file's place.
    let target = match std::fs::read_link(path) {
        Ok(link) => path.parent().unwrap_or(Path::new(".")).join(link),
        Err(_) => path.to_path_buf(),
    };
    let folder = target.parent().filter(|folder| !folder.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(Error::usage(format!(
            "$GITHUB_ENV ({shown}) is in a folder that does not exist: {}",
            folder.display()
        ))
        .with_hint("GitHub Actions sets GITHUB_ENV to a file in an existing folder; check it; nothing was written"));
    }
    Ok(())
}

/// Appends to the `GITHUB_ENV` file, never replacing what earlier steps put there.
fn append(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)
        .map_err(|err| not_written(path, &err))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|err| not_written(path, &err))
}

/// `$GITHUB_ENV` could not be written: said of that file, never of the store.
fn not_written(path: &Path, err: &std::io::Error) -> Error {
    let kind = match err.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::ReadOnlyFilesystem => ErrorKind::Unavailable,
        std::io::ErrorKind::NotFound | std::io::ErrorKind::IsADirectory | std::io::ErrorKind::PermissionDenied => {
            ErrorKind::Usage
        }
        _ => ErrorKind::Internal,
    };
    Error::new(kind, format!("cannot write $GITHUB_ENV ({}): {err}", path.display()))
        .with_hint("the masks were printed, but the variables did not reach the file; fix it and run the step again")
}

/// The Secret's name: `--name`, else the one application's name made a DNS-1123 name.
fn secret_name(args: &ExportArgs, request: &Request) -> Result<String> {
    if let Some(namespace) = &args.namespace {
        dns_name(namespace, "--namespace", 63)?;
    }
    if let Some(name) = &args.name {
        return dns_name(name, "--name", 253);
    }
    match request.apps.as_slice() {
        [one] => {
            let derived: String = one
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' })
                .collect();
            dns_name(derived.trim_matches(|c| c == '-' || c == '.'), "the application's name", 253)
                .map_err(|err| err.with_hint("pass --name NAME"))
        }
        _ => Err(Error::usage("--format k8s needs --name for a Secret of several applications")),
    }
}

/// Kubernetes names: lower-case letters, digits, `-` and `.`, starting and ending with a
/// letter or digit.
fn dns_name(text: &str, what: &str, max: usize) -> Result<String> {
    let ok_edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let valid = !text.is_empty()
        && text.len() <= max
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && ok_edge(text.chars().next())
        && ok_edge(text.chars().last());
    if valid {
        Ok(text.to_owned())
    } else {
        Err(Error::invalid(format!("{what} {text:?} is not a Kubernetes name"))
            .with_hint(format!("use lower-case letters, digits, '-' and '.', at most {max} characters")))
    }
}
