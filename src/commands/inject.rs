//! `inject -i TEMPLATE [-o FILE]`: a template's `{{ revvy://APP/FIELD }}` references filled
//! in, with `export`'s rules: a private file written whole or not at all, no secret on a
//! terminal without `--reveal`, and one audited reveal per application (`via` = `inject`),
//! recorded in the transaction that read it.

use std::io::Read as _;
use std::path::PathBuf;

use super::deliver::{exists, print_stdout, refuse_terminal, write_private};
use crate::cli::InjectArgs;
use crate::context::Context;
use crate::domain::audit::Action;
use crate::domain::template::{self, Piece, Reference};
use crate::domain::{Application, Status};
use crate::error::{Error, ErrorKind, Result};

/// Where the result goes, checked before the store is unlocked.
enum Target {
    Stdout,
    File { path: PathBuf, force: bool },
}

pub fn run(ctx: &Context, args: &InjectArgs) -> Result<()> {
    let (name, text) = read_template(args)?;
    let pieces = template::parse(&text).map_err(|located| Error::located(&located, Some(&name)))?;
    let references: Vec<&Reference> = pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Reference(reference) => Some(reference),
            Piece::Text(_) => None,
        })
        .collect();
    let target = if let Some(path) = ctx.output_file.clone() {
        if !args.force && std::fs::symlink_metadata(&path).is_ok() {
            return Err(exists(&path));
        }
        Target::File { path, force: args.force }
    } else {
        if args.force {
            return Err(Error::usage("--force replaces an -o FILE; there is none"));
        }
        if references.iter().any(|r| r.field.is_secret()) {
            refuse_terminal(ctx, "the template asks for secrets")?;
        }
        Target::Stdout
    };
    let mut store = ctx.unlock()?;
    let filled = store.write(|w| {
        let mut apps: Vec<Application> = Vec::new();
        let mut values = Vec::with_capacity(references.len());
        for reference in &references {
            let place = format!("{name}:{}:{}", reference.line, reference.column);
            let app = w.get(&reference.app).map(|stored| stored.app).map_err(|err| {
                if err.kind() == ErrorKind::NotFound {
                    Error::new(ErrorKind::NotFound, format!("{place}: {}", err.message()))
                        .with_hint("check the name in the template, or list them with `revvy-apps list`")
                } else {
                    err
                }
            })?;
            if app.status == Status::Disabled && !args.allow_disabled {
                return Err(Error::invalid(format!(
                    "{place}: {:?} is disabled: its credentials are not delivered",
                    app.name
                ))
                .with_hint("enable it, or pass --allow-disabled"));
            }
            let value = reference.field.value(&app).ok_or_else(|| {
                Error::invalid(format!("{place}: {:?} has no {}", app.name, reference.field))
                    .with_hint("remove the reference, or give the application one")
            })?;
            values.push(value);
            if !apps.iter().any(|seen| seen.client_id == app.client_id) {
                apps.push(app);
            }
        }
        // Built before the reveals are recorded: a refusal records nothing.
        let events: Vec<_> = apps
            .iter()
            .map(|app| {
                let mut event = ctx.event(Action::Reveal, Some(app), Vec::new());
                event.via = Some("inject".to_owned());
                event
            })
            .collect();
        w.record_all(&events)?;
        Ok(fill(&pieces, values))
    })?;
    match target {
        Target::Stdout => print_stdout(&filled),
        Target::File { path, force } => {
            write_private(&path, filled.as_bytes(), force)?;
            ctx.output.note(&format!("Filled {} reference(s) into {} (mode 0600)", references.len(), path.display()));
            Ok(())
        }
    }
}

fn fill(pieces: &[Piece], values: Vec<String>) -> String {
    let mut values = values.into_iter();
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Reference(_) => out.push_str(&values.next().unwrap_or_default()),
        }
    }
    out
}

/// The template's name (for messages) and text.
fn read_template(args: &InjectArgs) -> Result<(String, String)> {
    let Some(path) = args.input.as_deref().filter(|path| path.as_os_str() != "-") else {
        if args.input.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            // Nobody types a template: waiting for one would look like a hang.
            return Err(Error::usage("no template: stdin is a terminal")
                .with_hint("pass -i TEMPLATE, or pipe one in (revvy-apps inject < app.tpl)"));
        }
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|err| Error::invalid("cannot read the template from stdin").with_source(err))?;
        return Ok(("stdin".to_owned(), text));
    };
    let text = std::fs::read_to_string(path).map_err(|err| {
        let kind =
            if err.kind() == std::io::ErrorKind::NotFound { ErrorKind::InvalidInput } else { ErrorKind::Internal };
        Error::new(kind, format!("cannot read the template {}", path.display()))
            .with_hint("check the path given to -i")
            .with_source(err)
    })?;
    Ok((path.display().to_string(), text))
}
