//! One module per group of subcommands. Each command reads as its steps: validate the input,
//! confirm, open (unlock) the store, act, and hand its results to the output. Input is checked
//! before the store is unlocked, so a mistake costs no key derivation and changes nothing.

pub mod access;
pub mod apply;
pub mod audit;
pub mod create;
pub mod custody;
pub mod deliver;
pub mod edit;
pub mod init;
pub mod inject;
pub mod lifecycle;
pub mod read;
pub mod session;
pub mod settings;
pub mod status;
pub mod verify;

use crate::cli::{Command, CompletionsArgs};
use crate::context::Context;
use crate::domain::audit::{self as audit_event, Action};
use crate::domain::{Application, Status};
use crate::error::Result;
use crate::store::{Stored, Writer};

/// Runs one command.
pub fn run(ctx: &Context, command: &Command) -> Result<()> {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Create(args) => create::run(ctx, args),
        Command::List(args) => read::list(ctx, args),
        Command::Show(args) => read::show(ctx, args),
        Command::Edit(args) => edit::run(ctx, args),
        Command::Disable(args) => lifecycle::set_status(ctx, args, Status::Disabled),
        Command::Enable(args) => lifecycle::set_status(ctx, args, Status::Active),
        Command::Regenerate(args) => lifecycle::regenerate(ctx, args),
        Command::Delete(args) => lifecycle::delete(ctx, args),
        Command::Verify(args) => verify::run(ctx, args),
        Command::Apply(args) => apply::run(ctx, args),
        Command::Run(args) => deliver::run(ctx, args),
        Command::Export(args) => deliver::export(ctx, args),
        Command::Unlock(args) => session::unlock(ctx, args),
        Command::Lock(args) => session::lock(ctx, args),
        Command::Access(args) => access::run(ctx, args),
        Command::Passwd(args) => custody::passwd(ctx, args),
        Command::Rekey => custody::rekey(ctx),
        Command::Backup(args) => custody::backup(ctx, args),
        Command::Restore(args) => custody::restore(ctx, args),
        Command::Copy(args) => custody::copy(ctx, args),
        Command::AcceptStore(args) => custody::accept_store(ctx, args),
        Command::Log(args) => audit::log(ctx, args),
        Command::Check(args) => audit::check(ctx, args),
        Command::Status => status::run(ctx),
        Command::Inject(args) => inject::run(ctx, args),
        Command::Completions(args) => completions(args),
    }
}

/// Needs no store and no key. The script is made in memory first: clap_complete panics when
/// its writer fails, and stdout fails as soon as a reader such as `head -1` has gone.
fn completions(args: &CompletionsArgs) -> Result<()> {
    use std::io::Write as _;
    let script = crate::complete::script(args.shell);
    let mut out = std::io::stdout().lock();
    out.write_all(&script).and_then(|()| out.flush()).map_err(crate::error::Error::from)
}

/// Writes `next` over `current` with the audit event that names what changed, and the reveal
/// owed when the result is printed with `--reveal`. Returns the application as stored.
fn update_audited(
    ctx: &Context,
    w: &mut Writer<'_>,
    current: &Stored,
    next: Application,
    action: Action,
) -> Result<Application> {
    let event = ctx.event(action, Some(&next), audit_event::changes(&current.app, &next));
    let updated = w.update(current, next, event)?;
    w.record_all(&ctx.reveal_events([&updated.app]))?;
    Ok(updated.app)
}
