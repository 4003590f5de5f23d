//! Human tables, fitted to the terminal width by `fit` (what gives way in `list`, `log` and
//! `show` is in `layout`). Secrets are masked unless `--reveal`; the client ID is
//! masked in `list` only, since it is public and copied from `show`.

use std::io::{self, Write};

use super::fit::{Cell, Elastic};
use super::layout::{self, ListRow};
use super::{ListView, ListWriter, MachineKey, Render, Rendered, fit, timestamp};
use crate::domain::Application;
use crate::domain::application::now;
use crate::domain::member::Member;
use crate::domain::plan::{Step, StepAction};
use crate::domain::time::{readable, relative};
use crate::error::Error;
use crate::store::{CheckReport, RemovalKind, RemovalReport, StoreIdentity, StoredEvent};

pub struct TableRender {
    pub color: bool,
}

/// A table needs every row before it knows its widths: it keeps the cells, not the apps.
struct TableList {
    color: bool,
    reveal: bool,
    view: ListView,
    rows: Vec<ListRow>,
}

impl ListWriter for TableList {
    fn push(&mut self, _out: &mut dyn Write, item: Rendered) -> io::Result<()> {
        if let Rendered::Row(row) = item {
            self.rows.push(row);
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        layout::list_table(self.rows, self.view, self.reveal, self.color).write(out, fit::terminal_width())
    }
}

impl Render for TableRender {
    fn application(&self, out: &mut dyn Write, app: &Application, reveal: bool) -> io::Result<()> {
        layout::application_table(app, reveal, self.color).write(out, fit::terminal_width())
    }

    fn list_item(&self, app: &Application, reveal: bool) -> Rendered {
        Rendered::Row(layout::list_row(app, reveal))
    }

    fn list(&self, view: ListView, reveal: bool) -> Box<dyn ListWriter> {
        Box::new(TableList { color: self.color, reveal, view, rows: Vec::new() })
    }

    fn events(&self, out: &mut dyn Write, events: &[&StoredEvent]) -> io::Result<()> {
        layout::events_table(events).write(out, fit::terminal_width())
    }

    fn check(&self, out: &mut dyn Write, report: &CheckReport) -> io::Result<()> {
        // Problems are the error's to tell, on stderr.
        if report.problems.is_empty() {
            writeln!(
                out,
                "ok: {} application records and {} audit events verified",
                report.applications, report.events
            )?;
            if let Some(list) = report.expiring.as_ref().filter(|list| !list.is_empty()) {
                let rows = list
                    .iter()
                    .map(|e| {
                        let expires =
                            format!("{} ({})", readable(&e.secret_expires_at), relative(&e.secret_expires_at, &now()));
                        vec![Cell::text(&e.name), Cell::text(&e.client_id), Cell::text(expires)]
                    })
                    .collect();
                let elastic = Elastic { column: 0, min: 12, want: usize::MAX, truncate: true };
                fit::Table::rows(&["Expiring", "Client ID", "Secret Expires At"], rows, Some(elastic))
                    .write(out, fit::terminal_width())?;
            }
        }
        Ok(())
    }

    fn plan(&self, out: &mut dyn Write, steps: &[Step], dry_run: bool, reveal: bool) -> io::Result<()> {
        let show_credentials = reveal && !dry_run;
        let mut headers = vec!["Action", "Name", "Changes"];
        if show_credentials {
            headers.extend(["Client ID", "Client Secret"]);
        }
        let mut counts = [0usize; 4];
        let mut rows = Vec::with_capacity(steps.len());
        for step in steps {
            counts[step.action as usize] += 1;
            // The changed fields, which may go on more lines between them.
            let fields: Vec<String> = match step.action {
                StepAction::Update => {
                    let last = step.changes.len().saturating_sub(1);
                    step.changes
                        .iter()
                        .enumerate()
                        .map(|(i, c)| if i == last { c.field.clone() } else { format!("{},", c.field) })
                        .collect()
                }
                _ => Vec::new(),
            };
            let mut row = vec![Cell::text(step.action.as_str()), Cell::text(&step.name), Cell::values(vec![fields])];
            if show_credentials && step.action == StepAction::Create {
                row.push(Cell::text(&step.application.client_id));
                row.push(Cell::text(step.application.client_secret.expose()));
            } else if show_credentials {
                row.extend([Cell::text(""), Cell::text("")]);
            }
            rows.push(row);
        }
        if !steps.is_empty() {
            let elastic = Elastic { column: 2, min: 16, want: 24, truncate: false };
            fit::Table::rows(&headers, rows, Some(elastic)).write(out, fit::terminal_width())?;
        }
        let [create, update, unchanged, delete] = counts;
        if dry_run {
            writeln!(
                out,
                "Plan: {create} to create, {update} to update, {unchanged} unchanged, {delete} to delete (dry run: nothing was changed)"
            )
        } else {
            writeln!(out, "Applied: {create} created, {update} updated, {unchanged} unchanged, {delete} deleted")
        }
    }

