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

/// A refusal with its place in a text the user wrote (a manifest, the config file, the edit
/// buffer): 1-based line, and the column where the value starts when it is known. The file's
/// name is the caller's, given when the refusal becomes an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<E = Invalid> {
    pub line: usize,
    pub column: Option<usize>,
    pub error: E,
}

impl Located<Invalid> {
    /// The refusal at a byte offset of `text`.
    pub fn at_offset(text: &str, offset: usize, error: Invalid) -> Self {
        let (line, column) = line_col(text, offset);
        Self { line, column: Some(column), error }
    }

    /// Where it is, as compilers say it: `FILE:LINE:COLUMN`, or `line L, column C` with no file.
    pub fn place(&self, file: Option<&str>) -> String {
        match (file, self.column) {
            (Some(file), Some(column)) => format!("{file}:{}:{column}", self.line),
            (Some(file), None) => format!("{file}:{}", self.line),
            (None, Some(column)) => format!("line {}, column {column}", self.line),
            (None, None) => format!("line {}", self.line),
        }
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rfind('\n').map_or(before.chars().count(), |nl| before[nl + 1..].chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 2), (1, 2), "columns count characters, not bytes");
    }

    #[test]
    fn a_place_reads_as_a_compiler_would_write_it() {
        let at = Located { line: 3, column: Some(17), error: Invalid::new("bad", "fix") };
        assert_eq!(at.place(Some("apps.toml")), "apps.toml:3:17");
        assert_eq!(at.place(None), "line 3, column 17");
        assert_eq!(Located { column: None, ..at }.place(Some("apps.toml")), "apps.toml:3");
    }
}
