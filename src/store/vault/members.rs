//! Members (format 3): each holds a copy of the data key sealed to their own public key, so
//! any member unlocks alone and adding, removing or rekeying needs nobody's secret. The list
//! itself is MACed under the data key: a member added, renamed or given another key by
//! someone who can write the file but holds no key is found at the next unlock.

use std::path::Path;

use zeroize::Zeroizing;

use super::header::member_list;
use super::header::{Header, SALT_LEN};
use super::{LockedStore, Store, Unlocked};
use crate::domain::member::{FIRST_MEMBER_OF_OLD_STORES, Member, MemberKind, MemberScope};
use crate::domain::time::from_unix;
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{MemberRow, Tables};
use crate::store::seal::bound::{self, Bound};
use crate::store::seal::crypto::{self, KdfParams, SecretKey};
use crate::store::seal::keys::{self, Keys, Passphrase};
use crate::store::seal::recipients::{Identity, PublicKey};

/// How a new member will unlock.
pub enum NewMember {
    /// With a passphrase: their own key, wrapped under it.
    Passphrase(Passphrase),
    /// With a key made here and handed out once.
    Machine(Identity),
    /// With their own key, of which only the public half is given.
    Recipient(PublicKey),
}

impl NewMember {
    fn kind(&self) -> MemberKind {
        match self {
            Self::Passphrase(_) => MemberKind::Passphrase,
            Self::Machine(_) => MemberKind::Machine,
            Self::Recipient(_) => MemberKind::Recipient,
        }
    }
}

/// Which passphrase member a passphrase is for, when the command line does not say.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemberChoice<'a> {
    /// `--as` / `REVVY_APPS_AS`.
    pub named: Option<&'a str>,
    /// The OS user's name: the member of that name, among several.
    pub os_user: Option<&'a str>,
}

/// Builds a member's row: the data key sealed to their public key, and for a passphrase
/// member their own new key wrapped under the passphrase (one Argon2id derivation).
pub(super) fn member_row(
    kdf: KdfParams,
    name: &str,
    created_by: &str,
    new: &NewMember,
    data_key: &SecretKey,
) -> Result<MemberRow> {
    let (public_key, kdf_salt, wrapped_identity) = match new {
        NewMember::Passphrase(passphrase) => {
            let identity = Identity::generate();
            let salt = crypto::random_array::<SALT_LEN>().to_vec();
            let kek = keys::derive_kek(passphrase, &salt, kdf)?;
            let wrapped = wrap_identity(&kek, name, &salt, kdf, &identity);
            (identity.public_key(), salt, wrapped)
        }
        NewMember::Machine(identity) => (identity.public_key(), Vec::new(), Vec::new()),
        NewMember::Recipient(public_key) => (public_key.clone(), Vec::new(), Vec::new()),
    };
    Ok(MemberRow {
        id: 0,
        name: name.to_owned(),
        kind: new.kind().as_str().to_owned(),
        sealed_key: public_key.seal(data_key),
        public_key: public_key.as_str().to_owned(),
        created_at: Some(crate::domain::time::now().timestamp()),
        created_by: created_by.to_owned(),
        kdf_salt,
        wrapped_identity,
        scope: None,
    })
}

/// A passphrase member's key, wrapped under its passphrase's key and bound to the member.
pub(super) fn wrap_identity(
    kek: &SecretKey,
    member: &str,
    salt: &[u8],
    kdf: KdfParams,
    identity: &Identity,
) -> Vec<u8> {
    let secret = identity.expose().unwrap_or_default();
    bound::seal(kek, &Bound::MemberIdentity { member, salt, kdf }, secret.as_bytes())
}

/// The MAC of the member list under the data key: what the header keeps.
pub(super) fn members_mac(keys: &Keys, store_id: &[u8], rows: &[MemberRow]) -> Vec<u8> {
    bound::mac(&keys.members, &Bound::Members { store_id, list: &member_list(rows) }).to_vec()
}

/// The member list as the header vouches for it, read inside a write before anything is
/// MACed over it or sealed to it: a member planted while the command waited (for a prompt, a
/// confirmation, a passphrase file) is refused here, so no write ever seals a data key to a
/// member revvy-apps did not add.
pub(super) fn vouched_list(tables: &dyn Tables, keys: &Keys, store_id: &[u8], path: &Path) -> Result<Vec<MemberRow>> {
    vouched(tables, keys, store_id, path, tables.members()?)
}

/// `rows`, read inside this write, once held to the header's digest and MAC.
pub(super) fn vouched(
    tables: &dyn Tables,
    keys: &Keys,
    store_id: &[u8],
    path: &Path,
    rows: Vec<MemberRow>,
) -> Result<Vec<MemberRow>> {
    let header = Header::read(tables, path, super::FORMAT_VERSION)?;
    if header.lists(&rows) && crypto::mac_eq(&header.members_mac, &members_mac(keys, store_id, &rows)) {
        return Ok(rows);
    }
    Err(altered_list(path).with_hint(
        "a member was added, removed or changed outside revvy-apps; nothing was changed. Run `revvy-apps check`, and restore the store from a backup",
    ))
}

