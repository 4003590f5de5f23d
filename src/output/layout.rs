//! What the tables of `list`, `log` and `show` hold, and what gives way first when the
//! terminal is narrow (see `fit`): times as people read them, durations as `show` prints
//! them, colour for the status and for a secret that expires soon or has expired.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::fit::{Cell, Column, Elastic, Paint, Step, Table};
use crate::domain::application::now;
use crate::domain::audit::{FieldChange, SECRET_FIELD};
use crate::domain::secret::mask_client_id;
use crate::domain::time::{human_seconds, readable, relative};
use crate::domain::{Application, Status};
use crate::store::StoredEvent;

/// A secret expiring within this long is shown in yellow (expired: red).
const SOON: i64 = 7 * 86_400;

/// Which columns a list shows: `--wide` adds expiry and last use, `--expiring` the expiry.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListView {
    pub wide: bool,
    pub expiry: bool,
}

/// One application of a list, as table cells (kept, not the application, until the widths
/// are known).
#[derive(Debug)]
pub struct ListRow {
    cells: [String; 9],
    status: Status,
    due: Option<Paint>,
}

// The columns of a list, by position in `ListRow::cells`.
const NAME: usize = 0;
const CLIENT_ID: usize = 1;
const SECRET: usize = 2;
const STATUS: usize = 3;
const CREATED: usize = 4;
const UPDATED: usize = 5;
const EXPIRES: usize = 6;
const LAST_USED: usize = 7;
const OLD_SECRET_USED: usize = 8;

const HEADERS: [&str; 9] = [
    "Name",
    "Client ID",
    "Client Secret",
    "Status",
    "Created At",
    "Updated At",
    "Expires",
    "Last Used",
    "Old Secret Used",
];

pub fn status_paint(status: Status) -> Paint {
    match status {
        Status::Active => Paint::Green,
        Status::Disabled => Paint::Yellow,
    }
}

fn due_paint(expires: Option<DateTime<Utc>>, at: &DateTime<Utc>) -> Option<Paint> {
    let left = (expires? - *at).num_seconds();
    if left <= 0 { Some(Paint::Red) } else { (left <= SOON).then_some(Paint::Yellow) }
}

fn relative_or(at: Option<DateTime<Utc>>, now: &DateTime<Utc>, none: &str) -> String {
    at.map_or_else(|| none.to_owned(), |at| relative(&at, now))
}

pub fn list_row(app: &Application, reveal: bool) -> ListRow {
    let at = now();
    let expires = app.secret_expires_at();
    ListRow {
        cells: [
            app.name.clone(),
            if reveal { app.client_id.clone() } else { mask_client_id(&app.client_id) },
            if reveal { app.client_secret.expose().to_owned() } else { app.client_secret.masked() },
            app.status.as_str().to_owned(),
            readable(&app.created_at),
            readable(&app.updated_at),
            relative_or(expires, &at, "never"),
            relative_or(app.usage.last_used_at, &at, "never"),
            relative_or(app.usage.previous_secret_last_used_at, &at, "—"),
        ],
        status: app.status,
        due: due_paint(expires, &at),
    }
}

/// The list as a table. The name gives way last (shortened with `…`); revealed credentials
/// are never dropped.
pub fn list_table(rows: Vec<ListRow>, view: ListView, reveal: bool, color: bool) -> Table {
    let mut shown = vec![NAME, CLIENT_ID, SECRET, STATUS, CREATED, UPDATED];
    if view.wide || view.expiry {
        shown.push(EXPIRES);
    }
    if view.wide {
        shown.push(LAST_USED);
        if rows.iter().any(|row| row.cells[OLD_SECRET_USED] != "—") {
            shown.push(OLD_SECRET_USED);
        }
    }
    let mut order = vec![Step::Drop(OLD_SECRET_USED), Step::Drop(UPDATED)];
    if !reveal {
        order.push(Step::Drop(SECRET));
    }
    // A long name is cut to 32 before the last use `--wide` asked for, the creation date or
    // the client ID goes.
    order.extend([Step::Shorten(CREATED), Step::Cap(NAME, 32), Step::Drop(LAST_USED), Step::Drop(CREATED)]);
    if !reveal {
        order.push(Step::Drop(CLIENT_ID));
    }
    let mut cells: Vec<Vec<Cell>> = shown.iter().map(|_| Vec::with_capacity(rows.len())).collect();
    let mut dates = Vec::with_capacity(rows.len());
    for row in rows {
        let ListRow { cells: texts, status, due } = row;
        dates.push(Cell::text(texts[CREATED].get(..10).unwrap_or_default()));
        for (column, key) in cells.iter_mut().zip(&shown) {
            let cell = Cell::text(texts[*key].clone());
            column.push(match *key {
                STATUS => cell.paint(Some(status_paint(status))),
                EXPIRES => cell.paint(due),
                _ => cell,
            });
        }
    }
    let mut columns: Vec<Column> = Vec::with_capacity(shown.len());
    for (key, column_cells) in shown.iter().zip(cells) {
        let column = Column::new(HEADERS[*key], column_cells);
        columns.push(if *key == CREATED { column.short("Created", std::mem::take(&mut dates)) } else { column });
    }
    let position = |key: usize| shown.iter().position(|k| *k == key);
    let steps = order
        .into_iter()
        .filter_map(|step| match step {
            Step::Drop(key) => position(key).map(Step::Drop),
            Step::Shorten(key) => position(key).map(Step::Shorten),
            Step::Cap(key, max) => position(key).map(|i| Step::Cap(i, max)),
        })
        .collect();
    Table {
        columns,
        header: true,
        steps,
        elastic: Some(Elastic { column: 0, min: 12, want: usize::MAX, truncate: true }),
        color,
    }
}

