//! A store unlocked by a scoped member (format 6): it holds its scope key and nothing else, so
//! it opens its granted applications and nothing else. It reads them through its grants (it
//! cannot compute a lookup column), records what it reveals and uses in its own chain, and
//! opens sessions that hold its scope key only. Every other command is refused before it
//! starts (`not_permitted`), and the keys would refuse it anyway.

use chrono::{DateTime, Utc};

use super::scope::{Scope, open_grant};
use super::scope_events::{Chain, Entry, link};
use super::sealer::{Sealer, Stored};
use super::usage::{Matched, UsageRecord};
use super::{LockedStore, OpenState, records};
use crate::domain::audit::Event;
use crate::domain::member::{Member, MemberKind, MemberScope};
use crate::domain::rules::name_key;
use crate::domain::secret::is_client_id;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{Handle, MemberRow, Tables};
use crate::store::seal::crypto::{self, SecretKey};
use crate::store::seal::keys::ScopeKeys;

/// An unlocked store, as a scoped member holds it.
#[derive(Debug)]
pub struct ScopedStore {
    conn: Handle,
    state: OpenState,
    member: String,
    member_id: i64,
    keys: ScopeKeys,
}

impl LockedStore {
    /// The store as the scoped member `member` (row `member_id`) holds it, once its key opened
    /// the scope key. A member's own key also opens its scope, whose fingerprint of the store
    /// is held to this machine's pin (a session was made in the store it pinned, and its
    /// grants open under no other store's keys).
    pub(super) fn scoped_unlocked(
        self,
        scope_key: SecretKey,
        member: &str,
        member_id: i64,
        row: Option<&MemberRow>,
    ) -> Result<ScopedStore> {
        let keys = ScopeKeys::from_key(scope_key);
        let state = self.state;
        if let Some(row) = row {
            let altered = || super::members::altered_member(&state.path, member);
            let sealed = row.scope.as_deref().ok_or_else(altered)?;
            let scope = Scope::open(sealed, &keys, &state.store_id, member).ok_or_else(altered)?;
            let fingerprint: [u8; 32] =
                crypto::from_hex(&scope.fingerprint).and_then(|bytes| bytes.try_into().ok()).ok_or_else(altered)?;
            state.pin.check_fingerprint(state.pinned.as_ref(), &state.store_id, &fingerprint)?;
        }
        Ok(ScopedStore { conn: self.conn, state, member: member.to_owned(), member_id, keys })
    }
}

/// Reads a scoped member's applications: on the connection, or inside its write.
pub struct ScopedReader<'a> {
    tables: &'a dyn Tables,
    store_id: &'a [u8],
    format: u32,
    member_id: i64,
    keys: &'a ScopeKeys,
}

impl ScopedReader<'_> {
    /// Every granted application that opens, in row order, and the rows that did not.
    fn opened(&self) -> Result<(Vec<Stored>, Vec<i64>)> {
        let store_id = self.store_id;
        let (mut apps, mut tampered) = (Vec::new(), Vec::new());
        for (grant, row) in self.tables.granted_apps(self.format, self.member_id)? {
            // A grant to a row that is gone: the application was deleted (its grants go with
            // it), or the row was removed outside revvy-apps, which `check` names.
            let Some(row) = row else { continue };
            let id = row.id;
            match Sealer::open_app_with(store_id, row, |epoch| open_grant(self.keys, store_id, &grant, epoch)) {
                Ok(stored) => apps.push(stored),
                Err(err) if err.kind() == ErrorKind::Tampered => tampered.push(id),
                Err(err) => return Err(err),
            }
        }
        Ok((apps, tampered))
    }

    pub fn get(&self, reference: &str) -> Result<Stored> {
        let by_client_id = is_client_id(reference);
        let (apps, _) = self.opened()?;
        apps.into_iter()
            .find(|stored| {
                if by_client_id {
                    stored.app.client_id == reference
                } else {
                    name_key(&stored.app.name) == name_key(reference)
                }
            })
            // Outside the scope is as absent as nowhere.
            .ok_or_else(|| records::not_found(reference))
    }

    pub fn list(&self) -> Result<records::Listing> {
        let (apps, tampered_rows) = self.opened()?;
        Ok(records::Listing { apps, tampered_rows })
    }
}

impl ScopedStore {
    pub fn member(&self) -> &str {
        &self.member
    }

    pub fn path(&self) -> &std::path::Path {
        &self.state.path
    }

    pub(super) fn store_id(&self) -> &[u8] {
        &self.state.store_id
    }

    /// What a session of this member holds: its scope key and row.
    pub(super) fn session_material(&self) -> (SecretKey, i64) {
        (self.keys.key.clone(), self.member_id)
    }

    /// Writes sessions in one transaction (a scoped member writes no other row than its
    /// events and its sessions).
    pub(super) fn write_sessions(&mut self, work: impl FnOnce(&dyn Tables) -> Result<()>) -> Result<()> {
        if self.state.read_only {
            return Err(super::read_only_store(&self.state.path));
        }
        let tx = self.conn.begin_write()?;
        work(tx.tables())?;
        tx.commit()
    }

