//! Files are born private: the folder 0700, the store 0600, and a store that others can open
//! is refused, as ssh refuses a private key.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// Creates the folders leading to `path` that do not exist yet, each 0700. Existing folders
/// are left as they are: the user chose them.
pub fn create_parent_dirs(path: &Path) -> Result<()> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    if parent.exists() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(parent)
        .map_err(|err| Error::from(err).context(format!("cannot create the folder {}", parent.display())))
}

/// Creates `path` as a new, empty 0600 file; fails if it exists.
pub fn create_private_file(path: &Path) -> io::Result<()> {
    fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map(drop)
}

/// Refuses a store file (or its WAL companions) that group or others may read or write.
pub fn check_private(path: &Path) -> Result<()> {
    for file in [path.to_path_buf(), companion(path, "-wal"), companion(path, "-shm")] {
        let mode = match fs::metadata(&file) {
            Ok(meta) => meta.permissions().mode(),
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => {
                return Err(Error::from(err).context(format!("cannot read {}", file.display())));
            }
        };
        if mode & 0o077 != 0 {
            return Err(Error::new(
                ErrorKind::InsecurePermissions,
                format!("the store file {} is open to other users (mode {:04o})", file.display(), mode & 0o7777),
            )
            .with_hint(format!("run: chmod 600 {}", file.display())));
        }
    }
    Ok(())
}

/// `store.db` -> `store.db-wal`: SQLite's naming of the files beside a database.
pub fn companion(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}
