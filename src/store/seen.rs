//! What this machine has seen of each store: per store id, the highest audit head it has
//! opened or written, in `$XDG_STATE_HOME/revvy-apps/seen/STORE-ID`. A store older than that
//! (an old copy put back, a database restored to a snapshot) is refused as rolled back.
//! Keyed heads make the comparison meaningful: nobody without the data key can write a head
//! that claims more events than the store holds.

use std::os::unix::fs::DirBuilderExt as _;
use std::path::{Path, PathBuf};

use super::audit::Head;
use super::crypto;
use crate::error::{Error, ErrorKind, Result};

/// The memory of one store on this machine.
#[derive(Debug)]
pub struct Seen {
    /// `None` when this machine has no state folder (no home): then nothing is remembered.
    file: Option<PathBuf>,
}

/// The part of a head that is remembered: how far the log went, and its last MAC there.
#[derive(Debug, PartialEq, Eq)]
pub struct Mark {
    pub last_id: i64,
    head_mac: String,
}

impl Seen {
    pub fn for_store(store_id: &[u8]) -> Self {
        let file = directories::ProjectDirs::from("", "", "revvy-apps")
            .and_then(|dirs| dirs.state_dir().map(Path::to_path_buf))
            .map(|dir| dir.join("seen").join(crypto::to_hex(store_id)));
        Self { file }
    }

    /// What this machine remembers. Read it *before* the store's head: a writer remembers
    /// only after its commit, so the head read afterwards is at least as far along, and a
    /// concurrent writer is never mistaken for a rollback.
    pub fn recall(&self) -> Option<Mark> {
        let text = std::fs::read_to_string(self.file.as_ref()?).ok()?;
        let (id, mac) = text.trim().split_once(' ')?;
        Some(Mark { last_id: id.parse().ok()?, head_mac: mac.to_owned() })
    }

    /// Refuses a store whose verified head is behind what this machine saw, or beside it (as
    /// far along, but another history).
    pub fn check(recalled: Option<&Mark>, head: &Head, store: &Path) -> Result<()> {
        let Some(seen) = recalled else { return Ok(()) };
        let now = Mark { last_id: head.last_id, head_mac: crypto::to_hex(&head.mac) };
        if now.last_id > seen.last_id || now == *seen {
            return Ok(());
        }
        let what = if now.last_id < seen.last_id {
            format!(
                "its audit log ends at event {}, but this machine has seen it reach event {}",
                now.last_id, seen.last_id
            )
        } else {
            format!("its audit log at event {} is not the one this machine saw there", now.last_id)
        };
        Err(Error::new(ErrorKind::RolledBack, format!("the store {} was rolled back: {what}", store.display())).with_hint(
            "an older copy of the store was put back, and changes made since are gone (a rotated secret may work again); \
             nothing was changed. If you restored it on purpose, move it aside and bring it back with `revvy-apps restore FILE`",
        ))
    }

    /// Remembers `head` if it is further than what was remembered (or unconditionally, for a
    /// deliberate restore). A failure is returned for the caller to warn about: the command
    /// itself succeeded.
    pub fn remember(&self, head: &Head, unconditionally: bool) -> std::io::Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        if !unconditionally && self.recall().is_some_and(|seen| seen.last_id >= head.last_id) {
            return Ok(());
        }
        let folder = file.parent().unwrap_or(Path::new("."));
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)?;
        // A whole new file renamed into place: a crash leaves the old memory or the new one.
        let staging =
            folder.join(format!(".{}.new-{}", std::process::id(), crypto::to_hex(&crypto::random_array::<4>())));
        std::fs::write(&staging, format!("{} {}\n", head.last_id, crypto::to_hex(&head.mac)))?;
        std::fs::rename(&staging, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&staging);
        })
    }

    pub fn describe(&self) -> String {
        self.file.as_ref().map_or_else(|| "(no state folder)".to_owned(), |f| f.display().to_string())
    }
}
