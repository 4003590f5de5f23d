//! Members on the server (format 3), and what format 6 gives them: a scope column, which only a
//! store of format 6 or later has, and the scoped members' grants and pending events.

use tokio_postgres::Row;

use super::params::typed;
use super::rows::{app_row_at, bytes, int, text};
use super::{PgStorage, inserted_nothing};
use crate::error::{Error, Result};
use crate::store::backend::{AppRow, GrantRow, GrantsOf, MemberRow, ScopeEventRow};

/// Whether the members table has format 6's scope column: the format this connection opened,
/// read, made, or upgraded the store to.
fn has_scopes(storage: &PgStorage) -> bool {
    storage.format.get() >= 6
}

/// Below format 6 there is no column for a scope: a row that has one cannot be written there.
fn no_scope(member: &MemberRow) -> Result<()> {
    match member.scope {
        None => Ok(()),
        Some(_) => Err(Error::internal(format!(
            "the member {:?} has a scope, which a store before format 6 cannot hold",
            member.name
        ))),
    }
}

/// A row count as the interface gives it.
fn count(changed: u64) -> usize {
    usize::try_from(changed).unwrap_or(usize::MAX)
}

pub(super) fn members(storage: &PgStorage) -> Result<Vec<MemberRow>> {
    let sql = if has_scopes(storage) {
        "SELECT id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key, scope FROM s.members ORDER BY id"
    } else {
        "SELECT id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key, NULL::bytea FROM s.members ORDER BY id"
    };
    Ok(storage
        .query(sql, &[])?
        .iter()
        .map(|r| MemberRow {
            id: int(r, 0).unwrap_or_default(),
            name: text(r, 1),
            kind: text(r, 2),
            public_key: text(r, 3),
            created_at: int(r, 4),
            created_by: text(r, 5),
            kdf_salt: bytes(r, 6),
            wrapped_identity: bytes(r, 7),
            sealed_key: bytes(r, 8),
            scope: r.try_get::<_, Option<Vec<u8>>>(9).ok().flatten(),
        })
        .collect())
}

/// A member's id given (a backup restored: the member list's MAC covers the ids) is kept, and
/// the sequence moved past it; 0 asks for a new one.
pub(super) fn insert_member(storage: &PgStorage, m: &MemberRow) -> Result<i64> {
    let scopes = has_scopes(storage);
    if !scopes {
        no_scope(m)?;
    }
    let sql = if scopes {
        "INSERT INTO s.members (id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key, scope) \
         VALUES (COALESCE(NULLIF($1, 0), nextval(pg_get_serial_sequence('s.members', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
    } else {
        "INSERT INTO s.members (id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key) \
         VALUES (COALESCE(NULLIF($1, 0), nextval(pg_get_serial_sequence('s.members', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
    };
    let values = [
        typed(&m.id),
        typed(&m.name),
        typed(&m.kind),
        typed(&m.public_key),
        typed(&m.created_at),
        typed(&m.created_by),
        typed(&m.kdf_salt),
        typed(&m.wrapped_identity),
        typed(&m.sealed_key),
        typed(&m.scope),
    ];
    let row = storage.query_opt(sql, &values[..if scopes { 10 } else { 9 }])?;
    let id = row.and_then(|r| int(&r, 0)).ok_or_else(|| inserted_nothing("members"))?;
    if m.id != 0 {
        storage.batch("SELECT setval(pg_get_serial_sequence('s.members', 'id'), (SELECT max(id) FROM s.members))")?;
    }
    Ok(id)
}

pub(super) fn update_member_keys(storage: &PgStorage, m: &MemberRow) -> Result<()> {
    if !has_scopes(storage) {
        no_scope(m)?;
        return storage.execute_exact(
            "UPDATE s.members SET public_key = $1, kdf_salt = $2, wrapped_identity = $3, sealed_key = $4 WHERE id = $5",
            &[typed(&m.public_key), typed(&m.kdf_salt), typed(&m.wrapped_identity), typed(&m.sealed_key), typed(&m.id)],
            1,
        );
    }
    storage.execute_exact(
        "UPDATE s.members SET public_key = $1, kdf_salt = $2, wrapped_identity = $3, sealed_key = $4, scope = $5 WHERE id = $6",
        &[
            typed(&m.public_key),
            typed(&m.kdf_salt),
            typed(&m.wrapped_identity),
            typed(&m.sealed_key),
            typed(&m.scope),
            typed(&m.id),
        ],
        1,
    )
}