    fn reader(&self) -> ScopedReader<'_> {
        ScopedReader {
            tables: &*self.conn,
            store_id: &self.state.store_id,
            format: self.state.format,
            member_id: self.member_id,
            keys: &self.keys,
        }
    }

    pub fn get(&self, reference: &str) -> Result<Stored> {
        self.reader().get(reference)
    }

    /// Every granted application through `map`, into `sink`; returns the rows that did not open.
    pub fn map_each<T>(
        &self,
        map: impl Fn(Stored) -> Option<T>,
        mut sink: impl FnMut(T) -> Result<()>,
    ) -> Result<Vec<i64>> {
        let (apps, tampered) = self.reader().opened()?;
        for item in apps.into_iter().filter_map(map) {
            sink(item)?;
        }
        Ok(tampered)
    }

    /// Reads inside one write, then records `work`'s events in this member's chain before
    /// the write commits: what is revealed is exactly what was recorded.
    pub fn write<T>(&mut self, work: impl FnOnce(&ScopedReader<'_>) -> Result<(T, Vec<Event>)>) -> Result<T> {
        self.write_entries(|reader| {
            let (value, events) = work(reader)?;
            let entries = events.into_iter().map(|event| Entry::Event { event, matched: None }).collect();
            Ok((value, entries))
        })
    }

    fn write_entries<T>(&mut self, work: impl FnOnce(&ScopedReader<'_>) -> Result<(T, Vec<Entry>)>) -> Result<T> {
        if self.state.read_only {
            return Err(super::read_only_store(&self.state.path));
        }
        let tx = self.conn.begin_write()?;
        let tables = tx.tables();
        let (store_id, keys, member, member_id) = (&self.state.store_id, &self.keys, &self.member, self.member_id);
        let reader = ScopedReader { tables, store_id, format: self.state.format, member_id, keys };
        let (value, entries) = work(&reader)?;
        // Named by a MAC of the chain's key: no secret, and another one for another key.
        let tag = crypto::mac(&keys.chain, b"revvy-apps/v6/chain-memory");
        let memory = super::seen::ChainMemory::for_member(store_id, member, &tag[..8]);
        let mut appended = None;
        if !entries.is_empty() {
            let rows = tables.scope_events(Some(member_id))?;
            let chain = Chain::verify(keys, store_id, member, &rows)?;
            if let Some((seq, mac)) = memory.recall()
                && !chain.goes_on_from(seq, &mac)
            {
                return Err(super::seen::events_removed(&self.state.path, member, seq));
            }
            let mut tail = chain.tail;
            for entry in entries {
                let entry = match entry {
                    Entry::Event { event, matched } => {
                        Entry::Event { event: Event { actor: member.clone(), ..event }, matched }
                    }
                    other @ Entry::TakenIn { .. } => other,
                };
                let row = link(keys, store_id, member_id, tail.as_ref(), &entry)?;
                tables.insert_scope_event(&row)?;
                tail = Some((row.seq, row.mac));
            }
            appended = tail;
        }
        tx.commit()?;
        if let Some((seq, mac)) = appended
            && let Err(err) = memory.remember(seq, &mac)
        {
            eprintln!(
                "warning: cannot record this member's last event in {}: {err}; events removed from the store will not be noticed",
                memory.describe()
            );
        }
        Ok(value)
    }

    /// Records a use of `stored`'s secret that `verify` accepted, as a full member's `verify`
    /// writes one: at most hourly per secret, by the last-use record this member can read.
    pub fn record_use(&mut self, stored: &Stored, matched: Matched, at: DateTime<Utc>, event: Event) -> Result<bool> {
        if UsageRecord::after_use(stored.usage.as_ref(), &stored.app, matched, at).is_none() {
            return Ok(false);
        }
        let matched = match matched {
            Matched::Current => "current",
            Matched::Previous => "previous",
        };
        // Recorded only while the application is still in the scope, read in the same write.
        self.write_entries(|reader| {
            let held = reader.get(&stored.app.client_id).is_ok();
            let entries =
                if held { vec![Entry::Event { event, matched: Some(matched.to_owned()) }] } else { Vec::new() };
            Ok((held, entries))
        })
    }

    /// This member's scope, by name.
    pub fn scope(&self) -> Result<MemberScope> {
        let rows = self.conn.members()?;
        let altered = || super::members::altered_member(&self.state.path, &self.member);
        let row = rows.iter().find(|row| row.id == self.member_id && row.name == self.member).ok_or_else(altered)?;
        let scope =
            Scope::open(row.scope.as_deref().ok_or_else(altered)?, &self.keys, &self.state.store_id, &self.member)
                .ok_or_else(altered)?;
        let (apps, _) = self.reader().opened()?;
        Ok(MemberScope {
            applications: apps
                .iter()
                .filter(|stored| scope.lists(stored.row_id, &stored.app))
                .map(|stored| stored.app.name.clone())
                .collect(),
            tenants: scope.tenants,
        })
    }

    /// What `access list` shows a scoped member: itself.
    pub fn members(&self) -> Result<Vec<Member>> {
        let rows = self.conn.members()?;
        let row = rows
            .iter()
            .find(|row| row.id == self.member_id)
            .ok_or_else(|| super::members::altered_member(&self.state.path, &self.member))?;
        let altered = || super::members::altered_member(&self.state.path, &row.name);
        Ok(vec![Member {
            name: row.name.clone(),
            kind: MemberKind::parse(&row.kind).ok_or_else(altered)?,
            created_at: row.created_at.and_then(crate::domain::time::from_unix).ok_or_else(altered)?,
            created_by: row.created_by.clone(),
            current: true,
            scope: Some(self.scope()?),
        }])
    }

    /// The refusal of a command that is not for scoped members.
    pub fn not_permitted(&self) -> Error {
        let scope = self.scope().map_or_else(|_| "its applications".to_owned(), |scope| scope.describe());
        Error::new(
            ErrorKind::NotPermitted,
            format!(
                "the member {:?} is scoped to {scope}: it can list, show, run, export and verify those, and open a session; this command is for full members",
                self.member
            ),
        )
        .with_hint("run it as a full member; nothing was changed")
    }
}
