//! Scoped members (format 6, DESIGN §14), as full members keep them: each holds a scope key of
//! its own, and under it its scope and a grant per application it may read (that
//! application's key). A full member derives every scope key from the data key, so it can
//! grant, revoke and take a scoped member's events into the log; the scoped member holds its
//! scope key only, sealed to its public key in its member row.
//!
//! What is in clear: which member rows are scoped, and which application rows each one holds
//! a grant to (ids, not names). Everything else is sealed.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::members::{self, altered_member};
use super::records::Writer;
use super::sealer::Stored;
use crate::domain::Application;
use crate::domain::audit::{Action, Event, Subject};
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{GrantRow, GrantsOf, Lookup, MemberRow, Tables};
use crate::store::seal::bound::{self, Bound};
use crate::store::seal::crypto::SecretKey;
use crate::store::seal::keys::{Keys, ScopeKeys};

/// What a scoped member may read, sealed under its scope key in its member row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Scope {
    /// Applications granted one by one (`--only`, `access grant APP`).
    pub apps: Vec<ScopedApp>,
    /// Tenants granted whole: their applications now and later.
    pub tenants: Vec<String>,
    /// The store's fingerprint, hex, which the member's machine pins the store by. Not the
    /// store's secret: with it, a scoped member could make a store that the full members'
    /// machines take for this one.
    pub fingerprint: String,
}

/// An application granted by name: its row and its client ID, so that a row id taken again
/// by a later application (a deleted row's, say) is not in the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct ScopedApp {
    pub id: i64,
    pub client_id: String,
}

impl ScopedApp {
    pub(super) fn of(stored: &Stored) -> Self {
        Self { id: stored.row_id, client_id: stored.app.client_id.clone() }
    }
}

impl Scope {
    /// Whether the application in row `row_id` is in the scope: by name, or by its tenant.
    pub(super) fn covers(&self, row_id: i64, app: &Application) -> bool {
        self.lists(row_id, app) || self.tenants.contains(&app.settings.tenant)
    }

    /// Whether the application in row `row_id` was granted by name.
    pub(super) fn lists(&self, row_id: i64, app: &Application) -> bool {
        self.apps.iter().any(|listed| listed.id == row_id && listed.client_id == app.client_id)
    }

    pub(super) fn seal(&self, keys: &ScopeKeys, store_id: &[u8], member: &str) -> Result<Vec<u8>> {
        let plain = Zeroizing::new(
            serde_json::to_vec(self).map_err(|err| Error::internal("cannot encode a scope").with_source(err))?,
        );
        Ok(bound::seal(&keys.grants, &Bound::Scope { store_id, member }, &plain))
    }

    pub(super) fn open(sealed: &[u8], keys: &ScopeKeys, store_id: &[u8], member: &str) -> Option<Self> {
        let plain = bound::open(&keys.grants, &Bound::Scope { store_id, member }, sealed)?;
        serde_json::from_slice(&plain).ok()
    }
}

/// An application's key wrapped for a scoped member.
pub(super) fn wrap_grant(
    keys: &ScopeKeys,
    store_id: &[u8],
    member_id: i64,
    app_id: i64,
    epoch: i64,
    app_key: &SecretKey,
) -> Vec<u8> {
    bound::seal(&keys.grants, &Bound::Grant { store_id, member_id, app_id, epoch }, app_key.as_bytes())
}

/// The key a grant wraps, if it opens as this member's grant to that application at `epoch`.
pub(super) fn open_grant(keys: &ScopeKeys, store_id: &[u8], grant: &GrantRow, epoch: i64) -> Option<SecretKey> {
    let bound = Bound::Grant { store_id, member_id: grant.member_id, app_id: grant.app_id, epoch };
    bound::open(&keys.grants, &bound, &grant.wrapped).and_then(|plain| SecretKey::from_slice(&plain))
}

/// A scoped member as a full member sees it: its row, its keys and its scope.
pub(super) struct ScopedMember {
    pub row: MemberRow,
    pub keys: ScopeKeys,
    pub scope: Scope,
}

impl ScopedMember {
    /// Opens a scoped member's row with the keys of a full member; `None` for a full member.
    pub(super) fn of(row: &MemberRow, keys: &Keys, store_id: &[u8], path: &std::path::Path) -> Result<Option<Self>> {
        let Some(sealed) = &row.scope else { return Ok(None) };
        let scope_keys = keys.scope_key(store_id, &row.name, &row.public_key, row.created_at.unwrap_or_default());
        let scope =
            Scope::open(sealed, &scope_keys, store_id, &row.name).ok_or_else(|| altered_member(path, &row.name))?;
        Ok(Some(Self { row: row.clone(), keys: scope_keys, scope }))
    }
}

/// The scoped members of a member list the header vouches for (checked by the caller).
pub(super) fn scoped_in(
    rows: &[MemberRow],
    keys: &Keys,
    store_id: &[u8],
    path: &std::path::Path,
) -> Result<Vec<ScopedMember>> {
    rows.iter().filter_map(|row| ScopedMember::of(row, keys, store_id, path).transpose()).collect()
}

