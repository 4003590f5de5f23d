//! Rendering: the only code that knows about tables, colour and JSON. The renderer is picked
//! once, from the output format, and every command hands it values.

pub mod export;
mod fit;
mod json;
mod layout;
mod pager;
mod status;
mod table;

pub use layout::ListView;
pub use status::{Method, StatusReport};

use std::io::{self, IsTerminal as _, Write};

use chrono::{DateTime, Utc};

use crate::domain::Application;
use crate::domain::member::Member;
use crate::domain::plan::Step;
use crate::error::{Error, Result};
use crate::store::{CheckReport, RemovalReport, SessionToken, StoreIdentity, StoredEvent};

/// A machine member's key as it is handed out, once: the key, its public half, the store.
pub struct MachineKey<'a> {
    pub secret: &'a str,
    pub public: &'a str,
    pub store: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// Turns values into bytes for one format.
trait Render: Sync {
    fn application(&self, out: &mut dyn Write, app: &Application, reveal: bool) -> io::Result<()>;
    /// One item of a list; called from any thread.
    fn list_item(&self, app: &Application, reveal: bool) -> Rendered;
    /// Writes a list's rendered items in order.
    fn list(&self, view: ListView, reveal: bool) -> Box<dyn ListWriter>;
    fn events(&self, out: &mut dyn Write, events: &[&StoredEvent]) -> io::Result<()>;
    fn check(&self, out: &mut dyn Write, report: &CheckReport) -> io::Result<()>;
    fn plan(&self, out: &mut dyn Write, steps: &[Step], dry_run: bool, reveal: bool) -> io::Result<()>;
    fn verified(&self, out: &mut dyn Write, app: &Application, matched: &str) -> io::Result<()>;
    fn session(&self, out: &mut dyn Write, token: &str, expires_at: &str, bare: bool) -> io::Result<()>;
    fn members(&self, out: &mut dyn Write, members: &[Member]) -> io::Result<()>;
    /// A member just added; `key` is a machine member's key, when it is handed out here.
    fn member_added(&self, out: &mut dyn Write, member: &Member, key: Option<&MachineKey>) -> io::Result<()>;
    fn member_removed(&self, out: &mut dyn Write, report: &RemovalReport) -> io::Result<()>;
    /// The store at a location, as `accept-store` shows it before accepting it.
    fn store_identity(&self, out: &mut dyn Write, identity: &StoreIdentity) -> io::Result<()>;
    fn error(&self, out: &mut dyn Write, err: &Error) -> io::Result<()>;
}

/// Receives a list's applications one by one.
trait ListWriter {
    fn push(&mut self, out: &mut dyn Write, item: Rendered) -> io::Result<()>;
    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()>;
}

/// One application of a list, rendered on any thread and waiting for its turn.
#[derive(Debug)]
pub enum Rendered {
    Json(Vec<u8>),
    Row(layout::ListRow),
}

/// Where results and messages go: data to stdout, messages and errors to stderr.
pub struct Output {
    render: Box<dyn Render>,
    reveal: bool,
    quiet: bool,
    json: bool,
}

impl Output {
    pub fn new(format: Format, reveal: bool, quiet: bool) -> Self {
        let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let render: Box<dyn Render> = match format {
            Format::Table => Box::new(table::TableRender { color }),
            Format::Json => Box::new(json::JsonRender),
        };
        Self { render, reveal, quiet, json: format == Format::Json }
    }

    pub const fn reveals(&self) -> bool {
        self.reveal
    }

    pub const fn is_json(&self) -> bool {
        self.json
    }

    pub fn application(&self, app: &Application) -> Result<()> {
        write_stdout(|out| self.render.application(out, app, self.reveal))
    }

