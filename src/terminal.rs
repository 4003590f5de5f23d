//! Everything that asks a person something: passphrase prompts and confirmations. Nothing here
//! runs unless stdin is a terminal; scripts never see a prompt.

use std::io::IsTerminal as _;

use crate::error::{Error, ErrorKind, Result};
use crate::store::Passphrase;

/// True when a person can answer: stdin and stderr are both terminals.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

pub fn ask_passphrase(prompt: &str) -> Result<Passphrase> {
    crate::hardening::restore_terminal_on_interrupt();
    let text =
        dialoguer::Password::new().with_prompt(prompt).allow_empty_password(true).interact().map_err(prompt_error)?;
    Ok(Passphrase::new(text))
}

/// Asks twice; a mismatch asks again.
pub fn ask_new_passphrase(prompt: &str) -> Result<Passphrase> {
    crate::hardening::restore_terminal_on_interrupt();
    let text = dialoguer::Password::new()
        .with_prompt(prompt)
        .with_confirmation("Repeat the passphrase", "The passphrases do not match; try again.")
        .interact()
        .map_err(prompt_error)?;
    Ok(Passphrase::new(text))
}

/// A yes/no question whose default is no.
pub fn confirm(question: &str) -> Result<bool> {
    crate::hardening::restore_terminal_on_interrupt();
    dialoguer::Confirm::new().with_prompt(question).default(false).interact().map_err(prompt_error)
}

fn prompt_error(err: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = err;
    if io.kind() == std::io::ErrorKind::Interrupted {
        Error::new(ErrorKind::Interrupted, "interrupted")
    } else {
        Error::internal("cannot read from the terminal").with_source(io)
    }
}
