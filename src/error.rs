//! Error kinds, their exit codes and their JSON codes: the one place that maps a failure to
//! what a script sees. Messages never carry a secret value.

use std::fmt;

use crate::domain::{Invalid, Located};

/// What went wrong, as far as the caller is concerned. Each kind has one exit code (the README's
/// table) and one stable JSON `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad command line: unknown flag, missing argument, a secret on argv.
    Usage,
    /// A value broke a validation rule.
    InvalidInput,
    /// A destructive command ran off a terminal without `--yes`.
    ConfirmationRequired,
    /// No application matches.
    NotFound,
    /// No store at the path.
    StoreNotFound,
    /// No store at a location where this machine knew one: `create` makes none there.
    StoreVanished,
    /// The name is taken, or the store already exists.
    Conflict,
    /// No key source: not a terminal and no passphrase or session given.
    Locked,
    /// The passphrase does not open the store.
    WrongPassphrase,
    /// The session token is expired, ended, altered or unknown.
    InvalidSession,
    /// An identity (key file or `REVVY_APPS_IDENTITY`) that cannot be read or used.
    InvalidIdentity,
    /// No member answers to `--as`, to the identity, or to the OS user among several.
    UnknownMember,
    /// `verify` rejected a secret.
    VerificationFailed,
    /// A scoped member asked for what its scope does not hold (a command for full members).
    NotPermitted,
    /// A record or the store header failed authentication.
    Tampered,
    /// The store file may be read or written by group or others.
    InsecurePermissions,
    /// The store was written by a newer program.
    UnsupportedFormat,
    /// The store is there but cannot be used now: disk full, read-only file system, a lock
    /// not granted in time, an I/O error. Nothing changed; the same command may succeed later.
    Unavailable,
    /// The store is older than what this machine has already seen of it.
    RolledBack,
    /// Another store than the one this machine knew at that location.
    StoreReplaced,
    /// `check --expiring`: secrets are expired or expire soon (the store itself is fine).
    Attention,
    /// The user pressed Ctrl-C at a prompt.
    Interrupted,
    /// `run`: the command does not exist (127, as a shell says).
    CommandNotFound,
    /// `run`: the command exists but cannot be executed (126, as a shell says).
    CommandNotExecutable,
    /// Anything else: an I/O or SQLite failure we did not expect.
    Internal,
}

impl ErrorKind {
    pub const fn exit_code(self) -> u8 {
        match self {
            Self::Internal => 1,
            Self::Usage | Self::InvalidInput | Self::ConfirmationRequired => 2,
            Self::NotFound | Self::StoreNotFound | Self::StoreVanished => 3,
            Self::Conflict => 4,
            Self::Locked
            | Self::WrongPassphrase
            | Self::InvalidSession
            | Self::InvalidIdentity
            | Self::UnknownMember
            | Self::VerificationFailed
            | Self::NotPermitted => 5,
            Self::Unavailable => 6,
            Self::Tampered
            | Self::InsecurePermissions
            | Self::UnsupportedFormat
            | Self::RolledBack
            | Self::StoreReplaced => 7,
            Self::Attention => 8,
            Self::Interrupted => 130,
            Self::CommandNotExecutable => 126,
            Self::CommandNotFound => 127,
        }
    }

    /// The stable machine-readable code of the JSON error envelope.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Usage => "usage",
            Self::InvalidInput => "invalid_input",
            Self::ConfirmationRequired => "confirmation_required",
            Self::NotFound => "not_found",
            Self::StoreNotFound => "store_not_found",
            Self::StoreVanished => "store_vanished",
            Self::Conflict => "conflict",
            Self::Locked => "locked",
            Self::WrongPassphrase => "wrong_passphrase",
            Self::InvalidSession => "invalid_session",
            Self::InvalidIdentity => "invalid_identity",
            Self::UnknownMember => "unknown_member",
            Self::VerificationFailed => "verification_failed",
            Self::NotPermitted => "not_permitted",
            Self::Tampered => "tampered",
            Self::InsecurePermissions => "insecure_permissions",
            Self::UnsupportedFormat => "unsupported_format",
            Self::Unavailable => "unavailable",
            Self::RolledBack => "rolled_back",
            Self::StoreReplaced => "store_replaced",
            Self::Attention => "attention",
            Self::Interrupted => "interrupted",
            Self::CommandNotFound => "command_not_found",
            Self::CommandNotExecutable => "command_not_executable",
            Self::Internal => "internal",
        }
    }
}

