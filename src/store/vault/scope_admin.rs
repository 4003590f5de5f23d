//! Changing scopes (format 6): `access add --only`, `access grant`, `access revoke`, and
//! `access remove` of a scoped member, each one write. What a scoped member loses gets a new
//! key (its application's next epoch), granted again to whoever else holds it: the key the
//! member kept opens nothing written after. The rest of the store keeps its keys.

use super::audit;
use super::header::Header;
use super::maintenance::{RekeyReport, RemovalKind, RemovalReport, revealed_by};
use super::members::{self, NewMember, altered_member, member_row, save_list, vouched_list};
use super::records::Writer;
use super::scope::{Scope, ScopedApp, ScopedMember, scope_row, wrap_grant};
use super::sealer::{Sealer, Stored};
use super::{FORMAT_VERSION, Store};
use crate::domain::audit::{Action, Event, Subject};
use crate::domain::member::Member;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{EndSessions, GrantRow, GrantsOf, MemberRow, Tables};
use crate::store::seal::crypto;

/// What a scope is asked to hold, or to lose: applications by name or client ID, and tenants.
#[derive(Debug, Clone, Default)]
pub struct ScopeRequest {
    pub apps: Vec<String>,
    pub tenants: Vec<String>,
}

impl Writer<'_> {
    /// The applications `request` names, each once, by row; an unknown one is exit 3.
    fn resolve(&self, request: &ScopeRequest) -> Result<Vec<Stored>> {
        let mut found: Vec<Stored> = Vec::new();
        for reference in &request.apps {
            let stored = self.get(reference)?;
            if !found.iter().any(|seen| seen.row_id == stored.row_id) {
                found.push(stored);
            }
        }
        Ok(found)
    }

    /// As [`Writer::resolve`], finding each among the rows as they open, whatever the log says
    /// of them: what a revoke takes must be found even when its record was forged.
    fn resolve_listed(&self, request: &ScopeRequest) -> Result<Vec<Stored>> {
        let apps = self.list()?.apps;
        let mut found: Vec<Stored> = Vec::new();
        for reference in &request.apps {
            let stored = apps
                .iter()
                .find(|stored| {
                    stored.app.client_id == *reference
                        || crate::domain::rules::name_key(&stored.app.name) == crate::domain::rules::name_key(reference)
                })
                .ok_or_else(|| super::records::not_found(reference))?;
            if !found.iter().any(|seen| seen.row_id == stored.row_id) {
                found.push(stored.clone());
            }
        }
        Ok(found)
    }

    /// Grants every application `scope` covers that `member` does not hold yet.
    fn grant_covered(&mut self, member_id: i64, scope: &Scope) -> Result<()> {
        let held: Vec<i64> = self.tables().grants(Some(member_id))?.iter().map(|grant| grant.app_id).collect();
        let covered: Vec<Stored> = self
            .list()?
            .apps
            .into_iter()
            .filter(|stored| scope.covers(stored.row_id, &stored.app) && !held.contains(&stored.row_id))
            .collect();
        self.scoped()?;
        let sealer = &self.reader.sealer;
        let scoped = self.scoped.as_deref().unwrap_or_default();
        let member = scoped.iter().find(|member| member.row.id == member_id).map(|member| &member.keys);
        let keys = member.ok_or_else(|| Error::internal("the scoped member just written is not in the list"))?;
        let name = scoped.iter().find(|member| member.row.id == member_id).map(|member| member.row.name.clone());
        for stored in &covered {
            // Never a grant to a record the log does not vouch for (one a scoped member sealed).
            self.reader.ensure_latest_now(stored)?;
            let key = sealer.keys.app_key(sealer.store_id, stored.row_id, stored.epoch);
            let wrapped = wrap_grant(keys, sealer.store_id, member_id, stored.row_id, stored.epoch, &key);
            self.reader.tables.put_grant(&GrantRow { member_id, app_id: stored.row_id, wrapped })?;
        }
        // Each application granted, in the log: who got its key, at which version of its
        // record (which the log then vouches for as a change would).
        for stored in covered {
            let event = Event {
                time: crate::domain::time::now(),
                action: Action::AccessGrant,
                actor: String::new(),
                application: Some(Subject::of(&stored.app)),
                changes: Vec::new(),
                version: Some(stored.version),
                via: None,
                member: name.clone(),
                note: None,
                scoped_seq: None,
                sealed_as: Some(Sealer::sealed_as(stored.version, stored.epoch, &stored.app)),
            };
            self.record(&event)?;
        }
        Ok(())
    }

    /// Takes from `member` every application it holds that `scope` (what it keeps) does not
    /// cover: each gets its next epoch, granted again to the others that hold it. Returns
    /// the applications taken, as they were.
    fn take_uncovered(&mut self, member_id: i64, scope: &Scope, via: &str) -> Result<Vec<Stored>> {
        let mut taken = Vec::new();
        let held = self.tables().grants(Some(member_id))?;
        let apps = self.list()?.apps;
        for grant in held {
            let Some(stored) = apps.iter().find(|stored| stored.row_id == grant.app_id) else {
                self.tables().delete_grants(GrantsOf::One { member_id, app_id: grant.app_id })?;
                continue;
            };
            if scope.covers(stored.row_id, &stored.app) {
                continue;
            }
            let others: Vec<i64> = self
                .tables()
                .grants_for_app(stored.row_id)?
                .iter()
                .map(|grant| grant.member_id)
                .filter(|&holder| holder != member_id)
                .collect();
            // A record the log does not vouch for (sealed with a key a scoped member holds) is
            // not sealed again: that would vouch for it. The member loses its grant all the
            // same, and the row stays refused until it is restored.
            if let Some(unlike) = self.reader.unlike_logged_now(stored)? {
                self.tables().delete_grants(GrantsOf::One { member_id, app_id: stored.row_id })?;
                eprintln!(
                    "warning: {}. It keeps its key, which opens only that row: restore it from a backup, and regenerate its secret",
                    unlike.message()
                );
                continue;
            }
            self.new_epoch(&stored.app.client_id, &others, via)?;
            taken.push(stored.clone());
        }
        Ok(taken)
    }
}

