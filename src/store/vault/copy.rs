//! `copy --to`: a whole store — members, applications, their usage, the audit log — into a new,
//! empty store. The copy is a store of its own: a new store id and a new data key, sealed to
//! the same members (their public keys, so no member's secret is needed), so the two evolve
//! apart and each machine's rollback memory tracks them apart.

use std::collections::HashMap;
use std::path::Path;

use super::audit;
use super::header::Header;
use super::members;
use super::pins::PinFile;
use super::records::{Reader, Writer};
use super::scope::Scope;
use super::sealer::Sealer;
use super::{FORMAT_VERSION, Location, LockedStore, Store};
use crate::domain::audit::Event;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend;
use crate::store::backend::{AppRow, MemberRow, Tables};
use crate::store::seal::bound::UsageDigest;
use crate::store::seal::crypto::{self, SecretKey};
use crate::store::seal::keys::Keys;
use crate::store::seal::recipients::PublicKey;

/// What `copy` carried over.
#[derive(Debug, Clone, Copy)]
pub struct CopyReport {
    pub applications: usize,
    pub events: usize,
    pub members: usize,
}

impl Store {
    /// Copies this store into a new store at `target`: a file that must not exist, or a
    /// PostgreSQL URL whose schema holds no store. `event_in`
    /// is recorded in the copy (where it came from), `event_out` in this store (that every
    /// secret now also lives there), each at the end of its log.
    pub fn copy_to(&mut self, target: &Location, event_in: &Event, event_out: &Event) -> Result<CopyReport> {
        if target.file().is_some_and(Path::exists) {
            return Err(Error::new(ErrorKind::Conflict, format!("{target} already exists"))
                .with_hint("a copy goes into a new, empty store: choose another path; nothing was changed"));
        }
        // A store from before members becomes one first: the copy is made in the current format.
        if self.state.format < FORMAT_VERSION {
            self.write(|_| Ok(()))?;
        }
        // Everything is read and checked before anything is written: a damaged store is
        // refused, not copied.
        let sealer = self.sealer();
        let events = audit::read_all(&*self.conn, &sealer).map_err(refuse_damaged)?;
        // The records and the head in one state of the store, and the last-use records held to
        // the head: the copy's digest is made anew, and must not take in a record put back.
        let (mut apps, mut head) = (Vec::new(), None);
        self.conn.read_together(&mut || {
            apps.clear();
            self.conn.each_app(self.state.format, &mut |row| {
                apps.push(sealer.open_app(row).map_err(refuse_damaged)?);
                Ok(())
            })?;
            head = Some(self.verified_head()?);
            Ok(())
        })?;
        if let Some(head) = &head {
            let usage = apps.iter().filter_map(|stored| stored.usage.as_ref().map(|usage| (stored.row_id, usage)));
            audit::verify_usage(&sealer, head, usage).map_err(refuse_damaged)?;
        }
        super::records::held_to_log(&apps, &events).map_err(refuse_damaged)?;
        let members_now = self.conn.members()?;
        self.check_members(&members_now)?;
        // Scoped members go over scoped: their scopes are opened here, under this store's keys.
        let scoped = super::scope::scoped_in(&members_now, &self.keys, &self.state.store_id, &self.state.path)?;
        let report = CopyReport { applications: apps.len(), events: events.len() + 1, members: members_now.len() };

        let kdf = self.state.kdf;
        let actor = self.member.clone();
        // What messages may name: never a password a URL carries.
        let shown = std::path::PathBuf::from(target.to_string());
        let fill = |tables: &dyn Tables| -> Result<(Vec<u8>, SecretKey)> {
            let keys = Keys::from_data_key(SecretKey::random());
            let store_id = Header::new_store_id();
            tables.insert_header(&Header::with_members(store_id.clone(), kdf, Vec::new(), &[]).to_row())?;
            let sealer = Sealer { store_id: &store_id, keys: &keys, format: FORMAT_VERSION };
            // A store of its own: its own secret, so machines tell it from the original.
            let secret = SecretKey::random();
            tables.put_store_secret(&sealer.seal_store_secret(&secret))?;
            let (usage, new_ids) = copy_applications(tables, &sealer, &apps)?;
            let mut copied = Vec::with_capacity(members_now.len());
            for member in &members_now {
                // New ids in the new store; its member MAC is computed over them below.
                let mut row = MemberRow { id: 0, ..member.clone() };
                let scope = scoped.iter().find(|scoped| scoped.row.id == member.id).map(|scoped| Scope {
                    apps: scoped
                        .scope
                        .apps
                        .iter()
                        .filter_map(|old| {
                            let id = *new_ids.get(&old.id)?;
                            Some(super::scope::ScopedApp { id, client_id: old.client_id.clone() })
                        })
                        .collect(),
                    tenants: scoped.scope.tenants.clone(),
                    fingerprint: crypto::to_hex(&sealer.store_fingerprint(&secret)),
                });
                // A full member gets the copy's data key; a scoped one its scope key, never more.
                if let Some(scope) = &scope {
                    super::scope::scope_row(&mut row, scope, &keys, &store_id, &shown)?;
                } else {
                    let public_key = PublicKey::from_stored(&member.public_key)
                        .ok_or_else(|| members::altered_member(&shown, &member.name))?;
                    row.sealed_key = public_key.seal(&keys.data_key);
                }
                let id = tables.insert_member(&row)?;
                if let Some(scope) = &scope {
                    let scope_keys =
                        keys.scope_key(&store_id, &row.name, &row.public_key, row.created_at.unwrap_or_default());
                    for stored in &apps {
                        let Some(&app_id) = new_ids.get(&stored.row_id) else { continue };
                        if scope.covers(app_id, &stored.app) {
                            let key = keys.app_key(&store_id, app_id, stored.epoch);
                            let wrapped =
                                super::scope::wrap_grant(&scope_keys, &store_id, id, app_id, stored.epoch, &key);
                            tables.put_grant(&backend::GrantRow { member_id: id, app_id, wrapped })?;
                        }
                    }
                }
                copied.push(row);
            }
            members::save_list(tables, &keys, &store_id, kdf, &shown, &copied)?;
            let live_apps = i64::try_from(apps.len()).unwrap_or(i64::MAX);
            let head = audit::copy_chain(tables, &sealer, &events, live_apps, usage)?;
            let mut writer = Writer::new(Reader { tables, sealer }, head, &actor, &shown);
            writer.record(event_in)?;
            Ok((store_id, keys.data_key.clone()))
        };
        let (store_id, data_key) = backend::create(target, FORMAT_VERSION, fill)?;
        // The copy is known to this machine from its first moment, as a new store is, in place
        // of any store it knew there before.
        PinFile::of(target).record_or_warn(&store_id);
        let copy = LockedStore::open(target)?;
        debug_assert_eq!(copy.state.store_id, store_id);
        drop(copy.unlocked(data_key, self.member.clone(), None)?);
        self.write(|w| w.record(event_out))?;
        Ok(report)
    }
}