/// The scoped members, read inside a write. A store without any costs one read of the
/// members; with some, the list is held to the header's MAC before anything is sealed to
/// one of them (a scoped member planted by a writer without keys gets nothing).
pub(super) fn scoped_members(
    tables: &dyn Tables,
    keys: &Keys,
    store_id: &[u8],
    path: &std::path::Path,
) -> Result<Vec<ScopedMember>> {
    if tables.members()?.iter().all(|row| row.scope.is_none()) {
        return Ok(Vec::new());
    }
    let rows = members::vouched_list(tables, keys, store_id, path)?;
    scoped_in(&rows, keys, store_id, path)
}

impl Writer<'_> {
    /// The scoped members, read once per write.
    pub(super) fn scoped(&mut self) -> Result<&[ScopedMember]> {
        if self.scoped.is_none() {
            let sealer = &self.reader.sealer;
            self.scoped = Some(scoped_members(self.reader.tables, sealer.keys, sealer.store_id, self.path)?);
        }
        Ok(self.scoped.as_deref().unwrap_or_default())
    }

    /// Forgets the scoped members read, after this write changed one.
    pub(super) fn scoped_changed(&mut self) {
        self.scoped = None;
    }

    /// Grants a new application to each scoped member whose tenants include its tenant.
    pub(super) fn grant_new(&mut self, stored: &Stored) -> Result<()> {
        let store_id = self.reader.sealer.store_id;
        let key = self.reader.sealer.keys.app_key(store_id, stored.row_id, stored.epoch);
        let tables = self.reader.tables;
        for member in self.scoped()? {
            if member.scope.covers(stored.row_id, &stored.app) {
                let wrapped = wrap_grant(&member.keys, store_id, member.row.id, stored.row_id, stored.epoch, &key);
                tables.put_grant(&GrantRow { member_id: member.row.id, app_id: stored.row_id, wrapped })?;
            }
        }
        Ok(())
    }

    /// After an application moved to another tenant: the scoped members that hold it through
    /// its old tenant lose it (the application gets a new key), those whose tenants include
    /// the new one get it.
    pub(super) fn regrant_moved(&mut self, before: &Application, after: &Stored) -> Result<()> {
        if before.settings.tenant == after.app.settings.tenant {
            return Ok(());
        }
        let holders: Vec<i64> =
            self.reader.tables.grants_for_app(after.row_id)?.iter().map(|grant| grant.member_id).collect();
        let should: Vec<i64> = self
            .scoped()?
            .iter()
            .filter(|member| member.scope.covers(after.row_id, &after.app))
            .map(|member| member.row.id)
            .collect();
        if holders.iter().any(|holder| !should.contains(holder)) {
            self.new_epoch(&after.app.client_id, &should, "edit")?;
        } else {
            self.regrant(after, &should)?;
        }
        Ok(())
    }

    /// Gives an application a new key (its next epoch): its record and usage record are
    /// sealed again under it, as its next version, which an audit event (`rekey`, `via`
    /// saying why) records: a row put back from before, under the key a scoped member kept,
    /// is then an old row like any other, refused by every read and by `check`. It is
    /// granted to `keep` only. Returns the application as it now is.
    pub(super) fn new_epoch(&mut self, client_id: &str, keep: &[i64], via: &str) -> Result<Stored> {
        let current = self.reader.find_as(client_id, Lookup::ClientId)?.ok_or_else(|| {
            Error::new(ErrorKind::NotFound, format!("no application with the client ID {client_id:?}"))
        })?;
        let (epoch, version) = (current.epoch + 1, current.version + 1);
        let sealer = &self.reader.sealer;
        let sealed = sealer.seal_app(current.row_id, version, epoch, &current.app);
        self.reader.tables.update_app(current.row_id, &sealer.name_mac(&current.app.name), version, &sealed)?;
        if let Some(usage) = &current.usage {
            self.reader.tables.put_usage(current.row_id, &sealer.seal_usage(current.row_id, epoch, usage))?;
        }
        let event = Event {
            time: crate::domain::time::now(),
            action: Action::Rekey,
            actor: String::new(),
            application: Some(Subject::of(&current.app)),
            changes: Vec::new(),
            version: Some(version),
            via: Some(via.to_owned()),
            member: None,
            note: None,
            scoped_seq: None,
        };
        self.append(&event, 0)?;
        let stored = Stored { version, epoch, ..current };
        self.reader.tables.delete_grants(GrantsOf::App(stored.row_id))?;
        self.regrant(&stored, keep)?;
        Ok(stored)
    }

    /// Grants `stored` at its epoch to the scoped members `to` (a grant they hold is replaced).
    fn regrant(&mut self, stored: &Stored, to: &[i64]) -> Result<()> {
        let store_id = self.reader.sealer.store_id;
        let key = self.reader.sealer.keys.app_key(store_id, stored.row_id, stored.epoch);
        let tables = self.reader.tables;
        for member in self.scoped()?.iter().filter(|member| to.contains(&member.row.id)) {
            let wrapped = wrap_grant(&member.keys, store_id, member.row.id, stored.row_id, stored.epoch, &key);
            tables.put_grant(&GrantRow { member_id: member.row.id, app_id: stored.row_id, wrapped })?;
        }
        Ok(())
    }
}

