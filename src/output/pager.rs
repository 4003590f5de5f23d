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

/// Writes `body` through the pager, or to stdout when there is none or it cannot start. The
/// pager inherits no credential of ours. A pager quit before the end is a closed pipe: the
/// caller treats it as success.
pub fn page(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let child = pager().and_then(|pager| {
        let mut command = Command::new("sh");
        command.args(["-c", &pager]).stdin(Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            // What git sets for less when the user has not: -R keeps colour, -F -X as above.
            command.env("LESS", "FRX");
        }
        without_credentials(&mut command).spawn().ok()
    });
    let Some(mut child) = child else {
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        return body(&mut out).and_then(|()| out.flush());
    };
    crate::sys::ignore_interrupts();
    let written = match child.stdin.take() {
        Some(stdin) => {
            let mut out = io::BufWriter::new(stdin);
            body(&mut out).and_then(|()| out.flush())
        }
        None => Ok(()),
    };
    // The person reads until they quit the pager; its exit status is theirs, not ours.
    let _ = child.wait();
    written
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
