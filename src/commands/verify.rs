//! `verify`: is this the secret of that application? The secret comes from stdin (a prompt
//! on a terminal), never from argv, and is compared in constant time.

use std::io::{BufRead, IsTerminal as _};

use crate::cli::VerifyArgs;
use crate::context::Context;
use crate::domain::application::now;
use crate::domain::{ClientSecret, Status};
use crate::error::{Error, ErrorKind, Result};
use crate::store::Matched;

/// Refuses a secret given on the command line before anything else happens. Its value is
/// not repeated in the message.
fn refuse_secret_on_argv(args: &VerifyArgs) -> Result<()> {
    if args.secret_on_argv.is_empty() {
        return Ok(());
    }
    Err(Error::usage("verify reads the secret from stdin, never from the command line (argv is visible to every user)")
        .with_hint("pipe it in: printf '%s\\n' \"$SECRET\" | revvy-apps verify APP"))
}

pub fn run(ctx: &Context, args: &VerifyArgs) -> Result<()> {
    refuse_secret_on_argv(args)?;
    let mut store = ctx.unlock_to_read()?;
    let candidate = read_secret()?;
    let found = store.get(&args.app)?;
    let app = &found.app;
    if app.status == Status::Disabled {
        return Err(rejected(format!("{:?} is disabled: its secrets do not verify", app.name)));
    }
    let at = now();
    let matched = if app.client_secret.matches(&candidate) {
        // Checked only for the secret that matched: an expired secret says so, a wrong one
        // says nothing about the right one's expiry.
        if let Some(expired) = app.secret_expires_at().filter(|_| app.secret_expired(at)) {
            return Err(rejected(format!(
                "the secret of {:?} expired at {}",
                app.name,
                crate::domain::time::rfc3339(&expired)
            ))
            .with_hint(format!("issue a new one with `revvy-apps regenerate {}`", app.client_id)));
        }
        Matched::Current
    } else if app.live_previous_secret(at).is_some_and(|previous| previous.matches(&candidate)) {
        Matched::Previous
    } else {
        return Err(rejected(format!("the secret does not match {:?}", app.name)));
    };
    // The answer does not wait on the record of the use: a store that cannot take the write
    // now (a read-only mount, a store still to be upgraded by its passphrase) still verifies.
    let event =
        crate::domain::audit::Event { time: at, ..ctx.event(crate::domain::audit::Action::Use, Some(app), Vec::new()) };
    if let Err(err) = store.record_use(&found, matched, at, event)
        && !matches!(err.kind(), ErrorKind::Unavailable | ErrorKind::Locked | ErrorKind::Conflict)
    {
        return Err(err);
    }
    let matched = match matched {
        Matched::Current => "current",
        Matched::Previous => "previous",
    };
    ctx.output.verified(app, matched)?;
    ctx.output.note(&format!("valid: the {matched} secret of {:?}", app.name));
    Ok(())
}

/// The most of stdin `verify` reads: a secret is 50 bytes, and a caller piping in anything
/// (`< /dev/zero`) must not make us read without end.
const MAX_SECRET_INPUT: u64 = 4096;

/// The first line of `input` without its line ending; more than 4 KiB before it is refused.
fn read_first_line(input: impl BufRead) -> Result<String> {
    let mut line = zeroize::Zeroizing::new(Vec::new());
    input.take(MAX_SECRET_INPUT + 1).read_until(b'\n', &mut line)?;
    let content = line.strip_suffix(b"\n").unwrap_or(&line);
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    if u64::try_from(content.len()).unwrap_or(u64::MAX) > MAX_SECRET_INPUT {
        return Err(Error::usage("the input on stdin is longer than 4 KiB: it is not a client secret")
            .with_hint("pipe in the secret alone: printf '%s\\n' \"$SECRET\" | revvy-apps verify APP"));
    }
    String::from_utf8(content.to_vec())
        .map_err(|_| Error::usage("the input on stdin is not UTF-8 text: it is not a client secret"))
}

fn rejected(message: String) -> Error {
    Error::new(ErrorKind::VerificationFailed, message)
}

/// The first line of stdin without its line ending, or a hidden prompt on a terminal.
fn read_secret() -> Result<ClientSecret> {
    let stdin = std::io::stdin();
    let text = if stdin.is_terminal() {
        std::mem::take(&mut *crate::terminal::ask_hidden("Client secret")?)
    } else {
        read_first_line(stdin.lock())?
    };
    if text.is_empty() {
        return Err(Error::usage("no secret on stdin")
            .with_hint("pipe it in: printf '%s\\n' \"$SECRET\" | revvy-apps verify APP"));
    }
    Ok(ClientSecret::from_string(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_is_read_up_to_4_kib() {
        assert_eq!(read_first_line(&b"rvs_abc\r\nnext"[..]).unwrap(), "rvs_abc");
        assert_eq!(read_first_line(&b"no newline"[..]).unwrap(), "no newline");
        assert_eq!(read_first_line(&[b'a'; 4096][..]).unwrap().len(), 4096);
        let long = [b'a'; 4097];
        assert_eq!(read_first_line(&long[..]).unwrap_err().kind(), ErrorKind::Usage);
        assert_eq!(read_first_line(std::io::BufReader::new(std::io::repeat(0))).unwrap_err().kind(), ErrorKind::Usage);
    }
}
