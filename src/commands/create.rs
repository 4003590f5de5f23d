use crate::cli::CreateArgs;
use crate::cli::ItemEdits;
use crate::commands::settings;
use crate::context::Context;
use crate::context::credentials;
use crate::domain::audit::{self, Action};
use crate::domain::{Application, rules};
use crate::error::{ErrorKind, Result};
use crate::store::{DEFAULT_KDF, Store};

pub fn run(ctx: &Context, args: &CreateArgs) -> Result<()> {
    // Everything is validated before the store is opened: bad input costs no key derivation
    // and changes nothing.
    let name = rules::name(&args.name)?;
    let (change, warnings) = settings::parse(&args.settings, args.multi_tenant.then_some(true), &ItemEdits::default())?;
    let app_settings = change.apply_to(&ctx.defaults)?;
    rules::enforce_policy(ctx.secret_policy.as_ref(), true, app_settings.secret_lifetime)?;
    for warning in &warnings {
        ctx.output.warn(warning);
    }

    let mut store = match ctx.unlock_to_write() {
        Ok(store) => store,
        Err(err) if err.kind() == ErrorKind::StoreNotFound => create_store(ctx)?,
        Err(err) => return Err(err),
    };
    let (created, existed) = store.write(|w| {
        if args.if_not_exists
            && let Some(existing) = w.find_by_name(&name)?
        {
            w.record_all(&ctx.reveal_events([&existing.app]))?;
            return Ok((existing, true));
        }
        let app = Application::new(name, app_settings);
        let event = ctx.event(Action::Create, Some(&app), audit::initial_fields(&app));
        let stored = w.insert(app, event)?;
        w.record_all(&ctx.reveal_events([&stored.app]))?;
        Ok((stored, false))
    })?;
    ctx.output.application(&created.app)?;
    if existed {
        ctx.output.note(&format!("{:?} already exists: left unchanged", created.app.name));
    } else if !ctx.output.reveals() {
        ctx.output.note(&format!(
            "Created {:?}. See its secret with: revvy-apps show {} --reveal",
            created.app.name, created.app.client_id
        ));
    }
    Ok(())
}

fn create_store(ctx: &Context) -> Result<Store> {
    let member = ctx.first_member()?;
    let passphrase = credentials::for_new_store(ctx.passphrase_file.as_deref(), ctx.store()?)?;
    crate::commands::init::warn_if_short(ctx, &passphrase);
    match Store::create(ctx.store()?, &member, passphrase, DEFAULT_KDF) {
        Ok(store) => {
            ctx.output.note(&format!("No store at {}: created a new one", store.path().display()));
            Ok(store)
        }
        // Another process created it meanwhile: use theirs.
        Err(err) if err.kind() == ErrorKind::Conflict => ctx.unlock_to_write(),
        Err(err) => Err(err),
    }
}
