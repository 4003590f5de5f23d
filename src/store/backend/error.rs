//! What went wrong in storage, as a backend tells it, and the one place that says it to the
//! user: an exit code that tells a script whether to try again (6), fix its credentials (5)
//! or look at the store (7), and words that name where. Each backend maps its own library's
//! errors onto these conditions (`sqlite/errors.rs`, `postgres/errors.rs`); an I/O condition
//! the operator can fix, a lost connection or a busy server is never called damage.

use crate::error::{Error, ErrorKind};

/// A storage condition, with what names it: a server's host (never its password) and, where
/// there is one, the server's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// No space left where the store is written.
    DiskFull,
    /// The store can be read but not written (a read-only file system or mount).
    ReadOnly,
    /// Another process held the write lock for longer than the storage waits.
    Busy,
    /// The storage could not be read or written: an I/O failure, nothing changed.
    Io,
    /// The storage itself is damaged: it cannot read its own pages.
    Damaged,
    /// Anything the storage did not expect.
    Other,
    /// The server could not be reached (`socket`: through a Unix socket folder).
    Unreachable { host: String, cause: String, socket: bool },
    /// The server did not answer a connection within `connect_timeout`.
    NoAnswerConnecting { host: String, seconds: u64 },
    /// The server took no statement answer within the answer deadline.
    NoAnswer { host: String, seconds: u64 },
    /// The server refused the login (a wrong user or password).
    LoginRefused { host: String, said: String },
    /// The server asks for a password, and none was given.
    PasswordMissing { host: String },
    /// The server refused the connection for another reason.
    ConnectionRefused { host: String, said: String },
    /// The connection was lost during a statement.
    ConnectionLost { host: String, cause: String },
    /// The server is a read-only one (a hot standby, or a demoted primary).
    ReadOnlyServer { host: String, said: String },
    /// The server could not do it now (a conflict, a lock, a cancel, its own trouble).
    NotNow { host: String, said: String },
    /// The server refused the statement: the role lacks a privilege.
    Denied { host: String, said: String },
    /// The tables are not as revvy-apps made them (a table, column, type or constraint).
    TablesAltered { store: String, said: String },
    /// The server answered other rows or columns than were asked for.
    AnsweredOtherwise { store: String, said: String },
    /// The client could not start.
    ClientFailed,
    /// Anything else the server said.
    Unexpected { host: String, code: String, said: String },
}

impl BackendError {
    /// The error a user reads, with the storage's own error as its source.
    pub fn with(self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::from(self).with_source(source)
    }
}

