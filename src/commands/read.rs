use crate::app::Context;
use crate::cli::{AppArg, ListArgs};
use crate::domain::Application;
use crate::error::{Error, ErrorKind, Result};
use crate::store::Store;

/// A reveal is recorded before the secret is printed: no record, no secret.
fn record_reveals<'a>(ctx: &Context, store: &mut Store, apps: impl IntoIterator<Item = &'a Application>) -> Result<()> {
    let events = ctx.reveal_events(apps);
    if events.is_empty() {
        return Ok(());
    }
    store.write(|w| w.record_all(&events))
}

pub fn show(ctx: &Context, store: &mut Store, args: &AppArg) -> Result<()> {
    let found = store.get(&args.app)?;
    record_reveals(ctx, store, [&found.app])?;
    ctx.output.application(&found.app)
}

/// Prints every application that opens; a row that does not is named after the output and
/// makes the exit status 7, so a script notices while a person still sees the rest.
pub fn list(ctx: &Context, store: &mut Store, args: &ListArgs) -> Result<()> {
    let listing = store.list()?;
    let needle = args.name_contains.as_deref().map(str::to_lowercase);
    let apps: Vec<_> = listing
        .apps
        .iter()
        .map(|stored| &stored.app)
        .filter(|app| args.status.as_deref().is_none_or(|s| app.status.as_str() == s))
        .filter(|app| args.tenant.as_deref().is_none_or(|t| app.settings.tenant == t))
        .filter(|app| needle.as_deref().is_none_or(|n| app.name.to_lowercase().contains(n)))
        .collect();
    record_reveals(ctx, store, apps.iter().copied())?;
    ctx.output.applications(&apps)?;
    if listing.tampered_rows.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = listing.tampered_rows.iter().map(ToString::to_string).collect();
    Err(Error::new(
        ErrorKind::Tampered,
        format!(
            "{} application record(s) failed authentication and were left out: row {}",
            rows.len(),
            rows.join(", row ")
        ),
    )
    .with_hint("the store was altered outside revvy-apps; restore it from a backup"))
}
