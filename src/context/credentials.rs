//! Where the key comes from, first match wins: a session token, a passphrase file,
//! the passphrase variable, a prompt on a terminal. No option ever takes a passphrase itself.

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::store::{AskPassphrase, Identity, Passphrase, SessionToken};
use crate::terminal;

pub const PASSPHRASE_ENV: &str = "REVVY_APPS_PASSPHRASE";

pub const SESSION_ENV: &str = "REVVY_APPS_SESSION";

pub const NEW_PASSPHRASE_ENV: &str = "REVVY_APPS_NEW_PASSPHRASE";

/// Variables that hold a credential itself. No child process (the editor, a command run with
/// the credentials) inherits them: they are ours, not the child's.
pub const CREDENTIAL_ENV: [&str; 4] = [PASSPHRASE_ENV, SESSION_ENV, NEW_PASSPHRASE_ENV, IDENTITY_ENV];

/// Variables that point at a credential: no child needs to know where ours are kept.
pub const CREDENTIAL_POINTER_ENV: [&str; 2] = ["REVVY_APPS_PASSPHRASE_FILE", "REVVY_APPS_IDENTITY_FILE"];

/// Removes our credentials, and where they are kept, from a child's environment.
pub fn without_credentials(command: &mut std::process::Command) -> &mut std::process::Command {
    CREDENTIAL_ENV.iter().chain(&CREDENTIAL_POINTER_ENV).fold(command, |command, name| command.env_remove(name))
}

const LOCKED_HINT: &str = "set REVVY_APPS_SESSION (printed by `revvy-apps unlock`), pass --identity-file PATH \
(or set REVVY_APPS_IDENTITY_FILE or REVVY_APPS_IDENTITY), pass --passphrase-file PATH (or set \
REVVY_APPS_PASSPHRASE_FILE), set REVVY_APPS_PASSPHRASE, or run on a terminal to be asked";

/// The session token in the environment, if any. A token that is set but malformed is an
/// error, not a reason to fall back to the passphrase.
pub fn session_from_env() -> Result<Option<SessionToken>> {
    match std::env::var(SESSION_ENV) {
        Ok(text) if !text.trim().is_empty() => SessionToken::parse(&text).map(Some),
        _ => Ok(None),
    }
}

/// The passphrase of an existing store's `member`: the file, the variable, else a prompt on a
/// terminal.
pub fn for_unlock(passphrase_file: Option<&Path>, store: &Path, member: &str) -> Result<Passphrase> {
    if let Some(passphrase) = non_interactive_passphrase(passphrase_file)? {
        return Ok(passphrase);
    }
    if terminal::is_interactive() {
        return terminal::ask_passphrase(&format!("Passphrase for {} (member {member})", store.display()));
    }
    Err(Error::new(
        ErrorKind::Locked,
        "the store is locked: no passphrase or session was given and stdin is not a terminal",
    )
    .with_hint(LOCKED_HINT))
}

/// The passphrase of a new store: asked twice on a terminal. Empty is refused.
pub fn for_new_store(passphrase_file: Option<&Path>, store: &crate::store::Location) -> Result<Passphrase> {
    let passphrase = match non_interactive_passphrase(passphrase_file)? {
        Some(passphrase) => passphrase,
        None if terminal::is_interactive() => terminal::ask_new_passphrase(&format!("New passphrase for {store}"))?,
        None => {
            return Err(Error::new(ErrorKind::Locked, "a new store needs a passphrase, and stdin is not a terminal")
                .with_hint(
                    "pass --passphrase-file PATH (or set REVVY_APPS_PASSPHRASE_FILE), or set REVVY_APPS_PASSPHRASE",
                ));
        }
    };
    if passphrase.is_empty() {
        return Err(Error::invalid("the passphrase is empty").with_hint("choose a passphrase of several words"));
    }
    Ok(passphrase)
}

/// The new passphrase of `passwd`: `--new-passphrase-file`, `REVVY_APPS_NEW_PASSPHRASE`, or a
/// prompt asked twice.
pub fn new_passphrase(file: Option<&Path>, store: &Path) -> Result<Passphrase> {
    let passphrase = if let Some(path) = file {
        read_passphrase_file(path)?
    } else if let Ok(text) = std::env::var(NEW_PASSPHRASE_ENV) {
        Passphrase::new(text)
    } else if terminal::is_interactive() {
        terminal::ask_new_passphrase(&format!("New passphrase for {}", store.display()))?
    } else {
        return Err(Error::new(ErrorKind::Locked, "the new passphrase was not given, and stdin is not a terminal")
            .with_hint("pass --new-passphrase-file PATH or set REVVY_APPS_NEW_PASSPHRASE"));
    };
    if passphrase.is_empty() {
        return Err(Error::invalid("the new passphrase is empty").with_hint("choose a passphrase of several words"));
    }
    Ok(passphrase)
}

