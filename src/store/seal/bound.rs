//! Sealing: what is encrypted or MACed, under which subkey, bound to what. Every byte layout
//! that binds a sealed value or a MAC to its place is built by [`Bound`], in one match, and
//! is fixed by the store format that introduced it: changing one makes existing stores
//! unreadable, which the golden fixtures would catch. Nothing here touches storage.

use super::crypto::{self, KdfParams, PrefixedMac, SecretKey};
use crate::domain::rules::name_key;

/// What a sealed value or a MAC is bound to.
#[derive(Debug, Clone, Copy)]
pub enum Bound<'a> {
    /// The data key wrapped under the passphrase's key: the store, the salt and the KDF
    /// parameters, so a weakened parameter fails the unwrap. Its layout says format 1 in
    /// every format.
    KeySlot { store_id: &'a [u8], salt: &'a [u8], kdf: KdfParams },
    /// The header's plain checksum: the key slot's binding and the wrapped key.
    HeaderChecksum { store_id: &'a [u8], salt: &'a [u8], kdf: KdfParams, wrapped_key: &'a [u8] },
    /// An application record: its store, its row and its version, so a record cannot be moved
    /// to another row or rolled back to an older version in place.
    Application { store_id: &'a [u8], row_id: i64, version: i64 },
    /// A lookup column: the keyed hash of a client ID.
    ClientIdLookup { client_id: &'a str },
    /// A lookup column: the keyed hash of a name, compared case-insensitively.
    NameLookup { name: &'a str },
    /// An audit event: its store and its position in the log.
    AuditEvent { format: u32, store_id: &'a [u8], id: i64 },
    /// A link of the audit chain: the link before, the position, (from format 2) the subject
    /// index column, and the sealed event.
    AuditChain { format: u32, previous: &'a [u8], id: i64, subject: Option<&'a [u8]>, sealed: &'a [u8] },
    /// The head of the audit log (format 2).
    AuditHead { store_id: &'a [u8], last_id: i64, last_mac: &'a [u8], live_apps: i64 },
    /// The head of the audit log from format 4: it also covers how many times a usage record
    /// was written and the digest of them all, so a record erased or put back is found.
    AuditHeadWithUsage {
        store_id: &'a [u8],
        last_id: i64,
        last_mac: &'a [u8],
        live_apps: i64,
        usage_writes: i64,
        usage_digest: &'a [u8],
    },
    /// One application's usage record as the head's digest counts it (format 4): its store,
    /// its row and the record itself.
    UsageEntry { store_id: &'a [u8], app_id: i64, record: &'a [u8] },
    /// The store's own secret (format 4): made with the store, sealed under the data key, and
    /// sealed again (never changed) by a rekey.
    StoreSecret { store_id: &'a [u8] },
    /// What a machine pins of a store beside its id (format 4): the store id MACed under the
    /// store's secret, which nobody without a key of the store can compute.
    StoreFingerprint { store_id: &'a [u8] },
    /// A session's copy of the data key: its store, its id, its expiry and (from format 3)
    /// its member, so a session cannot be handed to another member. An empty member is a
    /// session opened before the store had members, in the format 1 layout.
    Session { store_id: &'a [u8], id: &'a [u8], expires_at: i64, member: &'a str },
    /// The header of a store with members (format 3): its plain checksum covers the KDF
    /// parameters and the members' MAC, so any change to a member changes it.
    HeaderMembers { store_id: &'a [u8], kdf: KdfParams, members_mac: &'a [u8], members_digest: &'a [u8] },
    /// The header's plain checksum from format 5: also the format, so that an upgrade changes
    /// it and a process that opened the store before (a binary of an older format among
    /// them) finds its keys changed under the write lock and writes nothing.
    HeaderWithFormat {
        store_id: &'a [u8],
        kdf: KdfParams,
        members_mac: &'a [u8],
        members_digest: &'a [u8],
        format: u32,
    },
    /// A passphrase member's own key, wrapped under its passphrase: the member, the salt and
    /// the KDF parameters. Not the store: a copy of the store (`copy --to`, a new store id)
    /// keeps its members, and the member list's MAC under each store's data key already ties
    /// every member row to its store.
    MemberIdentity { member: &'a str, salt: &'a [u8], kdf: KdfParams },
    /// An application's usage record (format 3): its store and its row. Not its version: a
    /// use is no change of the record.
    Usage { store_id: &'a [u8], app_id: i64 },
    /// The member list (format 3), MACed under the data key: every column of every member, in
    /// order, so a member added, removed, renamed or given another key is found. `list` is the
    /// members' columns as [`member_list`] lays them out.
    Members { store_id: &'a [u8], list: &'a [u8] },
    /// An application's own key (format 5), MACed out of the data key's app-key subkey: its
    /// store, its row and its epoch, which moves on when a scoped member loses the
    /// application, so that the key that member held opens nothing written after.
    AppKey { store_id: &'a [u8], app_id: i64, epoch: i64 },
    /// An application record sealed under its own key (format 5): format 1's binding, and the
    /// epoch of that key.
    AppRecord { store_id: &'a [u8], row_id: i64, version: i64, epoch: i64 },
    /// An application's usage record sealed under its own key (format 5): its store, its row
    /// and the epoch of that key.
    AppUsage { store_id: &'a [u8], app_id: i64, epoch: i64 },
    /// A scoped member's scope key (format 6), MACed out of the data key's scope subkey: its
    /// store, its name, its public key and when it was added, so a full member derives the
    /// key of each scoped member and a member added again gets another one.
    ScopeKey { store_id: &'a [u8], member: &'a str, public_key: &'a str, created_at: i64 },
    /// A scoped member's scope (format 6), sealed under its scope key in its member row: its
    /// store and its name.
    Scope { store_id: &'a [u8], member: &'a str },
    /// An application's key wrapped for a scoped member (format 6): its store, the member's
    /// row, the application's row and the epoch of the key, so a grant cannot be moved to
    /// another member or application, nor stand for the key of another epoch.
    Grant { store_id: &'a [u8], member_id: i64, app_id: i64, epoch: i64 },
    /// An event a scoped member recorded (format 6), sealed under its scope key's event
    /// subkey: its store, the member's row and the event's place in the member's chain.
    ScopeEvent { store_id: &'a [u8], member_id: i64, seq: i64 },
    /// A link of a scoped member's chain of events (format 6): as [`Bound::ScopeEvent`], the
    /// link before (empty where the chain starts) and the sealed event.
    ScopeChain { store_id: &'a [u8], member_id: i64, seq: i64, previous: &'a [u8], sealed: &'a [u8] },
    /// What an audit event records of the record it left (format 6): its version, the epoch
    /// of its key and the record itself, hashed (under a fixed key: the event that keeps it is
    /// sealed and chained). Not the store or the row: a copy keeps them apart.
    RecordDigest { version: i64, epoch: i64, record: &'a [u8] },
}

impl Bound<'_> {
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per layout, each written out where its known answer can be read beside it"
    )]
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(96);
        match *self {
            Self::KeySlot { store_id, salt, kdf } => key_slot(&mut out, store_id, salt, kdf),
            Self::HeaderChecksum { store_id, salt, kdf, wrapped_key } => {
                key_slot(&mut out, store_id, salt, kdf);
                out.extend_from_slice(wrapped_key);
            }
            Self::Application { store_id, row_id, version } => {
                out.extend_from_slice(b"revvy-apps/application/v1");
                out.extend_from_slice(store_id);
                out.extend_from_slice(&row_id.to_be_bytes());
                out.extend_from_slice(&version.to_be_bytes());
            }
            Self::ClientIdLookup { client_id } => {
                out.extend_from_slice(b"client_id\0");
                out.extend_from_slice(client_id.as_bytes());
            }
            Self::NameLookup { name } => {
                out.extend_from_slice(b"name\0");
                out.extend_from_slice(name_key(name).as_bytes());
            }
            Self::AuditEvent { format, store_id, id } => {
                out.extend_from_slice(if format == 1 {
                    b"revvy-apps/audit-event/v1"
                } else {
                    b"revvy-apps/audit-event/v2"
                });
                out.extend_from_slice(store_id);
                out.extend_from_slice(&id.to_be_bytes());
            }
            Self::AuditChain { format, previous, id, subject, sealed } => {
                out.extend_from_slice(if format == 1 {
                    b"revvy-apps/audit-chain/v1"
                } else {
                    b"revvy-apps/audit-chain/v2"
                });
                out.extend_from_slice(previous);
                out.extend_from_slice(&id.to_be_bytes());
                if format != 1 {
                    let subject = subject.unwrap_or_default();
                    out.extend_from_slice(&u64::try_from(subject.len()).unwrap_or(u64::MAX).to_be_bytes());
                    out.extend_from_slice(subject);
                }
                out.extend_from_slice(sealed);
            }
            Self::AuditHead { store_id, last_id, last_mac, live_apps } => {
                out.extend_from_slice(b"revvy-apps/audit-head/v2");
                out.extend_from_slice(store_id);
                out.extend_from_slice(&last_id.to_be_bytes());
                out.extend_from_slice(last_mac);
                out.extend_from_slice(&live_apps.to_be_bytes());
            }
            Self::AuditHeadWithUsage { store_id, last_id, last_mac, live_apps, usage_writes, usage_digest } => {
                out.extend_from_slice(b"revvy-apps/audit-head/v4");
                out.extend_from_slice(store_id);
                out.extend_from_slice(&last_id.to_be_bytes());
                length_prefixed(&mut out, last_mac);
                out.extend_from_slice(&live_apps.to_be_bytes());
                out.extend_from_slice(&usage_writes.to_be_bytes());
                length_prefixed(&mut out, usage_digest);
            }
            Self::UsageEntry { store_id, app_id, record } => {
                out.extend_from_slice(b"revvy-apps/usage-entry/v4");
                length_prefixed(&mut out, store_id);
                out.extend_from_slice(&app_id.to_be_bytes());
                length_prefixed(&mut out, record);
            }
            Self::StoreSecret { store_id } => {
                out.extend_from_slice(b"revvy-apps/store-secret/v4");
                length_prefixed(&mut out, store_id);
            }
            Self::StoreFingerprint { store_id } => {
                out.extend_from_slice(b"revvy-apps/store-fingerprint/v4");
                length_prefixed(&mut out, store_id);
            }
            Self::Session { store_id, id, expires_at, member } => {
                out.extend_from_slice(if member.is_empty() {
                    b"revvy-apps/session/v1"
                } else {
                    b"revvy-apps/session/v3"
                });
                out.extend_from_slice(store_id);
                out.extend_from_slice(id);
                out.extend_from_slice(&expires_at.to_be_bytes());
                if !member.is_empty() {
                    length_prefixed(&mut out, member.as_bytes());
                }
            }
            Self::Usage { store_id, app_id } => {
                out.extend_from_slice(b"revvy-apps/usage/v3");
                out.extend_from_slice(store_id);
                out.extend_from_slice(&app_id.to_be_bytes());
            }
            Self::HeaderMembers { store_id, kdf, members_mac, members_digest } => {
                out.extend_from_slice(b"revvy-apps/header/v3");
                out.extend_from_slice(store_id);
                kdf_params(&mut out, kdf);
                length_prefixed(&mut out, members_mac);
                length_prefixed(&mut out, members_digest);
            }
            Self::HeaderWithFormat { store_id, kdf, members_mac, members_digest, format } => {
                out.extend_from_slice(b"revvy-apps/header/v5");
                length_prefixed(&mut out, store_id);
                kdf_params(&mut out, kdf);
                length_prefixed(&mut out, members_mac);
                length_prefixed(&mut out, members_digest);
                out.extend_from_slice(&format.to_be_bytes());
            }
            Self::MemberIdentity { member, salt, kdf } => {
                out.extend_from_slice(b"revvy-apps/member-identity/v3");
                length_prefixed(&mut out, member.as_bytes());
                length_prefixed(&mut out, salt);
                kdf_params(&mut out, kdf);
            }
            Self::Members { store_id, list } => {
                out.extend_from_slice(b"revvy-apps/members/v3");
                out.extend_from_slice(store_id);
                out.extend_from_slice(list);
            }
            Self::AppKey { store_id, app_id, epoch } => {
                out.extend_from_slice(APP_KEY_LABEL);
                length_prefixed(&mut out, store_id);
                out.extend_from_slice(&app_id.to_be_bytes());
                out.extend_from_slice(&epoch.to_be_bytes());
            }
            Self::AppRecord { store_id, row_id, version, epoch } => {
                out.extend_from_slice(b"revvy-apps/app-record/v5");
                length_prefixed(&mut out, store_id);
                out.extend_from_slice(&row_id.to_be_bytes());
                out.extend_from_slice(&version.to_be_bytes());
                out.extend_from_slice(&epoch.to_be_bytes());
            }
            Self::AppUsage { store_id, app_id, epoch } => {
                out.extend_from_slice(b"revvy-apps/app-usage/v5");
                length_prefixed(&mut out, store_id);
                out.extend_from_slice(&app_id.to_be_bytes());
                out.extend_from_slice(&epoch.to_be_bytes());
            }
            Self::ScopeKey { store_id, member, public_key, created_at } => {
                out.extend_from_slice(b"revvy-apps/scope-key/v6");
                length_prefixed(&mut out, store_id);
                length_prefixed(&mut out, member.as_bytes());
                length_prefixed(&mut out, public_key.as_bytes());
                out.extend_from_slice(&created_at.to_be_bytes());
            }
            Self::Scope { store_id, member } => {
                out.extend_from_slice(b"revvy-apps/scope/v6");
                length_prefixed(&mut out, store_id);
                length_prefixed(&mut out, member.as_bytes());
            }
            Self::Grant { store_id, member_id, app_id, epoch } => {
                out.extend_from_slice(b"revvy-apps/grant/v6");
                length_prefixed(&mut out, store_id);
                out.extend_from_slice(&member_id.to_be_bytes());
                out.extend_from_slice(&app_id.to_be_bytes());
                out.extend_from_slice(&epoch.to_be_bytes());
            }
            Self::ScopeEvent { store_id, member_id, seq } => {
                out.extend_from_slice(b"revvy-apps/scope-event/v6");
                length_prefixed(&mut out, store_id);
                out.extend_from_slice(&member_id.to_be_bytes());
                out.extend_from_slice(&seq.to_be_bytes());
            }
            Self::ScopeChain { store_id, member_id, seq, previous, sealed } => {
                out.extend_from_slice(b"revvy-apps/scope-chain/v6");
                length_prefixed(&mut out, store_id);
                out.extend_from_slice(&member_id.to_be_bytes());
                out.extend_from_slice(&seq.to_be_bytes());
                length_prefixed(&mut out, previous);
                length_prefixed(&mut out, sealed);
            }
            Self::RecordDigest { version, epoch, record } => {
                out.extend_from_slice(b"revvy-apps/record-digest/v6");
                out.extend_from_slice(&version.to_be_bytes());
                out.extend_from_slice(&epoch.to_be_bytes());
                length_prefixed(&mut out, record);
            }
        }
        out
    }
}

/// The start of every [`Bound::AppKey`]: the prefix of [`app_key_mac`]'s MAC.
pub const APP_KEY_LABEL: &[u8] = b"revvy-apps/app-key/v5";

/// The MAC of [`Bound::AppKey`] under the key `under` was made with ([`PrefixedMac::new`]
/// with [`APP_KEY_LABEL`]): `mac(key, &Bound::AppKey {…})`, one compression cheaper.
pub fn app_key_mac(under: &PrefixedMac, store_id: &[u8], app_id: i64, epoch: i64) -> [u8; 32] {
    let bytes = Bound::AppKey { store_id, app_id, epoch }.bytes();
    debug_assert!(bytes.starts_with(APP_KEY_LABEL));
    under.mac(&[&bytes[APP_KEY_LABEL.len()..]])
}

/// One member's columns, as the member list's binding covers them.
#[derive(Debug, Clone, Copy)]
pub struct MemberColumns<'a> {
    pub id: i64,
    pub name: &'a str,
    pub kind: &'a str,
    pub public_key: &'a str,
    /// `None`: the column held something else than an integer.
    pub created_at: Option<i64>,
    pub created_by: &'a str,
    pub kdf_salt: &'a [u8],
    pub wrapped_identity: &'a [u8],
    pub sealed_key: &'a [u8],
    /// A scoped member's sealed scope (format 6); `None` for a full member, whose columns
    /// are laid out as before.
    pub scope: Option<&'a [u8]>,
}

/// Every column of every member, in order: the `list` of [`Bound::Members`].
pub fn member_list<'a>(members: impl ExactSizeIterator<Item = MemberColumns<'a>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * members.len());
    out.extend_from_slice(&u64::try_from(members.len()).unwrap_or(u64::MAX).to_be_bytes());
    for row in members {
        out.extend_from_slice(&row.id.to_be_bytes());
        for text in [row.name, row.kind, row.public_key] {
            length_prefixed(&mut out, text.as_bytes());
        }
        // An altered column (not an integer) cannot match any MAC we made.
        out.extend_from_slice(&row.created_at.map_or([0xff; 9], |at| {
            let mut bytes = [0; 9];
            bytes[1..].copy_from_slice(&at.to_be_bytes());
            bytes
        }));
        for blob in [row.created_by.as_bytes(), row.kdf_salt, row.wrapped_identity, row.sealed_key] {
            length_prefixed(&mut out, blob);
        }
        // After the last column, and only for a scoped member: a full member's layout is
        // that of format 3, and a scope taken away or given changes the list.
        if let Some(scope) = row.scope {
            out.push(b's');
            length_prefixed(&mut out, scope);
        }
    }
    out
}

fn length_prefixed(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u64::try_from(bytes.len()).unwrap_or(u64::MAX).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn kdf_params(out: &mut Vec<u8>, kdf: KdfParams) {
    out.extend_from_slice(&kdf.memory_kib.to_be_bytes());
    out.extend_from_slice(&kdf.iterations.to_be_bytes());
    out.extend_from_slice(&kdf.parallelism.to_be_bytes());
}

fn key_slot(out: &mut Vec<u8>, store_id: &[u8], salt: &[u8], kdf: KdfParams) {
    out.extend_from_slice(b"revvy-apps/key-slot/v1");
    out.extend_from_slice(store_id);
    out.extend_from_slice(&1u32.to_be_bytes());
    out.extend_from_slice(salt);
    kdf_params(out, kdf);
}

/// Encrypts `plain` under `key`, bound to `bound`.
pub fn seal(key: &SecretKey, bound: &Bound<'_>, plain: &[u8]) -> Vec<u8> {
    crypto::seal(key, &bound.bytes(), plain)
}

/// Decrypts what [`seal`] made with the same key and binding; `None` when anything differs.
pub fn open(key: &SecretKey, bound: &Bound<'_>, sealed: &[u8]) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    crypto::open(key, &bound.bytes(), sealed).ok()
}

pub fn mac(key: &SecretKey, bound: &Bound<'_>) -> [u8; 32] {
    crypto::mac(key, &bound.bytes())
}

/// How many times usage records were written, and the XOR of their entries (format 4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageDigest {
    pub writes: i64,
    pub digest: [u8; 32],
}

impl UsageDigest {
    /// Takes `entry` out of the digest, or puts it in (the same XOR).
    pub fn toggle(&mut self, entry: &[u8; 32]) {
        for (byte, with) in self.digest.iter_mut().zip(entry) {
            *byte ^= with;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known answers: the layouts are part of the store format, so a change must fail here
    /// before it fails on a user's store.
    #[test]
    fn every_binding_keeps_its_layout() {
        let kdf = KdfParams { memory_kib: 19_456, iterations: 2, parallelism: 1 };
        // Written out from the layouts, independently of the code above.
        let member = MemberColumns {
            id: 1,
            name: "a",
            kind: "k",
            public_key: "p",
            created_at: Some(2),
            created_by: "b",
            kdf_salt: b"s",
            wrapped_identity: b"w",
            sealed_key: b"e",
            scope: None,
        };
        let members = member_list([member].into_iter());
        let cases: [(Bound<'_>, &str); 20] = [
            (
                Bound::StoreSecret { store_id: b"S" },
                "72657676792d617070732f73746f72652d7365637265742f7634000000000000000153",
            ),
            (
                Bound::StoreFingerprint { store_id: b"S" },
                "72657676792d617070732f73746f72652d66696e6765727072696e742f7634000000000000000153",
            ),
            (
                Bound::AuditHeadWithUsage {
                    store_id: b"S",
                    last_id: 3,
                    last_mac: b"M",
                    live_apps: 1,
                    usage_writes: 2,
                    usage_digest: b"D",
                },
                "72657676792d617070732f61756469742d686561642f763453000000000000000300000000000000014d00000000000000010000000000000002000000000000000144",
            ),
            (
                Bound::UsageEntry { store_id: b"S", app_id: 7, record: b"R" },
                "72657676792d617070732f75736167652d656e7472792f76340000000000000001530000000000000007000000000000000152",
            ),
            (Bound::Usage { store_id: b"S", app_id: 7 }, "72657676792d617070732f75736167652f7633530000000000000007"),
            (
                Bound::KeySlot { store_id: b"S", salt: b"s", kdf },
                "72657676792d617070732f6b65792d736c6f742f763153000000017300004c000000000200000001",
            ),
            (
                Bound::HeaderChecksum { store_id: b"S", salt: b"s", kdf, wrapped_key: b"W" },
                "72657676792d617070732f6b65792d736c6f742f763153000000017300004c00000000020000000157",
            ),
            (
                Bound::Application { store_id: b"S", row_id: 1, version: 2 },
                "72657676792d617070732f6170706c69636174696f6e2f76315300000000000000010000000000000002",
            ),
            (Bound::ClientIdLookup { client_id: "c" }, "636c69656e745f69640063"),
            (Bound::NameLookup { name: "AB" }, "6e616d65006162"),
            (
                Bound::AuditEvent { format: 2, store_id: b"S", id: 3 },
                "72657676792d617070732f61756469742d6576656e742f7632530000000000000003",
            ),
            (
                Bound::AuditChain { format: 2, previous: b"P", id: 3, subject: Some(b"J"), sealed: b"E" },
                "72657676792d617070732f61756469742d636861696e2f763250000000000000000300000000000000014a45",
            ),
            (
                Bound::AuditHead { store_id: b"S", last_id: 3, last_mac: b"M", live_apps: 1 },
                "72657676792d617070732f61756469742d686561642f76325300000000000000034d0000000000000001",
            ),
            (
                Bound::Session { store_id: b"S", id: b"I", expires_at: 5, member: "" },
                "72657676792d617070732f73657373696f6e2f763153490000000000000005",
            ),
            (
                Bound::Session { store_id: b"S", id: b"I", expires_at: 5, member: "m" },
                "72657676792d617070732f73657373696f6e2f76335349000000000000000500000000000000016d",
            ),
            (
                Bound::HeaderMembers { store_id: b"S", kdf, members_mac: b"M", members_digest: b"D" },
                "72657676792d617070732f6865616465722f76335300004c00000000020000000100000000000000014d000000000000000144",
            ),
            (
                Bound::HeaderWithFormat { store_id: b"S", kdf, members_mac: b"M", members_digest: b"D", format: 5 },
                "72657676792d617070732f6865616465722f763500000000000000015300004c00000000020000000100000000000000014d00000000000000014400000005",
            ),
            (
                Bound::MemberIdentity { member: "m", salt: b"s", kdf },
                "72657676792d617070732f6d656d6265722d6964656e746974792f763300000000000000016d00000000000000017300004c000000000200000001",
            ),
            (
                Bound::Members { store_id: b"S", list: &members },
                "72657676792d617070732f6d656d626572732f7633530000000000000001000000000000000100000000000000016100000000000000016b000000000000000170000000000000000002000000000000000162000000000000000173000000000000000177000000000000000165",
            ),
            (
                Bound::AuditChain { format: 1, previous: b"P", id: 3, subject: Some(b"J"), sealed: b"E" },
                "72657676792d617070732f61756469742d636861696e2f763150000000000000000345",
            ),
        ];
        for (bound, hex) in cases {
            assert_eq!(crypto::to_hex(&bound.bytes()), hex, "{bound:?}");
        }
    }

    /// Known answers of the format 5 layouts: an application's key and what it seals.
    #[test]
    fn every_application_key_binding_keeps_its_layout() {
        let cases: [(Bound<'_>, &str); 3] = [
            (
                Bound::AppKey { store_id: b"S", app_id: 7, epoch: 2 },
                "72657676792d617070732f6170702d6b65792f76350000000000000001530000000000000007\
                 0000000000000002",
            ),
            (
                Bound::AppRecord { store_id: b"S", row_id: 7, version: 3, epoch: 2 },
                "72657676792d617070732f6170702d7265636f72642f763500000000000000015300000000000000070000000000000003\
                 0000000000000002",
            ),
            (
                Bound::AppUsage { store_id: b"S", app_id: 7, epoch: 2 },
                "72657676792d617070732f6170702d75736167652f76350000000000000001530000000000000007\
                 0000000000000002",
            ),
        ];
        for (bound, hex) in cases {
            assert_eq!(crypto::to_hex(&bound.bytes()), hex, "{bound:?}");
        }
    }

    /// Known answers of the format 6 layouts: scopes, grants and a scoped member's events.
    #[test]
    fn every_scope_binding_keeps_its_layout() {
        let scoped = MemberColumns {
            id: 1,
            name: "a",
            kind: "k",
            public_key: "p",
            created_at: Some(2),
            created_by: "b",
            kdf_salt: b"",
            wrapped_identity: b"",
            sealed_key: b"e",
            scope: Some(b"C"),
        };
        let members = member_list([scoped].into_iter());
        let cases: [(Bound<'_>, &str); 7] = [
            (
                Bound::RecordDigest { version: 3, epoch: 2, record: b"R" },
                "72657676792d617070732f7265636f72642d6469676573742f7636\
                 000000000000000300000000000000020000000000000001\
                 52",
            ),
            (
                Bound::ScopeKey { store_id: b"S", member: "m", public_key: "p", created_at: 9 },
                "72657676792d617070732f73636f70652d6b65792f7636\
                 00000000000000015300000000000000016d000000000000000170\
                 0000000000000009",
            ),
            (
                Bound::Scope { store_id: b"S", member: "m" },
                "72657676792d617070732f73636f70652f763600000000000000015300000000000000016d",
            ),
            (
                Bound::Grant { store_id: b"S", member_id: 2, app_id: 7, epoch: 3 },
                "72657676792d617070732f6772616e742f76360000000000000001530000000000000002\
                 00000000000000070000000000000003",
            ),
            (
                Bound::ScopeEvent { store_id: b"S", member_id: 2, seq: 4 },
                "72657676792d617070732f73636f70652d6576656e742f7636000000000000000153\
                 00000000000000020000000000000004",
            ),
            (
                Bound::ScopeChain { store_id: b"S", member_id: 2, seq: 4, previous: b"P", sealed: b"E" },
                "72657676792d617070732f73636f70652d636861696e2f7636000000000000000153\
                 000000000000000200000000000000040000000000000001500000000000000001\
                 45",
            ),
            (
                Bound::Members { store_id: b"S", list: &members },
                "72657676792d617070732f6d656d626572732f7633530000000000000001000000000000000100000000000000016100000000000000016b000000000000000170000000000000000002000000000000000162\
                 000000000000000000000000000000000000000000000001657300000000000000014\
                 3",
            ),
        ];
        for (bound, hex) in cases {
            assert_eq!(crypto::to_hex(&bound.bytes()), hex, "{bound:?}");
        }
    }

    #[test]
    fn the_prefixed_app_key_mac_is_the_mac_of_the_binding() {
        let key = SecretKey::random();
        let prefixed = PrefixedMac::new(&key, APP_KEY_LABEL);
        for (store_id, app_id, epoch) in [(&b"S"[..], 7, 2), (&[0u8; 16][..], 1, 0), (&[9u8; 200][..], i64::MAX, -1)] {
            assert_eq!(
                app_key_mac(&prefixed, store_id, app_id, epoch),
                mac(&key, &Bound::AppKey { store_id, app_id, epoch }),
                "{app_id} {epoch}"
            );
        }
    }
}
