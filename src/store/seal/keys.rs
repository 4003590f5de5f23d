//! The key hierarchy: the passphrase (through Argon2id) wraps a random data key, and the data
//! key yields one subkey per purpose. Nothing here touches storage.

use std::fmt;

use zeroize::Zeroizing;

use super::bound;
use super::crypto::{self, KdfParams, PrefixedMac, SecretKey};
use crate::error::{Error, ErrorKind, Result};

/// The default cost: 256 MiB, three passes, four lanes.
pub const DEFAULT_KDF: KdfParams = KdfParams { memory_kib: 256 * 1024, iterations: 3, parallelism: 4 };
/// OWASP's floor for Argon2id.
pub const MIN_MEMORY_MIB: u32 = 19;
pub const MIN_ITERATIONS: u32 = 2;
/// Ceilings that stop a crafted store from making us allocate or spin without bound.
pub const MAX_MEMORY_MIB: u32 = 4 * 1024;
pub const MAX_ITERATIONS: u32 = 10;
pub const MAX_PARALLELISM: u32 = 16;

/// A passphrase, zeroized on drop and redacted in `Debug`.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: String) -> Self {
        Self(Zeroizing::new(text))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// Checks parameters a user asked `init` for: at least OWASP's floor, at most our ceiling.
pub fn check_requested_kdf(params: KdfParams) -> Result<()> {
    let mib = params.memory_kib / 1024;
    if mib < MIN_MEMORY_MIB || params.iterations < MIN_ITERATIONS {
        return Err(Error::invalid(format!(
            "the key-derivation settings (memory {mib} MiB, iterations {}) are below the minimum of {MIN_MEMORY_MIB} MiB and {MIN_ITERATIONS} iterations",
            params.iterations
        ))
        .with_hint("raise --kdf-memory to at least 19 and --kdf-iterations to at least 2 (OWASP's floor for Argon2id)"));
    }
    if mib > MAX_MEMORY_MIB
        || params.iterations > MAX_ITERATIONS
        || params.parallelism == 0
        || params.parallelism > MAX_PARALLELISM
    {
        return Err(Error::invalid(format!(
            "the key-derivation settings (memory {mib} MiB, iterations {}, parallelism {}) are above the maximum",
            params.iterations, params.parallelism
        ))
        .with_hint("use at most 4096 MiB, 10 iterations and 16 lanes"));
    }
    Ok(())
}

/// Checks parameters read from a file before any memory is taken: a store asking for more
/// than we allow, or for less than `init` could have written, has been tampered with.
pub fn check_stored_kdf(params: KdfParams) -> Result<()> {
    let in_range = (MIN_MEMORY_MIB * 1024..=MAX_MEMORY_MIB * 1024).contains(&params.memory_kib)
        && (MIN_ITERATIONS..=MAX_ITERATIONS).contains(&params.iterations)
        && (1..=MAX_PARALLELISM).contains(&params.parallelism);
    if in_range {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::Tampered,
            format!(
                "the store asks for key-derivation settings outside the allowed range (memory {} KiB, iterations {}, parallelism {}); it was not derived",
                params.memory_kib, params.iterations, params.parallelism
            ),
        )
        .with_hint("the store header was altered: restore the store from a backup"))
    }
}

/// The subkeys of one data key, each for one purpose only.
pub struct Keys {
    pub data_key: SecretKey,
    pub record: SecretKey,
    pub lookup: SecretKey,
    /// Seals audit events (format 2).
    pub audit_seal: SecretKey,
    /// Chains audit events, each MAC covering the one before (format 2).
    pub audit_chain: SecretKey,
    /// MACs the audit head (format 2).
    pub audit_head: SecretKey,
    /// MACs the member list (format 3).
    pub members: SecretKey,
    /// Seals the usage records (format 3).
    pub usage: SecretKey,
    /// MACs each usage record into the digest the audit head keeps of them all (format 4).
    pub usage_set: SecretKey,
    /// Seals the store's own secret, which machines pin the store by (format 4).
    pub store_secret: SecretKey,
    /// Yields each application's own key (format 5), under which its record and usage record
    /// are sealed: a key that opens one application opens no other.
    pub app_keys: SecretKey,
    /// `app_keys` with the start of every application key's binding already compressed.
    app_key_mac: PrefixedMac,
    /// Yields each scoped member's scope key (format 6), which a full member derives and the
    /// scoped member holds sealed to its public key.
    pub scopes: SecretKey,
}

