//! `apply -f FILE`: make the store match a manifest in one transaction, all or nothing.

use std::io::Read as _;
use std::path::Path;

use crate::cli::ApplyArgs;
use crate::context::Context;
use crate::domain::audit::Action;
use crate::domain::manifest::{DesiredApp, parse_manifest};
use crate::domain::plan::{self, Step, StepAction};
use crate::domain::{Application, Invalid, Located};
use crate::error::{Error, ErrorKind, Result};
use crate::store::Listing;

/// Reads and validates the manifest.
fn read_manifest(ctx: &Context, path: &Path) -> Result<Vec<DesiredApp>> {
    let label = if path == Path::new("-") { "<stdin>".to_owned() } else { path.display().to_string() };
    let text = if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        text
    } else {
        std::fs::read_to_string(path).map_err(|err| {
            let kind =
                if err.kind() == std::io::ErrorKind::NotFound { ErrorKind::InvalidInput } else { ErrorKind::Internal };
            Error::new(kind, format!("cannot read the manifest {label}")).with_source(err)
        })?
    };
    let (apps, warnings) = parse_manifest(&text).map_err(|located| refused(&located, &label))?;
    for warning in &warnings {
        ctx.output.warn(warning);
    }
    Ok(apps)
}

/// A manifest refused at its place; the hint adds that nothing was applied.
fn refused(located: &Located<Invalid>, file: &str) -> Error {
    Error::located(located, Some(file)).with_hint(format!("{}; nothing was applied", located.error.fix))
}

pub fn run(ctx: &Context, args: &ApplyArgs) -> Result<()> {
    if args.prune && !args.dry_run {
        ctx.require_yes_off_terminal("apply --prune")?;
    }
    let desired = &read_manifest(ctx, &args.file)?;
    let mut store = if args.dry_run { ctx.unlock()? } else { ctx.unlock_to_write_unless_asking()? };
    let label = args.file.display().to_string();
    let make_plan = |listing: &Listing| -> Result<Vec<Step>> {
        if let Some(row) = listing.tampered_rows.first() {
            return Err(Error::new(
                ErrorKind::Tampered,
                format!("the application record in row {row} failed authentication"),
            )
            .with_hint("nothing was applied; run `revvy-apps check` and restore the store from a backup"));
        }
        let current: Vec<&Application> = listing.apps.iter().map(|s| &s.app).collect();
        plan::plan(&current, desired, &ctx.defaults, ctx.secret_policy.as_ref(), args.prune)
            .map_err(|located| refused(&located, &label))
    };

    if args.dry_run {
        let steps = make_plan(&store.list()?)?;
        return ctx.output.plan(&steps, true);
    }
    if args.prune && !ctx.assume_yes {
        // On a terminal (off one, --yes was required before unlocking): show what goes.
        let doomed = make_plan(&store.list()?)?.into_iter().filter(|s| s.action == StepAction::Delete).count();
        if doomed > 0 {
            ctx.confirm(&format!("--prune will delete {doomed} application(s). Go on?"))?;
        }
    }

    let steps = store.write(|w| {
        let listing = w.list()?;
        let steps = make_plan(&listing)?;
        for step in &steps {
            let current = step.current.map(|i| &listing.apps[i]);
            let event = |action| {
                let mut event = ctx.event(action, Some(&step.application), step.changes.clone());
                event.via = Some("apply".to_owned());
                event
            };
            match (step.action, current) {
                (StepAction::Unchanged, _) => {}
                (StepAction::Create, _) => {
                    w.insert(step.application.clone(), event(Action::Create))?;
                }
                (StepAction::Update, Some(current)) => {
                    w.update(current, step.application.clone(), event(Action::Edit))?;
                }
                (StepAction::Delete, Some(current)) => w.delete(current, &event(Action::Delete))?,
                (StepAction::Update | StepAction::Delete, None) => {
                    return Err(Error::internal("a plan step lost its application"));
                }
            }
        }
        let created = steps.iter().filter(|s| s.action == StepAction::Create).map(|s| &s.application);
        w.record_all(&ctx.reveal_events(created))?;
        Ok(steps)
    })?;
    ctx.output.plan(&steps, false)
}
