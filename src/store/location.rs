//! Where a store is: a SQLite file, or a schema on a PostgreSQL server. Parsed once from
//! `--store` (or a copy's target), and every later step takes the parsed value: a URL is not
//! a path, and is not parsed again further down. Its `Display` is what messages name: the
//! path, or the URL without its password.

use std::fmt;
use std::path::{Path, PathBuf};

use super::pins::{self, PinFile};
use super::postgres::target::{self, Target};
use crate::error::Result;

#[derive(Debug, Clone)]
pub enum Location {
    File(PathBuf),
    Postgres(Box<Target>),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL names a server; anything else is a file.
    pub fn parse(store: &Path) -> Result<Self> {
        if target::is_url(store) {
            Ok(Self::Postgres(Box::new(Target::parse(&store.to_string_lossy())?)))
        } else {
            Ok(Self::File(store.to_path_buf()))
        }
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

    /// What this machine remembers of the store at this location.
    pub(super) fn pin(&self) -> PinFile {
        match self {
            Self::File(path) => PinFile::for_location(pins::file_location(path), path.display().to_string()),
            Self::Postgres(target) => {
                PinFile::for_location(target.location(), format!("{} (schema {})", target.shown, target.schema))
            }
        }
    }
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
}
