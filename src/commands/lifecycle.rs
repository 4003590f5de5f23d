//! Commands that change an application's state: disable, enable, regenerate, delete.

use super::update_audited;
use crate::cli::{AppArg, RegenerateArgs};
use crate::context::Context;
use crate::domain::audit::Action;
use crate::domain::{Status, application::now, rules};
use crate::error::{Error, Result};
use crate::store::{Store, Stored, Writer};

pub fn set_status(ctx: &Context, args: &AppArg, status: Status) -> Result<()> {
    let mut store = ctx.unlock_to_write()?;
    let (app, changed) = store.write(|w| {
        let current = w.get(&args.app)?;
        if current.app.status == status {
            w.record_all(&ctx.reveal_events([&current.app]))?;
            return Ok((current.app, false));
        }
        let mut next = current.app.clone();
        next.status = status;
        next.updated_at = now();
        let action = if status == Status::Disabled { Action::Disable } else { Action::Enable };
        Ok((update_audited(ctx, w, &current, next, action)?, true))
    })?;
    if !changed {
        ctx.output.note(&format!("{:?} is already {}", app.name, status.as_str()));
    }
    ctx.output.application(&app)
}

const MAX_GRACE_SECONDS: u32 = 30 * 86_400;

/// The grace period of `regenerate --grace`.
fn grace_seconds(args: &RegenerateArgs) -> Result<Option<u32>> {
    let Some(raw) = &args.grace else { return Ok(None) };
    let seconds = rules::duration_seconds(raw, "grace period")?;
    if seconds == 0 || seconds > MAX_GRACE_SECONDS {
        return Err(
            Error::invalid(format!("the grace period {raw} is out of range")).with_hint("choose between 1s and 30d")
        );
    }
    Ok(Some(seconds))
}

pub fn regenerate(ctx: &Context, args: &RegenerateArgs) -> Result<()> {
    let grace = grace_seconds(args)?;
    let lifetime = args.secret_lifetime.as_deref().map(rules::secret_lifetime).transpose()?;
    if let Some(lifetime) = lifetime {
        rules::enforce_policy(ctx.secret_policy.as_ref(), true, lifetime)?;
    }
    ctx.require_yes_off_terminal("regenerate")?;
    let mut store = ctx.unlock_to_write_unless_asking()?;
    let target = confirmed_target(ctx, &store, &args.app, |name| match &args.grace {
        Some(raw) => format!("Issue a new secret for {name:?}? The current one keeps working for {raw}."),
        None => format!("Issue a new secret for {name:?}? The current secret stops working at once."),
    })?;
    let app = store.write(|w| {
        let current = target.get(w)?;
        let mut next = current.app.clone();
        let secret_lifetime = lifetime.unwrap_or(next.settings.secret_lifetime);
        // A new secret is a new credential: it must meet the policy whatever the old one had.
        rules::enforce_policy(ctx.secret_policy.as_ref(), true, secret_lifetime)?;
        // Rotated under the lifetime the old secret was issued with, which caps its grace.
        next.rotate_secret(grace);
        next.settings.secret_lifetime = secret_lifetime;
        update_audited(ctx, w, &current, next, Action::Regenerate)
    })?;
    ctx.output.application(&app)?;
    if !ctx.output.reveals() {
        ctx.output.note(&format!("New secret issued. See it with: revvy-apps show {} --reveal", app.client_id));
    }
    Ok(())
}

pub fn delete(ctx: &Context, args: &AppArg) -> Result<()> {
    ctx.require_yes_off_terminal("delete")?;
    let mut store = ctx.unlock_to_write_unless_asking()?;
    let target = confirmed_target(ctx, &store, &args.app, |name| format!("Delete {name:?} permanently?"))?;
    let app = store.write(|w| {
        let current = target.get(w)?;
        w.delete(&current, &ctx.event(Action::Delete, Some(&current.app), Vec::new()))?;
        Ok(current.app)
    })?;
    ctx.output.note(&format!("Deleted {:?} ({})", app.name, app.client_id));
    Ok(())
}

/// What a destructive command acts on: with `--yes`, the application as the write finds it;
/// on a terminal, exactly the one the person was asked about, at the version they saw.
enum Target {
    AsFound(String),
    AsConfirmed { client_id: String, version: i64 },
}

impl Target {
    fn get(&self, w: &Writer<'_>) -> Result<Stored> {
        match self {
            Self::AsFound(reference) => w.get(reference),
            Self::AsConfirmed { client_id, version } => w.get_as_read(client_id, *version),
        }
    }
}

/// On a terminal the person is asked about the application by its name; the write then acts
/// on exactly that one, and only if nobody changed it while they answered. With `--yes`
/// nothing is read twice.
fn confirmed_target(
    ctx: &Context,
    store: &Store,
    reference: &str,
    question: impl Fn(&str) -> String,
) -> Result<Target> {
    if ctx.assume_yes {
        return Ok(Target::AsFound(reference.to_owned()));
    }
    let target = store.get(reference)?;
    ctx.confirm(&question(&target.app.name))?;
    Ok(Target::AsConfirmed { client_id: target.app.client_id.clone(), version: target.version })
}
