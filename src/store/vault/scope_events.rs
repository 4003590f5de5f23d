//! A scoped member's events (format 6): what it revealed and used, recorded before it sees a
//! secret, in a chain of its own under its scope key (it holds no key of the audit log). The
//! next write of a full member takes them into the log, attributed to the member, and leaves
//! a mark where the member's chain goes on: an event taken in, or one removed or altered by a
//! writer without keys, cannot pass for one still to come.
//!
//! Chain: each row's MAC covers its place, the MAC of the row before and its sealed event.
//! A chain starts with its first event (number 1) or with a mark, which a full member's write
//! leaves in place of the events it took in: "taken in up to event N, whose MAC was M".

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::records::Writer;
use super::scope::{ScopedMember, altered_scope, scope_row, wrap_grant};
use super::usage::{Matched, UsageRecord};
use crate::domain::audit::{Action, Event, Subject};
use crate::error::{Error, Result};
use crate::store::backend::{GrantRow, GrantsOf, Lookup, MemberRow, ScopeEventRow, Tables};
use crate::store::seal::bound::{self, Bound};
use crate::store::seal::crypto;
use crate::store::seal::keys::{Keys, ScopeKeys};

/// One entry of a scoped member's chain.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Entry {
    /// An event, and for a use which secret was accepted (`current` or `previous`), which the
    /// write that takes it in writes into the application's last-use record.
    Event {
        event: Event,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        matched: Option<String>,
    },
    /// The events up to `through` were taken into the log; the last one's MAC, hex.
    TakenIn { through: i64, mac: String },
}

/// A member's chain as verified: its entries by number, and its last link.
#[derive(Debug, Default)]
pub(super) struct Chain {
    pub entries: Vec<(i64, Entry)>,
    /// Each row's number and MAC.
    pub links: Vec<(i64, Vec<u8>)>,
    /// The last row's number and MAC: where the next event goes on.
    pub tail: Option<(i64, Vec<u8>)>,
}

impl Chain {
    /// Verifies `rows` (one member's, in order) under its scope keys.
    pub(super) fn verify(keys: &ScopeKeys, store_id: &[u8], member: &str, rows: &[ScopeEventRow]) -> Result<Self> {
        let mut chain = Self::default();
        for (index, row) in rows.iter().enumerate() {
            let previous: &[u8] = match &chain.tail {
                Some((seq, mac)) if *seq + 1 == row.seq => mac,
                Some(_) => return Err(altered_chain(member)),
                None => &[],
            };
            let expected = chain_mac(keys, store_id, row.member_id, row.seq, previous, &row.sealed);
            if !crypto::mac_eq(&expected, &row.mac) {
                return Err(altered_chain(member));
            }
            let bound = Bound::ScopeEvent { store_id, member_id: row.member_id, seq: row.seq };
            let plain = bound::open(&keys.events, &bound, &row.sealed).ok_or_else(|| altered_chain(member))?;
            let entry: Entry = serde_json::from_slice(&plain).map_err(|_| altered_chain(member))?;
            // A chain starts with event 1 or with a mark; a mark stands only first.
            let starts_right = match (&entry, index) {
                (Entry::TakenIn { through, .. }, 0) => *through == row.seq,
                (Entry::Event { .. }, 0) => row.seq == 1,
                (Entry::TakenIn { .. }, _) => false,
                (Entry::Event { .. }, _) => true,
            };
            if !starts_right {
                return Err(altered_chain(member));
            }
            chain.entries.push((row.seq, entry));
            chain.links.push((row.seq, row.mac.clone()));
            chain.tail = Some((row.seq, row.mac.clone()));
        }
        Ok(chain)
    }

    /// Whether this chain still holds the event `seq` with MAC `mac` that this machine
    /// appended, or a mark that took it (or later ones) in: otherwise events were removed.
    pub(super) fn goes_on_from(&self, seq: i64, mac: &[u8]) -> bool {
        match self.entries.first() {
            Some((_, Entry::TakenIn { through, mac: taken })) if *through >= seq => {
                *through > seq || crypto::from_hex(taken).is_some_and(|taken| crypto::mac_eq(&taken, mac))
            }
            _ => self.links.iter().any(|(at, link)| *at == seq && crypto::mac_eq(link, mac)),
        }
    }