/// Each application sealed again under the copy's keys, at the version and key epoch the log
/// recorded (which it holds the rows to), with its usage record. Returns the
/// digest of the usage records under their new row ids, and the new row id of each old one.
fn copy_applications(
    tables: &dyn Tables,
    sealer: &Sealer<'_>,
    apps: &[super::Stored],
) -> Result<(UsageDigest, HashMap<i64, i64>)> {
    let mut usage_records = Vec::new();
    let mut new_ids = HashMap::with_capacity(apps.len());
    for stored in apps {
        let app = &stored.app;
        let (client_id_mac, name_mac) = (sealer.client_id_mac(&app.client_id), sealer.name_mac(&app.name));
        let taken = Error::internal(format!("the copy already holds an application named {:?}", app.name));
        let id =
            tables.insert_app(&client_id_mac, &name_mac, &|id| sealer.seal_app(id, 1, stored.epoch, app), taken)?;
        new_ids.insert(stored.row_id, id);
        if stored.version != 1 {
            tables.rewrite_app(&AppRow {
                id,
                version: Some(stored.version),
                sealed: sealer.seal_app(id, stored.version, stored.epoch, app),
                client_id_mac: client_id_mac.to_vec(),
                name_mac: name_mac.to_vec(),
                usage: Vec::new(),
            })?;
        }
        if let Some(usage) = &stored.usage {
            tables.put_usage(id, &sealer.seal_usage(id, stored.epoch, usage))?;
            usage_records.push((id, usage));
        }
    }
    Ok((audit::usage_digest(sealer, 0, usage_records), new_ids))
}

fn refuse_damaged(err: Error) -> Error {
    if err.kind() == ErrorKind::Tampered {
        Error::tampered(format!("cannot copy a damaged store: {}", err.message()))
            .with_hint("run `revvy-apps check`; restore the store from a backup, then copy it")
    } else {
        err
    }
}