/// A passphrase given without a prompt: the file first, then the variable.
fn non_interactive_passphrase(passphrase_file: Option<&Path>) -> Result<Option<Passphrase>> {
    if let Some(path) = passphrase_file {
        return read_passphrase_file(path).map(Some);
    }
    match std::env::var(PASSPHRASE_ENV) {
        Ok(text) => Ok(Some(Passphrase::new(text))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::invalid(format!("{PASSPHRASE_ENV} is not valid UTF-8")).with_hint("use a UTF-8 passphrase"))
        }
    }
}

/// A credential file that others may read is used, with a warning that says how to close it
/// (as ssh says of a private key).
fn warn_if_readable_by_others(path: &Path, what: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        eprintln!(
            "warning: the {what} {} can be read by other users (mode {:04o}); run: chmod 600 {}",
            path.display(),
            meta.permissions().mode() & 0o7777,
            path.display()
        );
    }
}

/// The first line of the file, without its line ending. A file that others may read is used,
/// with a warning that says how to close it (as ssh says of a private key).
pub fn read_passphrase_file(path: &Path) -> Result<Passphrase> {
    warn_if_readable_by_others(path, "passphrase file");
    let content = zeroize::Zeroizing::new(std::fs::read(path).map_err(|err| {
        let kind =
            if err.kind() == std::io::ErrorKind::NotFound { ErrorKind::InvalidInput } else { ErrorKind::Internal };
        Error::new(kind, format!("cannot read the passphrase file {}", path.display()))
            .with_hint("check the path given to --passphrase-file or REVVY_APPS_PASSPHRASE_FILE")
            .with_source(err)
    })?);
    let text = std::str::from_utf8(&content)
        .map_err(|_| Error::invalid(format!("the passphrase file {} is not UTF-8 text", path.display())))?;
    let line = text.split('\n').next().unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(line);
    Ok(Passphrase::new(line.to_owned()))
}

pub const IDENTITY_ENV: &str = "REVVY_APPS_IDENTITY";

/// The identities given to unlock with: `--identity-file` / `REVVY_APPS_IDENTITY_FILE` (a key
/// file), else `REVVY_APPS_IDENTITY` (the key itself, as a CI secret store hands it over).
/// Returns them with where they came from, for messages; `None` when neither is set.
pub fn identities(identity_file: Option<&Path>) -> Result<Option<(Vec<Identity>, String)>> {
    let ask: AskPassphrase =
        std::sync::Arc::new(
            |description: &str| {
                if terminal::is_interactive() { terminal::ask_hidden(description).ok() } else { None }
            },
        );
    identities_asking(identity_file, ask)
}

/// As [`identities`], but a key that needs a passphrase (an encrypted OpenSSH key) is not
/// asked for one: for `status` and shell completion, which never ask.
pub fn identities_without_asking(identity_file: Option<&Path>) -> Result<Option<(Vec<Identity>, String)>> {
    identities_asking(identity_file, std::sync::Arc::new(|_: &str| None))
}

fn identities_asking(identity_file: Option<&Path>, ask: AskPassphrase) -> Result<Option<(Vec<Identity>, String)>> {
    if let Some(path) = identity_file {
        let source = path.display().to_string();
        warn_if_readable_by_others(path, "identity file");
        let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|err| {
            Error::new(ErrorKind::InvalidIdentity, format!("cannot read the identity file {source}"))
                .with_hint("check the path given to --identity-file or REVVY_APPS_IDENTITY_FILE")
                .with_source(err)
        })?);
        return Ok(Some((Identity::parse_all(&text, &source, ask)?, source)));
    }
    match std::env::var(IDENTITY_ENV) {
        Ok(text) if !text.trim().is_empty() => {
            let text = zeroize::Zeroizing::new(text);
            Ok(Some((Identity::parse_all(&text, IDENTITY_ENV, ask)?, IDENTITY_ENV.to_owned())))
        }
        _ => Ok(None),
    }
}