    /// The events not yet taken in.
    pub(super) fn pending(&self) -> impl Iterator<Item = (i64, &Event, Option<&str>)> {
        self.entries.iter().filter_map(|(seq, entry)| match entry {
            Entry::Event { event, matched } => Some((*seq, event, matched.as_deref())),
            Entry::TakenIn { .. } => None,
        })
    }
}

/// The row that appends `entry` to a chain whose last link is `tail`.
pub(super) fn link(
    keys: &ScopeKeys,
    store_id: &[u8],
    member_id: i64,
    tail: Option<&(i64, Vec<u8>)>,
    entry: &Entry,
) -> Result<ScopeEventRow> {
    let (seq, previous) = match tail {
        Some((seq, mac)) => (seq + 1, mac.as_slice()),
        None => (1, &[][..]),
    };
    row(keys, store_id, member_id, seq, previous, entry)
}

/// The mark a full member's write leaves in place of the events it took in, up to `through`
/// whose MAC was `mac`: the start of the chain from then on.
pub(super) fn mark(
    keys: &ScopeKeys,
    store_id: &[u8],
    member_id: i64,
    through: i64,
    mac: &[u8],
) -> Result<ScopeEventRow> {
    row(keys, store_id, member_id, through, &[], &Entry::TakenIn { through, mac: crypto::to_hex(mac) })
}

fn row(
    keys: &ScopeKeys,
    store_id: &[u8],
    member_id: i64,
    seq: i64,
    previous: &[u8],
    entry: &Entry,
) -> Result<ScopeEventRow> {
    let plain = Zeroizing::new(
        serde_json::to_vec(entry).map_err(|err| Error::internal("cannot encode an event").with_source(err))?,
    );
    let sealed = bound::seal(&keys.events, &Bound::ScopeEvent { store_id, member_id, seq }, &plain);
    let mac = chain_mac(keys, store_id, member_id, seq, previous, &sealed).to_vec();
    Ok(ScopeEventRow { member_id, seq, sealed, mac })
}

fn chain_mac(keys: &ScopeKeys, store_id: &[u8], member_id: i64, seq: i64, previous: &[u8], sealed: &[u8]) -> [u8; 32] {
    bound::mac(&keys.chain, &Bound::ScopeChain { store_id, member_id, seq, previous, sealed })
}

pub(super) fn altered_chain(member: &str) -> Error {
    Error::tampered(format!(
        "the events of the scoped member {member:?} waiting to be taken into the audit log were altered, removed or put back outside revvy-apps"
    ))
    .with_hint("nothing was changed; run `revvy-apps check`, and restore the store from a backup")
}

/// A reveal or use by the scoped member `name`, at its place `seq` in its chain, as the log
/// takes it in: its time, action, application (`subject`, as the record names it), how it was
/// delivered and its note; nothing else the member wrote. Any other event is refused.
fn taken_in(name: &str, seq: i64, event: &Event, subject: Subject) -> Option<Event> {
    if !matches!(event.action, Action::Reveal | Action::Use) {
        return None;
    }
    let via = event.via.as_deref().filter(|via| ["run", "export", "inject"].contains(via)).map(str::to_owned);
    Some(Event {
        // Never later than the write that takes it in: a time in the future would hold the
        // application's last use there.
        time: event.time.min(crate::domain::time::now()),
        action: event.action,
        actor: name.to_owned(),
        application: Some(subject),
        changes: Vec::new(),
        version: None,
        via,
        member: None,
        // A free note, as `REVVY_APPS_ACTOR` gives one, but no control character for a
        // terminal that shows the log.
        note: event.note.clone().filter(|note| !note.chars().any(char::is_control)),
        scoped_seq: Some(seq),
        sealed_as: None,
    })
}

