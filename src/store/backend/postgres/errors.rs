//! What went wrong on the server, in the user's terms: the host and the cause, and an exit
//! code that tells a script whether to try again (6), fix the credentials (5), or look at the
//! store (7). A lost connection or a busy server is never reported as damage.

use super::target::Target;
use crate::error::{Error, ErrorKind};

/// What went wrong while connecting, in the user's terms: the host and the cause.
pub(super) fn connect_error(target: &Target, err: &tokio_postgres::Error) -> Error {
    if let Some(db) = err.as_db_error() {
        let code = db.code().code();
        // 28P01 invalid_password, 28000 invalid_authorization_specification.
        if code.starts_with("28") {
            return Error::new(
                ErrorKind::WrongPassphrase,
                format!("the PostgreSQL server at {} refused the login: {}", target.host, db.message()),
            )
            .with_hint("check the user and password (PGPASSWORD, ~/.pgpass, or the URL); nothing was changed");
        }
        return Error::new(
            ErrorKind::Unavailable,
            format!("the PostgreSQL server at {} refused the connection: {}", target.host, db.message()),
        )
        .with_hint("nothing was changed; the same command may succeed later");
    }
    let cause = std::error::Error::source(err).map_or_else(|| err.to_string(), ToString::to_string);
    if cause.contains("password missing") {
        return Error::new(
            ErrorKind::Locked,
            format!("the PostgreSQL server at {} asks for a password, and none was given", target.host),
        )
        .with_hint("set PGPASSWORD, add the password to ~/.pgpass (0600), or put it in the URL; nothing was changed");
    }
    let socket_hint = if target.host.contains("Unix socket") {
        " (is the server running, and is this its socket folder?)"
    } else {
        ""
    };
    Error::new(
        ErrorKind::Unavailable,
        format!("cannot reach the PostgreSQL server at {}{socket_hint}: {cause}", target.host),
    )
    .with_hint("check that the server runs, the address and port, and sslmode; nothing was changed")
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
    Error::new(
        ErrorKind::Unavailable,
        format!(
            "the PostgreSQL server at {} did not answer within {} s (REVVY_APPS_PG_TIMEOUT)",
            target.host,
            target.answer_deadline().as_secs()
        ),
    )
    .with_hint("the connection was dropped and the server rolls back what it had not committed; run the command again")
}

/// What went wrong in a statement: a lost connection is exit 6, never damage.
pub(super) fn statement_error(target: &Target, err: &tokio_postgres::Error) -> Error {
    if answered_otherwise(err) {
        return Error::new(
            ErrorKind::Tampered,
            format!("the PostgreSQL server at {} answered with other rows than were asked for: {err}", target.shown),
        )
        .with_hint("something on the server stands between revvy-apps and its tables; nothing was changed; run `revvy-apps check`");
    }
    if err.is_closed() || err.as_db_error().is_none() {
        let cause = std::error::Error::source(err).map_or_else(|| err.to_string(), ToString::to_string);
        return Error::new(
            ErrorKind::Unavailable,
            format!("the connection to the PostgreSQL server at {} was lost: {cause}", target.host),
        )
        .with_hint("nothing was committed; run the command again");
    }
    let db = err.as_db_error().map(|db| (db.code().code().to_owned(), db.message().to_owned()));
    match db {
        // read_only_sql_transaction: a hot standby, or a primary demoted to one.
        Some((code, message)) if code == "25006" => Error::new(
            ErrorKind::Unavailable,
            format!("the PostgreSQL server at {} is read-only: {message}", target.host),
        )
        .with_hint(
            "nothing was changed; write on the primary: list every host in the URL with target_session_attrs=read-write",
        ),
        // serialization_failure, deadlock_detected, lock_not_available, query_canceled; and the
        // server's own trouble: connection exceptions (08), insufficient resources such as a
        // full disk (53), an operator intervening (57P0x), a read-only server (25006).
        Some((code, message))
            if ["40001", "40P01", "55P03", "57014"].contains(&code.as_str())
                || code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57P") =>
        {
            Error::new(
                ErrorKind::Unavailable,
                format!("the PostgreSQL server at {} could not do it now: {message}", target.host),
            )
            .with_hint("nothing was changed; the same command may succeed later")
        }
        // undefined_table, undefined_column: a table or column of the store was dropped or
        // renamed; undefined_function and datatype_mismatch: a column retyped; integrity
        // constraint violations (23) and data exceptions (22): a constraint or a column type
        // planted on the tables refused a row revvy-apps writes as it always does. Only
        // someone with the server's keys to the schema could do any of it.
        Some((code, message))
            if ["42P01", "42703", "42883", "42804"].contains(&code.as_str())
                || code.starts_with("23")
                || code.starts_with("22") =>
        {
            Error::new(
            ErrorKind::Tampered,
                format!("the tables of the store at {} are not as revvy-apps made them: {message}", target.shown),
            )
            .with_hint("nothing was changed; run `revvy-apps check`, and restore the store from a backup")
        }
        // insufficient_privilege
        Some((code, message)) if code == "42501" => {
            Error::new(ErrorKind::Unavailable, format!("the PostgreSQL server at {} refused: {message}", target.host))
                .with_hint(
                "the database user needs to read and write the store's tables; `init`, `restore` and `copy --to` a server need the schema's owner; nothing was changed",
            )
        }
        Some((code, message)) => Error::internal(format!("PostgreSQL at {} answered {code}: {message}", target.host)),
        None => Error::internal("PostgreSQL failed"),
    }
}
