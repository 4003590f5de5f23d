use crate::app::Context;
use crate::cli::EditArgs;
use crate::commands::settings::{self, ItemEdits};
use crate::domain::audit::{self, Action};
use crate::domain::{application::now, rules};
use crate::error::{Error, Result};
use crate::store::Store;

pub fn run(ctx: &Context, store: &mut Store, args: &EditArgs) -> Result<()> {
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
    let new_name = args.name.as_deref().map(rules::name).transpose().map_err(settings::invalid)?;
    let (change, warnings) = settings::parse(&args.settings, args.multi_tenant, &items)?;
    if change.is_empty() && new_name.is_none() {
        return Err(Error::usage("nothing to change").with_hint(
            "pass the options to change, e.g. `revvy-apps edit APP --add-scope read` (see `revvy-apps edit --help`)",
        ));
    }
    for warning in &warnings {
        ctx.output.warn(warning);
    }
    let (app, changed) = store.write(|w| {
        let current = w.get(&args.app)?;
        let mut next = current.app.clone();
        next.settings = change.apply_to(&current.app.settings).map_err(settings::invalid)?;
        if let Some(name) = &new_name {
            next.name.clone_from(name);
        }
        if next == current.app {
            w.record_all(&ctx.reveal_events([&current.app]))?;
            return Ok((current.app, false));
        }
        next.updated_at = now();
        w.record(&ctx.event(Action::Edit, Some(&next), audit::changes(&current.app, &next)))?;
        w.record_all(&ctx.reveal_events([&next]))?;
        Ok((w.update(&current, next)?.app, true))
    })?;
    if !changed {
        ctx.output.note(&format!("Nothing changed: {:?} already has these settings", app.name));
    }
    ctx.output.application(&app)
}
