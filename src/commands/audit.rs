//! `log` and `check`: reading the audit trail and verifying the store.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::cli::{CheckArgs, LogArgs};
use crate::context::Context;
use crate::domain::rules::{self, name_key};
use crate::domain::secret::is_client_id;
use crate::error::{Error, ErrorKind, Result};

pub fn log(ctx: &Context, args: &LogArgs) -> Result<()> {
    let since = args.since.as_deref().map(parse_since).transpose()?;
    let mut store = ctx.unlock()?;
    let events = store.events()?;
    // An application is followed by its client ID, through renames; a deleted one is found by
    // any name its events carried.
    let client_ids: Option<BTreeSet<String>> = match &args.app {
        None => None,
        Some(reference) => Some(match store.get(reference) {
            Ok(found) => BTreeSet::from([found.app.client_id]),
            Err(err) if err.kind() == ErrorKind::NotFound => events
                .iter()
                .filter_map(|stored| stored.event.application.as_ref())
                .filter(|s| {
                    if is_client_id(reference) {
                        s.client_id == *reference
                    } else {
                        name_key(&s.name) == name_key(reference)
                    }
                })
                .map(|s| s.client_id.clone())
                .collect(),
            Err(err) => return Err(err),
        }),
    };
    let mut selected: Vec<_> = events
        .iter()
        .filter(|stored| since.is_none_or(|at| stored.event.time >= at))
        .filter(|stored| args.action.is_empty() || args.action.iter().any(|a| a == stored.event.action.as_str()))
        .filter(|stored| {
            args.actor
                .as_deref()
                .is_none_or(|actor| stored.event.actor == actor || stored.event.note.as_deref() == Some(actor))
        })
        .filter(|stored| {
            client_ids
                .as_ref()
                .is_none_or(|wanted| stored.event.application.as_ref().is_some_and(|s| wanted.contains(&s.client_id)))
        })
        .collect();
    if let Some(limit) = args.limit {
        selected.drain(..selected.len().saturating_sub(limit));
    }
    ctx.output.events(&selected, !args.no_pager)
}

/// `7d` means seven days ago; `2026-12-03` that day's start (UTC); `2026-12-03 11:41` and an
/// RFC 3339 time mean themselves; `today` and `yesterday` the start of those days.
fn parse_since(raw: &str) -> Result<DateTime<Utc>> {
    let text = raw.trim();
    let today = crate::domain::time::now().date_naive();
    let day = match text {
        "today" => Some(today),
        "yesterday" => today.pred_opt(),
        _ => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
    };
    if let Some(day) = day {
        return Ok(day.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(at) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Ok(at.and_utc());
        }
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let seconds = rules::duration_seconds(text, "--since value").map_err(|_| {
        Error::invalid(format!("--since {raw:?} is neither a duration nor a date")).with_hint(
            "give a duration (7d, 12h), a date (2026-12-03, UTC), a time (2026-12-03 11:41), today or yesterday",
        )
    })?;
    Ok(crate::domain::time::now() - chrono::Duration::seconds(i64::from(seconds)))
}

pub fn check(ctx: &Context, args: &CheckArgs) -> Result<()> {
    let within = args.expiring.as_deref().map(|raw| rules::duration_seconds(raw, "--expiring period")).transpose()?;
    let store = ctx.unlock_for_check()?;
    let report = store.check(within.map(|within| (crate::domain::time::now(), within)))?;
    ctx.output.check(&report)?;
    for note in &report.notes {
        ctx.output.note(note);
    }
    if !report.problems.is_empty() {
        // Integrity first: a store that cannot be trusted says nothing reliable about expiry.
        return Err(Error::new(
            ErrorKind::Tampered,
            format!("the store failed its check: {}", report.problems.join("; ")),
        )
        .with_hint("the store was altered or damaged outside revvy-apps; restore it from a backup"));
    }
    match report.expiring.as_deref() {
        Some(due) if !due.is_empty() => {
            let names: Vec<&str> = due.iter().map(|e| e.name.as_str()).collect();
            Err(Error::new(
                ErrorKind::Attention,
                format!(
                    "{} active application(s) have a secret expired or expiring within {}: {}",
                    due.len(),
                    args.expiring.as_deref().unwrap_or_default(),
                    names.join(", ")
                ),
            )
            .with_hint("rotate them: revvy-apps regenerate APP --grace 7d"))
        }
        _ => Ok(()),
    }
}