impl super::Store {
    /// `check`'s part for scoped members (format 6): each scope opens; each member holds a
    /// grant, opening to the application's key, to exactly the applications its scope
    /// covers; each member's chain of events verifies, and its mark matches what the log
    /// took in of it, each event once.
    pub(super) fn check_scopes(
        &self,
        report: &mut super::CheckReport,
        events: &[(i64, crate::domain::audit::EventSummary)],
    ) -> Result<()> {
        use super::scope_events::{Chain, Entry};
        if self.sealer_now()?.format < 6 {
            return Ok(());
        }
        let (store_id, path) = (&self.state.store_id, &self.state.path);
        let scoped = match scoped_in(&self.conn.members()?, &self.keys, store_id, path) {
            Ok(scoped) => scoped,
            Err(err) => {
                report.problems.push(err.message().to_owned());
                return Ok(());
            }
        };
        let grants = self.conn.grants(None)?;
        let pending = self.conn.scope_events(None)?;
        let is_scoped = |id: i64| scoped.iter().any(|member| member.row.id == id);
        for grant in grants.iter().filter(|grant| !is_scoped(grant.member_id)) {
            report.problems.push(format!(
                "a grant to the application in row {} is held by member row {}, which is no scoped member",
                grant.app_id, grant.member_id
            ));
        }
        if let Some(row) = pending.iter().find(|row| !is_scoped(row.member_id)) {
            report
                .problems
                .push(format!("the store holds events of member row {}, which is no scoped member", row.member_id));
        }
        let apps = if scoped.is_empty() { Vec::new() } else { self.list()?.apps };
        for member in &scoped {
            let name = &member.row.name;
            let held: Vec<&GrantRow> = grants.iter().filter(|grant| grant.member_id == member.row.id).collect();
            for stored in &apps {
                let covered = member.scope.covers(stored.row_id, &stored.app);
                match (covered, held.iter().find(|grant| grant.app_id == stored.row_id)) {
                    (true, None) => report.problems.push(format!(
                        "the scoped member {name:?} holds no key to {:?}, which its scope covers (a grant was removed outside revvy-apps)",
                        stored.app.name
                    )),
                    (false, Some(_)) => report.problems.push(format!(
                        "the scoped member {name:?} holds a key to {:?}, outside its scope",
                        stored.app.name
                    )),
                    (true, Some(grant)) => {
                        let expected = self.keys.app_key(store_id, stored.row_id, stored.epoch);
                        let opens = open_grant(&member.keys, store_id, grant, stored.epoch)
                            .is_some_and(|key| crate::store::seal::crypto::mac_eq(key.as_bytes(), expected.as_bytes()));
                        if !opens {
                            report.problems.push(format!(
                                "the grant of {:?} to the scoped member {name:?} failed authentication",
                                stored.app.name
                            ));
                        }
                    }
                    (false, None) => {}
                }
            }
            for grant in held.iter().filter(|grant| !apps.iter().any(|stored| stored.row_id == grant.app_id)) {
                report.problems.push(format!(
                    "the scoped member {name:?} holds a grant to row {}, where no application is",
                    grant.app_id
                ));
            }
            let rows: Vec<_> = pending.iter().filter(|row| row.member_id == member.row.id).cloned().collect();
            let chain = match Chain::verify(&member.keys, store_id, name, &rows) {
                Ok(chain) => chain,
                Err(err) => {
                    report.problems.push(err.message().to_owned());
                    continue;
                }
            };
            // What the log took in of this member, since it was last added.
            let mut taken_in: Vec<i64> = Vec::new();
            for (_, event) in events {
                let about_member = event.scoped_seq.is_none() && event.member.as_deref() == Some(name.as_str());
                if about_member && matches!(event.action, Action::AccessAdd | Action::AccessRemove) {
                    taken_in.clear();
                }
                if let (true, Some(seq)) = (event.actor == *name, event.scoped_seq) {
                    taken_in.push(seq);
                }
            }
            if taken_in.windows(2).any(|pair| pair[1] <= pair[0]) {
                report.problems.push(format!(
                    "the audit log took in events of the scoped member {name:?} twice or out of order (events put back outside revvy-apps)"
                ));
            }
            let through = match chain.entries.first() {
                Some((_, Entry::TakenIn { through, .. })) => Some(*through),
                _ => None,
            };
            if through != taken_in.last().copied() {
                report.problems.push(format!(
                    "the events of the scoped member {name:?} do not go on from what the audit log took in of them (removed or put back outside revvy-apps)"
                ));
            }
        }
        Ok(())
    }
}
