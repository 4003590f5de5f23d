//! Members on SQLite (format 3), and what format 6 gives them: a scope column, which only a
//! store of format 6 or later has, and the scoped members' grants and pending events.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, params};

use super::super::{AppRow, GrantRow, GrantsOf, MemberRow, ScopeEventRow, Tables as _};
use super::schema::execute_exact;
use super::{app_row_at, bytes, integer};
use crate::error::{Error, Result};

/// Whether the members table has format 6's scope column. The file's own format says, inside
/// a write as its upgrade left it; the pin holds the tables to it.
pub(super) fn has_scopes(conn: &Connection) -> Result<bool> {
    Ok(conn.format()? >= 6)
}

/// Below format 6 there is no column for a scope: a row that has one cannot be written there.
pub(super) fn no_scope(member: &MemberRow) -> Result<()> {
    match member.scope {
        None => Ok(()),
        Some(_) => Err(Error::internal(format!(
            "the member {:?} has a scope, which a store before format 6 cannot hold",
            member.name
        ))),
    }
}

pub(super) fn members(conn: &Connection) -> Result<Vec<MemberRow>> {
    let sql = if has_scopes(conn)? {
        "SELECT id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key, scope FROM members ORDER BY id"
    } else {
        "SELECT id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key, NULL FROM members ORDER BY id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], |r| {
        let text = |i| bytes(r, i).map(|b| String::from_utf8_lossy(&b).into_owned());
        Ok(MemberRow {
            id: r.get(0)?,
            name: text(1)?,
            kind: text(2)?,
            public_key: text(3)?,
            created_at: integer(r, 4)?,
            created_by: text(5)?,
            kdf_salt: bytes(r, 6)?,
            wrapped_identity: bytes(r, 7)?,
            sealed_key: bytes(r, 8)?,
            scope: optional_bytes(r, 9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn insert_member(conn: &Connection, m: &MemberRow) -> Result<i64> {
    let id = (m.id != 0).then_some(m.id);
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![
        &id,
        &m.name,
        &m.kind,
        &m.public_key,
        &m.created_at,
        &m.created_by,
        &m.kdf_salt,
        &m.wrapped_identity,
        &m.sealed_key,
    ];
    let sql = if has_scopes(conn)? {
        values.push(&m.scope);
        "INSERT INTO members (id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key, scope) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    } else {
        no_scope(m)?;
        "INSERT INTO members (id, name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    };
    execute_exact(conn, sql, rusqlite::params_from_iter(values), 1)?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn update_member_keys(conn: &Connection, m: &MemberRow) -> Result<()> {
    if !has_scopes(conn)? {
        no_scope(m)?;
        return execute_exact(
            conn,
            "UPDATE members SET public_key = ?1, kdf_salt = ?2, wrapped_identity = ?3, sealed_key = ?4 WHERE id = ?5",
            params![m.public_key, m.kdf_salt, m.wrapped_identity, m.sealed_key, m.id],
            1,
        );
    }
    execute_exact(
        conn,
        "UPDATE members SET public_key = ?1, kdf_salt = ?2, wrapped_identity = ?3, sealed_key = ?4, scope = ?5 WHERE id = ?6",
        params![m.public_key, m.kdf_salt, m.wrapped_identity, m.sealed_key, m.scope, m.id],
        1,
    )
}

/// A nullable column: `None` for NULL, else its bytes (see [`bytes`]).
pub(super) fn optional_bytes(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Option<Vec<u8>>> {
    Ok(match row.get_ref(index)? {
        ValueRef::Null => None,
        _ => Some(bytes(row, index)?),
    })
}

/// An id column: one that holds no integer reads as 0, which names no row, so that what the
/// row holds fails its binding above rather than the read.
fn id(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<i64> {
    Ok(integer(row, index)?.unwrap_or_default())
}

fn grant_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<GrantRow> {
    Ok(GrantRow { member_id: id(r, 0)?, app_id: id(r, 1)?, wrapped: bytes(r, 2)? })
}

fn scope_event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ScopeEventRow> {
    Ok(ScopeEventRow { member_id: id(r, 0)?, seq: id(r, 1)?, sealed: bytes(r, 2)?, mac: bytes(r, 3)? })
}

pub(super) fn grants(conn: &Connection, member_id: Option<i64>) -> Result<Vec<GrantRow>> {
    Ok(match member_id {
        Some(member_id) => conn
            .prepare_cached("SELECT member_id, app_id, wrapped FROM grants WHERE member_id = ?1 ORDER BY app_id")?
            .query_map([member_id], grant_row)?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare_cached("SELECT member_id, app_id, wrapped FROM grants ORDER BY member_id, app_id")?
            .query_map([], grant_row)?
            .collect::<rusqlite::Result<_>>()?,
    })
}

pub(super) fn grants_for_app(conn: &Connection, app_id: i64) -> Result<Vec<GrantRow>> {
    Ok(conn
        .prepare_cached("SELECT member_id, app_id, wrapped FROM grants WHERE app_id = ?1 ORDER BY member_id")?
        .query_map([app_id], grant_row)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn put_grant(conn: &Connection, row: &GrantRow) -> Result<()> {
    execute_exact(
        conn,
        "INSERT INTO grants (member_id, app_id, wrapped) VALUES (?1, ?2, ?3) \
         ON CONFLICT (member_id, app_id) DO UPDATE SET wrapped = excluded.wrapped",
        params![row.member_id, row.app_id, row.wrapped],
        1,
    )
}

pub(super) fn delete_grants(conn: &Connection, which: GrantsOf) -> Result<usize> {
    Ok(match which {
        GrantsOf::Member(member_id) => {
            conn.prepare_cached("DELETE FROM grants WHERE member_id = ?1")?.execute([member_id])?
        }
        GrantsOf::App(app_id) => conn.prepare_cached("DELETE FROM grants WHERE app_id = ?1")?.execute([app_id])?,
        GrantsOf::One { member_id, app_id } => conn
            .prepare_cached("DELETE FROM grants WHERE member_id = ?1 AND app_id = ?2")?
            .execute([member_id, app_id])?,
    })
}

/// One statement: the grants, each joined to its application's row and usage record.
pub(super) fn granted_apps(conn: &Connection, format: u32, member_id: i64) -> Result<Vec<(GrantRow, Option<AppRow>)>> {
    let sql = if format >= 3 {
        "SELECT g.member_id, g.app_id, g.wrapped, a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, u.sealed \
         FROM grants g LEFT JOIN applications a ON a.id = g.app_id LEFT JOIN app_usage u ON u.app_id = a.id \
         WHERE g.member_id = ?1 ORDER BY g.app_id"
    } else {
        "SELECT g.member_id, g.app_id, g.wrapped, a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, NULL \
         FROM grants g LEFT JOIN applications a ON a.id = g.app_id WHERE g.member_id = ?1 ORDER BY g.app_id"
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_map([member_id], |r| {
            let app = match r.get_ref(3)? {
                ValueRef::Null => None,
                _ => Some(app_row_at(r, 3)?),
            };
            Ok((grant_row(r)?, app))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn scope_events(conn: &Connection, member_id: Option<i64>) -> Result<Vec<ScopeEventRow>> {
    Ok(match member_id {
        Some(member_id) => conn
            .prepare_cached("SELECT member_id, seq, sealed, mac FROM scope_events WHERE member_id = ?1 ORDER BY seq")?
            .query_map([member_id], scope_event_row)?
            .collect::<rusqlite::Result<_>>()?,
        None => conn
            .prepare_cached("SELECT member_id, seq, sealed, mac FROM scope_events ORDER BY member_id, seq")?
            .query_map([], scope_event_row)?
            .collect::<rusqlite::Result<_>>()?,
    })
}

pub(super) fn insert_scope_event(conn: &Connection, row: &ScopeEventRow) -> Result<()> {
    execute_exact(
        conn,
        "INSERT INTO scope_events (member_id, seq, sealed, mac) VALUES (?1, ?2, ?3, ?4)",
        params![row.member_id, row.seq, row.sealed, row.mac],
        1,
    )
}

pub(super) fn delete_scope_events(conn: &Connection, member_id: i64) -> Result<usize> {
    Ok(conn.prepare_cached("DELETE FROM scope_events WHERE member_id = ?1")?.execute([member_id])?)
}
