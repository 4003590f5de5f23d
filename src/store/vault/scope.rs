//! Scoped members (format 6, DESIGN §14), as full members keep them: each holds a scope key of
//! its own, and under it its scope and a grant per application it may read (that
//! application's key). A full member derives every scope key from the data key, so it can
//! grant, revoke and take a scoped member's events into the log; the scoped member holds its
//! scope key only, sealed to its public key in its member row.
//!
//! What is in clear: which member rows are scoped, and which application rows each one holds
//! a grant to (ids, not names). Everything else is sealed.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::sealer::Stored;
use crate::domain::Application;
use crate::error::{Error, Result};
use crate::store::backend::{GrantRow, MemberRow};
use crate::store::seal::bound::{self, Bound};
use crate::store::seal::crypto::SecretKey;
use crate::store::seal::keys::{Keys, ScopeKeys};
use crate::store::seal::recipients::PublicKey;

/// What a scoped member may read, sealed under its scope key in its member row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Scope {
    /// Applications granted one by one (`--only`, `access grant APP`).
    pub apps: Vec<ScopedApp>,
    /// Tenants granted whole: their applications now and later.
    pub tenants: Vec<String>,
    /// The store's fingerprint, hex, which the member's machine pins the store by. Not the
    /// store's secret: with it, a scoped member could make a store that the full members'
    /// machines take for this one.
    pub fingerprint: String,
}

/// An application granted by name: its row and its client ID, so that a row id taken again
/// by a later application (a deleted row's, say) is not in the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct ScopedApp {
    pub id: i64,
    pub client_id: String,
}

impl ScopedApp {
    pub(super) fn of(stored: &Stored) -> Self {
        Self { id: stored.row_id, client_id: stored.app.client_id.clone() }
    }
}

impl Scope {
    /// Whether the application in row `row_id` is in the scope: by name, or by its tenant.
    pub(super) fn covers(&self, row_id: i64, app: &Application) -> bool {
        self.lists(row_id, app) || self.tenants.contains(&app.settings.tenant)
    }

    /// Whether the application in row `row_id` was granted by name.
    pub(super) fn lists(&self, row_id: i64, app: &Application) -> bool {
        self.apps.iter().any(|listed| listed.id == row_id && listed.client_id == app.client_id)
    }

    pub(super) fn seal(&self, keys: &ScopeKeys, store_id: &[u8], member: &str) -> Result<Vec<u8>> {
        let plain = Zeroizing::new(
            serde_json::to_vec(self).map_err(|err| Error::internal("cannot encode a scope").with_source(err))?,
        );
        Ok(bound::seal(&keys.grants, &Bound::Scope { store_id, member }, &plain))
    }

    pub(super) fn open(sealed: &[u8], keys: &ScopeKeys, store_id: &[u8], member: &str) -> Option<Self> {
        let plain = bound::open(&keys.grants, &Bound::Scope { store_id, member }, sealed)?;
        serde_json::from_slice(&plain).ok()
    }
}

/// An application's key wrapped for a scoped member.
pub(super) fn wrap_grant(
    keys: &ScopeKeys,
    store_id: &[u8],
    member_id: i64,
    app_id: i64,
    epoch: i64,
    app_key: &SecretKey,
) -> Vec<u8> {
    bound::seal(&keys.grants, &Bound::Grant { store_id, member_id, app_id, epoch }, app_key.as_bytes())
}

/// The key a grant wraps, if it opens as this member's grant to that application at `epoch`.
pub(super) fn open_grant(keys: &ScopeKeys, store_id: &[u8], grant: &GrantRow, epoch: i64) -> Option<SecretKey> {
    let bound = Bound::Grant { store_id, member_id: grant.member_id, app_id: grant.app_id, epoch };
    bound::open(&keys.grants, &bound, &grant.wrapped).and_then(|plain| SecretKey::from_slice(&plain))
}

/// A scoped member as a full member sees it: its row, its keys and its scope.
pub(super) struct ScopedMember {
    pub row: MemberRow,
    pub keys: ScopeKeys,
    pub scope: Scope,
}

impl ScopedMember {
    /// Opens a scoped member's row with the keys of a full member; `None` for a full member.
    pub(super) fn of(row: &MemberRow, keys: &Keys, store_id: &[u8], path: &std::path::Path) -> Result<Option<Self>> {
        let Some(sealed) = &row.scope else { return Ok(None) };
        let scope_keys = keys.scope_key(store_id, &row.name, &row.public_key, row.created_at.unwrap_or_default());
        let scope =
            Scope::open(sealed, &scope_keys, store_id, &row.name).ok_or_else(|| altered_scope(path, &row.name))?;
        Ok(Some(Self { row: row.clone(), keys: scope_keys, scope }))
    }
}

/// The scoped members of a member list the header vouches for (checked by the caller).
pub(super) fn scoped_in(
    rows: &[MemberRow],
    keys: &Keys,
    store_id: &[u8],
    path: &std::path::Path,
) -> Result<Vec<ScopedMember>> {
    rows.iter().filter_map(|row| ScopedMember::of(row, keys, store_id, path).transpose()).collect()
}

/// Makes `row` scoped to `scope`: its key seals the scope key (never the data key), and its
/// scope is sealed under it.
pub(super) fn scope_row(
    row: &mut MemberRow,
    scope: &Scope,
    keys: &Keys,
    store_id: &[u8],
    path: &std::path::Path,
) -> Result<()> {
    let scope_keys = keys.scope_key(store_id, &row.name, &row.public_key, row.created_at.unwrap_or_default());
    let public_key = PublicKey::from_stored(&row.public_key).ok_or_else(|| altered_scope(path, &row.name))?;
    row.sealed_key = public_key.seal(&scope_keys.key);
    row.scope = Some(scope.seal(&scope_keys, store_id, &row.name)?);
    Ok(())
}

/// A scoped member's row that does not open as one under the data key: altered outside
/// revvy-apps.
pub(super) fn altered_scope(path: &std::path::Path, member: &str) -> Error {
    Error::tampered(format!("the scope of the member {member:?} in the store {} was altered", path.display()))
        .with_hint("run `revvy-apps check`, and restore the store from a backup")
}
