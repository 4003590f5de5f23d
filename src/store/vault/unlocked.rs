//! What an unlock yields: the whole store (a full member) or a scope of it (a scoped member).
//! The commands a scoped member may run read through [`Unlocked`]; every other command asks
//! for a [`Store`] with [`Unlocked::full`], which a scoped member does not get.

use chrono::{DateTime, Utc};

use super::Store;
use super::records::{Listing, Writer};
use super::scoped::{ScopedReader, ScopedStore};
use super::sealer::Stored;
use super::usage::Matched;
use crate::domain::audit::Event;
use crate::domain::member::Member;
use crate::error::Result;

/// An unlocked store, as the member who unlocked it may read it.
#[derive(Debug)]
pub enum Unlocked {
    Full(Store),
    Scoped(ScopedStore),
}

/// Where a command reads applications inside the transaction that records what it reveals.
pub trait AppSource {
    fn get(&self, reference: &str) -> Result<Stored>;
    fn list(&self) -> Result<Listing>;
}

impl AppSource for Writer<'_> {
    fn get(&self, reference: &str) -> Result<Stored> {
        Writer::get(self, reference)
    }

    fn list(&self) -> Result<Listing> {
        Writer::list(self)
    }
}

impl AppSource for ScopedReader<'_> {
    fn get(&self, reference: &str) -> Result<Stored> {
        ScopedReader::get(self, reference)
    }

    fn list(&self) -> Result<Listing> {
        ScopedReader::list(self)
    }
}

impl Unlocked {
    /// The whole store, for a command that is not a scoped member's: a scoped member is
    /// refused (exit 5), naming itself and its scope.
    pub fn full(self) -> Result<Store> {
        match self {
            Self::Full(store) => Ok(store),
            Self::Scoped(scoped) => Err(scoped.not_permitted()),
        }
    }

    pub fn member(&self) -> &str {
        match self {
            Self::Full(store) => store.member(),
            Self::Scoped(scoped) => scoped.member(),
        }
    }

    pub fn path(&self) -> &std::path::Path {
        match self {
            Self::Full(store) => store.path(),
            Self::Scoped(scoped) => scoped.path(),
        }
    }

    /// One application by name or client ID; outside a scope, as absent as nowhere.
    pub fn get(&self, reference: &str) -> Result<Stored> {
        match self {
            Self::Full(store) => store.get(reference),
            Self::Scoped(scoped) => scoped.get(reference),
        }
    }

    /// Every application the member may read, through `map` into `sink`; returns the rows
    /// that failed authentication.
    pub fn map_each<T: Send>(
        &self,
        map: impl Fn(Stored) -> Option<T> + Sync,
        sink: impl FnMut(T) -> Result<()>,
    ) -> Result<Vec<i64>> {
        match self {
            Self::Full(store) => store.map_each(map, sink),
            Self::Scoped(scoped) => scoped.map_each(map, sink),
        }
    }

    /// Runs `work` in one transaction and records the events it returns there: what is
    /// revealed is exactly what was recorded (in the log, or a scoped member's chain).
    pub fn reveal<T>(&mut self, work: impl FnOnce(&dyn AppSource) -> Result<(T, Vec<Event>)>) -> Result<T> {
        match self {
            Self::Full(store) => store.write(|w| {
                let (value, events) = work(&*w)?;
                w.record_all(&events)?;
                Ok(value)
            }),
            Self::Scoped(scoped) => scoped.write(|reader| work(reader)),
        }
    }

    /// Records that `verify` accepted a secret of `stored` (see [`Store::record_use`]); a
    /// scoped member's use is an event, `event`.
    pub fn record_use(&mut self, stored: &Stored, matched: Matched, at: DateTime<Utc>, event: Event) -> Result<bool> {
        match self {
            Self::Full(store) => store.record_use(stored, matched, at),
            Self::Scoped(scoped) => scoped.record_use(stored, matched, at, event),
        }
    }

    /// The members `access list` shows: all of them to a full member, itself to a scoped one.
    pub fn members(&mut self) -> Result<Vec<Member>> {
        match self {
            Self::Full(store) => store.members(),
            Self::Scoped(scoped) => scoped.members(),
        }
    }
}
