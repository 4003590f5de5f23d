//! `access list|add|remove`: the members of the store.

use std::path::Path;

use crate::cli::{AccessAddArgs, AccessArgs, AccessCommand, AccessRemoveArgs, AccessScopeArgs};
use crate::context::Context;
use crate::context::credentials;
use crate::domain::audit::{Action, Event, FieldChange};
use crate::domain::member::member_name;
use crate::error::{Error, ErrorKind, Result};
use crate::output::MachineKey;
use crate::store::{Identity, NewMember, PublicKey, ScopeRequest};

pub fn run(ctx: &Context, args: &AccessArgs) -> Result<()> {
    match &args.command {
        AccessCommand::List => list(ctx),
        AccessCommand::Add(args) => add(ctx, args),
        AccessCommand::Remove(args) => remove(ctx, args),
        AccessCommand::Grant(args) => change_scope(ctx, args, true),
        AccessCommand::Revoke(args) => change_scope(ctx, args, false),
    }
}

fn list(ctx: &Context) -> Result<()> {
    let members = ctx.unlock_to_read()?.members()?;
    ctx.output.members(&members)
}

fn add(ctx: &Context, args: &AccessAddArgs) -> Result<()> {
    // Everything that can be refused is, before a key is derived.
    let name = member_name(&args.name)?;
    let recipient = args.recipient.as_deref().map(PublicKey::parse).transpose()?;
    if let Some(path) = &args.key_file
        && std::fs::symlink_metadata(path).is_ok()
    {
        return Err(key_file_exists(path));
    }
    let mut store = ctx.unlock_to_change_keys("access add")?;
    let new = if let Some(recipient) = recipient {
        NewMember::Recipient(recipient)
    } else if args.machine {
        NewMember::Machine(Identity::generate())
    } else {
        let passphrase = credentials::new_passphrase(args.new_passphrase_file.as_deref(), store.path())?;
        crate::commands::init::warn_if_short(ctx, &passphrase);
        NewMember::Passphrase(passphrase)
    };
    let key = match &new {
        NewMember::Machine(identity) => identity.expose().map(|secret| (secret, identity.public_key())),
        _ => None,
    };
    if let (Some(path), Some((secret, public))) = (&args.key_file, &key) {
        let text = zeroize::Zeroizing::new(format!(
            "# revvy-apps member {name} of {}\n# public key: {}\n{}\n",
            store.path().display(),
            public.as_str(),
            secret.as_str()
        ));
        crate::commands::deliver::write_private(path, text.as_bytes(), false)
            .map_err(|err| if err.kind() == ErrorKind::Conflict { key_file_exists(path) } else { err })?;
    }
    let event = Event { member: Some(name.clone()), ..ctx.event(Action::AccessAdd, None, Vec::new()) };
    let scope = ScopeRequest { apps: args.only.clone(), tenants: args.only_tenant.clone() };
    let added = if scope.apps.is_empty() && scope.tenants.is_empty() {
        store.add_member(&name, &new, &event)
    } else {
        store.add_scoped_member(&name, &new, &scope, &event)
    };
    let added = match added {
        Ok(added) => added,
        Err(err) => {
            // A key that opens nothing must not stay behind.
            if let Some(path) = &args.key_file {
                let _ = std::fs::remove_file(path);
            }
            return Err(err);
        }
    };
    let store_text = store.path().display().to_string();
    match (&key, &args.key_file) {
        (Some((secret, public)), None) => {
            let handed_out = MachineKey { secret, public: public.as_str(), store: &store_text };
            ctx.output.member_added(&added, Some(&handed_out))?;
            ctx.output.note(&format!(
                "This key is shown once and cannot be retrieved again; unlock with it through REVVY_APPS_IDENTITY or --identity-file. Member {name} added."
            ));
        }
        (Some(_), Some(path)) => {
            ctx.output.member_added(&added, None)?;
            ctx.output.note(&format!(
                "The key of {name} is in {} (0600); unlock with --identity-file {}.",
                path.display(),
                path.display()
            ));
        }
        (None, _) => ctx.output.member_added(&added, None)?,
    }
    Ok(())
}

fn key_file_exists(path: &Path) -> Error {
    Error::new(ErrorKind::Conflict, format!("the key file {} already exists: it is never overwritten", path.display()))
        .with_hint("choose another --key-file, or move the existing file away first; nothing was changed")
}

fn remove(ctx: &Context, args: &AccessRemoveArgs) -> Result<()> {
    ctx.require_yes_off_terminal("access remove")?;
    let mut store = ctx.unlock_to_change_keys("access remove")?;
    ctx.confirm(&format!(
        "Remove the member {} and make a new data key? Every secret stored so far was readable to them; open sessions end.",
        args.name
    ))?;
    let report = store.remove_member(&args.name, |report| Event {
        member: Some(report.removed.clone()),
        changes: vec![FieldChange {
            field: "revealed_by_member".to_owned(),
            old: serde_json::Value::Null,
            new: serde_json::json!(report.revealed_by_member),
        }],
        ..ctx.event(Action::AccessRemove, None, Vec::new())
    })?;
    ctx.output.member_removed(&report)
}

/// `access grant` and `access revoke`: a scoped member's scope grows or shrinks.
fn change_scope(ctx: &Context, args: &AccessScopeArgs, grant: bool) -> Result<()> {
    let command = if grant { "access grant" } else { "access revoke" };
    if args.apps.is_empty() && args.tenants.is_empty() {
        return Err(Error::usage(format!("`{command}` needs an application or a --tenant")));
    }
    if !grant {
        ctx.require_yes_off_terminal(command)?;
    }
    let mut store = ctx.unlock_to_change_keys(command)?;
    if !grant {
        ctx.confirm(&format!(
            "Take from {} what it names? Each application it loses gets a new key; what it revealed stays revealed.",
            args.name
        ))?;
    }
    let request = ScopeRequest { apps: args.apps.clone(), tenants: args.tenants.clone() };
    let action = if grant { Action::AccessGrant } else { Action::AccessRevoke };
    let report = store.change_scope(&args.name, grant, &request, |report| Event {
        member: Some(report.removed.clone()),
        changes: scope_changes(&request, report, grant),
        ..ctx.event(action, None, Vec::new())
    })?;
    if grant {
        ctx.output.note(&format!("Scope of {} changed.", args.name));
        return ctx.output.members(&store.members()?.into_iter().filter(|m| m.name == args.name).collect::<Vec<_>>());
    }
    ctx.output.member_removed(&report)
}

/// What an `access grant` or `revoke` event records: the applications and tenants named, and
/// for a revoke what the member revealed of them.
fn scope_changes(request: &ScopeRequest, report: &crate::store::RemovalReport, grant: bool) -> Vec<FieldChange> {
    // Granted: from nothing to the names; revoked: from the names to nothing.
    let moved = |field: &str, names: &[String]| {
        let names = serde_json::json!(names);
        let (old, new) = if grant { (serde_json::Value::Null, names) } else { (names, serde_json::Value::Null) };
        FieldChange { field: field.to_owned(), old, new }
    };
    let mut changes = Vec::new();
    if !request.apps.is_empty() {
        changes.push(moved("applications", &request.apps));
    }
    if !request.tenants.is_empty() {
        changes.push(moved("tenants", &request.tenants));
    }
    if !grant {
        changes.push(FieldChange {
            field: "revealed_by_member".to_owned(),
            old: serde_json::Value::Null,
            new: serde_json::json!(report.revealed_by_member),
        });
    }
    changes
}