    fn verified(&self, _out: &mut dyn Write, _app: &Application, _matched: &str) -> io::Result<()> {
        Ok(())
    }

    fn session(&self, out: &mut dyn Write, token: &str, _expires_at: &str, bare: bool) -> io::Result<()> {
        if bare { writeln!(out, "{token}") } else { writeln!(out, "export REVVY_APPS_SESSION={token}") }
    }

    fn members(&self, out: &mut dyn Write, members: &[Member]) -> io::Result<()> {
        let rows = members
            .iter()
            .map(|member| {
                vec![
                    Cell::text(if member.current { "*" } else { "" }),
                    Cell::text(&member.name),
                    Cell::text(member.kind.as_str()),
                    Cell::text(
                        member
                            .scope
                            .as_ref()
                            .map_or_else(|| "all".to_owned(), crate::domain::member::MemberScope::describe),
                    ),
                    Cell::text(readable(&member.created_at)),
                    Cell::text(&member.created_by),
                ]
            })
            .collect();
        let mut table = fit::Table::rows(&["", "Name", "Kind", "Scope", "Created", "Created by"], rows, None);
        table.steps = vec![fit::Step::Drop(5), fit::Step::Drop(4)];
        table.write(out, fit::terminal_width())
    }

    fn member_added(&self, out: &mut dyn Write, member: &Member, key: Option<&MachineKey>) -> io::Result<()> {
        match key {
            // An age identity file, as age-keygen writes one: `> ci.key` keeps it usable.
            Some(key) => {
                let text = zeroize::Zeroizing::new(format!(
                    "# revvy-apps member {} of {}\n# created: {}\n# public key: {}\n{}\n",
                    member.name,
                    key.store,
                    timestamp(&member.created_at),
                    key.public,
                    key.secret
                ));
                out.write_all(text.as_bytes())
            }
            // Said by `Output::member_added` on stderr: no data to print.
            None => Ok(()),
        }
    }

    fn member_removed(&self, out: &mut dyn Write, report: &RemovalReport) -> io::Result<()> {
        let name = &report.removed;
        let ended = report.rekey.sessions_ended;
        let readable = report.applications_readable;
        match report.kind {
            RemovalKind::Member => {
                writeln!(
                    out,
                    "Removed the member {name}: the store has a new data key, sealed to the other members; {ended} session(s) ended."
                )?;
                writeln!(out, "Every secret stored before now ({readable} application(s)) was readable to {name}.")?;
            }
            RemovalKind::ScopedMember => {
                writeln!(
                    out,
                    "Removed the scoped member {name}: its {readable} application(s) have new keys; the rest of the store keeps its keys; {ended} session(s) ended."
                )?;
                writeln!(out, "Every secret of those applications stored before now was readable to {name}.")?;
            }
            RemovalKind::Revoked => {
                writeln!(
                    out,
                    "Took from {name} what was named: {readable} application(s) it could read have new keys."
                )?;
                writeln!(out, "Every secret of those applications stored before now was readable to {name}.")?;
            }
        }
        if report.revealed_by_member.is_empty() {
            writeln!(out, "The audit log shows no current secret revealed by {name}.")
        } else {
            writeln!(out, "{name} revealed the current secret of these applications; regenerate them first:")?;
            for app in &report.revealed_by_member {
                writeln!(out, "  revvy-apps regenerate {app}")?;
            }
            Ok(())
        }
    }

    fn store_identity(&self, out: &mut dyn Write, identity: &StoreIdentity) -> io::Result<()> {
        writeln!(out, "Store:    {}", identity.shown)?;
        writeln!(out, "Store id: {}", identity.store_id)?;
        let created =
            identity.created_at.as_ref().map_or_else(|| "unknown (a store from before members)".to_owned(), timestamp);
        writeln!(out, "Created:  {created}")?;
        match &identity.known {
            Some((store_id, since)) if *store_id == identity.store_id => {
                writeln!(out, "Known:    this store, since {}", timestamp(since))?;
            }
            Some((store_id, since)) => {
                writeln!(out, "Known:    another store, id {store_id}, since {}", timestamp(since))?;
            }
            None => writeln!(out, "Known:    no store at this location yet")?,
        }
        if let Some((seen, now)) = identity.rolled_back {
            writeln!(
                out,
                "Rolled back: this machine saw its audit log reach event {seen}; it now ends at event {now}"
            )?;
        }
        if identity.members.is_empty() {
            return Ok(());
        }
        writeln!(out, "Members:")?;
        self.members(out, &identity.members)
    }

    fn error(&self, out: &mut dyn Write, err: &Error) -> io::Result<()> {
        writeln!(out, "error: {}", err.full_message())?;
        if let Some(hint) = err.hint() {
            writeln!(out, "hint: {hint}")?;
        }
        Ok(())
    }
}