/// A grant in the columns from `at` on: member, application, wrapped key.
fn grant_at(r: &Row, at: usize) -> GrantRow {
    GrantRow {
        member_id: int(r, at).unwrap_or_default(),
        app_id: int(r, at + 1).unwrap_or_default(),
        wrapped: bytes(r, at + 2),
    }
}

pub(super) fn grants(storage: &PgStorage, member_id: Option<i64>) -> Result<Vec<GrantRow>> {
    let rows = match member_id {
        Some(member_id) => storage.query(
            "SELECT member_id, app_id, wrapped FROM s.grants WHERE member_id = $1 ORDER BY app_id",
            &[typed(&member_id)],
        )?,
        None => storage.query("SELECT member_id, app_id, wrapped FROM s.grants ORDER BY member_id, app_id", &[])?,
    };
    Ok(rows.iter().map(|r| grant_at(r, 0)).collect())
}

pub(super) fn grants_for_app(storage: &PgStorage, app_id: i64) -> Result<Vec<GrantRow>> {
    let rows = storage.query(
        "SELECT member_id, app_id, wrapped FROM s.grants WHERE app_id = $1 ORDER BY member_id",
        &[typed(&app_id)],
    )?;
    Ok(rows.iter().map(|r| grant_at(r, 0)).collect())
}

pub(super) fn put_grant(storage: &PgStorage, row: &GrantRow) -> Result<()> {
    storage.execute_exact(
        "INSERT INTO s.grants (member_id, app_id, wrapped) VALUES ($1, $2, $3) \
         ON CONFLICT (member_id, app_id) DO UPDATE SET wrapped = EXCLUDED.wrapped",
        &[typed(&row.member_id), typed(&row.app_id), typed(&row.wrapped)],
        1,
    )
}

pub(super) fn delete_grants(storage: &PgStorage, which: GrantsOf) -> Result<usize> {
    let changed = match which {
        GrantsOf::Member(member_id) => {
            storage.execute("DELETE FROM s.grants WHERE member_id = $1", &[typed(&member_id)])?
        }
        GrantsOf::App(app_id) => storage.execute("DELETE FROM s.grants WHERE app_id = $1", &[typed(&app_id)])?,
        GrantsOf::One { member_id, app_id } => storage.execute(
            "DELETE FROM s.grants WHERE member_id = $1 AND app_id = $2",
            &[typed(&member_id), typed(&app_id)],
        )?,
    };
    Ok(count(changed))
}

/// One statement: the grants, each joined to its application's row (which holds its usage).
pub(super) fn granted_apps(storage: &PgStorage, member_id: i64) -> Result<Vec<(GrantRow, Option<AppRow>)>> {
    let rows = storage.query(
        "SELECT g.member_id, g.app_id, g.wrapped, a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, a.usage \
         FROM s.grants g LEFT JOIN s.applications a ON a.id = g.app_id WHERE g.member_id = $1 ORDER BY g.app_id",
        &[typed(&member_id)],
    )?;
    Ok(rows
        .iter()
        .map(|r| {
            let app = r.try_get::<_, Option<i64>>(3).ok().flatten().map(|_| app_row_at(r, 3));
            (grant_at(r, 0), app)
        })
        .collect())
}

pub(super) fn scope_events(storage: &PgStorage, member_id: Option<i64>) -> Result<Vec<ScopeEventRow>> {
    let rows = match member_id {
        Some(member_id) => storage.query(
            "SELECT member_id, seq, sealed, mac FROM s.scope_events WHERE member_id = $1 ORDER BY seq",
            &[typed(&member_id)],
        )?,
        None => storage.query("SELECT member_id, seq, sealed, mac FROM s.scope_events ORDER BY member_id, seq", &[])?,
    };
    Ok(rows
        .iter()
        .map(|r| ScopeEventRow {
            member_id: int(r, 0).unwrap_or_default(),
            seq: int(r, 1).unwrap_or_default(),
            sealed: bytes(r, 2),
            mac: bytes(r, 3),
        })
        .collect())
}

pub(super) fn insert_scope_event(storage: &PgStorage, row: &ScopeEventRow) -> Result<()> {
    storage.execute_exact(
        "INSERT INTO s.scope_events (member_id, seq, sealed, mac) VALUES ($1, $2, $3, $4)",
        &[typed(&row.member_id), typed(&row.seq), typed(&row.sealed), typed(&row.mac)],
        1,
    )
}

pub(super) fn delete_scope_events(storage: &PgStorage, member_id: i64) -> Result<usize> {
    Ok(count(storage.execute("DELETE FROM s.scope_events WHERE member_id = $1", &[typed(&member_id)])?))
}
