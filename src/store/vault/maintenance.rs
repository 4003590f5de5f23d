//! Store-wide key changes: a new passphrase, a new data key, a member removed. Each is one
//! transaction, so a crash leaves the old state or the new one, never a mix.

use super::audit::{self, StoredEvent};
use super::header::Header;
use super::members::{self, NewMember};
use super::records::{Reader, Writer};
use super::sealer::Sealer;
use super::{FORMAT_VERSION, Passphrase, Store};
use crate::domain::Application;
use crate::domain::audit::{Action, Event};
use crate::domain::member::MemberKind;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{self, EndSessions};
use crate::store::seal::crypto::SecretKey;
use crate::store::seal::keys::Keys;
use crate::store::seal::recipients::PublicKey;

/// What `rekey` sealed again.
#[derive(Debug, Clone, Copy)]
pub struct RekeyReport {
    pub applications: usize,
    pub events: usize,
    pub sessions_ended: usize,
}

/// What `access remove` did, and what the removed member could have taken with them.
#[derive(Debug, Clone)]
pub struct RemovalReport {
    pub removed: String,
    pub rekey: RekeyReport,
    /// The applications, by current name, whose current secret the audit log shows the member
    /// revealed (shown, run or exported): the ones to regenerate first.
    pub revealed_by_member: Vec<String>,
    /// Every secret stored before the removal was readable to the member.
    pub applications_readable: usize,
    /// What was taken and what got new keys.
    pub kind: RemovalKind,
}

/// What a removal report is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovalKind {
    /// A full member removed: the store has a new data key.
    Member,
    /// A scoped member removed: its applications have new keys, the rest of the store not.
    ScopedMember,
    /// Applications or tenants taken from a scoped member (`access revoke`): those have new keys.
    Revoked,
}

impl Store {
    /// Gives the current passphrase member a new passphrase: a new key of their own, wrapped
    /// under it with a new salt, the data key sealed to it, and every session ended, in one
    /// transaction. Returns how many sessions were ended.
    pub fn change_passphrase(&mut self, new: &Passphrase, event: &Event) -> Result<usize> {
        let (store_id, kdf, member) = (self.state.store_id.clone(), self.state.kdf, self.member.clone());
        let row = members::member_row(
            kdf,
            &member,
            &member,
            &NewMember::Passphrase(Passphrase::new(String::from_utf8_lossy(new.as_bytes()).into_owned())),
            &self.keys.data_key,
        )?;
        let mut checksum = Vec::new();
        let path = self.state.path.clone();
        let ended = self.write(|w| {
            let mut rows = members::vouched_list(w.tables(), w.keys(), &store_id, &path)?;
            let current = rows.iter().position(|existing| existing.name == member);
            let current =
                current.filter(|&index| rows[index].kind == MemberKind::Passphrase.as_str()).ok_or_else(|| {
                    Error::usage(format!(
                        "the member {member:?} unlocks with a key, not a passphrase: it has none to change"
                    ))
                    .with_hint("unlock as a passphrase member (--as NAME) to change that member's passphrase")
                })?;
            let changed = backend::MemberRow {
                public_key: row.public_key.clone(),
                kdf_salt: row.kdf_salt.clone(),
                wrapped_identity: row.wrapped_identity.clone(),
                sealed_key: row.sealed_key.clone(),
                ..rows[current].clone()
            };
            w.tables().update_member_keys(&changed)?;
            rows[current] = changed;
            checksum = members::save_list(w.tables(), w.keys(), &store_id, kdf, &path, &rows)?;
            let ended = w.tables().end_sessions(EndSessions::All)?;
            w.record(event)?;
            Ok(ended)
        })?;
        self.state.header_checksum = checksum;
        Ok(ended)
    }

    /// A new data key: every application and every audit event is sealed again and the chain
    /// rebuilt, the new key sealed to every member (no member's secret is needed) and the
    /// sessions ended, in one transaction. The WAL is then truncated so no page under the old
    /// key stays in the files.
    pub fn rekey(&mut self, event_after: impl FnOnce(&RekeyReport) -> Event) -> Result<RekeyReport> {
        self.rekey_without(None, |report, _| event_after(report))
    }

