//! Where a store is: a SQLite file, or a schema on a PostgreSQL server. Parsed once from
//! `--store` (or a copy's target), and every later step takes the parsed value: a URL is not
//! a path, and is not parsed again further down. Its `Display` is what messages name: the
//! path, or the URL without its password.

use std::fmt;
use std::path::Path;

use super::backend::postgres::target::{self, Target};
use crate::error::{Error, ErrorKind, Result};

pub use super::backend::Location;

impl Location {
    /// A `postgres://` or `postgresql://` URL names a server; anything else is a file.
    pub fn parse(store: &Path) -> Result<Self> {
        if target::is_url(store) {
            return Ok(Self::Postgres(Box::new(Target::parse(&store.to_string_lossy())?)));
        }
        if looks_like_conninfo(store) {
            // Not echoed: such a string may hold a password.
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "--store looks like a libpq connection string (key=value ...): revvy-apps takes a path, or a postgresql:// URL",
            )
            .with_hint("write it as postgresql://USER@HOST:PORT/DATABASE (the password in ~/.pgpass or PGPASSWORD)"));
        }
        Ok(Self::File(store.to_path_buf()))
    }

    /// The file, for what only a file has (its folder, its permissions, whether it exists).
    pub fn file(&self) -> Option<&Path> {
        match self {
            Self::File(path) => Some(path),
            Self::Postgres(_) => None,
        }
    }

    /// The backend's name, as `status` says it.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::File(_) => "sqlite",
            Self::Postgres(_) => "postgresql",
        }
    }
}

impl Location {
    /// The location as this machine's memory files it: a file resolved, a server by its hosts,
    /// ports, user, database and schema (never its password).
    pub fn canonical(&self) -> String {
        match self {
            Self::File(path) => file_location(path),
            Self::Postgres(target) => target.location(),
        }
    }

    /// How messages about this machine's memory name the location.
    pub fn pinned_as(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Postgres(target) => format!("{} (schema {})", target.shown, target.schema),
        }
    }

    /// There is no store here, and never was as far as this machine knows.
    pub fn not_found(&self) -> Error {
        match self {
            Self::File(path) => Error::new(ErrorKind::StoreNotFound, format!("there is no store at {}", path.display()))
                .with_hint("create one with `revvy-apps init`, or point --store / REVVY_APPS_STORE at an existing one"),
            Self::Postgres(target) => Error::new(
                ErrorKind::StoreNotFound,
                format!("there is no store in the schema {} at {}", target.schema, target.shown),
            )
            .with_hint(
                "create one with `revvy-apps init --store URL`, or set REVVY_APPS_PG_SCHEMA to the schema that holds it",
            ),
        }
    }
}

/// A store file's location: the file resolved (symbolic links, `..`) when it is there; else its
/// folder resolved and its own name as given, so that a store that is gone is named as it was.
/// (Two hard links to one file are two locations, as two host names of one server are to ssh.)
pub fn file_location(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = std::fs::canonicalize(&absolute) {
        return real.display().to_string();
    }
    let resolved = match (absolute.parent(), absolute.file_name()) {
        (Some(folder), Some(name)) => std::fs::canonicalize(folder).map_or(absolute.clone(), |dir| dir.join(name)),
        _ => absolute,
    };
    resolved.display().to_string()
}

/// `host=db dbname=revvy password=…`: libpq's other form of a connection string, which would
/// otherwise be taken for a file name (and named in messages, password and all).
fn looks_like_conninfo(store: &Path) -> bool {
    let text = store.to_string_lossy();
    let keys = ["host=", "hostaddr=", "dbname=", "user=", "password=", "port=", "sslmode="];
    text.split_whitespace().filter(|word| keys.iter().any(|key| word.starts_with(key))).count() >= 2
        || text.contains("password=")
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Postgres(target) => f.write_str(&target.shown),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_a_server_and_shown_without_its_password() {
        let url = Location::parse(Path::new("postgresql://alice:s3cret@db.example.com/revvy")).unwrap();
        assert_eq!(url.backend(), "postgresql");
        assert!(url.file().is_none());
        assert!(!url.to_string().contains("s3cret"), "{url}");
        let file = Location::parse(Path::new("/srv/revvy/store.db")).unwrap();
        assert_eq!((file.backend(), file.to_string()), ("sqlite", "/srv/revvy/store.db".to_owned()));
    }

    #[test]
    fn a_location_is_named_alike_with_or_without_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let before = file_location(&path);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(file_location(&path), before);
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(file_location(&dir.path().join("sub/../store.db")), before);
    }

    #[test]
    fn a_libpq_connection_string_is_refused_without_being_echoed() {
        let err = Location::parse(Path::new("host=db dbname=revvy password=s3cret")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(!err.full_message().contains("s3cret") && err.hint().is_some_and(|h| !h.contains("s3cret")));
        assert!(Location::parse(Path::new("./host=db.db")).is_ok(), "a file name with one = is a file");
    }
}
