//! `unlock` and `lock`: sessions for scripts.

use crate::cli::{LockArgs, UnlockArgs};
use crate::context::Context;
use crate::context::credentials;
use crate::domain::rules;
use crate::error::{Error, Result};
use crate::store::{LockedStore, Unlocked, end_sessions};

const MAX_TTL_SECONDS: u32 = 24 * 3600;

pub fn unlock(ctx: &Context, args: &UnlockArgs) -> Result<()> {
    let ttl = rules::duration_seconds(&args.ttl, "session lifetime").map_err(Error::from).and_then(|seconds| {
        if (1..=MAX_TTL_SECONDS).contains(&seconds) {
            Ok(seconds)
        } else {
            Err(Error::invalid(format!("the session lifetime {} is out of range", args.ttl))
                .with_hint("choose a --ttl between 1s and 24h"))
        }
    })?;
    // A session is opened with a member's own credential only, so no session extends itself.
    let (token, expires_at) = match ctx.unlock_as_member()? {
        Unlocked::Full(mut store) => store.open_session(ttl)?,
        Unlocked::Scoped(mut store) => store.open_session(ttl)?,
    };
    ctx.output.session(&token, &expires_at)?;
    ctx.output
        .note(&format!("Session open until {}. End it with `revvy-apps lock`.", crate::output::timestamp(&expires_at)));
    Ok(())
}

pub fn lock(ctx: &Context, args: &LockArgs) -> Result<()> {
    let mut locked = LockedStore::open(ctx.store()?)?;
    let token = credentials::session_from_env()?;
    if token.is_none() && !args.all {
        return Err(Error::usage("there is no current session: REVVY_APPS_SESSION is not set")
            .with_hint("pass --all to end every session of this store"));
    }
    let which = if args.all { None } else { token.as_ref() };
    let ended = end_sessions(&mut locked, which)?;
    ctx.output.note(&format!("Ended {ended} session(s). Unset REVVY_APPS_SESSION in your shell."));
    Ok(())
}