    /// Removes member `name`, with the rekey that locks them out of the store and of every
    /// backup made after it, in one transaction; reports what they could have seen.
    pub fn remove_member(
        &mut self,
        name: &str,
        event_after: impl FnOnce(&RemovalReport) -> Event,
    ) -> Result<RemovalReport> {
        if self.is_scoped_member(name)? {
            return self.remove_scoped_member(name, event_after);
        }
        let mut removal = None;
        self.rekey_without(Some(name), |rekey, revealed| {
            let report = RemovalReport {
                removed: name.to_owned(),
                rekey: *rekey,
                revealed_by_member: revealed,
                applications_readable: rekey.applications,
                kind: RemovalKind::Member,
            };
            let event = event_after(&report);
            removal = Some(report);
            event
        })?;
        removal.ok_or_else(|| Error::internal("the removal made no report"))
    }

    fn rekey_without(
        &mut self,
        removed: Option<&str>,
        event_after: impl FnOnce(&RekeyReport, Vec<String>) -> Event,
    ) -> Result<RekeyReport> {
        let new_keys = Keys::from_data_key(SecretKey::random());
        let (store_id, kdf) = (self.state.store_id.clone(), self.state.kdf);
        let (tx, _) = super::begin_checked(&mut *self.conn, &self.state, &self.keys, self.single_slot.as_ref())?;
        let tables = tx.tables();
        let old = Sealer { store_id: &store_id, keys: &self.keys, format: FORMAT_VERSION };
        let new = Sealer { store_id: &store_id, keys: &new_keys, format: FORMAT_VERSION };
        let mut old_head = audit::verified_head(tables, &old)?;
        // What scoped members recorded is taken into the log first, under the old keys.
        {
            let mut absorber = Writer::new(Reader { tables, sealer: old }, old_head, &self.member, &self.state.path);
            absorber.absorb()?;
            old_head = absorber.head;
        }
        let old = Sealer { store_id: &store_id, keys: &self.keys, format: FORMAT_VERSION };
        // The store's secret stays the same, sealed under the new key: machines that pinned
        // the store by it still know it after the rekey.
        let header = Header::read(tables, &self.state.path, FORMAT_VERSION)?;
        let secret = old.open_store_secret(&header.wrapped_key).ok_or_else(|| altered_secret(&self.state.path))?;
        tables.put_store_secret(&new.seal_store_secret(&secret))?;

        let mut remaining = members::vouched_list(tables, &self.keys, &store_id, &self.state.path)?;
        if let Some(name) = removed {
            let index = remaining.iter().position(|row| row.name == name).ok_or_else(|| {
                Error::new(ErrorKind::NotFound, format!("the store has no member named {name:?}"))
                    .with_hint("run `revvy-apps access list` to see the members")
            })?;
            if remaining.len() == 1 {
                return Err(Error::invalid(format!("{name:?} is the last member of the store and cannot be removed"))
                    .with_hint("add another member first with `revvy-apps access add`; nothing was changed"));
            }
            tables.delete_member(remaining.remove(index).id)?;
        }

        let mut rows = Vec::new();
        tables.each_app(FORMAT_VERSION, &mut |row| {
            rows.push(row);
            Ok(())
        })?;
        let applications = rows.len();
        let mut writer =
            Writer::new(Reader { tables, sealer: new }, audit::Head::default(), &self.member, &self.state.path);
        let mut opened = Vec::with_capacity(rows.len());
        let mut epochs = std::collections::HashMap::with_capacity(rows.len());
        let mut usage_records = Vec::new();
        for row in rows {
            let stored = old.open_app(row).map_err(refuse_damaged)?;
            // The version stays: it is what the audit log recorded, and the old ciphertext
            // cannot come back under the new key anyway.
            writer.rewrite(stored.row_id, stored.version, stored.epoch, &stored.app)?;
            if let Some(usage) = stored.usage {
                tables
                    .put_usage(stored.row_id, &writer.reader.sealer.seal_usage(stored.row_id, stored.epoch, &usage))?;
                usage_records.push((stored.row_id, usage));
            }
            epochs.insert(stored.row_id, stored.epoch);
            opened.push(stored);
        }
        let live: Vec<Application> = opened.iter().map(|stored| stored.app.clone()).collect();
        // Recomputed under the new key, the digest would launder a record put back or erased:
        // the records are held to the head first.
        audit::verify_usage(&old, &old_head, usage_records.iter().map(|(id, usage)| (*id, usage)))
            .map_err(refuse_damaged)?;
        let events: Vec<StoredEvent> = audit::read_all(tables, &old).map_err(refuse_damaged)?;
        // Nothing is sealed anew that full members did not write (a record a scoped key sealed).
        super::records::held_to_log(&opened, &events).map_err(refuse_damaged)?;
        let live_apps = i64::try_from(applications).unwrap_or(i64::MAX);
        // The digest under the new key; the count of writes goes on, so this machine's memory
        // of the store keeps its order.
        let usage = audit::usage_digest(
            &writer.reader.sealer,
            old_head.usage.writes,
            usage_records.iter().map(|(id, usage)| (*id, usage)),
        );
        writer.head = audit::rewrite_chain(tables, &writer.reader.sealer, &events, live_apps, usage)?;
        super::scope_events::rekey_scopes(
            tables,
            &self.keys,
            &new_keys,
            &store_id,
            &self.state.path,
            &mut remaining,
            &epochs,
        )?;
        for member in remaining.iter_mut().filter(|member| member.scope.is_none()) {
            let public_key = PublicKey::from_stored(&member.public_key)
                .ok_or_else(|| members::altered_member(&self.state.path, &member.name))?;
            member.sealed_key = public_key.seal(&new_keys.data_key);
            tables.update_member_keys(member)?;
        }
        let checksum = members::save_list(tables, &new_keys, &store_id, kdf, &self.state.path, &remaining)?;
        let sessions_ended = tables.end_sessions(EndSessions::All)?;
        let report = RekeyReport { applications, events: events.len(), sessions_ended };
        let revealed = removed.map(|name| revealed_by(name, &events, &live)).unwrap_or_default();
        writer.record(&event_after(&report, revealed))?;
        let head = writer.head;
        tx.commit()?;
        self.keys = new_keys;
        self.state.header_checksum = checksum;
        self.committed(&head);
        self.conn.forget_old_pages()?;
        Ok(report)
    }
}

