//! `edit APP`: change an application's settings from options, or in `$VISUAL` / `$EDITOR`.

mod editor;

use super::update_audited;
use crate::cli::EditArgs;
use crate::commands::settings;
use crate::context::Context;
use crate::domain::audit::Action;
use crate::domain::{SettingsChange, application::now, rules};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::terminal;

/// What `edit` was asked for, validated before the store is unlocked.
enum Request {
    Editor,
    Changes { change: SettingsChange, new_name: Option<String> },
}

pub fn run(ctx: &Context, args: &EditArgs) -> Result<()> {
    let request = parse(ctx, args)?;
    // An editor is a person at work: the write lock waits for them to finish.
    let mut store = if matches!(request, Request::Editor) { ctx.unlock()? } else { ctx.unlock_to_write()? };
    match request {
        Request::Editor => with_editor(ctx, &mut store, &args.app),
        Request::Changes { change, new_name } => with_changes(ctx, &mut store, &args.app, &change, new_name.as_deref()),
    }
}

fn parse(ctx: &Context, args: &EditArgs) -> Result<Request> {
    let new_name = args.name.as_deref().map(rules::name).transpose()?;
    let (change, warnings) = settings::parse(&args.settings, args.multi_tenant, &args.items)?;
    let no_options = change.is_empty() && new_name.is_none();
    if args.editor && !no_options {
        return Err(
            Error::usage("--editor does not go with other options").with_hint("use either --editor or the options")
        );
    }
    if args.editor || (no_options && terminal::is_interactive()) {
        return Ok(Request::Editor);
    }
    if no_options {
        return Err(Error::usage("nothing to change").with_hint(
            "pass the options to change, e.g. `revvy-apps edit APP --add-scope read`, or --editor (see `revvy-apps edit --help`)",
        ));
    }
    for warning in &warnings {
        ctx.output.warn(warning);
    }
    Ok(Request::Changes { change, new_name })
}

fn with_changes(
    ctx: &Context,
    store: &mut Store,
    reference: &str,
    change: &SettingsChange,
    new_name: Option<&str>,
) -> Result<()> {
    let (app, changed) = store.write(|w| {
        let current = w.get(reference)?;
        let mut next = current.app.clone();
        next.settings = change.apply_to(&current.app.settings)?;
        rules::enforce_policy(
            ctx.secret_policy.as_ref(),
            change.secret_lifetime.is_some(),
            next.settings.secret_lifetime,
        )?;
        if let Some(name) = new_name {
            name.clone_into(&mut next.name);
        }
        if next == current.app {
            w.record_all(&ctx.reveal_events([&current.app]))?;
            return Ok((current.app, false));
        }
        next.updated_at = now();
        Ok((update_audited(ctx, w, &current, next, Action::Edit)?, true))
    })?;
    if !changed {
        ctx.output.note(&format!("Nothing changed: {:?} already has these settings", app.name));
    }
    ctx.output.application(&app)
}

fn with_editor(ctx: &Context, store: &mut Store, reference: &str) -> Result<()> {
    let before = store.get(reference)?;
    let Some(edited) = editor::edit_in_editor(ctx, &before.app)? else {
        ctx.output.note(&format!("Nothing changed: {:?} was left as it was", before.app.name));
        return ctx.output.application(&before.app);
    };
    let app = store.write(|w| {
        // Checked against the record as it is now: a concurrent change is not overwritten.
        let current = w.get_as_read(&before.app.client_id, before.version)?;
        let mut next = edited;
        next.updated_at = now();
        update_audited(ctx, w, &current, next, Action::Edit)
    })?;
    ctx.output.application(&app)
}
