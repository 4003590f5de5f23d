//! The store: sealed application records and their audit log, kept by a storage backend
//! (SQLite, one file). This module and its children are the only code that touches the
//! storage or a key.
//!
//! - `sealing` binds and seals what is stored, `header` owns the key slot, `keys` the key
//!   hierarchy: no storage there.
//! - `tables` is the storage interface, `sqlite` its implementation (every SQL statement).
//! - `records`, `audit`, `session`, `maintenance`, `check`, `upgrade` are the store's logic,
//!   written against `tables`.

mod audit;
mod backup;
mod check;
mod copy;
mod create;
mod grants;
mod header;
mod maintenance;
mod members;
mod pins;
mod records;
mod scope;
mod scope_admin;
mod scope_check;
mod scope_events;
mod scoped;
mod sealer;
mod seen;
mod session;
mod status;
mod unlocked;
mod upgrade;
mod usage;

use std::path::{Path, PathBuf};

use self::audit::Head;
pub use self::audit::StoredEvent;
pub use self::check::{CheckReport, ExpiringSecret};
pub use self::copy::CopyReport;
use self::header::Header;
pub use self::maintenance::{RekeyReport, RemovalKind, RemovalReport};
pub use self::members::{MemberChoice, NewMember};
use self::pins::PinFile;
pub use self::pins::StoreIdentity;
pub use self::records::{Listing, Stored, Writer};
pub use self::scope_admin::ScopeRequest;
pub use self::scoped::ScopedStore;
use self::sealer::Sealer;
use self::seen::Seen;
use self::session::SessionKey;
pub use self::session::{SessionToken, end_sessions};
pub use self::unlocked::{AppSource, Unlocked};
pub use self::usage::Matched;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{self, FirstReads, Handle, HeadRow, OpenFor, Opened, Storage, WriteTransaction};
pub use crate::store::location::Location;
pub use crate::store::seal::crypto::KdfParams;
use crate::store::seal::crypto::SecretKey;
use crate::store::seal::keys::Keys;
use crate::store::seal::keys::Passphrase;

/// The format this program writes; older ones are read and upgraded by their first write.
const FORMAT_VERSION: u32 = 6;

/// What a command opens a store with a session for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionUse {
    /// To read, and perhaps to write after asking the user something.
    Read,
    /// To write next, asking nothing first: on a server the write's lock comes with the
    /// open's first statement (a round trip saved, and the reads see the store as the write
    /// will). Never while a person is asked something: other writers would wait for them.
    Write,
    /// For `check`.
    Check,
}

/// Why a store is opened, which decides what stops the opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Every command: any integrity problem stops it.
    Use,
    /// `check`: gets past integrity problems to report them all.
    Check,
    /// A backup being restored: older than this machine's memory by nature, and no location
    /// this machine uses a store at.
    Restore,
    /// `accept-store`: a store that may not be the one this machine knew at its location.
    Accept,
}

/// What was established when the store was opened, and what every later write re-checks.
#[derive(Debug)]
struct OpenState {
    path: PathBuf,
    /// What this machine remembers of the store's location.
    pin: PinFile,
    /// What it recalled there when the store was opened (none on first use).
    pinned: Option<pins::Pin>,
    store_id: Vec<u8>,
    kdf: KdfParams,
    /// The key slot as it was read: a write that finds another one refuses (keys changed).
    header_checksum: Vec<u8>,
    /// The header as it was opened (an upgrade by another process is told by its checksum).
    header: Header,
    /// The schema's generation (SQLite's schema counter) when the schema was checked, or, on
    /// a server, the pinned generation that every write expects.
    schema_cookie: i64,
    /// The pin was checked when the store was opened (always for a file; only by `check` on a
    /// server, where every write checks it).
    pin_checked: bool,
    format: u32,
    /// Opened read-only (a read-only file system or folder): writes are refused with exit 6.
    read_only: bool,
    purpose: Purpose,
    /// What the schema check found (only `check` goes on when this is not empty).
    schema_problems: Vec<String>,
}

