//! `check`: SQLite's own integrity check, every record, every lookup column, the audit chain.
//! It reports every problem it finds rather than stopping at the first.

use std::collections::HashMap;

use super::usage::UsageRecord;
use super::{Store, Stored, audit};
use chrono::{DateTime, Utc};

use super::records::{Recorded, Unlike};
use crate::domain::audit::Action;
use crate::domain::{Application, Status};
use crate::error::{Error, Result};

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub applications: usize,
    pub events: usize,
    pub problems: Vec<String>,
    /// What `check` cannot vouch for, said plainly (not failures).
    pub notes: Vec<String>,
    /// With `--expiring`: the active applications whose secret is expired or expires within
    /// the period, soonest first.
    pub expiring: Option<Vec<ExpiringSecret>>,
}

impl CheckReport {
    /// Lists `app` among the expiring when it is active and its secret is due.
    fn note_expiry(&mut self, app: &Application, expiring: Option<(DateTime<Utc>, u32)>) {
        if let (Some(list), Some((at, within))) = (self.expiring.as_mut(), expiring)
            && app.status == Status::Active
            && app.secret_expiring(at, within)
        {
            list.push(ExpiringSecret {
                name: app.name.clone(),
                client_id: app.client_id.clone(),
                secret_expires_at: app.secret_expires_at().unwrap_or(at),
            });
        }
    }
}

/// An application as `check` opened it: the record, and whether each lookup column matches.
type OpenedRow = (Stored, bool, bool);

impl Store {
    /// Opens every application (in parallel: most of the work) and holds each to its lookup
    /// columns and to what the audit log recorded of it. Returns the usage records read, by row.
    fn check_apps(
        &self,
        report: &mut CheckReport,
        recorded: &HashMap<&str, Recorded<'_>>,
        chain_is_whole: bool,
        expiring: Option<(DateTime<Utc>, u32)>,
        mut kept: Option<&mut Vec<Stored>>,
    ) -> Result<Vec<(i64, UsageRecord)>> {
        use rayon::prelude::*;
        let mut usage = Vec::new();
        // The format as it is now, and every row held to it.
        let sealer = self.sealer_now()?;
        let mut rows = Vec::new();
        self.conn.each_app(self.state.format, &mut |row| {
            rows.push(row);
            Ok(())
        })?;
        let opened: Vec<(i64, Result<OpenedRow>)> = rows
            .into_par_iter()
            .map(|row| {
                let (id, client_id_mac, name_mac) = (row.id, row.client_id_mac.clone(), row.name_mac.clone());
                let opened = sealer.open_app_as_stored(row).map(|stored| {
                    let client_id_ok = client_id_mac == sealer.client_id_mac(&stored.app.client_id);
                    let name_ok = name_mac == sealer.name_mac(&stored.app.name);
                    (stored, client_id_ok, name_ok)
                });
                (id, opened)
            })
            .collect();
        for (id, opened) in opened {
            let (stored, client_id_ok, name_ok) = match opened {
                Ok(opened) => opened,
                Err(err) => {
                    report.problems.push(err.message().to_owned());
                    continue;
                }
            };
            report.applications += 1;
            report.note_expiry(&stored.app, expiring);
            let mut stored = stored;
            if let Some(record) = stored.usage.take() {
                usage.push((id, record));
            }
            if !client_id_ok {
                report.problems.push(format!("row {id}: the client ID lookup column does not match the record"));
            }
            if !name_ok {
                report.problems.push(format!("row {id}: the name lookup column does not match the record"));
            }
            match recorded.get(stored.app.client_id.as_str()).map(|recorded| recorded.unlike(&stored)) {
                Some(Some(Unlike::Deleted)) => report
                    .problems
                    .push(format!("row {id}: the audit log says this application was deleted (a row put back?)")),
                // Events of format 1 carry no version: a row is held to one only where it does.
                Some(Some(Unlike::Version(Some(version)))) => report.problems.push(format!(
                    "row {id}: the record is at version {} but the audit log recorded version {version} (an old row put back?)",
                    stored.version
                )),
                Some(Some(Unlike::Sealed)) => report.problems.push(format!(
                    "row {id}: the record is not the one the audit log recorded (sealed outside revvy-apps, under a key a scoped member holds or held)"
                )),
                // Only a whole chain can vouch for what is missing from it.
                None if chain_is_whole => {
                    report.problems.push(format!("row {id}: the audit log has no record of this application"));
                }
                _ => {}
            }
            if let Some(kept) = kept.as_deref_mut() {
                kept.push(stored);
            }
        }
        Ok(usage)
    }
}

/// An active application whose secret needs rotating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringSecret {
    pub name: String,
    pub client_id: String,
    pub secret_expires_at: DateTime<Utc>,
}

