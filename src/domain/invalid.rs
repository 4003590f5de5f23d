//! How every validation failure is told: what broke which rule, and how to fix it. Its own
//! module so that the rules and the types they check (grants, statuses) both use it without
//! importing each other.

use std::fmt;

/// A value broke a rule: what, which rule, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub message: String,
    pub fix: String,
}

impl Invalid {
    pub fn new(message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { message: message.into(), fix: fix.into() }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
