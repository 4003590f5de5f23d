//! `inject -i TEMPLATE [-o FILE]`: a template's `{{ revvy://APP/FIELD }}` references filled
//! in, with `export`'s rules: a private file written whole or not at all, no secret on a
//! terminal without `--reveal`, and one audited reveal per application (`via` = `inject`),
//! recorded in the transaction that read it.

use std::io::Read;
use std::path::PathBuf;

use super::deliver::{print_stdout, refuse_terminal, write_private};
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
        super::deliver::writable(&path, args.force)?;
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
    let mut store = ctx.unlock_to_read()?;
    let filled = store.reveal(|source| {
        let mut apps: Vec<Application> = Vec::new();
        let mut values = Vec::with_capacity(references.len());
        // Each application is read once, however often the template names it.
        let mut read: std::collections::HashMap<&str, Application> = std::collections::HashMap::new();
        for reference in &references {
            let place = format!("{name}:{}:{}", reference.line, reference.column);
            if let Some(app) = read.get(reference.app.as_str()) {
                values.push(field_value(reference, app, &place)?);
                continue;
            }
            let app = source.get(&reference.app).map(|stored| stored.app).map_err(|err| {
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
            values.push(field_value(reference, &app, &place)?);
            if !apps.iter().any(|seen| seen.client_id == app.client_id) {
                apps.push(app.clone());
            }
            read.insert(&reference.app, app);
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
        Ok((fill(&pieces, values), events))
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

/// The value `reference` asks of `app`; one it has not (a previous secret) is bad input.
fn field_value(reference: &Reference, app: &Application, place: &str) -> Result<String> {
    reference.field.value(app).ok_or_else(|| {
        Error::invalid(format!("{place}: {:?} has no {}", app.name, reference.field))
            .with_hint("remove the reference, or give the application one")
    })
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
        let text = read_bounded(std::io::stdin().lock(), "stdin")?;
        return Ok(("stdin".to_owned(), text));
    };
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|err| unreadable(&name, &err))?;
    Ok((name.clone(), read_bounded(file, &name)?))
}

/// Templates are configuration files: more than this is not one (and `/dev/zero` is not).
const MAX_TEMPLATE_BYTES: u64 = 16 * 1024 * 1024;

/// The template's text, UTF-8 and at most [`MAX_TEMPLATE_BYTES`]; anything else is bad input.
fn read_bounded(reader: impl Read, name: &str) -> Result<String> {
    let mut bytes = Vec::new();
    reader.take(MAX_TEMPLATE_BYTES + 1).read_to_end(&mut bytes).map_err(|err| unreadable(name, &err))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(Error::invalid(format!("the template {name} is larger than 16 MiB"))
            .with_hint("a template is a configuration file; nothing was revealed"));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::invalid(format!("the template {name} is not UTF-8 text"))
            .with_hint("templates are text files; nothing was revealed")
    })
}

fn unreadable(name: &str, err: &std::io::Error) -> Error {
    Error::invalid(format!("cannot read the template {name}: {err}"))
        .with_hint("check the path given to -i; nothing was revealed")
}
