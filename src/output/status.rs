//! `status` (alias `whoami`): where the store is, who you would unlock it as and how, and
//! what it holds, as a table or as JSON.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::fit::{Cell, Column, Elastic, Table};
use crate::domain::time::{readable, relative, rfc3339};

/// How the store would be unlocked now: the first source that is set (DESIGN §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Session,
    Identity,
    Passphrase,
    /// A passphrase asked on this terminal.
    Prompt,
    /// Nothing is set and stdin is not a terminal: the store is locked.
    None,
}

#[derive(Debug)]
pub struct StatusReport {
    pub location: String,
    /// `sqlite` or `postgresql`.
    pub backend: &'static str,
    pub store_id: String,
    pub member: Option<String>,
    /// How the member was chosen: `--as`, the config's member, the only passphrase member...
    pub member_from: Option<String>,
    pub method: Method,
    /// Where the credential comes from: `REVVY_APPS_SESSION`, a file, a variable.
    pub source: Option<String>,
    pub session_expires_at: Option<DateTime<Utc>>,
    /// Why unlocking would fail now, if it would.
    pub problem: Option<String>,
    pub applications: u64,
    pub members: Vec<String>,
    /// A scoped member's scope; `None` for a full member (or when nothing unlocked).
    pub scope: Option<crate::domain::member::MemberScope>,
}

pub fn json(out: &mut dyn Write, report: &StatusReport) -> io::Result<()> {
    #[derive(Serialize)]
    struct StoreJson<'a> {
        location: &'a str,
        backend: &'a str,
        id: &'a str,
    }
    #[derive(Serialize)]
    struct UnlockJson<'a> {
        method: Method,
        source: Option<&'a str>,
        expires_at: Option<String>,
        problem: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct ScopeJson<'a> {
        applications: &'a [String],
        tenants: &'a [String],
    }
    #[derive(Serialize)]
    struct StatusJson<'a> {
        store: StoreJson<'a>,
        member: Option<&'a str>,
        unlock: UnlockJson<'a>,
        /// `null`: a full member; else what a scoped member may read.
        scope: Option<ScopeJson<'a>>,
        applications: u64,
        members: &'a [String],
    }
    let json = StatusJson {
        store: StoreJson { location: &report.location, backend: report.backend, id: &report.store_id },
        member: report.member.as_deref(),
        unlock: UnlockJson {
            method: report.method,
            source: report.source.as_deref(),
            expires_at: report.session_expires_at.as_ref().map(rfc3339),
            problem: report.problem.as_deref(),
        },
        scope: report
            .scope
            .as_ref()
            .map(|scope| ScopeJson { applications: &scope.applications, tenants: &scope.tenants }),
        applications: report.applications,
        members: &report.members,
    };
    let mut text = serde_json::to_vec_pretty(&json).map_err(io::Error::other)?;
    text.push(b'\n');
    out.write_all(&text)
}

pub fn table(out: &mut dyn Write, report: &StatusReport, width: Option<usize>) -> io::Result<()> {
    let now = crate::domain::time::now();
    let backend = if report.backend == "sqlite" { "SQLite file" } else { "PostgreSQL" };
    let member = match (&report.member, &report.member_from) {
        (Some(name), Some(from)) => format!("{name} ({from})"),
        (Some(name), None) => name.clone(),
        (None, _) => "—".to_owned(),
    };
    let source = report.source.as_deref().unwrap_or_default();
    let how = match report.method {
        Method::Session => match &report.session_expires_at {
            Some(at) => format!("a session ({source}) until {} ({})", readable(at), relative(at, &now)),
            None => format!("a session ({source})"),
        },
        Method::Identity => format!("a key: {source}"),
        Method::Passphrase => format!("a passphrase from {source}"),
        Method::Prompt => "a passphrase asked on this terminal".to_owned(),
        Method::None => "nothing: the store is locked".to_owned(),
    };
    let mut rows = vec![
        ("Store", format!("{} ({backend})", report.location)),
        ("Store ID", report.store_id.clone()),
        ("Member", member),
        ("Unlocks with", how),
        (
            "Scope",
            report.scope.as_ref().map_or_else(|| "full".to_owned(), crate::domain::member::MemberScope::describe),
        ),
        ("Applications", report.applications.to_string()),
        ("Members", report.members.join(", ")),
    ];
    if let Some(problem) = &report.problem {
        rows.push(("Problem", problem.clone()));
    }
    let (labels, values): (Vec<Cell>, Vec<Cell>) =
        rows.into_iter().map(|(label, value)| (Cell::text(label), Cell::text(value))).unzip();
    Table {
        columns: vec![Column::new("", labels), Column::new("", values)],
        header: false,
        steps: Vec::new(),
        elastic: Some(Elastic { column: 1, min: 20, want: usize::MAX, truncate: false }),
        color: false,
    }
    .write(out, width)
}