/// Writes the MAC of the member list into the header (inside a write) once the list reads as
/// exactly `expected` — the list this write vouched for with its own change made (a row it
/// inserted has id 0 there, whatever id the storage gave it). A row that appeared meanwhile
/// (a server gives a writer without keys no lock to wait for) is refused, never MACed in.
/// Returns the new header checksum.
pub(super) fn save_list(
    tables: &dyn Tables,
    keys: &Keys,
    store_id: &[u8],
    kdf: KdfParams,
    path: &Path,
    expected: &[MemberRow],
) -> Result<Vec<u8>> {
    let rows = tables.members()?;
    let as_expected = rows.len() == expected.len()
        && rows
            .iter()
            .zip(expected)
            .all(|(row, want)| (want.id == 0 || want.id == row.id) && *row == MemberRow { id: row.id, ..want.clone() });
    if !as_expected {
        let unexpected: Vec<&str> = rows
            .iter()
            .filter(|row| !expected.iter().any(|want| want.name == row.name && want.public_key == row.public_key))
            .map(|row| row.name.as_str())
            .collect();
        let what = if unexpected.is_empty() {
            String::new()
        } else {
            format!(" (not added by revvy-apps: {})", unexpected.join(", "))
        };
        return Err(Error::tampered(format!(
            "the member list of the store {} changed outside revvy-apps while this command ran{what}",
            path.display()
        ))
        .with_hint("nothing was changed; run `revvy-apps check`, and find who can write the store"));
    }
    let header = Header::with_members(store_id.to_vec(), kdf, members_mac(keys, store_id, &rows), &rows);
    header.save_members(tables)?;
    Ok(header.checksum)
}

pub(super) fn altered_member(path: &Path, name: &str) -> Error {
    Error::tampered(format!("the key of the member {name:?} in the store {} was altered", path.display()))
}

fn unknown_member(message: String, names: &[&str]) -> Error {
    let hint = if names.is_empty() {
        "nothing was changed".to_owned()
    } else {
        format!("the members are: {}; nothing was changed", names.join(", "))
    };
    Error::new(ErrorKind::UnknownMember, message).with_hint(hint)
}

impl LockedStore {
    /// The members, read once, and held to the header's digest of them: an altered member is
    /// damage (exit 7), found before any key is derived.
    pub(super) fn member_rows(&self) -> Result<&[MemberRow]> {
        if self.state.format < 3 {
            return Ok(&[]);
        }
        if self.members.get().is_none() {
            let rows = self.conn.members()?;
            if !self.header.lists(&rows) {
                return Err(altered_list(&self.state.path));
            }
            let _ = self.members.set(rows);
        }
        Ok(self.members.get().map_or(&[][..], Vec::as_slice))
    }

    /// The names of the members, in the order they were added (before unlocking: members'
    /// names are not secret, so that one can be chosen).
    pub fn member_names(&self) -> Result<Vec<&str>> {
        if self.state.format < 3 {
            return Ok(vec![FIRST_MEMBER_OF_OLD_STORES]);
        }
        Ok(self.member_rows()?.iter().map(|row| row.name.as_str()).collect())
    }

    /// The passphrase member a passphrase will be tried for: the one named, else the only
    /// one, else the one named like the OS user. Decided before the passphrase is asked.
    pub fn passphrase_member(&self, choice: MemberChoice<'_>) -> Result<String> {
        let names = self.member_names()?;
        let passphrase_members: Vec<&str> = if self.state.format < 3 {
            names.clone()
        } else {
            self.member_rows()?
                .iter()
                .filter(|row| row.kind == MemberKind::Passphrase.as_str())
                .map(|r| r.name.as_str())
                .collect()
        };
        if let Some(named) = choice.named {
            if passphrase_members.contains(&named) {
                return Ok(named.to_owned());
            }
            if names.contains(&named) {
                return Err(unknown_member(
                    format!("the member {named:?} unlocks with a key file, not a passphrase"),
                    &names,
                )
                .with_hint("pass --identity-file PATH or set REVVY_APPS_IDENTITY_FILE / REVVY_APPS_IDENTITY; nothing was changed"));
            }
            return Err(unknown_member(
                format!("the store {} has no member named {named:?}", self.state.path.display()),
                &names,
            ));
        }
        match passphrase_members.as_slice() {
            [only] => return Ok((*only).to_owned()),
            [] => {
                return Err(Error::new(
                    ErrorKind::Locked,
                    format!("no member of the store {} unlocks with a passphrase", self.state.path.display()),
                )
                .with_hint("pass --identity-file PATH or set REVVY_APPS_IDENTITY_FILE / REVVY_APPS_IDENTITY"));
            }
            _ => {}
        }
        if let Some(user) = choice.os_user.filter(|user| passphrase_members.contains(user)) {
            return Ok(user.to_owned());
        }
        Err(Error::new(
            ErrorKind::UnknownMember,
            format!(
                "several members unlock the store {} with a passphrase ({}): say which",
                self.state.path.display(),
                passphrase_members.join(", ")
            ),
        )
        .with_hint("pass --as NAME or set REVVY_APPS_AS; nothing was changed"))
    }

