//! `status` (alias `whoami`): what a person asks before they act. Nothing is derived from a
//! passphrase and nothing is asked: the store's location, id, members and size need no key;
//! a session or a key (which need no derivation) also say who they unlock as.

use crate::context::{Context, credentials};
use crate::error::Result;
use crate::output::{Method, StatusReport};
use crate::store::{LockedStore, MemberChoice, Unlocked};
use crate::terminal;

pub fn run(ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let locked = LockedStore::open(store)?;
    let mut report = StatusReport {
        location: store.to_string(),
        backend: store.backend(),
        store_id: crate::store::crypto::to_hex(locked.store_id()),
        member: None,
        member_from: None,
        method: Method::None,
        source: None,
        session_expires_at: None,
        problem: None,
        applications: locked.application_count()?,
        members: locked.member_names()?.into_iter().map(str::to_owned).collect(),
        scope: None,
    };
    match credentials::session_from_env() {
        Err(err) => {
            report.method = Method::Session;
            report.problem = Some(err.message().to_owned());
        }
        Ok(Some(token)) => {
            report.method = Method::Session;
            report.source = Some(credentials::SESSION_ENV.to_owned());
            report.session_expires_at = locked.session_expires_at(&token)?;
            match locked.unlock_with_session(&token) {
                Ok(store) => seen_as(&mut report, &store),
                Err(err) => report.problem = Some(err.message().to_owned()),
            }
        }
        Ok(None) => match credentials::identities_without_asking(ctx.identity_file.as_deref()) {
            Err(err) => {
                report.method = Method::Identity;
                report.problem = Some(err.message().to_owned());
            }
            Ok(Some((identities, source))) => {
                report.method = Method::Identity;
                match locked.unlock_with_identities(&identities, &source) {
                    Ok(store) => seen_as(&mut report, &store),
                    Err(err) => report.problem = Some(err.message().to_owned()),
                }
                report.source = Some(source);
            }
            Ok(None) => passphrase(ctx, &locked, &mut report),
        },
    }
    ctx.output.status(&report)
}

/// The member that unlocked, and a scoped member's scope; a scoped member is shown itself
/// only among the members, as `access list` shows it.
fn seen_as(report: &mut StatusReport, store: &Unlocked) {
    report.member = Some(store.member().to_owned());
    if let Unlocked::Scoped(scoped) = store {
        report.members = vec![store.member().to_owned()];
        match scoped.scope() {
            Ok(scope) => report.scope = Some(scope),
            Err(err) => report.problem = Some(err.message().to_owned()),
        }
    }
}

/// The passphrase member and where its passphrase would come from; never asked for.
fn passphrase(ctx: &Context, locked: &LockedStore, report: &mut StatusReport) {
    (report.method, report.source) = if let Some(file) = &ctx.passphrase_file {
        (Method::Passphrase, Some(format!("the file {}", file.display())))
    } else if std::env::var_os(credentials::PASSPHRASE_ENV).is_some() {
        (Method::Passphrase, Some(credentials::PASSPHRASE_ENV.to_owned()))
    } else if terminal::is_interactive() {
        (Method::Prompt, None)
    } else {
        (Method::None, None)
    };
    let choice = MemberChoice { named: ctx.as_member.as_deref(), os_user: ctx.os_user.as_deref() };
    match locked.passphrase_member(choice) {
        Ok(member) => {
            report.member_from = Some(if ctx.as_member.is_some() {
                format!("from {}", ctx.as_member_source)
            } else if ctx.os_user.as_deref() == Some(member.as_str()) && report.members.len() > 1 {
                "your user name".to_owned()
            } else {
                "the only passphrase member".to_owned()
            });
            report.member = Some(member);
        }
        Err(err) => report.problem = Some(format!("{} ({})", err.message(), err.hint().unwrap_or_default())),
    }
    if report.method == Method::None && report.problem.is_none() {
        report.problem = Some("no session, key or passphrase is set, and stdin is not a terminal".to_owned());
    }
}
