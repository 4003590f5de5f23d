//! What a full member's writes do for scoped members (format 6): grant a new application to
//! the scoped members whose tenants include it, take an application moved out of a tenant
//! from those who held it through that tenant, and give an application a new key (its next
//! epoch) when a scoped member loses it.

use super::members;
use super::records::Writer;
use super::scope::{ScopedMember, scoped_in, wrap_grant};
use super::sealer::Stored;
use crate::domain::Application;
use crate::domain::audit::{Action, Event, Subject};
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{GrantRow, GrantsOf, Lookup, Tables};
use crate::store::seal::keys::Keys;

/// The scoped members, read inside a write. A store without any costs one read of the
/// members; with some, the list is held to the header's MAC before anything is sealed to
/// one of them (a scoped member planted by a writer without keys gets nothing).
pub(super) fn scoped_members(
    tables: &dyn Tables,
    keys: &Keys,
    store_id: &[u8],
    path: &std::path::Path,
) -> Result<Vec<ScopedMember>> {
    let rows = tables.members()?;
    if rows.iter().all(|row| row.scope.is_none()) {
        return Ok(Vec::new());
    }
    let rows = members::vouched(tables, keys, store_id, path, rows)?;
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
            sealed_as: Some(super::sealer::Sealer::sealed_as(version, epoch, &current.app)),
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
