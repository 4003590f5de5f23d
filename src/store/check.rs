//! `check`: SQLite's own integrity check, every record, every lookup column, the audit chain.
//! It reports every problem it finds rather than stopping at the first.

use std::collections::HashMap;

use super::Store;
use super::audit;
use super::records::{Row, bytes};
use crate::domain::audit::Action;
use crate::error::Result;

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub applications: usize,
    pub events: usize,
    pub problems: Vec<String>,
}

impl Store {
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let integrity: Vec<String> =
            self.conn.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        if integrity != ["ok"] {
            report.problems.extend(integrity.into_iter().map(|line| format!("SQLite integrity check: {line}")));
        }

        let sealer = self.sealer();
        let chain = audit::read_all(&self.conn, &sealer);
        let events = match &chain {
            Ok(events) => events.as_slice(),
            Err(err) => {
                report.problems.push(err.message().to_owned());
                &[]
            }
        };
        report.events = events.len();
        // The last recorded version of each application, by client ID.
        let mut recorded: HashMap<&str, (Action, Option<i64>)> = HashMap::new();
        for stored in events {
            if let Some(subject) = &stored.event.application
                && stored.event.action != Action::Reveal
            {
                recorded.insert(&subject.client_id, (stored.event.action, stored.event.version));
            }
        }
        let mut stmt =
            self.conn.prepare("SELECT id, version, sealed, client_id_mac, name_mac FROM applications ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((Row { id: r.get(0)?, version: r.get(1)?, sealed: bytes(r, 2)? }, bytes(r, 3)?, bytes(r, 4)?))
        })?;
        for row in rows {
            let (row, client_id_mac, name_mac) = row?;
            let id = row.id;
            match sealer.open(row) {
                Ok(stored) => {
                    report.applications += 1;
                    if client_id_mac != sealer.client_id_mac(&stored.app.client_id) {
                        report
                            .problems
                            .push(format!("row {id}: the client ID lookup column does not match the record"));
                    }
                    if name_mac != sealer.name_mac(&stored.app.name) {
                        report.problems.push(format!("row {id}: the name lookup column does not match the record"));
                    }
                    match recorded.get(stored.app.client_id.as_str()) {
                        Some((Action::Delete, _)) => report
                            .problems
                            .push(format!("row {id}: the audit log says this application was deleted (a row put back?)")),
                        Some((_, Some(version))) if *version != stored.version => report.problems.push(format!(
                            "row {id}: the record is at version {} but the audit log recorded version {version} (an old row put back?)",
                            stored.version
                        )),
                        // Only a whole chain can vouch for what is missing from it.
                        None if chain.is_ok() => {
                            report.problems.push(format!("row {id}: the audit log has no record of this application"));
                        }
                        _ => {}
                    }
                }
                Err(err) => report.problems.push(err.message().to_owned()),
            }
        }
        Ok(report)
    }
}