impl Writer<'_> {
    /// Takes every scoped member's waiting events into the log (the first thing a full
    /// member's write does): each is appended as that member's, a use is written into the
    /// application's last-use record, and the member's chain is left with a mark. A store
    /// where nothing waits costs one read.
    pub(super) fn absorb(&mut self) -> Result<()> {
        // Known to have no scoped member: none has events (removal deletes them).
        if self.scoped.as_ref().is_some_and(Vec::is_empty) {
            return Ok(());
        }
        let rows = self.reader.tables.scope_events(None)?;
        if rows.is_empty() {
            return Ok(());
        }
        let store_id = self.reader.sealer.store_id.to_vec();
        let mut by_member: Vec<(i64, Vec<ScopeEventRow>)> = Vec::new();
        for row in rows {
            match by_member.last_mut() {
                Some((member_id, rows)) if *member_id == row.member_id => rows.push(row),
                _ => by_member.push((row.member_id, vec![row])),
            }
        }
        for (member_id, rows) in by_member {
            // A chain that does not verify (altered by a writer without keys, or of no scoped
            // member) is left as it is, for `check` to name: a write that refused it would
            // leave the store unwritable, even for the `access remove` that ends it.
            let Some(member) = self.scoped()?.iter().find(|member| member.row.id == member_id) else {
                eprintln!(
                    "warning: the store holds events of member row {member_id}, which is no scoped member; they were not taken into the audit log (run `revvy-apps check`)"
                );
                continue;
            };
            let name = member.row.name.clone();
            let chain = match Chain::verify(&member.keys, &store_id, &name, &rows) {
                Ok(chain) => chain,
                Err(err) => {
                    eprintln!("warning: {}; they were not taken into the audit log", err.message());
                    continue;
                }
            };
            let Some((through, mac)) = chain.tail.clone().filter(|_| chain.pending().next().is_some()) else {
                continue;
            };
            let held: Vec<i64> = self.reader.tables.grants(Some(member_id))?.iter().map(|grant| grant.app_id).collect();
            let mut refused = 0;
            for (seq, event, matched) in chain.pending() {
                // Only what a scoped member does is taken in: a reveal or a use of an
                // application it holds, with nothing else of what it wrote.
                match self.as_taken_in(&name, seq, event, &held)? {
                    Some(event) => {
                        self.append_as(&event)?;
                        if let (Action::Use, Some(matched)) = (event.action, matched) {
                            self.take_in_use(&event, matched)?;
                        }
                    }
                    None => refused += 1,
                }
            }
            if refused > 0 {
                eprintln!(
                    "warning: {refused} event(s) in the chain of the scoped member {name:?} were not a reveal or use of an application it holds, and were not taken into the audit log"
                );
            }
            let member = self.scoped()?.iter().find(|member| member.row.id == member_id).map(|m| &m.keys);
            let keys = member.ok_or_else(|| altered_chain(&name))?;
            let mark = mark(keys, &store_id, member_id, through, &mac)?;
            self.reader.tables.delete_scope_events(member_id)?;
            self.reader.tables.insert_scope_event(&mark)?;
        }
        Ok(())
    }

    /// `event` of the scoped member `name` as the log takes it in, if it is a reveal or a use
    /// of an application the member holds (`held`, by row): its time, action, application,
    /// how it was delivered and its note, attributed to the member at its place `seq`.
    fn as_taken_in(&self, name: &str, seq: i64, event: &Event, held: &[i64]) -> Result<Option<Event>> {
        let Some(claimed) = event.application.as_ref().filter(|_| matches!(event.action, Action::Reveal | Action::Use))
        else {
            return Ok(None);
        };
        let Some(row) = self.reader.tables.app(
            self.reader.sealer.format,
            Lookup::ClientId,
            &self.reader.sealer.client_id_mac(&claimed.client_id),
        )?
        else {
            return Ok(None);
        };
        if !held.contains(&row.id) {
            return Ok(None);
        }
        // Named as the record names it, not as the member wrote.
        let Ok(stored) = self.reader.sealer.open_app(row) else { return Ok(None) };
        let subject = Subject::of(&stored.app);
        Ok(taken_in(name, seq, event, subject))
    }

    /// A scoped member's use, written into the application's last-use record as a full
    /// member's `verify` writes it (an application since deleted has none).
    fn take_in_use(&mut self, event: &Event, matched: &str) -> Result<()> {
        let Some(subject) = &event.application else { return Ok(()) };
        let Some(now) = self.reader.find_as(&subject.client_id, Lookup::ClientId)? else { return Ok(()) };
        let matched = if matched == "previous" { Matched::Previous } else { Matched::Current };
        let Some(next) = UsageRecord::after_use(now.usage.as_ref(), &now.app, matched, event.time) else {
            return Ok(());
        };
        self.reader.tables.put_usage(now.row_id, &self.reader.sealer.seal_usage(now.row_id, now.epoch, &next))?;
        self.record_usage(now.row_id, now.usage.as_ref(), &next)
    }
}

