//! Human tables (comfy-table), fitted to the terminal width. Secrets are masked unless
//! `--reveal`; the client ID is masked in `list` only, since it is public and copied from
//! `show`.

use std::io::{self, Write};

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::{ListWriter, MachineKey, Render, Rendered, timestamp};
use crate::domain::application::now;
use crate::domain::audit::{FieldChange, SECRET_FIELD};
use crate::domain::member::Member;
use crate::domain::plan::{Step, StepAction};
use crate::domain::secret::mask_client_id;
use crate::domain::time::human_seconds;
use crate::domain::{Application, Status};
use crate::error::Error;
use crate::store::{CheckReport, RemovalReport, StoreIdentity, StoredEvent};

pub struct TableRender {
    pub color: bool,
}

impl TableRender {
    fn new_table() -> Table {
        let mut table = Table::new();
        table.load_style(presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
        table
    }

    fn status_cell(&self, status: Status) -> Cell {
        let cell = Cell::new(status.as_str());
        match (self.color, status) {
            (true, Status::Active) => cell.fg(Color::Green),
            (true, Status::Disabled) => cell.fg(Color::Yellow),
            (false, _) => cell,
        }
    }
}

/// `scopes: ["a"] → ["a","b"]`; a secret change is named only.
fn describe_change(change: &FieldChange) -> String {
    if change.field == SECRET_FIELD {
        format!("{}: changed", change.field)
    } else if change.old.is_null() {
        format!("{}: {}", change.field, change.new)
    } else {
        format!("{}: {} → {}", change.field, change.old, change.new)
    }
}

/// A table needs every row before it knows its widths: it keeps the cells, not the apps.
struct TableList {
    render: TableRender,
    rows: Vec<(Vec<String>, Status)>,
    wide: bool,
}

const LIST_HEADER: [&str; 6] = ["Name", "Client ID", "Client Secret", "Status", "Created At", "Updated At"];
/// `list --wide` adds these.
const WIDE_HEADER: [&str; 3] = ["Secret Expires At", "Last Used At", "Previous Secret Last Used At"];

/// Rows per comfy-table: a long list is drawn in slices of one width, so memory stays flat.
const TABLE_SLICE: usize = 500;

impl TableList {
    fn table(&self, rows: &[(Vec<String>, Status)], header: bool) -> Table {
        let mut table = TableRender::new_table();
        if header {
            let wide: &[&str] = if self.wide { &WIDE_HEADER } else { &[] };
            table.set_header([&LIST_HEADER[..], wide].concat());
        }
        for (cells, status) in rows {
            let mut row: Vec<Cell> = cells.iter().map(Cell::new).collect();
            row[3] = self.render.status_cell(*status);
            table.add_row(row);
        }
        table
    }
}

impl ListWriter for TableList {
    fn push(&mut self, _out: &mut dyn Write, item: Rendered) -> io::Result<()> {
        if let Rendered::Row(cells, status) = item {
            self.rows.push((cells, status));
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        if self.rows.len() <= TABLE_SLICE {
            // One table, fitted to the terminal.
            return write_table(out, &self.table(&self.rows, true));
        }
        // The widest content of each column over every slice, then each slice drawn at those
        // widths: the slices line up as one table.
        let mut widths = self.table(&[], true).column_max_content_widths();
        for slice in self.rows.chunks(TABLE_SLICE) {
            for (width, slice_width) in widths.iter_mut().zip(self.table(slice, false).column_max_content_widths()) {
                *width = (*width).max(slice_width);
            }
        }
        for (i, slice) in self.rows.chunks(TABLE_SLICE).enumerate() {
            let mut table = self.table(slice, i == 0);
            table.set_content_arrangement(ContentArrangement::Disabled);
            table.set_constraints(widths.iter().map(|&w| ColumnConstraint::LowerBoundary(Width::Fixed(w + 2))));
            write_table(out, &table)?;
        }
        Ok(())
    }
}

/// Writes the table without the padding comfy-table leaves at the end of each line.
fn write_table(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn secret_text(app: &Application, reveal: bool) -> String {
    if reveal { app.client_secret.expose().to_owned() } else { app.client_secret.masked() }
}

fn optional_time(at: Option<chrono::DateTime<chrono::Utc>>, none: &str) -> String {
    at.as_ref().map_or_else(|| none.to_owned(), timestamp)
}

fn lines(items: &[String]) -> String {
    if items.is_empty() { "—".to_owned() } else { items.join("\n") }
}

impl Render for TableRender {
    fn application(&self, out: &mut dyn Write, app: &Application, reveal: bool) -> io::Result<()> {
        let settings = &app.settings;
        let mut table = Self::new_table();
        let section = |table: &mut Table, title: &str| {
            let cell = Cell::new(title);
            let cell = if self.color { cell.add_attribute(comfy_table::Attribute::Bold) } else { cell };
            table.add_row(vec![cell, Cell::new("")]);
        };
        section(&mut table, "Application");
        table.add_row(vec![Cell::new("  Name"), Cell::new(&app.name)]);
        table.add_row(vec![Cell::new("  Client ID"), Cell::new(&app.client_id)]);
        table.add_row(vec![Cell::new("  Client Secret"), Cell::new(secret_text(app, reveal))]);
        table.add_row(vec![Cell::new("  Status"), self.status_cell(app.status)]);
        table.add_row(vec!["  Tenant", &settings.tenant]);
        table.add_row(vec!["  Multi-tenant", if settings.multi_tenant { "yes" } else { "no" }]);
        section(&mut table, "Timestamps");
        table.add_row(vec!["  Created At".to_owned(), timestamp(&app.created_at)]);
        table.add_row(vec!["  Updated At".to_owned(), timestamp(&app.updated_at)]);
        table.add_row(vec!["  Secret Issued At".to_owned(), timestamp(&app.secret_created_at)]);
        let previous = app.previous_secret_expiry(now()).as_ref().map_or_else(|| "—".to_owned(), timestamp);
        table.add_row(vec!["  Previous Secret Expires At".to_owned(), previous]);
        let lifetime =
            settings.secret_lifetime.map_or_else(|| "none".to_owned(), |s| format!("{} ({s}s)", human_seconds(s)));
        table.add_row(vec!["  Secret Lifetime".to_owned(), lifetime]);
        table.add_row(vec!["  Secret Expires At".to_owned(), optional_time(app.secret_expires_at(), "never")]);
        table.add_row(vec!["  Last Used At".to_owned(), optional_time(app.usage.last_used_at, "never")]);
        if app.previous_secret_expiry(now()).is_some() {
            let used = optional_time(app.usage.previous_secret_last_used_at, "never");
            table.add_row(vec!["  Previous Secret Last Used At".to_owned(), used]);
        }
        section(&mut table, "OAuth");
        let grants: Vec<String> = settings.grant_types.iter().map(ToString::to_string).collect();
        table.add_row(vec!["  Grant Types".to_owned(), lines(&grants)]);
        table.add_row(vec![
            "  Scopes".to_owned(),
            if settings.scopes.is_empty() { "—".to_owned() } else { settings.scopes.join(" ") },
        ]);
        table.add_row(vec![
            "  Access Token Lifetime".to_owned(),
            format!("{} ({}s)", human_seconds(settings.access_token_lifetime), settings.access_token_lifetime),
        ]);
        let refresh =
            settings.refresh_token_lifetime.map_or_else(|| "—".to_owned(), |s| format!("{} ({s}s)", human_seconds(s)));
        table.add_row(vec!["  Refresh Token Lifetime".to_owned(), refresh]);
        section(&mut table, "Authorized URLs");
        table.add_row(vec!["  Callback URLs".to_owned(), lines(&settings.callback_urls)]);
        table.add_row(vec!["  Sign-out URLs".to_owned(), lines(&settings.signout_urls)]);
        write_table(out, &table)
    }

    fn list_item(&self, app: &Application, reveal: bool, wide: bool) -> Rendered {
        let mut cells = vec![
            app.name.clone(),
            if reveal { app.client_id.clone() } else { mask_client_id(&app.client_id) },
            secret_text(app, reveal),
            app.status.as_str().to_owned(),
            timestamp(&app.created_at),
            timestamp(&app.updated_at),
        ];
        if wide {
            cells.extend([
                optional_time(app.secret_expires_at(), "never"),
                optional_time(app.usage.last_used_at, "never"),
                optional_time(app.usage.previous_secret_last_used_at, "—"),
            ]);
        }
        Rendered::Row(cells, app.status)
    }

    fn list(&self, wide: bool) -> Box<dyn ListWriter> {
        Box::new(TableList { render: TableRender { color: self.color }, rows: Vec::new(), wide })
    }

    fn events(&self, out: &mut dyn Write, events: &[&StoredEvent]) -> io::Result<()> {
        let mut table = Self::new_table();
        table.set_header(vec!["#", "Time", "Actor", "Action", "Application", "Changes"]);
        for stored in events {
            let event = &stored.event;
            let app = match (&event.application, &event.member) {
                (Some(s), _) => format!("{} ({})", s.name, mask_client_id(&s.client_id)),
                (None, Some(member)) => format!("member {member}"),
                (None, None) => "—".to_owned(),
            };
            let changes: Vec<String> = event.changes.iter().map(describe_change).collect();
            table.add_row(vec![
                stored.id.to_string(),
                timestamp(&event.time),
                match &event.note {
                    Some(note) => format!("{} ({note})", event.actor),
                    None => event.actor.clone(),
                },
                match &event.via {
                    Some(via) => format!("{} (via {via})", event.action.as_str()),
                    None => event.action.as_str().to_owned(),
                },
                app,
                if changes.is_empty() { "—".to_owned() } else { changes.join("\n") },
            ]);
        }
        write_table(out, &table)
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
                let mut table = Self::new_table();
                table.set_header(vec!["Expiring", "Client ID", "Secret Expires At"]);
                for e in list {
                    table.add_row(vec![e.name.clone(), e.client_id.clone(), timestamp(&e.secret_expires_at)]);
                }
                write_table(out, &table)?;
            }
        }
        Ok(())
    }