impl Store {
    /// Checks everything; with `expiring` = (now, period), also lists the active applications
    /// whose secret is expired or expires within the period.
    /// Every read in one snapshot of the store: a write another process commits meanwhile is
    /// in all of what the check reads or in none of it, never taken for damage.
    pub fn check(&self, expiring: Option<(DateTime<Utc>, u32)>) -> Result<CheckReport> {
        // Recalled before the snapshot begins: what this machine saw is never newer than the
        // state read, unless the store really went back.
        let recalled = self.seen.recall();
        let mut report = None;
        self.conn.read_together(&mut || {
            report = Some(self.check_one_state(expiring, recalled.as_ref())?);
            Ok(())
        })?;
        report.ok_or_else(|| Error::internal("the check made no report"))
    }

    fn check_one_state(
        &self,
        expiring: Option<(DateTime<Utc>, u32)>,
        recalled: Option<&super::seen::Mark>,
    ) -> Result<CheckReport> {
        let mut report = CheckReport { expiring: expiring.map(|_| Vec::new()), ..CheckReport::default() };
        let mut verified_head = None;
        report.problems.extend(self.conn.integrity_problems()?);
        report.problems.extend(self.state.schema_problems.iter().cloned());
        // Read once: held to the header here, and read by the scoped members' part below.
        let mut members = None;
        if self.state.format >= 3 && self.state.schema_problems.is_empty() {
            // Whatever unlocked this check (a session reads no member), the member list is held
            // to the header's digest and MAC.
            match self.conn.members().and_then(|rows| self.check_members(&rows).map(|()| rows)) {
                Ok(rows) => members = Some(rows),
                Err(err) => report.problems.push(err.message().to_owned()),
            }
        }
        if self.state.format == 1 {
            report.notes.push(
                "the store is in format 1, whose audit head is not keyed: a cut tail or a deleted row may go unseen until its first write upgrades it"
                    .to_owned(),
            );
        } else {
            match self.verified_head() {
                Ok(head) => {
                    // A table replaced by something else cannot even be counted: reported
                    // with the schema problems above, not as a failure of `check` itself.
                    let rows = match self.conn.app_count() {
                        Err(_) if !self.state.schema_problems.is_empty() => head.live_apps,
                        counted => counted?,
                    };
                    if rows != head.live_apps {
                        report.problems.push(format!(
                            "the store holds {rows} application row(s) but the audit head counts {}: rows were deleted or added outside revvy-apps",
                            head.live_apps
                        ));
                    }
                    if let Err(err) =
                        super::seen::Seen::check(recalled, &head, self.sealer_now()?.format, &self.state.path)
                    {
                        report.problems.push(err.message().to_owned());
                    }
                    verified_head = Some(head);
                }
                Err(err) => report.problems.push(err.message().to_owned()),
            }
        }

        let sealer = self.sealer_now()?;
        let chain = audit::read_summaries(&*self.conn, &sealer);
        let events = match &chain {
            Ok(events) => events.as_slice(),
            Err(err) => {
                report.problems.push(err.message().to_owned());
                &[]
            }
        };
        report.events = events.len();
        // The last recorded version of each application, by client ID.
        let mut recorded: HashMap<&str, Recorded<'_>> = HashMap::new();
        for (_, event) in events {
            // A reveal or a use changes no record.
            if let Some(subject) = &event.application
                && !matches!(event.action, Action::Reveal | Action::Use)
            {
                recorded.insert(
                    &subject.client_id,
                    Recorded { action: event.action, version: event.version, sealed_as: event.sealed_as.as_ref() },
                );
            }
        }
        // The applications, kept for the scoped members' part when there are any.
        let mut opened = Vec::new();
        let scoped = sealer.format >= 6 && members.iter().flatten().any(|row| row.scope.is_some());
        let scanned = self.check_apps(&mut report, &recorded, chain.is_ok(), expiring, scoped.then_some(&mut opened));
        match scanned {
            // What the schema problems above explain (a view in place of the table).
            Err(err) if !self.state.schema_problems.is_empty() => {
                report.problems.push(format!("the applications cannot be read: {}", err.message()));
            }
            Err(err) => return Err(err),
            Ok(usage) => match &verified_head {
                Some(head) if sealer.format >= 4 => {
                    // A record erased, added or put back from an older copy does not add up.
                    if let Err(err) = audit::verify_usage(&sealer, head, usage.iter().map(|(id, r)| (*id, r))) {
                        report.problems.push(err.message().to_owned());
                    }
                }
                _ if sealer.format == 3 => report.notes.push(
                    "the store is in format 3, whose audit head does not cover the last-use records: an erased or older one may go unseen until its first write upgrades it"
                        .to_owned(),
                ),
                _ => {}
            },
        }
        // Scopes are read from a member list the header vouches for (else that was reported).
        if let (true, Some(members)) = (sealer.format >= 6, &members) {
            self.check_scopes(&mut report, members, events, &opened)?;
        }
        if let Some(list) = report.expiring.as_mut() {
            list.sort_by(|a, b| (a.secret_expires_at, &a.name).cmp(&(b.secret_expires_at, &b.name)));
        }
        Ok(report)
    }
}
