//! Which store this machine found at each location, as ssh's `known_hosts` pins a host's key:
//! per location (a file's canonical path; a server's URL without its password, plus the
//! schema), the id of the store first opened there and since when, in
//! `$XDG_STATE_HOME/revvy-apps/pins/`, beside the rollback memory. Another store at a known
//! location — a copy, a foreign store built around a member's row, a store made anew where one
//! was dropped — is refused before anything is unlocked, written or printed, until
//! `accept-store` says otherwise. A location never seen is trusted on first use.

use std::os::unix::fs::DirBuilderExt as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::domain::time::from_unix;
use crate::error::{Error, ErrorKind, Result};
use crate::store::Location;
use crate::store::seal::crypto::{self, SecretKey};

/// A fixed key: file names need only be stable and free of the location's own characters.
const FILE_NAME_KEY: [u8; 32] = *b"revvy-apps/v3/pin-location-file!";

/// What this machine remembers of one location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub store_id: Vec<u8>,
    pub since: DateTime<Utc>,
    /// From format 4, learnt at the first unlock: the store id MACed under the store's own
    /// secret. The id alone is public; a store built around it by someone without a key of
    /// the real one cannot carry this.
    pub fingerprint: Option<Vec<u8>>,
}

impl Pin {
    /// How messages name the store this machine knew: `id A since DATE`.
    fn known_as(&self) -> String {
        format!("id {} since {}", crypto::to_hex(&self.store_id), self.since.format("%Y-%m-%d %H:%M UTC"))
    }
}

/// The memory of one location on this machine.
#[derive(Debug, Clone)]
pub struct PinFile {
    /// What the file names: the canonical location.
    pub location: String,
    /// What messages name: the path as given, or the URL without its password and the schema.
    pub shown: String,
    /// `None` when this machine has no state folder (no home): then nothing is pinned.
    file: Option<PathBuf>,
}

impl PinFile {
    /// What this machine remembers of the store at `store`.
    pub(super) fn of(store: &Location) -> Self {
        Self::for_location(store.canonical(), store.pinned_as())
    }
}

impl PinFile {
    pub fn for_location(location: String, shown: String) -> Self {
        let name = crypto::to_hex(&crypto::mac(&SecretKey::from_bytes(FILE_NAME_KEY), location.as_bytes())[..16]);
        let file = directories::ProjectDirs::from("", "", "revvy-apps")
            .and_then(|dirs| dirs.state_dir().map(Path::to_path_buf))
            .map(|dir| dir.join("pins").join(name));
        Self { location, shown, file }
    }

    /// The store this machine knew here, if any. An unreadable or malformed memory is none.
    pub fn recall(&self) -> Option<Pin> {
        let text = std::fs::read_to_string(self.file.as_ref()?).ok()?;
        let mut lines = text.lines();
        let mut fields = lines.next()?.split(' ');
        let (store_id, since) = (crypto::from_hex(fields.next()?)?, from_unix(fields.next()?.parse().ok()?)?);
        let fingerprint = match fields.next() {
            Some(hex) => Some(crypto::from_hex(hex)?),
            None => None,
        };
        // A name shared by two locations (it cannot happen by chance) is no pin of this one.
        (lines.next()? == self.location).then_some(Pin { store_id, since, fingerprint })
    }

    /// Pins `store_id` here: on first use, or deliberately (`init`, `restore`, `copy --to`,
    /// `accept-store`). Returns whether the memory was written; a failure is for the caller
    /// to warn about, since the command itself succeeded.
    pub fn record(&self, store_id: &[u8]) -> std::io::Result<()> {
        if self.recall().is_some_and(|pin| pin.store_id == store_id) {
            return Ok(());
        }
        self.write(store_id, None)
    }

