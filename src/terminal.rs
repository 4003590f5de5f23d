//! Everything that asks a person something: passphrase prompts and confirmations. Nothing here
//! runs unless stdin is a terminal; scripts never see a prompt.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};
use crate::store::Passphrase;

/// True when a person can answer: stdin and stderr are both terminals.
/// True when stdout is a terminal: where secrets are not written without `--reveal`.
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdout().is_terminal()
}

pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

pub fn ask_passphrase(prompt: &str) -> Result<Passphrase> {
    ask_hidden(prompt).map(|mut answer| Passphrase::new(std::mem::take(&mut *answer)))
}

/// One line read with echo off (a passphrase, a client secret).
pub fn ask_hidden(prompt: &str) -> Result<Zeroizing<String>> {
    Ok(read_hidden(&[prompt])?.remove(0))
}

/// Asks twice; a mismatch asks again.
pub fn ask_new_passphrase(prompt: &str) -> Result<Passphrase> {
    loop {
        let mut answers = read_hidden(&[prompt, "Repeat the passphrase"])?;
        if answers[0] == answers[1] {
            return Ok(Passphrase::new(std::mem::take(&mut *answers[0])));
        }
        let _ = writeln!(std::io::stderr(), "The passphrases do not match; try again.");
    }
}

/// Reads one hidden line per prompt. Echo goes off before the first prompt is printed and
/// comes back after the last answer.
fn read_hidden(prompts: &[&str]) -> Result<Vec<Zeroizing<String>>> {
    crate::sys::restore_terminal_on_interrupt();
    let echo_off = crate::sys::EchoOff::new()
        .map_err(|err| Error::internal("cannot turn the terminal's echo off").with_source(err))?;
    let mut answers = Vec::with_capacity(prompts.len());
    let mut stderr = std::io::stderr();
    for prompt in prompts {
        write!(stderr, "{prompt}: ").and_then(|()| stderr.flush())?;
        let mut line = Zeroizing::new(String::new());
        let read = std::io::stdin().lock().read_line(&mut line);
        let _ = writeln!(stderr);
        if read? == 0 {
            return Err(Error::new(ErrorKind::Interrupted, "the prompt was closed (end of input)"));
        }
        answers.push(Zeroizing::new(line.trim_end_matches(['\n', '\r']).to_owned()));
    }
    drop(echo_off);
    Ok(answers)
}

/// A yes/no question whose default is no.
pub fn confirm(question: &str) -> Result<bool> {
    crate::sys::restore_terminal_on_interrupt();
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
