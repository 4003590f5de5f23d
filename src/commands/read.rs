use crate::cli::{AppArg, ListArgs};
use crate::context::Context;
use crate::domain::application::now;
use crate::domain::{Application, rules};
use crate::error::{Error, ErrorKind, Result};

/// A reveal is recorded before the secret is printed: no record, no secret.
pub fn show(ctx: &Context, args: &AppArg) -> Result<()> {
    let mut store = ctx.unlock_to_read()?;
    let found = if ctx.output.reveals() {
        // Read and recorded in one transaction: what is printed is what the member could read
        // when the reveal was recorded.
        store.reveal(|source| {
            let found = source.get(&args.app)?;
            let events = ctx.reveal_events(std::slice::from_ref(&found.app));
            Ok((found, events))
        })?
    } else {
        store.get(&args.app)?
    };
    ctx.output.application(&found.app)
}

/// Prints every application that opens; a row that does not is named after the output and
/// makes the exit status 7, so a script notices while a person still sees the rest.
pub fn list(ctx: &Context, args: &ListArgs) -> Result<()> {
    let expiring = args.expiring.as_deref().map(|raw| rules::duration_seconds(raw, "--expiring period")).transpose()?;
    let unused_since =
        args.unused_since.as_deref().map(|raw| rules::duration_seconds(raw, "--unused-since period")).transpose()?;
    let mut store = ctx.unlock_to_read()?;
    let at = now();
    let needle = args.name_contains.as_deref().map(str::to_lowercase);
    let wanted = |app: &Application| {
        expiring.is_none_or(|within| app.secret_expiring(at, within))
            && unused_since.is_none_or(|period| app.unused_since(at - chrono::Duration::seconds(i64::from(period))))
            && args.status.is_none_or(|s| app.status == s)
            && args.tenant.as_deref().is_none_or(|t| app.settings.tenant == t)
            && needle.as_deref().is_none_or(|n| app.name.to_lowercase().contains(n))
    };
    let view = crate::output::ListView { wide: args.wide, expiry: expiring.is_some() };
    let mut tampered_rows = Vec::new();
    if ctx.output.reveals() {
        // What is printed is exactly what was recorded as revealed: one transaction reads the
        // applications and records their reveals, and that snapshot is printed.
        let (revealed, tampered) = store.reveal(|source| {
            let listing = source.list()?;
            let apps: Vec<Application> = listing.apps.into_iter().map(|s| s.app).filter(|app| wanted(app)).collect();
            let events = ctx.reveal_events(&apps);
            Ok(((apps, listing.tampered_rows), events))
        })?;
        tampered_rows = tampered;
        ctx.output.applications(view, |render, push| revealed.iter().try_for_each(|app| push(render(app))))?;
    } else {
        // Streamed: one application in memory at a time (a table keeps its cells only).
        ctx.output.applications(view, |render, push| {
            tampered_rows = store.map_each(|stored| wanted(&stored.app).then(|| render(&stored.app)), push)?;
            Ok(())
        })?;
    }
    if tampered_rows.is_empty() {
        return Ok(());
    }
    let rows: Vec<String> = tampered_rows.iter().map(ToString::to_string).collect();
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
