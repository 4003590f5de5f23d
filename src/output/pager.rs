//! A long table through `$PAGER`, as git does: only when stdout is a terminal; `less -FRX`
//! when `PAGER` is unset (it quits at once when the text fits one screen, keeps colour and
//! leaves the text on the screen); none when `PAGER` is empty or `cat`.

use std::io::{self, IsTerminal as _, Write};
use std::process::{Command, Stdio};

use crate::context::credentials::without_credentials;

const DEFAULT: &str = "less -FRX";

/// The pager's command line, when output is to be paged.
fn pager() -> Option<String> {
    if !io::stdout().is_terminal() {
        return None;
    }
    let pager = match std::env::var("PAGER") {
        Ok(pager) => pager,
        // A shell could start the default, find no `less` and leave nothing on the screen:
        // without one (a slim container), no pager.
        Err(_) if on_path("less") => DEFAULT.to_owned(),
        Err(_) => return None,
    };
    let pager = pager.trim();
    (!pager.is_empty() && pager != "cat").then(|| pager.to_owned())
}

/// Writes `body` through the pager, or to stdout when there is none, it cannot start, or it
/// fails (a pager that is not there, `PAGER=false`: the text is never lost). The pager
/// inherits no credential of ours. A pager quit before the end is a closed pipe: the caller
/// treats it as success.
pub fn page(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let Some(pager) = pager() else { return to_stdout(body) };
    // Rendered first, so that it can still go to stdout if the pager fails.
    let mut text = Vec::new();
    body(&mut text)?;
    let mut command = Command::new("sh");
    command.args(["-c", &pager]).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // What git sets for less when the user has not: -R keeps colour, -F -X as above.
        command.env("LESS", "FRX");
    }
    let child = without_credentials(&mut command).spawn().ok();
    let Some(mut child) = child else { return to_stdout(|out| out.write_all(&text)) };
    crate::sys::ignore_interrupts();
    let written = match child.stdin.take() {
        Some(mut stdin) => stdin.write_all(&text).and_then(|()| stdin.flush()),
        None => Ok(()),
    };
    // The person reads until they quit the pager. One that failed (not found, `false`) read
    // nothing they saw: the text goes to stdout instead, with a word on stderr.
    match child.wait() {
        Ok(status) if !status.success() && status.code().is_some() => {
            eprintln!(
                "warning: the pager ({}) failed; printing without it",
                std::env::var("PAGER").unwrap_or_default()
            );
            to_stdout(|out| out.write_all(&text))
        }
        _ => written,
    }
}

fn to_stdout(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    body(&mut out).and_then(|()| out.flush())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