/// An opened store that is still locked: its file checked and its header read.
#[derive(Debug)]
pub struct LockedStore {
    conn: Handle,
    state: OpenState,
    header: Header,
    /// Format 3: the members, read when an unlock needs them (a session does not), checked
    /// against the header's digest then, and against its MAC once the data key is known.
    members: std::cell::OnceCell<Vec<backend::MemberRow>>,
    /// What the open read along (a server's first round trip): the session it was opened for
    /// and the audit head, each used once by the unlock instead of being read again.
    first: FirstReads,
    /// What this machine remembered of the store (by the id pinned here) when it was read
    /// before the open, for a write begun with the open's first statement.
    seen_before_open: Option<(Vec<u8>, Option<seen::Mark>)>,
}

/// An unlocked store: every read and write goes through it.
#[derive(Debug)]
pub struct Store {
    conn: Handle,
    state: OpenState,
    keys: Keys,
    seen: Seen,
    /// The member who unlocked: the actor of every event this process records.
    member: String,
    /// A store from before members, unlocked by its passphrase: what its first write needs to
    /// make that passphrase the member `owner`.
    single_slot: Option<members::SingleSlot>,
}

impl LockedStore {
    /// Opens an existing store: refuses a missing file, loose permissions, a newer format and
    /// a schema revvy-apps did not make.
    pub fn open(store: &Location) -> Result<Self> {
        Self::open_as(store, Purpose::Use, None)
    }

    /// Opens a store for `check`, which reports every integrity problem rather than stopping
    /// at the first.
    pub fn open_for_check(store: &Location) -> Result<Self> {
        Self::open_as(store, Purpose::Check, None)
    }

    /// Opens a store that `session` is to unlock, for `then`. On a server the session's record
    /// comes with the first read, a round trip saved.
    pub fn open_for_session(store: &Location, session: &SessionToken, then: SessionUse) -> Result<Self> {
        let purpose = if then == SessionUse::Check { Purpose::Check } else { Purpose::Use };
        Self::open_as(store, purpose, Some((session, then == SessionUse::Write)))
    }

    /// Opens a backup to restore: checked as strictly as a store, but not compared with what
    /// this machine has seen (it is older on purpose).
    pub fn open_backup(path: &Path) -> Result<Self> {
        Self::open_as(&Location::File(path.to_path_buf()), Purpose::Restore, None)
    }