/// The one place a storage condition becomes an exit code and a message.
impl From<BackendError> for Error {
    fn from(condition: BackendError) -> Self {
        use BackendError as B;
        let unavailable = |message: String, hint: &str| Self::new(ErrorKind::Unavailable, message).with_hint(hint);
        match condition {
            B::DiskFull => unavailable(
                "no space left on device: the store could not be written".to_owned(),
                "free some space and run the command again; nothing was changed",
            ),
            B::ReadOnly => unavailable(
                "the store is on a read-only file system: it can be read but not changed".to_owned(),
                "run the command where the store is writable; nothing was changed",
            ),
            B::Busy => unavailable(
                "the store is busy: another process held its write lock for longer than 30 s".to_owned(),
                "nothing was changed; run the command again once the other one has finished",
            ),
            B::Io => unavailable(
                "the store could not be read or written (an input/output failure)".to_owned(),
                "check the disk and the file system; nothing was changed, and the same command may succeed later",
            ),
            B::Damaged => Self::new(ErrorKind::Tampered, "the store file is damaged: SQLite cannot read its pages")
                .with_hint("run `revvy-apps check`; restore the store from a backup if it was damaged"),
            B::Other => Self::internal("the store could not be read or written"),
            B::Unreachable { host, cause, socket } => {
                let socket = if socket { " (is the server running, and is this its socket folder?)" } else { "" };
                unavailable(
                    format!("cannot reach the PostgreSQL server at {host}{socket}: {cause}"),
                    "check that the server runs, the address and port, and sslmode; nothing was changed",
                )
            }
            B::NoAnswerConnecting { host, seconds } => unavailable(
                format!("cannot reach the PostgreSQL server at {host}: no answer within {seconds} s (connect_timeout)"),
                "check that the server runs and the network reaches it; nothing was changed",
            ),
            B::NoAnswer { host, seconds } => unavailable(
                format!("the PostgreSQL server at {host} did not answer within {seconds} s (REVVY_APPS_PG_TIMEOUT)"),
                "the connection was dropped and the server rolls back what it had not committed; run the command again",
            ),
            B::LoginRefused { host, said } => Self::new(
                ErrorKind::WrongPassphrase,
                format!("the PostgreSQL server at {host} refused the login: {said}"),
            )
            .with_hint("check the user and password (PGPASSWORD, ~/.pgpass, or the URL); nothing was changed"),
            B::PasswordMissing { host } => Self::new(
                ErrorKind::Locked,
                format!("the PostgreSQL server at {host} asks for a password, and none was given"),
            )
            .with_hint("set PGPASSWORD, add the password to ~/.pgpass (0600), or put it in the URL; nothing was changed"),
            B::ConnectionRefused { host, said } => unavailable(
                format!("the PostgreSQL server at {host} refused the connection: {said}"),
                "nothing was changed; the same command may succeed later",
            ),
            B::ConnectionLost { host, cause } => unavailable(
                format!("the connection to the PostgreSQL server at {host} was lost: {cause}"),
                "nothing was committed; run the command again",
            ),
            B::ReadOnlyServer { host, said } => unavailable(
                format!("the PostgreSQL server at {host} is read-only: {said}"),
                "nothing was changed; write on the primary: list every host in the URL with target_session_attrs=read-write",
            ),
            B::NotNow { host, said } => unavailable(
                format!("the PostgreSQL server at {host} could not do it now: {said}"),
                "nothing was changed; the same command may succeed later",
            ),
            B::Denied { host, said } => unavailable(
                format!("the PostgreSQL server at {host} refused: {said}"),
                "the database user needs to read and write the store's tables; `init`, `restore` and `copy --to` a server need the schema's owner; nothing was changed",
            ),
            B::TablesAltered { store, said } => Self::new(
                ErrorKind::Tampered,
                format!("the tables of the store at {store} are not as revvy-apps made them: {said}"),
            )
            .with_hint("nothing was changed; run `revvy-apps check`, and restore the store from a backup"),
            B::AnsweredOtherwise { store, said } => Self::new(
                ErrorKind::Tampered,
                format!("the PostgreSQL server at {store} answered with other rows than were asked for: {said}"),
            )
            .with_hint(
                "something on the server stands between revvy-apps and its tables; nothing was changed; run `revvy-apps check`",
            ),
            B::ClientFailed => Self::new(ErrorKind::Unavailable, "cannot start the PostgreSQL client"),
            B::Unexpected { host, code, said } => Self::internal(format!("PostgreSQL at {host} answered {code}: {said}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BackendError as B;
    use crate::error::{Error, ErrorKind};

    /// A script reads the condition from the exit code: try again (6), fix the credentials
    /// (5), look at the store (7); nothing the operator can fix is called damage.
    #[test]
    fn each_condition_has_the_exit_code_a_script_acts_on() {
        let host = || "db:5432".to_owned();
        let said_ = || "x".to_owned();
        let cases = [
            (B::DiskFull, ErrorKind::Unavailable),
            (B::ReadOnly, ErrorKind::Unavailable),
            (B::Busy, ErrorKind::Unavailable),
            (B::Io, ErrorKind::Unavailable),
            (B::Damaged, ErrorKind::Tampered),
            (B::Other, ErrorKind::Internal),
            (B::Unreachable { host: host(), cause: said_(), socket: false }, ErrorKind::Unavailable),
            (B::NoAnswerConnecting { host: host(), seconds: 5 }, ErrorKind::Unavailable),
            (B::NoAnswer { host: host(), seconds: 61 }, ErrorKind::Unavailable),
            (B::LoginRefused { host: host(), said: said_() }, ErrorKind::WrongPassphrase),
            (B::PasswordMissing { host: host() }, ErrorKind::Locked),
            (B::ConnectionRefused { host: host(), said: said_() }, ErrorKind::Unavailable),
            (B::ConnectionLost { host: host(), cause: said_() }, ErrorKind::Unavailable),
            (B::ReadOnlyServer { host: host(), said: said_() }, ErrorKind::Unavailable),
            (B::NotNow { host: host(), said: said_() }, ErrorKind::Unavailable),
            (B::Denied { host: host(), said: said_() }, ErrorKind::Unavailable),
            (B::TablesAltered { store: host(), said: said_() }, ErrorKind::Tampered),
            (B::AnsweredOtherwise { store: host(), said: said_() }, ErrorKind::Tampered),
            (B::ClientFailed, ErrorKind::Unavailable),
            (B::Unexpected { host: host(), code: "XX000".into(), said: said_() }, ErrorKind::Internal),
        ];
        for (condition, kind) in cases {
            let shown = format!("{condition:?}");
            let error = Error::from(condition);
            assert_eq!(error.kind(), kind, "{shown}");
        }
    }
}