    /// Pins `store_id` here with `fingerprint`, or with none (to be learnt at the next unlock).
    pub fn write(&self, store_id: &[u8], fingerprint: Option<&[u8]>) -> std::io::Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        let folder = file.parent().unwrap_or(Path::new("."));
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)?;
        let staging =
            folder.join(format!(".{}.new-{}", std::process::id(), crypto::to_hex(&crypto::random_array::<4>())));
        // A fingerprint learnt later keeps the date the location was first pinned.
        let since = self
            .recall()
            .filter(|pin| pin.store_id == store_id && fingerprint.is_some())
            .map_or_else(|| crate::domain::time::now().timestamp(), |pin| pin.since.timestamp());
        let fingerprint = fingerprint.map(|f| format!(" {}", crypto::to_hex(f))).unwrap_or_default();
        std::fs::write(&staging, format!("{} {since}{fingerprint}\n{}\n", crypto::to_hex(store_id), self.location))?;
        // A whole new file renamed into place: a crash leaves the old memory or the new one.
        std::fs::rename(&staging, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&staging);
        })
    }

    /// Records `store_id`, warning on stderr when the memory cannot be written.
    pub fn record_or_warn(&self, store_id: &[u8]) {
        self.warn_on(self.record(store_id));
    }

    /// Pins `store_id` with `fingerprint` whatever was known here (a restore), warning on
    /// stderr when the memory cannot be written.
    pub fn replace_or_warn(&self, store_id: &[u8], fingerprint: Option<&[u8]>) {
        self.warn_on(self.write(store_id, fingerprint));
    }

    fn warn_on(&self, result: std::io::Result<()>) {
        if let Err(err) = result {
            eprintln!(
                "warning: cannot record which store is at {} in {}: {err}; another store put there will not be noticed",
                self.location,
                self.describe()
            );
        }
    }

    /// Where there was a store this machine knew, and now there is none: an error naming it.
    pub fn vanished(&self) -> Option<Error> {
        let shown = &self.shown;
        let pin = self.recall()?;
        Some(
            Error::new(
                ErrorKind::StoreVanished,
                format!("there is no store at {shown}, but this machine knew one there: {}", pin.known_as()),
            )
            .with_hint(
                "it was deleted or moved (a dropped schema, a removed file): bring it back with `revvy-apps restore FILE`, \
                 or make a new store there on purpose with `revvy-apps init`; nothing was created",
            ),
        )
    }

    pub fn describe(&self) -> String {
        self.file.as_ref().map_or_else(|| "(no state folder)".to_owned(), |f| f.display().to_string())
    }
}

impl PinFile {
    /// After an unlock (format 4): refuses a store that carries the id pinned here but not
    /// the secret of the store that had it, and learns the fingerprint on first unlock.
    /// `known` is what the open recalled here (none on first use, when the id was just pinned).
    pub(super) fn check_fingerprint(&self, known: Option<&Pin>, store_id: &[u8], fingerprint: &[u8]) -> Result<()> {
        let shown = &self.shown;
        let Some(pin) = known.filter(|pin| pin.store_id == store_id) else {
            self.warn_on(self.write(store_id, Some(fingerprint)));
            return Ok(());
        };
        match &pin.fingerprint {
            Some(known) if !crypto::mac_eq(known, fingerprint) => Err(Error::new(
                ErrorKind::StoreReplaced,
                format!(
                    "the store at {shown} is not the one this machine knew: it carries that store's id ({}) but not its secret",
                    pin.known_as()
                ),
            )
            .with_hint(
                "someone built another store around the known store's id; nothing was read or changed. \
                 If you restored it from a backup made before format 4 on purpose, run \
                 `revvy-apps accept-store --new-secret`",
            )),
            Some(_) => Ok(()),
            None => {
                self.warn_on(self.write(store_id, Some(fingerprint)));
                Ok(())
            }
        }
    }
}

impl super::Store {
    /// What a machine pins of this store beside its id (format 4), from its header now.
    pub(super) fn fingerprint(&self) -> Result<Option<[u8; 32]>> {
        if self.state.format < 4 {
            return Ok(None);
        }
        let header = super::header::Header::read(&*self.conn, &self.state.path, self.sealer_now()?.format)?;
        let sealer = self.sealer();
        let secret = sealer
            .open_store_secret(&header.wrapped_key)
            .ok_or_else(|| super::maintenance::altered_secret(&self.state.path))?;
        Ok(Some(sealer.store_fingerprint(&secret)))
    }
}

/// A store of an older format where this machine knew one of format 4 with that id.
pub(super) fn older_format(shown: &str, pin: &Pin, format: u32) -> Error {
    Error::new(
        ErrorKind::StoreReplaced,
        format!(
            "the store at {shown} is not the one this machine knew: it carries that store's id ({}) but is of format {format}, older than the store this machine opened there",
            pin.known_as()
        ),
    )
    .with_hint(
        "someone built another store around the known store's id, or put an old copy back; nothing was unlocked, read or changed. \
         Bring a backup back with `revvy-apps restore FILE`, or if you replaced it on purpose, run `revvy-apps accept-store`",
    )
}

pub(super) fn replaced(shown: &str, pin: &Pin, now: &[u8]) -> Error {
    Error::new(
        ErrorKind::StoreReplaced,
        format!(
            "the store at {shown} is not the one this machine knew: {}, now id {}",
            pin.known_as(),
            crypto::to_hex(now)
        ),
    )
    .with_hint(
        "another store was put in its place (a copy, or one made by someone else); nothing was unlocked, read or changed. \
         If you moved it there on purpose, run `revvy-apps accept-store` to see it and accept it",
    )
}