    /// Opens `store`; `session` is the session to unlock it and whether a write follows at once.
    fn open_as(store: &Location, purpose: Purpose, session: Option<(&SessionToken, bool)>) -> Result<Self> {
        let location = PinFile::of(store);
        let write_now = session.is_some_and(|(_, write_now)| write_now);
        // What this machine remembers of the store here, read before the open: a write begun
        // with the open's first statement can then ask what only format 6 has.
        let recalled = location.recall();
        // Read before the store's head, as the unlock needs it (see `Seen::recall`), so the
        // unlock takes it from here rather than reading it again.
        let seen_before_open = recalled
            .as_ref()
            .filter(|_| write_now)
            .map(|pin| (pin.store_id.clone(), Seen::for_store(&pin.store_id).recall()));
        let scopes_known =
            seen_before_open.as_ref().is_some_and(|(_, seen)| seen.as_ref().is_some_and(|seen| seen.format() >= 6));
        let how = OpenFor {
            session: session.map(|(token, _)| token.id()),
            write_now,
            check: purpose == Purpose::Check,
            scopes_known,
        };
        let Some(Opened {
            storage: conn,
            shown: path,
            read_only,
            format,
            schema_generation,
            schema_checked,
            mut first,
        }) = backend::open(store, how)?
        else {
            return Err(no_store(store, &location));
        };
        let path = path.as_path();
        if format > FORMAT_VERSION {
            return Err(Error::new(
                ErrorKind::UnsupportedFormat,
                format!(
                    "the store {} has format version {format}; this program reads up to {}",
                    path.display(),
                    FORMAT_VERSION
                ),
            )
            .with_hint("upgrade revvy-apps"));
        }
        let schema_problems = if schema_checked { conn.schema_problems(format)? } else { Vec::new() };
        if purpose != Purpose::Check && !schema_problems.is_empty() {
            return Err(Error::new(
                ErrorKind::Tampered,
                format!(
                    "the store {} holds what revvy-apps did not put there: {}",
                    path.display(),
                    schema_problems.join("; ")
                ),
            )
            .with_hint("nothing was read or changed; run `revvy-apps check`, and restore the store from a backup"));
        }
        let header = Header::checked(std::mem::take(&mut first.header).or_read(|| conn.header(format))?, path, format)?;
        // Before anything is unlocked, written or printed: is this the store this machine knew
        // here? A location never seen is trusted on first use.
        let pinned = match purpose {
            Purpose::Use | Purpose::Check => recalled,
            Purpose::Restore | Purpose::Accept => None,
        };
        match &pinned {
            Some(pin) if pin.store_id != header.store_id => {
                return Err(pins::replaced(&location.shown, pin, &header.store_id));
            }
            // The store this machine knew had a secret (format 4): one without it, of an older
            // format, is another store built around the same id.
            Some(pin) if pin.fingerprint.is_some() && format < 4 => {
                return Err(pins::older_format(&location.shown, pin, format));
            }
            None if matches!(purpose, Purpose::Use | Purpose::Check) => location.record_or_warn(&header.store_id),
            Some(_) | None => {}
        }
        let state = OpenState {
            path: path.to_owned(),
            pin: location,
            pinned,
            store_id: header.store_id.clone(),
            kdf: header.kdf,
            header_checksum: header.checksum.clone(),
            header: header.clone(),
            schema_cookie: schema_generation,
            pin_checked: schema_checked,
            format,
            read_only,
            purpose,
            schema_problems,
        };
        Ok(Self { conn, state, header, members: std::cell::OnceCell::new(), first, seen_before_open })
    }

    pub fn path(&self) -> &Path {
        &self.state.path
    }

    /// Unlocks with a session made by `unlock`: one indexed read and one decryption, no key
    /// derivation. The session's member is the actor.
    pub fn unlock_with_session(self, token: &SessionToken) -> Result<Unlocked> {
        match self.unwrap_session(token)? {
            (SessionKey::Full(data_key), member) => self.unlocked(data_key, member, None).map(Unlocked::Full),
            (SessionKey::Scoped { scope_key, member_id }, member) => {
                self.scoped_unlocked(scope_key, &member, member_id, None).map(Unlocked::Scoped)
            }
        }
    }

