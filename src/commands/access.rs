//! `access list|add|remove`: the members of the store.

use std::path::Path;

use crate::cli::{AccessAddArgs, AccessArgs, AccessCommand, AccessRemoveArgs};
use crate::context::Context;
use crate::context::credentials;
use crate::domain::audit::{Action, Event, FieldChange};
use crate::domain::member::member_name;
use crate::error::{Error, ErrorKind, Result};
use crate::output::MachineKey;
use crate::store::{Identity, NewMember, PublicKey};

pub fn run(ctx: &Context, args: &AccessArgs) -> Result<()> {
    match &args.command {
        AccessCommand::List => list(ctx),
        AccessCommand::Add(args) => add(ctx, args),
        AccessCommand::Remove(args) => remove(ctx, args),
    }
}

fn list(ctx: &Context) -> Result<()> {
    let members = ctx.unlock()?.members()?;
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
    let added = match store.add_member(&name, &new, &event) {
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