    fn plan(&self, out: &mut dyn Write, steps: &[Step], dry_run: bool, reveal: bool) -> io::Result<()> {
        let mut table = Self::new_table();
        let show_credentials = reveal && !dry_run;
        let mut header = vec!["Action", "Name", "Changes"];
        if show_credentials {
            header.extend(["Client ID", "Client Secret"]);
        }
        table.set_header(header);
        let mut counts = [0usize; 4];
        for step in steps {
            counts[step.action as usize] += 1;
            let fields: Vec<&str> = step.changes.iter().map(|c| c.field.as_str()).collect();
            let changes = match step.action {
                StepAction::Update => fields.join(", "),
                _ => String::new(),
            };
            let mut row = vec![Cell::new(step.action.as_str()), Cell::new(&step.name), Cell::new(changes)];
            if show_credentials && step.action == StepAction::Create {
                row.push(Cell::new(&step.application.client_id));
                row.push(Cell::new(step.application.client_secret.expose()));
            }
            table.add_row(row);
        }
        if !steps.is_empty() {
            write_table(out, &table)?;
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
        let mut table = Self::new_table();
        table.set_header(vec!["", "Name", "Kind", "Created", "Created by"]);
        for member in members {
            table.add_row(vec![
                if member.current { "*" } else { "" }.to_owned(),
                member.name.clone(),
                member.kind.as_str().to_owned(),
                timestamp(&member.created_at),
                member.created_by.clone(),
            ]);
        }
        write_table(out, &table)
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
            None => writeln!(out, "Added the {} member {}.", member.kind.as_str(), member.name),
        }
    }

    fn member_removed(&self, out: &mut dyn Write, report: &RemovalReport) -> io::Result<()> {
        let name = &report.removed;
        writeln!(
            out,
            "Removed the member {name}: the store has a new data key, sealed to the other members; {} session(s) ended.",
            report.rekey.sessions_ended
        )?;
        writeln!(
            out,
            "Every secret stored before now ({} application(s)) was readable to {name}.",
            report.applications_readable
        )?;
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