    /// The store under its data key. The member list and the head of the audit log are
    /// verified, and the head compared with what this machine has seen of the store.
    fn unlocked(self, data_key: SecretKey, member: String, single_slot: Option<members::SingleSlot>) -> Result<Store> {
        let head_read_along = self.first.head.clone();
        let seen_before_open = self.seen_before_open;
        let keys = Keys::from_data_key(data_key);
        let mut state = self.state;
        if let Some(rows) = self.members.get() {
            let mac = members::members_mac(&keys, &state.store_id, rows);
            if !crate::store::seal::crypto::mac_eq(&mac, &self.header.members_mac) {
                let problem = if self.conn.key_slot_checksum()? == state.header_checksum {
                    Error::tampered(format!("the member list of the store {} was altered", state.path.display()))
                } else {
                    keys_changed(&state.path)
                };
                if state.purpose != Purpose::Check || problem.kind() != ErrorKind::Tampered {
                    return Err(problem);
                }
                state.schema_problems.push(problem.message().to_owned());
            }
        }
        // The id was held to this machine's pin at the open; now that the key is known, so is
        // the store's own secret (format 4), which nobody can put in a store they built.
        let fingerprint = if state.format >= 4 && matches!(state.purpose, Purpose::Use | Purpose::Check) {
            let sealer = Sealer { store_id: &state.store_id, keys: &keys, format: state.format };
            let Some(secret) = sealer.open_store_secret(&self.header.wrapped_key) else {
                return Err(if self.conn.key_slot_checksum()? == state.header_checksum {
                    maintenance::altered_secret(&state.path)
                } else {
                    keys_changed(&state.path)
                });
            };
            Some(sealer.store_fingerprint(&secret))
        } else {
            None
        };
        let store = Store { seen: Seen::for_store(&state.store_id), conn: self.conn, state, keys, member, single_slot };
        let mut later_head = None;
        if store.state.purpose == Purpose::Use && store.state.format >= 2 {
            let recalled = match seen_before_open {
                Some((store_id, seen)) if store_id == store.state.store_id => seen,
                _ => store.seen.recall(),
            };
            let mut head = store.verified(head_read_along.or_read(|| store.conn.head(store.state.format))?)?;
            // The format as it is now: another process may have upgraded the store since the
            // open, and remembered so.
            let format = store.sealer_now()?.format;
            if Seen::check(recalled.as_ref(), &head, format, &store.state.path).is_err() {
                // The head may have been read with the open's first statement, before another
                // process on this machine wrote and remembered a later one: only a head read
                // after the recall tells a rollback.
                head = store.verified_head()?;
                Seen::check(recalled.as_ref(), &head, store.sealer_now()?.format, &store.state.path)?;
            }
            later_head = recalled.is_none_or(|seen| seen::progress(&head) > seen.progress()).then_some(head);
        }
        // A rollback is said first (a restore elsewhere looks like one, and says so); the head
        // of a store that is not the one pinned here is never remembered.
        if let Some(fingerprint) = fingerprint {
            store.state.pin.check_fingerprint(store.state.pinned.as_ref(), &store.state.store_id, &fingerprint)?;
        }
        if let Some(head) = later_head {
            store.remember(&head, true);
        }
        Ok(store)
    }
}

/// Begins a write on an unlocked store: the write lock, then proof that the store is still
/// the one this process unlocked — the same schema, the same keys and members (a `passwd`,
/// `rekey` or `access` in between is exit 4, and nothing is written under a retired key) —
/// and a store of an older format upgraded in the same transaction. Also says whether it
/// upgraded (what the write read under its lock is then older than the store).
fn begin_checked<'c>(
    storage: &'c mut dyn Storage,
    state: &OpenState,
    keys: &Keys,
    single_slot: Option<&members::SingleSlot>,
) -> Result<(Box<dyn WriteTransaction + 'c>, bool)> {
    if state.read_only {
        return Err(read_only_store(&state.path));
    }
    let single_slot = match single_slot {
        Some(slot) => Some(slot),
        None if state.format < 3 => return Err(upgrade_needs_passphrase(&state.path)),
        None => None,
    };
    let tx = storage.begin_write()?;
    let tables = tx.tables();
    let mut format = state.format;
    if tx.under_lock().generation != state.schema_cookie {
        // Another process changed the schema since the check: an upgrade, or a planted object.
        format = tables.format()?;
        let problems = tables.schema_problems(format)?;
        if format > FORMAT_VERSION || !problems.is_empty() {
            // A server store's pin is first checked here (see `connect_server`).
            let when = if state.pin_checked {
                "changed while this command ran"
            } else {
                "holds what revvy-apps did not put there"
            };
            return Err(Error::tampered(format!(
                "the schema of the store {} {when}: {}",
                state.path.display(),
                problems.join("; ")
            ))
            .with_hint("nothing was changed; run `revvy-apps check`"));
        }
    }
    if format < FORMAT_VERSION {
        // Another process may have upgraded it since it was opened: the upgrades to formats 4
        // and 5 change no table, so the schema's generation does not tell.
        format = tables.format()?;
    }
    if format < state.format {
        return Err(Error::tampered(format!(
            "the format of the store {} went back from {} to {format} while this command ran",
            state.path.display(),
            state.format
        ))
        .with_hint("nothing was changed; run `revvy-apps check`"));
    }
    let checksum = match &tx.under_lock().checksum {
        Some(read_along) => read_along.clone(),
        None => tables.key_slot_checksum()?,
    };
    // From format 5 the checksum covers the format: an upgrade by another process since the
    // open changed it, and nothing else did.
    let expected = if format > state.format && format >= 5 {
        state.header.checksum_at(format)
    } else {
        state.header_checksum.clone()
    };
    if checksum != expected {
        return Err(keys_changed(&state.path));
    }
    if format == 1 {
        upgrade::to_format_2(tables, &state.store_id, keys)?;
    }
    if let (true, Some(slot)) = (format < 3, single_slot) {
        upgrade::to_format_3(tables, &state.path, &state.store_id, keys, state.kdf, slot)?;
    }
    if format < 4 {
        upgrade::to_format_4(tables, &state.store_id, keys)?;
    }
    if format < 5 {
        upgrade::to_format_5(tables, &state.path, &state.store_id, keys)?;
    }
    if format < 6 {
        upgrade::to_format_6(tables, &state.path)?;
    }
    let upgraded = format < FORMAT_VERSION;
    Ok((tx, upgraded))
}

