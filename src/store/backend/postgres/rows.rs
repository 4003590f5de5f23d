//! Rows as the server returns them, read into the storage interface's types. A column that
//! holds what it should not (a NULL, another type) reads as `None` or empty bytes, so that it
//! fails authentication above (exit 7) rather than the read.

use tokio_postgres::Row;

use super::super::HeaderRow;
use super::super::{AppRow, HeadRow, SessionRow};

pub(super) fn bytes(row: &Row, index: usize) -> Vec<u8> {
    row.try_get::<_, Vec<u8>>(index).unwrap_or_default()
}

pub(super) fn int(row: &Row, index: usize) -> Option<i64> {
    row.try_get::<_, i64>(index).ok()
}

pub(super) fn text(row: &Row, index: usize) -> String {
    row.try_get::<_, String>(index).unwrap_or_default()
}

pub(super) fn u32_of(value: Option<i64>) -> Option<u32> {
    value.and_then(|v| u32::try_from(v).ok())
}

/// The header's columns, from the table aliased `h`.
pub(super) const HEADER_COLUMNS: &str = "CASE WHEN h.store_id IS NULL THEN NULL ELSE 1 END, h.store_id, h.kdf_salt, h.kdf_memory_kib, h.kdf_iterations, \
                              h.kdf_parallelism, h.wrapped_key, h.checksum, h.members_mac, h.members_digest";

/// The header in the columns from `at` on (see [`HEADER_COLUMNS`]); `None` when there is none.
pub(super) fn header_at(row: &Row, at: usize) -> Option<HeaderRow> {
    row.try_get::<_, Option<i32>>(at).ok().flatten()?;
    Some(HeaderRow {
        store_id: bytes(row, at + 1),
        salt: bytes(row, at + 2),
        kdf_memory_kib: u32_of(int(row, at + 3))?,
        kdf_iterations: u32_of(int(row, at + 4))?,
        kdf_parallelism: u32_of(int(row, at + 5))?,
        wrapped_key: bytes(row, at + 6),
        checksum: bytes(row, at + 7),
        members_mac: bytes(row, at + 8),
        members_digest: bytes(row, at + 9),
    })
}

/// The audit head's columns, from the table aliased `a`.
pub(super) const HEAD_COLUMNS: &str = "a.singleton, a.last_id, a.last_mac, a.live_apps, a.head_mac";

/// The head in the columns from `at` on (see [`HEAD_COLUMNS`]); `None` when there is none.
pub(super) fn head_at(row: &Row, at: usize) -> Option<HeadRow> {
    row.try_get::<_, Option<i32>>(at).ok().flatten()?;
    Some(HeadRow {
        last_id: int(row, at + 1),
        last_mac: bytes(row, at + 2),
        live_apps: int(row, at + 3),
        mac: bytes(row, at + 4),
    })
}

pub(super) fn app_row(row: &Row) -> AppRow {
    app_row_at(row, 0)
}

/// An application row in the columns from `at` on, in [`SELECT_APPS`]'s order.
pub(super) fn app_row_at(row: &Row, at: usize) -> AppRow {
    AppRow {
        id: int(row, at).unwrap_or_default(),
        version: int(row, at + 1),
        sealed: bytes(row, at + 2),
        client_id_mac: bytes(row, at + 3),
        name_mac: bytes(row, at + 4),
        usage: bytes(row, at + 5),
    }
}

pub(super) const SELECT_APPS: &str =
    "SELECT a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, a.usage FROM s.applications a";

/// One application with the latest audit event filed under the client ID its row holds
/// (which the read of one application checks next).
pub(super) const SELECT_APP_AND_LATEST_EVENT: &str = "SELECT a.id, a.version, a.sealed, a.client_id_mac, a.name_mac, a.usage, e.id, e.sealed \
     FROM s.applications a \
     LEFT JOIN LATERAL (SELECT id, sealed FROM s.audit_events WHERE subject_mac = a.client_id_mac \
     ORDER BY id DESC LIMIT 1) e ON true";

/// A session's columns, from the table aliased `se`.
pub(super) const SESSION_COLUMNS: &str = "se.id, se.expires_at, se.wrapped_key, se.member";

/// The session in the columns from `at` on (see [`SESSION_COLUMNS`]); `None` when there is none.
pub(super) fn session_at(row: &Row, at: usize) -> Option<SessionRow> {
    row.try_get::<_, Option<Vec<u8>>>(at).ok().flatten()?;
    Some(SessionRow { expires_at: int(row, at + 1), wrapped_key: bytes(row, at + 2), member: text(row, at + 3) })
}