/// Lifetimes are kept in seconds and read as `show` prints them.
fn is_duration(field: &str) -> bool {
    matches!(field, "access_token_lifetime" | "refresh_token_lifetime" | "secret_lifetime")
}

/// A changed value as separate words: a list's items may go on separate lines, never a part
/// of one.
fn value_words(field: &str, value: &Value) -> Vec<String> {
    match value {
        Value::Number(n) if is_duration(field) => {
            vec![n.as_u64().and_then(|n| u32::try_from(n).ok()).map_or_else(|| n.to_string(), human_seconds)]
        }
        Value::Null => vec!["none".to_owned()],
        Value::Array(items) if !items.is_empty() => {
            let last = items.len() - 1;
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let open = if i == 0 { "[" } else { "" };
                    let close = if i == last { "]" } else { "," };
                    format!("{open}{item}{close}")
                })
                .collect()
        }
        other => vec![other.to_string()],
    }
}

/// `scopes: ["a"] → ["a", "b"]`; a secret change is named only.
fn change_words(change: &FieldChange) -> Vec<String> {
    let mut words = vec![format!("{}:", change.field)];
    if change.field == SECRET_FIELD {
        words.push("changed".to_owned());
        return words;
    }
    if !change.old.is_null() {
        words.extend(value_words(&change.field, &change.old));
        words.push("→".to_owned());
    }
    words.extend(value_words(&change.field, &change.new));
    words
}

pub fn events_table(events: &[&StoredEvent]) -> Table {
    let mut columns: Vec<(Vec<Cell>, Vec<Cell>)> = (0..6).map(|_| (Vec::new(), Vec::new())).collect();
    for stored in events {
        let event = &stored.event;
        let (app, app_short) = match (&event.application, &event.member) {
            (Some(s), _) => (format!("{} ({})", s.name, mask_client_id(&s.client_id)), s.name.clone()),
            (None, Some(member)) => (format!("member {member}"), format!("member {member}")),
            (None, None) => ("—".to_owned(), "—".to_owned()),
        };
        let actor = match &event.note {
            Some(note) => format!("{} ({note})", event.actor),
            None => event.actor.clone(),
        };
        let action = match &event.via {
            Some(via) => format!("{} (via {via})", event.action.as_str()),
            None => event.action.as_str().to_owned(),
        };
        let changes: Vec<Vec<String>> = event.changes.iter().map(change_words).collect();
        let changes = if changes.is_empty() { Cell::text("—") } else { Cell::values(changes) };
        let row = [
            (Cell::text(stored.id.to_string()), None),
            (Cell::text(readable(&event.time)), Some(Cell::text(readable(&event.time).get(5..).unwrap_or_default()))),
            (Cell::text(actor), Some(Cell::text(event.actor.clone()))),
            (Cell::text(action), Some(Cell::text(event.action.as_str()))),
            (Cell::text(app), Some(Cell::text(app_short))),
            (changes, None),
        ];
        for ((full, short), (cell, short_cell)) in columns.iter_mut().zip(row) {
            short.push(short_cell.unwrap_or_else(|| cell.clone()));
            full.push(cell);
        }
    }
    let headers = ["#", "Time", "Actor", "Action", "Application", "Changes"];
    let columns = headers
        .into_iter()
        .zip(columns)
        .map(|(header, (full, short))| Column::new(header, full).short(header, short))
        .collect();
    Table {
        columns,
        header: true,
        steps: vec![
            Step::Shorten(4),
            Step::Shorten(2),
            Step::Shorten(3),
            Step::Drop(0),
            Step::Shorten(1),
            Step::Cap(4, 24),
            Step::Cap(2, 16),
        ],
        elastic: Some(Elastic { column: 5, min: 16, want: 36, truncate: true }),
        color: false,
    }
}