    /// Prints a list without holding its applications: `produce` renders each with the first
    /// function it is given (from any thread) and pushes the results, in order, to the second.
    /// JSON goes out as it comes; a table keeps only its cells.
    pub fn applications(
        &self,
        view: ListView,
        produce: impl FnOnce(
            &(dyn Fn(&Application) -> Rendered + Sync),
            &mut dyn FnMut(Rendered) -> Result<()>,
        ) -> Result<()>,
    ) -> Result<()> {
        let stdout = io::stdout();
        let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
        let mut writer = self.render.list(view, self.reveal);
        let reveal = self.reveal;
        produce(&|app| self.render.list_item(app, reveal), &mut |item| {
            writer.push(&mut out, item).map_err(Error::from)
        })?;
        writer.finish(&mut out).and_then(|()| out.flush()).map_err(Error::from)
    }

    /// The audit trail; a table goes through the pager on a terminal when `page`.
    pub fn events(&self, events: &[&StoredEvent], page: bool) -> Result<()> {
        if page && !self.json {
            return pager::page(|out| self.render.events(out, events)).map_err(Error::from);
        }
        write_stdout(|out| self.render.events(out, events))
    }

    pub fn check(&self, report: &CheckReport) -> Result<()> {
        write_stdout(|out| self.render.check(out, report))
    }

    /// The plan of `apply`: what it did, or with `--dry-run` what it would do.
    pub fn plan(&self, steps: &[Step], dry_run: bool) -> Result<()> {
        write_stdout(|out| self.render.plan(out, steps, dry_run, self.reveal))
    }

    /// A successful `verify`: nothing on stdout in a table, an object in JSON.
    pub fn verified(&self, app: &Application, matched: &str) -> Result<()> {
        write_stdout(|out| self.render.verified(out, app, matched))
    }

    /// A new session token: `export REVVY_APPS_SESSION=…`, the bare token with `--quiet`, or
    /// an object in JSON.
    pub fn session(&self, token: &SessionToken, expires_at: &DateTime<Utc>) -> Result<()> {
        let text = zeroize::Zeroizing::new(token.expose());
        write_stdout(|out| self.render.session(out, &text, &timestamp(expires_at), self.quiet))
    }

    /// What `status` found.
    pub fn status(&self, report: &StatusReport) -> Result<()> {
        if self.json {
            write_stdout(|out| status::json(out, report))
        } else {
            write_stdout(|out| status::table(out, report, fit::terminal_width()))
        }
    }

    pub fn members(&self, members: &[Member]) -> Result<()> {
        write_stdout(|out| self.render.members(out, members))
    }

    /// The member just added: its JSON, or a machine key handed out, on stdout; in a table
    /// with no key to hand out there is no data, and the message goes to stderr.
    pub fn member_added(&self, member: &Member, key: Option<&MachineKey>) -> Result<()> {
        if key.is_none() && !self.is_json() {
            self.note(&format!("Added the {} member {}.", member.kind.as_str(), member.name));
            return Ok(());
        }
        write_stdout(|out| self.render.member_added(out, member, key))
    }

    pub fn member_removed(&self, report: &RemovalReport) -> Result<()> {
        write_stdout(|out| self.render.member_removed(out, report))
    }

    pub fn store_identity(&self, identity: &StoreIdentity) -> Result<()> {
        write_stdout(|out| self.render.store_identity(out, identity))
    }

    /// An informational message on stderr; `--quiet` silences it.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{message}");
        }
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "warning: {message}");
        }
    }

    /// Prints an error once, at the edge, in the chosen format.
    pub fn error(&self, err: &Error) {
        let _ = self.render.error(&mut io::stderr().lock(), err);
    }
}

/// Prints an error before the output format is known (clap failed, say), as JSON if asked.
pub fn print_early_error(err: &Error, json: bool) {
    let render: &dyn Render = if json { &json::JsonRender } else { &table::TableRender { color: false } };
    let _ = render.error(&mut io::stderr().lock(), err);
}

fn write_stdout(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    body(&mut out).and_then(|()| out.flush()).map_err(Error::from)
}

/// RFC 3339, UTC, to the second: `2026-11-26T09:30:00Z`.
pub fn timestamp(at: &DateTime<Utc>) -> String {
    crate::domain::time::rfc3339(at)
}
