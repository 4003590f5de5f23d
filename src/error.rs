//! Error kinds, their exit codes and their JSON codes: the one place that maps a failure to
//! what a script sees. Messages never carry a secret value.

use std::fmt;

/// What went wrong, as far as the caller is concerned. Each kind has one exit code (DESIGN §6)
/// and one stable JSON `code`.
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
    /// The name is taken, or the store already exists.
    Conflict,
    /// No key source: not a terminal and no passphrase or session given.
    Locked,
    /// The passphrase does not open the store.
    WrongPassphrase,
    /// The session token is expired, ended, altered or unknown.
    InvalidSession,
    /// `verify` rejected a secret.
    VerificationFailed,
    /// A record or the store header failed authentication.
    Tampered,
    /// The store file may be read or written by group or others.
    InsecurePermissions,
    /// The store was written by a newer program.
    UnsupportedFormat,
    /// The user pressed Ctrl-C at a prompt.
    Interrupted,
    /// Anything else: an I/O or SQLite failure we did not expect.
    Internal,
}

impl ErrorKind {
    pub const fn exit_code(self) -> u8 {
        match self {
            Self::Internal => 1,
            Self::Usage | Self::InvalidInput | Self::ConfirmationRequired => 2,
            Self::NotFound | Self::StoreNotFound => 3,
            Self::Conflict => 4,
            Self::Locked | Self::WrongPassphrase | Self::InvalidSession | Self::VerificationFailed => 5,
            Self::Tampered | Self::InsecurePermissions | Self::UnsupportedFormat => 7,
            Self::Interrupted => 130,
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
            Self::Conflict => "conflict",
            Self::Locked => "locked",
            Self::WrongPassphrase => "wrong_passphrase",
            Self::InvalidSession => "invalid_session",
            Self::VerificationFailed => "verification_failed",
            Self::Tampered => "tampered",
            Self::InsecurePermissions => "insecure_permissions",
            Self::UnsupportedFormat => "unsupported_format",
            Self::Interrupted => "interrupted",
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

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
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

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        let kind = match err.kind() {
            std::io::ErrorKind::Interrupted => ErrorKind::Interrupted,
            _ => ErrorKind::Internal,
        };
        Self::new(kind, "input/output error").with_source(err)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        Self::internal("the store could not be read or written").with_source(err)
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
            (Conflict, 4),
            (Locked, 5),
            (WrongPassphrase, 5),
            (InvalidSession, 5),
            (VerificationFailed, 5),
            (Tampered, 7),
            (InsecurePermissions, 7),
            (UnsupportedFormat, 7),
            (Interrupted, 130),
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
            Conflict,
            Locked,
            WrongPassphrase,
            InvalidSession,
            VerificationFailed,
            Tampered,
            InsecurePermissions,
            UnsupportedFormat,
            Interrupted,
        ];
        let mut codes: Vec<_> = kinds.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), kinds.len());
    }
}