    /// Unlocks as passphrase member `member`: one Argon2id derivation with the store's
    /// parameters unwraps the member's key, which opens their copy of the data key. A store
    /// from before members is opened through its single slot. A wrong passphrase changes
    /// nothing.
    pub fn unlock_with_passphrase(self, passphrase: &Passphrase, member: &str) -> Result<Unlocked> {
        if self.state.format < 3 {
            let (data_key, kek) = self.header.open_single_slot(passphrase)?;
            let upgrade = SingleSlot { salt: self.header.salt.clone(), kek };
            return self.unlocked(data_key, FIRST_MEMBER_OF_OLD_STORES.to_owned(), Some(upgrade)).map(Unlocked::Full);
        }
        let row = self.member_row(member)?.clone();
        keys::check_stored_kdf(self.state.kdf)?;
        let kek = keys::derive_kek(passphrase, &row.kdf_salt, self.state.kdf)?;
        let bound = Bound::MemberIdentity { member: &row.name, salt: &row.kdf_salt, kdf: self.state.kdf };
        let secret = bound::open(&kek, &bound, &row.wrapped_identity).ok_or_else(|| {
            Error::new(ErrorKind::WrongPassphrase, format!("the passphrase does not open this store as {member:?}"))
                .with_hint("check the passphrase, or choose another member with --as NAME; nothing was changed")
        })?;
        let identity = std::str::from_utf8(&secret)
            .ok()
            .and_then(Identity::from_secret)
            .filter(|identity| identity.public_key().as_str() == row.public_key)
            .ok_or_else(|| altered_member(&self.state.path, member))?;
        let key = identity.open(&row.sealed_key)?.ok_or_else(|| altered_member(&self.state.path, member))?;
        self.unlocked_as(key, &row)
    }

    /// Unlocks with a key: an age identity (a machine member's, or a recipient member's own)
    /// or an OpenSSH private key. No key derivation; the member is the one whose public key
    /// the identity has.
    pub fn unlock_with_identities(self, identities: &[Identity], source: &str) -> Result<Unlocked> {
        if self.state.format < 3 {
            return Err(Error::new(
                ErrorKind::UnknownMember,
                format!(
                    "the store {} has no members with keys yet: it unlocks with its passphrase",
                    self.state.path.display()
                ),
            )
            .with_hint(
                "unset REVVY_APPS_IDENTITY_FILE / REVVY_APPS_IDENTITY and use the passphrase; nothing was changed",
            ));
        }
        for identity in identities {
            let public_key = identity.public_key();
            let Some(row) = self
                .member_rows()?
                .iter()
                .find(|row| row.public_key == public_key.as_str() && row.kind != MemberKind::Passphrase.as_str())
            else {
                continue;
            };
            let row = row.clone();
            let key = identity.open(&row.sealed_key)?.ok_or_else(|| altered_member(&self.state.path, &row.name))?;
            return self.unlocked_as(key, &row);
        }
        let public: Vec<String> = identities.iter().map(|identity| identity.public_key().as_str().to_owned()).collect();
        Err(unknown_member(
            format!(
                "the identity in {source} (public key {}) is not a member of the store {}",
                public.join(", "),
                self.state.path.display()
            ),
            &self.member_names()?,
        ))
    }

    /// The store as member `row`, whose own key opened `key`: the data key of a full member,
    /// the scope key of a scoped one (format 6). A row that says otherwise than its key was
    /// altered, and the member list's MAC finds it.
    fn unlocked_as(self, key: SecretKey, row: &MemberRow) -> Result<Unlocked> {
        if row.scope.is_some() {
            return self.scoped_unlocked(key, &row.name, row.id, Some(row)).map(Unlocked::Scoped);
        }
        self.unlocked(key, row.name.clone(), None).map(Unlocked::Full)
    }

    fn member_row(&self, name: &str) -> Result<&MemberRow> {
        let rows = self.member_rows()?;
        rows.iter().find(|row| row.name == name).ok_or_else(|| {
            let names: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
            unknown_member(format!("the store {} has no member named {name:?}", self.state.path.display()), &names)
        })
    }
}

