//! `verify`: is this the secret of that application? The secret comes from stdin (a prompt
//! on a terminal), never from argv, and is compared in constant time.

use std::io::{BufRead as _, IsTerminal as _};

use crate::app::Context;
use crate::cli::VerifyArgs;
use crate::domain::application::now;
use crate::domain::{ClientSecret, Status};
use crate::error::{Error, ErrorKind, Result};
use crate::store::Store;

/// Refuses a secret given on the command line before anything else happens. Its value is
/// not repeated in the message.
pub fn refuse_secret_on_argv(args: &VerifyArgs) -> Result<()> {
    if args.secret_on_argv.is_empty() {
        return Ok(());
    }
    Err(Error::usage("verify reads the secret from stdin, never from the command line (argv is visible to every user)")
        .with_hint("pipe it in: printf '%s\\n' \"$SECRET\" | revvy-apps verify APP"))
}

pub fn run(ctx: &Context, store: &mut Store, args: &VerifyArgs) -> Result<()> {
    let candidate = read_secret()?;
    let found = store.get(&args.app)?;
    let app = &found.app;
    if app.status == Status::Disabled {
        return Err(rejected(format!("{:?} is disabled: its secrets do not verify", app.name)));
    }
    let matched = if app.client_secret.matches(&candidate) {
        "current"
    } else if app.live_previous_secret(now()).is_some_and(|previous| previous.matches(&candidate)) {
        "previous"
    } else {
        return Err(rejected(format!("the secret does not match {:?}", app.name)));
    };
    ctx.output.verified(app, matched)?;
    ctx.output.note(&format!("valid: the {matched} secret of {:?}", app.name));
    Ok(())
}

fn rejected(message: String) -> Error {
    Error::new(ErrorKind::VerificationFailed, message)
}

/// The first line of stdin without its line ending, or a hidden prompt on a terminal.
fn read_secret() -> Result<ClientSecret> {
    let stdin = std::io::stdin();
    let text = if stdin.is_terminal() {
        crate::hardening::restore_terminal_on_interrupt();
        dialoguer::Password::new().with_prompt("Client secret").interact().map_err(|err| {
            let dialoguer::Error::IO(io) = err;
            Error::from(io)
        })?
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        let trimmed = line.trim_end_matches(['\n', '\r']).to_owned();
        zeroize::Zeroize::zeroize(&mut line);
        trimmed
    };
    if text.is_empty() {
        return Err(Error::usage("no secret on stdin")
            .with_hint("pipe it in: printf '%s\\n' \"$SECRET\" | revvy-apps verify APP"));
    }
    Ok(ClientSecret::from_string(text))
}
