use crate::app::Context;
use crate::cli::EditArgs;
use crate::commands::editor;
use crate::commands::settings::{self, ItemEdits};
use crate::domain::audit::{self, Action};
use crate::domain::{SettingsChange, application::now, rules};
use crate::error::{Error, ErrorKind, Result};
use crate::store::Store;
use crate::terminal;

fn with_editor(ctx: &Context, store: &mut Store, reference: &str) -> Result<()> {
    let before = store.get(reference)?;
    let Some(edited) = editor::edit_in_editor(ctx, &before.app)? else {
        ctx.output.note(&format!("Nothing changed: {:?} was left as it was", before.app.name));
        return ctx.output.application(&before.app);
    };
    let app = store.write(|w| {
        // Checked against the record as it is now: a concurrent change is not overwritten.
        let current = w.get(&before.app.client_id)?;
        if current.version != before.version {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("{:?} was changed by someone else while you edited it", current.app.name),
            )
            .with_hint("nothing was changed; run the edit again"));
        }
        let mut next = edited;
        next.updated_at = now();
        let event = ctx.event(Action::Edit, Some(&next), audit::changes(&current.app, &next));
        let updated = w.update(&current, next, event)?;
        w.record_all(&ctx.reveal_events([&updated.app]))?;
        Ok(updated.app)
    })?;
    ctx.output.application(&app)
}

/// What `edit` was asked for, validated before the store is unlocked: bad input costs no key
/// derivation.
pub enum Request {
    Editor,
    Changes { change: SettingsChange, new_name: Option<String> },
}

pub fn parse(ctx: &Context, args: &EditArgs) -> Result<Request> {
    let items = ItemEdits {
        add_grant: &args.add_grant,
        remove_grant: &args.remove_grant,
        add_scope: &args.add_scope,
        remove_scope: &args.remove_scope,
        add_callback_url: &args.add_callback_url,
        remove_callback_url: &args.remove_callback_url,
        add_signout_url: &args.add_signout_url,
        remove_signout_url: &args.remove_signout_url,
    };
    let new_name = args.name.as_deref().map(rules::name).transpose()?;
    let (change, warnings) = settings::parse(&args.settings, args.multi_tenant, &items)?;
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

pub fn run(ctx: &Context, store: &mut Store, args: &EditArgs, request: Request) -> Result<()> {
    let Request::Changes { change, new_name } = request else {
        return with_editor(ctx, store, &args.app);
    };
    let (app, changed) = store.write(|w| {
        let current = w.get(&args.app)?;
        let mut next = current.app.clone();
        next.settings = change.apply_to(&current.app.settings)?;
        if let Some(name) = &new_name {
            next.name.clone_from(name);
        }
        if next == current.app {
            w.record_all(&ctx.reveal_events([&current.app]))?;
            return Ok((current.app, false));
        }
        next.updated_at = now();
        let event = ctx.event(Action::Edit, Some(&next), audit::changes(&current.app, &next));
        let updated = w.update(&current, next, event)?;
        w.record_all(&ctx.reveal_events([&updated.app]))?;
        Ok((updated.app, true))
    })?;
    if !changed {
        ctx.output.note(&format!("Nothing changed: {:?} already has these settings", app.name));
    }
    ctx.output.application(&app)
}