/// What the upgrade of a store from before members needs: the single slot's salt and the key
/// its passphrase derived, under which the first member's own key is wrapped.
#[derive(Clone)]
pub(super) struct SingleSlot {
    pub salt: Vec<u8>,
    pub kek: SecretKey,
}

impl std::fmt::Debug for SingleSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SingleSlot(<redacted>)")
    }
}

impl Store {
    /// The member this store was unlocked as.
    pub fn member(&self) -> &str {
        &self.member
    }

    /// Every member, as `access list` shows them. A store from before members becomes one
    /// first (that is a write, like any first write).
    pub fn members(&mut self) -> Result<Vec<Member>> {
        if self.state.format < 3 {
            self.write(|_| Ok(()))?;
        }
        let rows = self.conn.members()?;
        self.check_members(&rows)?;
        let scoped = super::scope::scoped_in(&rows, &self.keys, &self.state.store_id, &self.state.path)?;
        let apps = if scoped.is_empty() { Vec::new() } else { self.list()?.apps };
        rows.iter()
            .map(|row| {
                let mut member = self.member_view(row)?;
                member.scope = scoped.iter().find(|scoped| scoped.row.id == row.id).map(|scoped| MemberScope {
                    applications: apps
                        .iter()
                        .filter(|stored| scoped.scope.lists(stored.row_id, &stored.app))
                        .map(|stored| stored.app.name.clone())
                        .collect(),
                    tenants: scoped.scope.tenants.clone(),
                });
                Ok(member)
            })
            .collect()
    }

    /// Checks a member list read now against the header's digest and MAC.
    pub(super) fn check_members(&self, rows: &[MemberRow]) -> Result<()> {
        // The format as it is now: another process may have upgraded the store since the open.
        let header = Header::read(&*self.conn, &self.state.path, self.sealer_now()?.format)?;
        if header.lists(rows)
            && crypto::mac_eq(&header.members_mac, &members_mac(&self.keys, &self.state.store_id, rows))
        {
            return Ok(());
        }
        if header.checksum != self.state.header_checksum {
            return Err(super::keys_changed(&self.state.path));
        }
        Err(altered_list(&self.state.path))
    }

    pub(super) fn member_view(&self, row: &MemberRow) -> Result<Member> {
        let altered = || altered_member(&self.state.path, &row.name);
        Ok(Member {
            name: row.name.clone(),
            kind: MemberKind::parse(&row.kind).ok_or_else(altered)?,
            created_at: row.created_at.and_then(from_unix).ok_or_else(altered)?,
            created_by: row.created_by.clone(),
            current: row.name == self.member,
            scope: None,
        })
    }

    /// Adds a member in one transaction, with its audit event. A name or a key that is
    /// already a member's is a conflict.
    pub fn add_member(&mut self, name: &str, new: &NewMember, event: &crate::domain::audit::Event) -> Result<Member> {
        let (store_id, kdf) = (self.state.store_id.clone(), self.state.kdf);
        let creator = self.member.clone();
        let row = member_row(kdf, name, &creator, new, &self.keys.data_key)?;
        let mut checksum = Vec::new();
        let path = self.state.path.clone();
        self.write(|w| {
            let mut rows = vouched_list(w.tables(), w.keys(), &store_id, &path)?;
            refuse_taken(&rows, &row)?;
            w.tables().insert_member(&row)?;
            rows.push(row.clone());
            checksum = save_list(w.tables(), w.keys(), &store_id, kdf, &path, &rows)?;
            w.record(event)
        })?;
        self.state.header_checksum = checksum;
        let rows = self.conn.members()?;
        let added = rows.iter().find(|r| r.name == name).ok_or_else(|| altered_member(&self.state.path, name))?;
        self.member_view(added)
    }
}

/// Refuses a new member whose name or key is already a member's.
pub(super) fn refuse_taken(rows: &[MemberRow], row: &MemberRow) -> Result<()> {
    let name = &row.name;
    if rows.iter().any(|existing| existing.name == *name) {
        return Err(Error::new(ErrorKind::Conflict, format!("the store already has a member named {name:?}"))
            .with_hint("choose another name, or remove that member first with `revvy-apps access remove`"));
    }
    if let Some(existing) = rows.iter().find(|existing| existing.public_key == row.public_key) {
        return Err(Error::new(ErrorKind::Conflict, format!("that key is already the member {:?}", existing.name))
            .with_hint("each member has a key of their own; nothing was changed"));
    }
    Ok(())
}

pub(super) fn altered_list(path: &Path) -> Error {
    Error::tampered(format!("the member list of the store {} was altered", path.display()))
}

impl Identity {
    /// A passphrase member's key, as unwrapped: one age identity line.
    fn from_secret(text: &str) -> Option<Self> {
        use std::str::FromStr as _;
        age::x25519::Identity::from_str(Zeroizing::new(text.to_owned()).as_str()).ok().map(Self::X25519)
    }
}