/// A rekey's part for scoped members (inside its transaction, after their events were taken
/// in under the old keys): each scoped row gets its scope key under the new data key, its
/// scope sealed again, each grant wrapped again around the application's new key (at its
/// epoch, `epochs` by row), and the mark of its chain made again under the new scope key.
pub(super) fn rekey_scopes(
    tables: &dyn Tables,
    old: &Keys,
    new: &Keys,
    store_id: &[u8],
    path: &std::path::Path,
    rows: &mut [MemberRow],
    epochs: &HashMap<i64, i64>,
) -> Result<()> {
    for row in rows.iter_mut().filter(|row| row.scope.is_some()) {
        let member = ScopedMember::of(row, old, store_id, path)?.ok_or_else(|| altered_scope(path, &row.name))?;
        let chain = Chain::verify(&member.keys, store_id, &row.name, &tables.scope_events(Some(row.id))?)?;
        scope_row(row, &member.scope, new, store_id, path)?;
        tables.update_member_keys(row)?;
        let new_scope = new.scope_key(store_id, &row.name, &row.public_key, row.created_at.unwrap_or_default());
        for grant in tables.grants(Some(row.id))? {
            let Some(&epoch) = epochs.get(&grant.app_id) else {
                tables.delete_grants(GrantsOf::One { member_id: row.id, app_id: grant.app_id })?;
                continue;
            };
            let key = new.app_key(store_id, grant.app_id, epoch);
            let wrapped = wrap_grant(&new_scope, store_id, row.id, grant.app_id, epoch, &key);
            tables.put_grant(&GrantRow { wrapped, ..grant })?;
        }
        tables.delete_scope_events(row.id)?;
        if let Some((_, Entry::TakenIn { through, mac })) = chain.entries.first() {
            let mac = crypto::from_hex(mac).ok_or_else(|| altered_chain(&row.name))?;
            tables.insert_scope_event(&mark(&new_scope, store_id, row.id, *through, &mac)?)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::FieldChange;

    /// A scoped key can write anything into its chain; the log takes in a reveal or a use, as
    /// the member's, with nothing else it wrote: no version (which `check` compares rows
    /// with), no member (which `access` events name), no changes, no other action.
    #[test]
    fn only_reveals_and_uses_are_taken_in_and_only_their_own_fields() {
        let subject = Subject { client_id: "rva_real".into(), name: "real".into() };
        let forged = Event {
            time: crate::domain::time::now(),
            action: Action::Reveal,
            actor: "owner".into(),
            application: Some(Subject { client_id: "rva_real".into(), name: "claimed".into() }),
            changes: vec![FieldChange {
                field: "x".into(),
                old: serde_json::Value::Null,
                new: serde_json::Value::Null,
            }],
            version: Some(1),
            via: Some("apply".into()),
            member: Some("ci2".into()),
            note: Some("note".into()),
            scoped_seq: Some(99),
            sealed_as: None,
        };
        let taken = taken_in("ci", 3, &forged, subject.clone()).unwrap();
        assert_eq!((taken.actor.as_str(), taken.scoped_seq, taken.version), ("ci", Some(3), None));
        assert_eq!(taken.application, Some(subject.clone()));
        assert!(taken.changes.is_empty() && taken.member.is_none() && taken.via.is_none());
        assert_eq!(taken.note.as_deref(), Some("note"));
        let by_run = Event { via: Some("run".into()), ..forged.clone() };
        assert_eq!(taken_in("ci", 3, &by_run, subject.clone()).unwrap().via.as_deref(), Some("run"));
        for action in [Action::Edit, Action::AccessAdd, Action::Delete, Action::Rekey, Action::Create] {
            assert!(taken_in("ci", 3, &Event { action, ..forged.clone() }, subject.clone()).is_none(), "{action:?}");
        }
    }
}