/// `show`: every field, grouped as the detail page is. Values are never cut (they are
/// copied); a list of scopes goes on more lines between its scopes.
pub fn application_table(app: &Application, reveal: bool, color: bool) -> Table {
    let at = now();
    let settings = &app.settings;
    let mut labels = Vec::new();
    let mut values = Vec::new();
    let section = |labels: &mut Vec<Cell>, values: &mut Vec<Cell>, title: &str| {
        labels.push(Cell::text(title).paint(Some(Paint::Bold)));
        values.push(Cell::text(""));
    };
    let row = |labels: &mut Vec<Cell>, values: &mut Vec<Cell>, label: &str, value: Cell| {
        labels.push(Cell::text(format!("  {label}")));
        values.push(value);
    };
    let when = |moment: Option<DateTime<Utc>>, none: &str| {
        moment.map_or_else(|| none.to_owned(), |m| format!("{} ({})", readable(&m), relative(&m, &at)))
    };
    let lifetime = |seconds: Option<u32>, none: &str| {
        seconds.map_or_else(|| none.to_owned(), |s| format!("{} ({s}s)", human_seconds(s)))
    };
    let list = |items: &[String]| {
        if items.is_empty() { Cell::text("—") } else { Cell::lines(items.iter().cloned()) }
    };
    let (l, v) = (&mut labels, &mut values);
    section(l, v, "Application");
    row(l, v, "Name", Cell::text(&app.name));
    row(l, v, "Client ID", Cell::text(&app.client_id));
    let secret = if reveal { app.client_secret.expose().to_owned() } else { app.client_secret.masked() };
    row(l, v, "Client Secret", Cell::text(secret));
    row(l, v, "Status", Cell::text(app.status.as_str()).paint(Some(status_paint(app.status))));
    row(l, v, "Tenant", Cell::text(&settings.tenant));
    row(l, v, "Multi-tenant", Cell::text(if settings.multi_tenant { "yes" } else { "no" }));
    section(l, v, "Timestamps");
    row(l, v, "Created At", Cell::text(readable(&app.created_at)));
    row(l, v, "Updated At", Cell::text(readable(&app.updated_at)));
    row(l, v, "Secret Issued At", Cell::text(readable(&app.secret_created_at)));
    row(l, v, "Previous Secret Expires At", Cell::text(when(app.previous_secret_expiry(at), "—")));
    row(l, v, "Secret Lifetime", Cell::text(lifetime(settings.secret_lifetime, "none")));
    let expires = app.secret_expires_at();
    row(l, v, "Secret Expires At", Cell::text(when(expires, "never")).paint(due_paint(expires, &at)));
    row(l, v, "Last Used At", Cell::text(when(app.usage.last_used_at, "never")));
    if app.previous_secret_expiry(at).is_some() {
        row(l, v, "Previous Secret Last Used At", Cell::text(when(app.usage.previous_secret_last_used_at, "never")));
    }
    section(l, v, "OAuth");
    let grants: Vec<String> = settings.grant_types.iter().map(ToString::to_string).collect();
    row(l, v, "Grant Types", list(&grants));
    let scopes =
        if settings.scopes.is_empty() { Cell::text("—") } else { Cell::values(vec![settings.scopes.clone()]) };
    row(l, v, "Scopes", scopes);
    row(l, v, "Access Token Lifetime", Cell::text(lifetime(Some(settings.access_token_lifetime), "—")));
    row(l, v, "Refresh Token Lifetime", Cell::text(lifetime(settings.refresh_token_lifetime, "—")));
    section(l, v, "Authorized URLs");
    row(l, v, "Callback URLs", list(&settings.callback_urls));
    row(l, v, "Sign-out URLs", list(&settings.signout_urls));
    Table {
        columns: vec![Column::new("", labels), Column::new("", values)],
        header: false,
        steps: Vec::new(),
        elastic: Some(Elastic { column: 1, min: 20, want: usize::MAX, truncate: false }),
        color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;

    /// `list --wide` asked for last use: a long name is cut before that column goes.
    #[test]
    fn a_wide_list_keeps_last_use_and_cuts_a_long_name_first() {
        let app = Application::new("n".repeat(100), Settings::default());
        let table = list_table(vec![list_row(&app, false)], ListView { wide: true, expiry: false }, false, false);
        let mut out = Vec::new();
        table.write(&mut out, Some(120)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Last Used"), "{text}");
        assert!(text.lines().all(|line| line.chars().count() <= 120), "{text}");
    }
}