/// An error a user can act on: a kind, a message that says what happened, and a hint that
/// says what to do next.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), hint: None, source: None }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    #[must_use]
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, message)
    }

    /// Something in the store failed authentication or does not add up: it was altered.
    pub fn tampered(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Tampered, message)
            .with_hint("the store was altered outside revvy-apps; run `revvy-apps check`, and restore it from a backup")
    }

    /// The person said no: nothing was changed.
    pub fn cancelled() -> Self {
        Self::new(ErrorKind::ConfirmationRequired, "cancelled: nothing was changed")
    }

    /// A refusal found in a text the user wrote, named by its place: `FILE:LINE:COLUMN: …`.
    pub fn located(located: &Located<Invalid>, file: Option<&str>) -> Self {
        Self::invalid(format!("{}: {}", located.place(file), located.error.message)).with_hint(&located.error.fix)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    /// Puts what was being done in front of the message: "cannot create X: no space left…".
    #[must_use]
    pub fn context(mut self, doing: impl fmt::Display) -> Self {
        self.message = format!("{doing}: {}", self.message);
        self
    }

    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// The message with its causes, as printed once at the edge.
    pub fn full_message(&self) -> String {
        let mut text = self.message.clone();
        let mut cause: Option<&(dyn std::error::Error + 'static)> = self.source.as_deref().map(|e| e as _);
        while let Some(err) = cause {
            text.push_str(": ");
            text.push_str(&err.to_string());
            cause = err.source();
        }
        text
    }

    /// True when the failure is a write to a closed pipe (`revvy-apps list | head -1`), which
    /// is success for the user.
    pub fn is_broken_pipe(&self) -> bool {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = self.source.as_deref().map(|e| e as _);
        while let Some(err) = cause {
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return true;
            }
            cause = err.source();
        }
        false
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// A value that broke a rule is invalid input, with the rule's fix as the hint.
impl From<Invalid> for Error {
    fn from(invalid: Invalid) -> Self {
        Self::invalid(invalid.message).with_hint(invalid.fix)
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        use std::io::ErrorKind as Io;
        match err.kind() {
            Io::Interrupted => Self::new(ErrorKind::Interrupted, "interrupted").with_source(err),
            Io::StorageFull => Self::new(ErrorKind::Unavailable, "no space left on device")
                .with_hint("free some space and run the command again")
                .with_source(err),
            Io::ReadOnlyFilesystem => Self::new(ErrorKind::Unavailable, "the file system is read-only")
                .with_hint("run the command where it can write")
                .with_source(err),
            _ => Self::new(ErrorKind::Internal, "input/output error").with_source(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorKind::*;

    #[test]
    fn exit_codes_follow_the_design() {
        let expected = [
            (Internal, 1),
            (Usage, 2),
            (InvalidInput, 2),
            (ConfirmationRequired, 2),
            (NotFound, 3),
            (StoreNotFound, 3),
            (StoreVanished, 3),
            (Conflict, 4),
            (Locked, 5),
            (WrongPassphrase, 5),
            (InvalidSession, 5),
            (VerificationFailed, 5),
            (Unavailable, 6),
            (Tampered, 7),
            (InsecurePermissions, 7),
            (UnsupportedFormat, 7),
            (RolledBack, 7),
            (StoreReplaced, 7),
            (Interrupted, 130),
            (CommandNotExecutable, 126),
            (CommandNotFound, 127),
        ];
        for (kind, code) in expected {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
        }
    }

    #[test]
    fn json_codes_are_distinct() {
        let kinds = [
            Internal,
            Usage,
            InvalidInput,
            ConfirmationRequired,
            NotFound,
            StoreNotFound,
            StoreVanished,
            Conflict,
            Locked,
            WrongPassphrase,
            InvalidSession,
            VerificationFailed,
            Tampered,
            InsecurePermissions,
            UnsupportedFormat,
            Unavailable,
            RolledBack,
            StoreReplaced,
            Interrupted,
            CommandNotFound,
            CommandNotExecutable,
        ];
        let mut codes: Vec<_> = kinds.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), kinds.len());
    }
}
