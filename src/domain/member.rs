//! Members: the people and machines that can each unlock a store with a key of their own.

use super::Invalid;
use chrono::{DateTime, Utc};

/// The name a version 1 or 2 store's passphrase gets when the store becomes one with members.
pub const FIRST_MEMBER_OF_OLD_STORES: &str = "owner";

/// How a member unlocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A passphrase, stretched by Argon2id, unwraps the member's own X25519 key.
    Passphrase,
    /// A full-entropy age identity handed out once: provisioning hosts and CI.
    Machine,
    /// Someone's own age or OpenSSH public key; their secret never reaches the store.
    Recipient,
}

impl MemberKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Passphrase => "passphrase",
            Self::Machine => "machine",
            Self::Recipient => "recipient",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Passphrase, Self::Machine, Self::Recipient].into_iter().find(|kind| kind.as_str() == text)
    }
}

/// A member as `access list` shows it: never a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub kind: MemberKind,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// The member this process unlocked as.
    pub current: bool,
    /// What a scoped member may read; `None` for a full member.
    pub scope: Option<MemberScope>,
}

/// A scoped member's scope as `access list` shows it: applications by name (granted one by
/// one) and tenants (granted whole).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberScope {
    pub applications: Vec<String>,
    pub tenants: Vec<String>,
}

impl MemberScope {
    /// "applications a, b; tenants t": what a message says of it.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.applications.is_empty() {
            parts.push(format!("applications {}", self.applications.join(", ")));
        }
        if !self.tenants.is_empty() {
            parts.push(format!("tenants {}", self.tenants.join(", ")));
        }
        if parts.is_empty() { "nothing".to_owned() } else { parts.join("; ") }
    }
}

/// A member name: `[a-z0-9][a-z0-9._@-]{0,63}`, so it is safe in a log line, a file name and
/// a shell word alike.
pub fn member_name(raw: &str) -> Result<String, Invalid> {
    let valid_first = raw.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let valid_rest = raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_@".contains(&b));
    if valid_first && valid_rest && raw.len() <= 64 {
        Ok(raw.to_owned())
    } else {
        Err(Invalid::new(
            format!("{raw:?} is not a valid member name"),
            "use 1 to 64 characters: lower-case letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
        ))
    }
}

/// The member name a new store's first member gets without `--as`: the OS user's name when it
/// is a valid member name, else `owner`.
pub fn default_first_member(os_user: Option<&str>) -> String {
    os_user
        .map(str::to_ascii_lowercase)
        .and_then(|name| member_name(&name).ok())
        .unwrap_or_else(|| FIRST_MEMBER_OF_OLD_STORES.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_follow_the_pattern() {
        for good in ["a", "alice", "ci-runner.1", "ops@example.com", "0", &"x".repeat(64)] {
            assert_eq!(member_name(good).as_deref(), Ok(good), "{good}");
        }
        for bad in ["", "Alice", "-a", ".a", "a b", "a/b", "é", &"x".repeat(65), "a\n"] {
            assert!(member_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_first_member_is_named_after_the_os_user_when_that_is_a_valid_name() {
        assert_eq!(default_first_member(Some("Alice")), "alice");
        assert_eq!(default_first_member(Some("uid 1000")), "owner");
        assert_eq!(default_first_member(None), "owner");
    }
}