/// What `accept-store` shows of the store at a location before this machine accepts it: what
/// can be read without a key, held to the header's digest of the member list.
#[derive(Debug, Clone)]
pub struct StoreIdentity {
    /// The location as messages name it (a URL without its password).
    pub shown: String,
    pub store_id: String,
    /// When its first member was added (the store's creation); unknown before format 3.
    pub created_at: Option<DateTime<Utc>>,
    pub members: Vec<crate::domain::member::Member>,
    /// What this machine knew at that location, if anything: a store id and since when.
    pub known: Option<(String, DateTime<Utc>)>,
    /// Whether this machine had also learnt that store's secret (then accepting the same id
    /// again makes it learn the secret anew).
    pub known_secret: bool,
    /// The store is behind what this machine saw of it (a failover that lost commits, an old
    /// copy put back): `(seen, now)`, the audit events as far as this machine saw them and
    /// as far as the store's head says now (read without a key). Accepting the store makes
    /// this machine forget what it saw.
    pub rolled_back: Option<(i64, i64)>,
    /// The audit head as read for what is shown: accepting the store accepts exactly it.
    head: Option<crate::store::backend::HeadRow>,
}

impl StoreIdentity {
    /// Whether this machine already accepts this store here, with nothing left to accept
    /// (with `new_secret`, a known secret is left to learn anew).
    pub fn is_known(&self, new_secret: bool) -> bool {
        !(new_secret && self.known_secret)
            && self.rolled_back.is_none()
            && self.known.as_ref().is_some_and(|(store_id, _)| *store_id == self.store_id)
    }
}

impl super::LockedStore {
    /// Opens the store at `path` to show it and perhaps accept it: every check but the pin.
    pub fn open_to_accept(store: &Location) -> Result<Self> {
        Self::open_as(store, super::Purpose::Accept, None)
    }

    /// The store's identity, as far as it can be known without a key.
    pub fn identity(&self) -> Result<StoreIdentity> {
        use crate::domain::member::{Member, MemberKind};
        let members = self
            .member_rows()?
            .iter()
            .map(|row| {
                let altered = || super::members::altered_member(&self.state.path, &row.name);
                Ok(Member {
                    name: row.name.clone(),
                    kind: MemberKind::parse(&row.kind).ok_or_else(altered)?,
                    created_at: row.created_at.and_then(from_unix).ok_or_else(altered)?,
                    created_by: row.created_by.clone(),
                    current: false,
                    // What a scope holds is sealed; that there is one is not.
                    scope: row.scope.as_ref().map(|_| crate::domain::member::MemberScope::default()),
                })
            })
            .collect::<Result<Vec<Member>>>()?;
        let known = self.state.pin.recall();
        // How far the store's log goes, by its head as stored: nothing here can verify it, and
        // it only decides what is shown (a head claiming more than this machine saw shows no
        // rollback, and the next unlock verifies it).
        let head = self.first.head.clone().or_read(|| self.conn.head(self.state.format))?;
        let seen = super::seen::Seen::for_store(&self.state.store_id).recall();
        let rolled_back = match (seen, head.as_ref().and_then(|head| head.last_id)) {
            (Some(seen), Some(now)) if seen.last_id > now => Some((seen.last_id, now)),
            _ => None,
        };
        Ok(StoreIdentity {
            shown: self.state.path.display().to_string(),
            store_id: crypto::to_hex(&self.state.store_id),
            created_at: members.iter().map(|member| member.created_at).min(),
            members,
            known: known.as_ref().map(|pin| (crypto::to_hex(&pin.store_id), pin.since)),
            known_secret: known.is_some_and(|pin| pin.fingerprint.is_some()),
            rolled_back,
            head,
        })
    }

    /// Makes this machine accept this store at its location from now on: its id; its secret as
    /// this machine knew it, or (`new_secret`, or another store) as the next unlock finds it;
    /// and its audit log exactly as `identity` showed it (read without a key, so the next
    /// unlock must find and verify that very head: one put in only to be shown fails there).
    pub fn accept(&self, identity: &StoreIdentity, new_secret: bool) -> Result<()> {
        // A head that cannot be read as one is accepted as nothing: this machine's memory of
        // the store is never given up for it.
        let head = super::audit::head_of(identity.head.clone())
            .map_err(|err| err.with_hint("nothing was accepted; run `revvy-apps check`"))?;
        let known = self.state.pin.recall().filter(|pin| pin.store_id == self.state.store_id);
        let fingerprint = known.and_then(|pin| pin.fingerprint).filter(|_| !new_secret);
        self.state.pin.write(&self.state.store_id, fingerprint.as_deref()).map_err(|err| {
            Error::from(err).context(format!("cannot record the store in {}", self.state.pin.describe()))
        })?;
        let seen = super::seen::Seen::for_store(&self.state.store_id);
        seen.remember(&head, self.state.format, true)
            .map_err(|err| Error::from(err).context(format!("cannot record the store in {}", seen.describe())))
    }
}