/// The store's fingerprint (hex), for a scope: what the member's machine pins the store by.
fn fingerprint_hex(tables: &dyn Tables, sealer: &Sealer<'_>, path: &std::path::Path) -> Result<String> {
    let header = Header::read(tables, path, FORMAT_VERSION)?;
    let secret =
        sealer.open_store_secret(&header.wrapped_key).ok_or_else(|| super::maintenance::altered_secret(path))?;
    Ok(crypto::to_hex(&sealer.store_fingerprint(&secret)))
}

impl Store {
    /// Adds a scoped member (`access add --only/--only-tenant`) in one transaction: its row,
    /// its grants and its audit event.
    pub fn add_scoped_member(
        &mut self,
        name: &str,
        new: &NewMember,
        request: &ScopeRequest,
        event: &Event,
    ) -> Result<Member> {
        let (store_id, kdf) = (self.state.store_id.clone(), self.state.kdf);
        let creator = self.member.clone();
        // The data key this builds for the row is replaced by the scope key below, unstored.
        let mut row = member_row(kdf, name, &creator, new, &self.keys.data_key)?;
        let path = self.state.path.clone();
        let mut checksum = Vec::new();
        self.write(|w| {
            let mut rows = vouched_list(w.tables(), w.keys(), &store_id, &path)?;
            members::refuse_taken(&rows, &row)?;
            let apps = w.resolve(request)?;
            let scope = Scope {
                apps: apps.iter().map(ScopedApp::of).collect(),
                tenants: dedup(&request.tenants),
                fingerprint: fingerprint_hex(w.tables(), &w.reader.sealer, &path)?,
            };
            scope_row(&mut row, &scope, w.keys(), &store_id, &path)?;
            let id = w.tables().insert_member(&row)?;
            rows.push(row.clone());
            checksum = save_list(w.tables(), w.keys(), &store_id, kdf, &path, &rows)?;
            w.scoped_changed();
            w.grant_covered(id, &scope)?;
            w.record(event)
        })?;
        self.state.header_checksum = checksum;
        let rows = self.conn.members()?;
        let added = rows.iter().find(|r| r.name == name).ok_or_else(|| altered_member(&self.state.path, name))?;
        self.member_view(added)
    }

    /// `access grant` (`grant` true) or `access revoke`: the member's scope changes, in one
    /// transaction; what it loses gets new keys. Returns the report of what was taken.
    pub fn change_scope(
        &mut self,
        name: &str,
        grant: bool,
        request: &ScopeRequest,
        event_after: impl FnOnce(&RemovalReport) -> Event,
    ) -> Result<RemovalReport> {
        let (store_id, kdf) = (self.state.store_id.clone(), self.state.kdf);
        let path = self.state.path.clone();
        let mut checksum = Vec::new();
        let report = self.write(|w| {
            let mut rows = vouched_list(w.tables(), w.keys(), &store_id, &path)?;
            let index = scoped_index(&rows, name)?;
            let member = ScopedMember::of(&rows[index], w.keys(), &store_id, &path)?
                .ok_or_else(|| altered_member(&path, name))?;
            // What is taken is found as listed (a record the log does not vouch for is taken
            // all the same); what is granted is held to the log.
            let apps = if grant { w.resolve(request)? } else { w.resolve_listed(request)? };
            let mut scope = member.scope.clone();
            if grant {
                for stored in &apps {
                    if !scope.lists(stored.row_id, &stored.app) {
                        scope.apps.push(ScopedApp::of(stored));
                    }
                }
                for tenant in dedup(&request.tenants) {
                    if !scope.tenants.contains(&tenant) {
                        scope.tenants.push(tenant);
                    }
                }
            } else {
                for stored in &apps {
                    if !scope.lists(stored.row_id, &stored.app) {
                        return Err(not_in_scope(
                            name,
                            &format!("the application {:?}", stored.app.name),
                            &member.scope,
                            &stored.app.settings.tenant,
                        ));
                    }
                    scope.apps.retain(|listed| listed.id != stored.row_id);
                }
                for tenant in dedup(&request.tenants) {
                    if !scope.tenants.contains(&tenant) {
                        return Err(Error::new(
                            ErrorKind::NotFound,
                            format!("the scope of {name:?} does not hold the tenant {tenant:?}"),
                        )
                        .with_hint("run `revvy-apps access list` to see each member's scope; nothing was changed"));
                    }
                    scope.tenants.retain(|held| *held != tenant);
                }
            }
            let mut changed = rows[index].clone();
            scope_row(&mut changed, &scope, w.keys(), &store_id, &path)?;
            w.tables().update_member_keys(&changed)?;
            rows[index] = changed;
            checksum = save_list(w.tables(), w.keys(), &store_id, kdf, &path, &rows)?;
            w.scoped_changed();
            let member_id = rows[index].id;
            let taken = if grant {
                w.grant_covered(member_id, &scope)?;
                Vec::new()
            } else {
                w.take_uncovered(member_id, &scope, "access revoke")?
            };
            let report = scope_report(w, name, &taken, 0, RemovalKind::Revoked)?;
            w.record(&event_after(&report))?;
            Ok(report)
        })?;
        self.state.header_checksum = checksum;
        Ok(report)
    }