impl Keys {
    pub fn from_data_key(data_key: SecretKey) -> Self {
        let app_keys = data_key.derive("revvy-apps/v5/app-keys");
        let app_key_mac = PrefixedMac::new(&app_keys, bound::APP_KEY_LABEL);
        Self {
            record: data_key.derive("revvy-apps/v1/record-seal"),
            lookup: data_key.derive("revvy-apps/v1/lookup-mac"),
            audit_seal: data_key.derive("revvy-apps/v2/audit-seal"),
            audit_chain: data_key.derive("revvy-apps/v2/audit-chain"),
            audit_head: data_key.derive("revvy-apps/v2/audit-head"),
            members: data_key.derive("revvy-apps/v3/members"),
            usage: data_key.derive("revvy-apps/v3/usage"),
            usage_set: data_key.derive("revvy-apps/v4/usage-set"),
            store_secret: data_key.derive("revvy-apps/v4/store-secret"),
            scopes: data_key.derive("revvy-apps/v6/scope-keys"),
            app_keys,
            app_key_mac,
            data_key,
        }
    }

    /// The key of application `app_id` at `epoch` (format 5): the MAC of [`bound::Bound::AppKey`]
    /// under `app_keys`, so a full member derives it for each row it opens (one BLAKE2b
    /// compression) rather than storing it.
    pub fn app_key(&self, store_id: &[u8], app_id: i64, epoch: i64) -> SecretKey {
        SecretKey::from_bytes(bound::app_key_mac(&self.app_key_mac, store_id, app_id, epoch))
    }

    /// The scope key of the scoped member `member` with `public_key`, added at `created_at`
    /// (format 6): a member removed and added again gets another one.
    pub fn scope_key(&self, store_id: &[u8], member: &str, public_key: &str, created_at: i64) -> ScopeKeys {
        ScopeKeys::from_key(SecretKey::from_bytes(bound::mac(
            &self.scopes,
            &bound::Bound::ScopeKey { store_id, member, public_key, created_at },
        )))
    }

    /// Format 1 sealed and chained its events under one key; it is derived only to read such
    /// a store and upgrade it.
    pub fn format_1_audit(&self) -> SecretKey {
        self.data_key.derive("revvy-apps/v1/audit-chain")
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

/// A scoped member's scope key (format 6) and its subkeys: all a scoped member holds. It opens
/// the member's scope and its grants (each an application's key), and seals and chains the
/// events the member records until a full member's write takes them into the log.
pub struct ScopeKeys {
    pub key: SecretKey,
    /// Seals the member's grants and its scope.
    pub grants: SecretKey,
    /// Seals the member's events.
    pub events: SecretKey,
    /// Chains the member's events.
    pub chain: SecretKey,
}

impl ScopeKeys {
    pub fn from_key(key: SecretKey) -> Self {
        Self {
            grants: key.derive("revvy-apps/v6/scope-grants"),
            events: key.derive("revvy-apps/v6/scope-events"),
            chain: key.derive("revvy-apps/v6/scope-chain"),
            key,
        }
    }
}

impl fmt::Debug for ScopeKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ScopeKeys(<redacted>)")
    }
}

pub fn derive_kek(passphrase: &Passphrase, salt: &[u8], params: KdfParams) -> Result<SecretKey> {
    crypto::argon2id(passphrase.as_bytes(), salt, params)
        .map_err(|err| Error::internal("the passphrase key could not be derived").with_source(err))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: KdfParams = KdfParams { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };

    #[test]
    fn requested_settings_respect_floor_and_ceiling() {
        assert!(check_requested_kdf(CHEAP).is_ok());
        assert!(check_requested_kdf(DEFAULT_KDF).is_ok());
        assert!(check_requested_kdf(KdfParams { memory_kib: 18 * 1024, ..CHEAP }).is_err());
        assert!(check_requested_kdf(KdfParams { iterations: 1, ..CHEAP }).is_err());
        assert!(check_requested_kdf(KdfParams { memory_kib: 4097 * 1024, ..CHEAP }).is_err());
        assert!(check_requested_kdf(KdfParams { iterations: 11, ..CHEAP }).is_err());
        assert!(check_stored_kdf(KdfParams { memory_kib: u32::MAX, ..CHEAP }).is_err());
    }

    #[test]
    fn a_passphrase_never_prints() {
        assert_eq!(format!("{:?}", Passphrase::new("hunter2".into())), "Passphrase(<redacted>)");
    }
}
