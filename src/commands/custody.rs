//! The custody of the store: its keys (`passwd`, `rekey`) and its copies (`backup`,
//! `restore`).

use crate::cli::{AcceptStoreArgs, BackupArgs, CopyArgs, PasswdArgs, RestoreArgs};
use crate::context::Context;
use crate::context::credentials;
use crate::domain::audit::Action;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{Location, LockedStore};

pub fn passwd(ctx: &Context, args: &PasswdArgs) -> Result<()> {
    let mut store = ctx.unlock_to_change_keys("passwd")?;
    let new = credentials::new_passphrase(args.new_passphrase_file.as_deref(), store.path())?;
    crate::commands::init::warn_if_short(ctx, &new);
    let ended = store.change_passphrase(&new, &ctx.event(Action::Passwd, None, Vec::new()))?;
    ctx.output.note(&format!("Passphrase changed; {ended} open session(s) ended."));
    Ok(())
}

pub fn rekey(ctx: &Context) -> Result<()> {
    ctx.require_yes_off_terminal("rekey")?;
    let mut store = ctx.unlock_to_change_keys("rekey")?;
    ctx.confirm("Make a new data key and seal every record again? Open sessions end.")?;
    let report = store.rekey(|report| {
        let mut event = ctx.event(Action::Rekey, None, Vec::new());
        event.changes = vec![crate::domain::audit::FieldChange {
            field: "records_sealed_again".to_owned(),
            old: serde_json::Value::Null,
            new: serde_json::json!(report.applications + report.events),
        }];
        event
    })?;
    ctx.output.note(&format!(
        "New data key: {} application(s) and {} audit event(s) sealed again; {} session(s) ended.",
        report.applications, report.events, report.sessions_ended
    ));
    Ok(())
}

pub fn backup(ctx: &Context, args: &BackupArgs) -> Result<()> {
    let locked = LockedStore::open(ctx.store()?)?;
    locked.backup_to(&args.file, args.force)?;
    ctx.output.note(&format!(
        "Backed up {} to {} (encrypted; it opens with the same passphrase)",
        locked.path().display(),
        args.file.display()
    ));
    Ok(())
}

/// `copy --to TARGET`: the store into a new one of its own.
pub fn copy(ctx: &Context, args: &CopyArgs) -> Result<()> {
    let location = Location::parse(&args.to)?;
    let target = location.to_string();
    if location.file().is_some_and(std::path::Path::exists) {
        return Err(Error::new(ErrorKind::Conflict, format!("{target} already exists"))
            .with_hint("a copy goes into a new, empty store: choose another path; nothing was changed"));
    }
    let mut store = ctx.unlock()?;
    let source = store.path().display().to_string();
    let noted = |field: &str, value: &str| {
        let mut event = ctx.event(Action::Copy, None, Vec::new());
        event.changes = vec![crate::domain::audit::FieldChange {
            field: field.to_owned(),
            old: serde_json::Value::Null,
            new: serde_json::json!(value),
        }];
        event
    };
    let report = store.copy_to(&location, &noted("copied_from", &source), &noted("copied_to", &target))?;
    ctx.output.note(&format!(
        "Copied {source} to {target}: {} member(s), {} application(s), {} audit event(s). The copy has its own store id and data key.",
        report.members, report.applications, report.events
    ));
    Ok(())
}

/// `restore FILE`: the deliberate way back to a backup (see `Store::restore_to`).
pub fn restore(ctx: &Context, args: &RestoreArgs) -> Result<()> {
    ctx.require_yes_off_terminal("restore")?;
    let backup = LockedStore::open_backup(&args.file)?;
    match LockedStore::open_for_check(ctx.store()?) {
        Ok(current) if current.store_id() != backup.store_id() => {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("{} is a backup of another store, not of {}", args.file.display(), ctx.store()?),
            )
            .with_hint(
                "point --store at the store it belongs to, or move the current store aside first; nothing was changed",
            ));
        }
        Ok(_) => {}
        // A missing, unreadable or replaced store is what a restore is for.
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::StoreNotFound
                    | ErrorKind::StoreVanished
                    | ErrorKind::StoreReplaced
                    | ErrorKind::Tampered
                    | ErrorKind::UnsupportedFormat
            ) => {}
        Err(err) => return Err(err),
    }
    let store = ctx.unlock_backup(backup)?;
    let question = format!(
        "Replace the store {} with the backup {}? Changes made since the backup are lost; open sessions end.",
        ctx.store()?,
        args.file.display()
    );
    ctx.confirm(&question)?;
    let mut event = ctx.event(Action::Restore, None, Vec::new());
    event.changes = vec![crate::domain::audit::FieldChange {
        field: "restored_from".to_owned(),
        old: serde_json::Value::Null,
        new: serde_json::json!(args.file.display().to_string()),
    }];
    let (applications, events) = store.restore_to(ctx.store()?, &event)?;
    ctx.output.note(&format!(
        "Restored {} from {}: {applications} application(s), {events} audit event(s). This machine accepts the store as it is now.",
        ctx.store()?,
        args.file.display()
    ));
    Ok(())
}

/// `accept-store`: shows the store now at the location — its id, when it was made, its members
/// — and, once confirmed, makes this machine accept it there (as ssh's known_hosts is edited
/// after a host key changed on purpose).
pub fn accept_store(ctx: &Context, args: &AcceptStoreArgs) -> Result<()> {
    ctx.require_yes_off_terminal("accept-store")?;
    let locked = LockedStore::open_to_accept(ctx.store()?)?;
    let identity = locked.identity()?;
    ctx.output.store_identity(&identity)?;
    if identity.is_known(args.new_secret) {
        ctx.output
            .note(&format!("This machine already accepts the store {} at {}.", identity.store_id, identity.shown));
        return Ok(());
    }
    let (id, at) = (&identity.store_id, &identity.shown);
    let mut question = match identity.rolled_back {
        Some((seen, now)) => format!(
            "Accept the store {id} at {at} as it is now, without the audit events after {now} that this machine saw (up to {seen})"
        ),
        None => format!("Accept the store {id} at {at} from now on"),
    };
    if args.new_secret && identity.known_secret {
        question.push_str(", and learn its secret anew at the next unlock (only if you restored it from a backup made before format 4)");
    }
    ctx.confirm(&format!("{question}?"))?;
    locked.accept(&identity, args.new_secret)?;
    ctx.output.note(&format!("This machine now accepts the store {id} at {at}."));
    Ok(())
}