    /// `access remove` of a scoped member: what it could read gets new keys, its grants,
    /// events and row go (its events taken into the log first), and the rest of the store
    /// keeps its keys. Sessions end, as for any removal.
    pub(super) fn remove_scoped_member(
        &mut self,
        name: &str,
        event_after: impl FnOnce(&RemovalReport) -> Event,
    ) -> Result<RemovalReport> {
        let (store_id, kdf) = (self.state.store_id.clone(), self.state.kdf);
        let path = self.state.path.clone();
        let mut checksum = Vec::new();
        let report = self.write(|w| {
            let mut rows = vouched_list(w.tables(), w.keys(), &store_id, &path)?;
            let index = scoped_index(&rows, name)?;
            let member_id = rows[index].id;
            let taken = w.take_uncovered(member_id, &Scope::default(), "access remove")?;
            w.tables().delete_grants(GrantsOf::Member(member_id))?;
            w.tables().delete_scope_events(member_id)?;
            w.tables().delete_member(member_id)?;
            rows.remove(index);
            checksum = save_list(w.tables(), w.keys(), &store_id, kdf, &path, &rows)?;
            w.scoped_changed();
            let ended = w.tables().end_sessions(EndSessions::All)?;
            let report = scope_report(w, name, &taken, ended, RemovalKind::ScopedMember)?;
            w.record(&event_after(&report))?;
            Ok(report)
        })?;
        self.state.header_checksum = checksum;
        Ok(report)
    }

    /// Whether `name` is a scoped member (before anything is asked of the user).
    pub fn is_scoped_member(&self, name: &str) -> Result<bool> {
        Ok(self.conn.members()?.iter().any(|row| row.name == name && row.scope.is_some()))
    }
}

/// The report of `access remove`, limited to what a scoped member lost: how many applications
/// got new keys, and which of their current secrets the log shows the member revealed.
fn scope_report(
    w: &Writer<'_>,
    name: &str,
    taken: &[Stored],
    sessions_ended: usize,
    kind: RemovalKind,
) -> Result<RemovalReport> {
    let events = audit::read_all(w.tables(), &w.reader.sealer)?;
    let live: Vec<crate::domain::Application> = taken.iter().map(|stored| stored.app.clone()).collect();
    Ok(RemovalReport {
        removed: name.to_owned(),
        rekey: RekeyReport { applications: taken.len(), events: 0, sessions_ended },
        revealed_by_member: revealed_by(name, &events, &live),
        applications_readable: taken.len(),
        kind,
    })
}

fn scoped_index(rows: &[MemberRow], name: &str) -> Result<usize> {
    let index = rows.iter().position(|row| row.name == name).ok_or_else(|| {
        Error::new(ErrorKind::NotFound, format!("the store has no member named {name:?}"))
            .with_hint("run `revvy-apps access list` to see the members; nothing was changed")
    })?;
    if rows[index].scope.is_none() {
        return Err(Error::invalid(format!(
            "{name:?} is a full member: it reads every application, and has no scope to change"
        ))
        .with_hint("to make it scoped, add a scoped member in its place and remove it; nothing was changed"));
    }
    Ok(index)
}

fn not_in_scope(name: &str, what: &str, scope: &Scope, tenant: &str) -> Error {
    let hint = if scope.tenants.iter().any(|held| held == tenant) {
        format!("it is held through the tenant {tenant:?}: revoke --tenant {tenant}; nothing was changed")
    } else {
        "run `revvy-apps access list` to see each member's scope; nothing was changed".to_owned()
    };
    Error::new(ErrorKind::NotFound, format!("the scope of {name:?} does not hold {what} by name")).with_hint(hint)
}

fn dedup(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}
