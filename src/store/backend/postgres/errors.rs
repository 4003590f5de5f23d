//! What went wrong on the server, as a storage condition ([`BackendError`]) naming the host
//! and the server's words: the codes and messages of tokio-postgres and PostgreSQL are read
//! here and nowhere else. What the user reads of each is said in `backend/error.rs`.

use super::super::BackendError;
use super::target::Target;
use crate::error::Error;

/// What went wrong while connecting.
pub(super) fn connect_error(target: &Target, err: &tokio_postgres::Error) -> Error {
    let host = target.host.clone();
    if let Some(db) = err.as_db_error() {
        let said = db.message().to_owned();
        // 28P01 invalid_password, 28000 invalid_authorization_specification.
        return if db.code().code().starts_with("28") {
            BackendError::LoginRefused { host, said }.into()
        } else {
            BackendError::ConnectionRefused { host, said }.into()
        };
    }
    let cause = std::error::Error::source(err).map_or_else(|| err.to_string(), ToString::to_string);
    if cause.contains("password missing") {
        return BackendError::PasswordMissing { host }.into();
    }
    let socket = host.contains("Unix socket");
    BackendError::Unreachable { host, cause, socket }.into()
}

/// No answer to the connection within `connect_timeout`.
pub(super) fn connect_timed_out(target: &Target) -> Error {
    BackendError::NoAnswerConnecting { host: target.host.clone(), seconds: target.connect_timeout.as_secs() }.into()
}

/// Whether the server answered, but not with the rows and columns the statement asks for
/// (tokio-postgres tells these only by its messages): something on the server answered in the
/// store's place, which is damage (exit 7), not a lost connection.
fn answered_otherwise(err: &tokio_postgres::Error) -> bool {
    if err.is_closed() || err.as_db_error().is_some() {
        return false;
    }
    let text = err.to_string();
    [
        "error deserializing column",
        "invalid column",
        "query returned an unexpected number of rows",
        "query returned an unexpected number of columns",
    ]
    .iter()
    .any(|said| text.starts_with(said))
}

/// An answer that did not come within the deadline: a paused or cut-off server, exit 6.
pub(super) fn no_answer(target: &Target) -> Error {
    BackendError::NoAnswer { host: target.host.clone(), seconds: target.answer_deadline().as_secs() }.into()
}

/// What went wrong in a statement: a lost connection is exit 6, never damage.
pub(super) fn statement_error(target: &Target, err: &tokio_postgres::Error) -> Error {
    let (host, store) = (target.host.clone(), target.shown.clone());
    if answered_otherwise(err) {
        return BackendError::AnsweredOtherwise { store, said: err.to_string() }.into();
    }
    let Some(db) = err.as_db_error().filter(|_| !err.is_closed()) else {
        let cause = std::error::Error::source(err).map_or_else(|| err.to_string(), ToString::to_string);
        return BackendError::ConnectionLost { host, cause }.into();
    };
    let (code, said) = (db.code().code().to_owned(), db.message().to_owned());
    // A unique key of the server's own catalog: two processes making the same schema or table
    // at once (two `init`s), a race, not a planted constraint.
    let in_catalog = db.constraint().is_some_and(|name| name.starts_with("pg_"));
    let condition = match code.as_str() {
        "23505" if in_catalog => BackendError::NotNow { host, said },
        // read_only_sql_transaction: a hot standby, or a primary demoted to one.
        "25006" => BackendError::ReadOnlyServer { host, said },
        // serialization_failure, deadlock_detected, lock_not_available, query_canceled; and the
        // server's own trouble: connection exceptions (08), insufficient resources such as a
        // full disk (53), an operator intervening (57P0x).
        "40001" | "40P01" | "55P03" | "57014" => BackendError::NotNow { host, said },
        _ if code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") => {
            BackendError::NotNow { host, said }
        }
        // undefined_table, undefined_column: a table or column of the store was dropped or
        // renamed; undefined_function and datatype_mismatch: a column retyped; integrity
        // constraint violations (23) and data exceptions (22): a constraint or a column type
        // planted on the tables refused a row revvy-apps writes as it always does. Only
        // someone with the server's keys to the schema could do any of it.
        "42P01" | "42703" | "42883" | "42804" => BackendError::TablesAltered { store, said },
        _ if code.starts_with("23") || code.starts_with("22") => BackendError::TablesAltered { store, said },
        // insufficient_privilege
        "42501" => BackendError::Denied { host, said },
        _ => BackendError::Unexpected { host, code, said },
    };
    condition.into()
}