/// There is no store at `store`: one this machine knew has vanished, or none was ever there.
fn no_store(store: &Location, location: &PinFile) -> Error {
    // `store.db/` names no file even where store.db is one: not a store that vanished.
    let names_a_folder = store.file().is_some_and(|path| path.as_os_str().as_encoded_bytes().ends_with(b"/"));
    if let Some(vanished) = location.vanished().filter(|_| !names_a_folder) {
        return vanished;
    }
    store.not_found()
}

fn upgrade_needs_passphrase(path: &Path) -> Error {
    Error::new(
        ErrorKind::Locked,
        format!(
            "the store {} was made by an earlier version of revvy-apps: its first write makes its passphrase the member `owner`, and that needs the passphrase, not a session",
            path.display()
        ),
    )
    .with_hint("run the command once with the passphrase (unset REVVY_APPS_SESSION), or open a new session with `revvy-apps unlock`; nothing was changed")
}

fn keys_changed(path: &Path) -> Error {
    Error::new(
        ErrorKind::Conflict,
        format!(
            "the keys of the store {} changed (a `passwd`, `rekey` or `access` command) after this command unlocked it",
            path.display()
        ),
    )
    .with_hint("nothing was changed; run the command again")
}

fn read_only_store(path: &Path) -> Error {
    Error::new(
        ErrorKind::Unavailable,
        format!("the store {} is on a read-only file system (or in a folder this user cannot write): it can be read but not changed", path.display()),
    )
    .with_hint("run the command where the store is writable; nothing was changed")
}

impl Store {
    /// The head of the audit log, checked against this data key. A head that does not verify
    /// because a `rekey` committed after this process read the key slot is a conflict (run it
    /// again), not tampering.
    fn verified_head(&self) -> Result<Head> {
        self.verified(self.conn.head(self.state.format)?)
    }

    /// A head row read already, checked as [`Store::verified_head`] checks it.
    fn verified(&self, row: Option<HeadRow>) -> Result<Head> {
        let head = audit::head_of(row)?;
        if head.is_authentic(&self.sealer_now()?) {
            return Ok(head);
        }
        if self.conn.key_slot_checksum()? != self.state.header_checksum {
            return Err(keys_changed(&self.state.path));
        }
        Err(audit::altered_head())
    }

    /// After a write committed: the store is now of the current format, and this machine
    /// remembers how far its log has gone.
    fn committed(&mut self, head: &Head) {
        if self.state.format != FORMAT_VERSION {
            self.state.format = FORMAT_VERSION;
            self.single_slot = None;
            if let Ok(cookie) = self.conn.schema_generation() {
                self.state.schema_cookie = cookie;
            }
            if let Ok(checksum) = self.conn.key_slot_checksum() {
                self.state.header_checksum = checksum;
            }
        }
        self.remember(head, false);
    }

    fn remember(&self, head: &Head, unconditionally: bool) {
        if let Err(err) = self.seen.remember(head, self.state.format, unconditionally) {
            eprintln!(
                "warning: cannot record this store's audit head in {}: {err}; a rollback of the store will not be noticed",
                self.seen.describe()
            );
        }
    }
}