/// The live applications whose current secret `member` revealed, by the audit log: a reveal
/// by them after the secret was last made (created or regenerated).
pub(super) fn revealed_by(member: &str, events: &[StoredEvent], live: &[Application]) -> Vec<String> {
    let mut names = Vec::new();
    for app in live {
        let about_app = |stored: &&StoredEvent| {
            stored.event.application.as_ref().is_some_and(|subject| subject.client_id == app.client_id)
        };
        let secret_made = events
            .iter()
            .filter(about_app)
            .filter(|stored| matches!(stored.event.action, Action::Create | Action::Regenerate))
            .map(|stored| stored.id)
            .max()
            .unwrap_or(0);
        let seen = events.iter().filter(about_app).any(|stored| {
            stored.event.action == Action::Reveal && stored.event.actor == member && stored.id > secret_made
        });
        if seen {
            names.push(app.name.clone());
        }
    }
    names
}

pub(super) fn altered_secret(path: &std::path::Path) -> Error {
    Error::tampered(format!("the store secret in the header of the store {} was altered", path.display()))
        .with_hint("run `revvy-apps check`, and restore the store from a backup")
}

fn refuse_damaged(err: Error) -> Error {
    if err.kind() == ErrorKind::Tampered {
        Error::tampered(format!("cannot rekey a damaged store: {}", err.message()))
    } else {
        err
    }
}
