//! Commands that change an application's state: disable, enable, regenerate, delete.

use crate::app::Context;
use crate::cli::AppArg;
use crate::domain::audit::{self, Action};
use crate::domain::{Status, application::now};
use crate::error::{Error, ErrorKind, Result};
use crate::store::Store;
use crate::terminal;

pub fn set_status(ctx: &Context, store: &mut Store, args: &AppArg, status: Status) -> Result<()> {
    let (app, changed) = store.write(|w| {
        let current = w.get(&args.app)?;
        w.record_all(&ctx.reveal_events([&current.app]))?;
        if current.app.status == status {
            return Ok((current.app, false));
        }
        let mut next = current.app.clone();
        next.status = status;
        next.updated_at = now();
        let action = if status == Status::Disabled { Action::Disable } else { Action::Enable };
        w.record(&ctx.event(action, Some(&next), audit::changes(&current.app, &next)))?;
        Ok((w.update(&current, next)?.app, true))
    })?;
    if !changed {
        ctx.output.note(&format!("{:?} is already {}", app.name, status.as_str()));
    }
    ctx.output.application(&app)
}

pub fn regenerate(ctx: &Context, store: &mut Store, args: &AppArg) -> Result<()> {
    let target = store.get(&args.app)?;
    confirm(ctx, &format!("Issue a new secret for {:?}? The current secret stops working at once.", target.app.name))?;
    let app = store.write(|w| {
        let current = w.get(&target.app.client_id)?;
        let mut next = current.app.clone();
        next.rotate_secret(None);
        w.record(&ctx.event(Action::Regenerate, Some(&next), audit::changes(&current.app, &next)))?;
        w.record_all(&ctx.reveal_events([&next]))?;
        Ok(w.update(&current, next)?.app)
    })?;
    ctx.output.application(&app)?;
    if !ctx.output.reveals() {
        ctx.output.note(&format!("New secret issued. See it with: revvy-apps show {} --reveal", app.client_id));
    }
    Ok(())
}

pub fn delete(ctx: &Context, store: &mut Store, args: &AppArg) -> Result<()> {
    let target = store.get(&args.app)?;
    confirm(ctx, &format!("Delete {:?} ({}) permanently?", target.app.name, target.app.client_id))?;
    let app = store.write(|w| {
        let current = w.get(&target.app.client_id)?;
        w.delete(&current)?;
        w.record(&ctx.event(Action::Delete, Some(&current.app), Vec::new()))?;
        Ok(current.app)
    })?;
    ctx.output.note(&format!("Deleted {:?} ({})", app.name, app.client_id));
    Ok(())
}

/// Off a terminal a destructive command needs `--yes`; this is checked before the store is
/// unlocked (see `Context::require_yes_off_terminal`). On a terminal the person is asked.
fn confirm(ctx: &Context, question: &str) -> Result<()> {
    if ctx.assume_yes {
        return Ok(());
    }
    if terminal::confirm(question)? {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::ConfirmationRequired, "cancelled: nothing was changed"))
    }
}
