//! What this machine has seen of each store: per store id, the highest audit head it has
//! opened or written, in `$XDG_STATE_HOME/revvy-apps/seen/STORE-ID`. A store older than that
//! (an old copy put back, a database restored to a snapshot) is refused as rolled back.
//! Keyed heads make the comparison meaningful: nobody without the data key can write a head
//! that claims more events than the store holds.

use std::os::unix::fs::DirBuilderExt as _;
use std::path::{Path, PathBuf};

use super::audit::Head;
use crate::error::{Error, ErrorKind, Result};
use crate::store::seal::crypto;

/// The memory of one store on this machine.
#[derive(Debug)]
pub struct Seen {
    /// `None` when this machine has no state folder (no home): then nothing is remembered.
    file: Option<PathBuf>,
}

/// The part of a head that is remembered: how far the log went, how often usage records were
/// written (format 4; a head moves with each), and the head's MAC there.
#[derive(Debug, PartialEq, Eq)]
pub struct Mark {
    pub last_id: i64,
    pub usage_writes: i64,
    head_mac: String,
    /// The store's format there (0: remembered before formats were; a format never goes back).
    format: u32,
}

impl Mark {
    fn of(head: &Head, format: u32) -> Self {
        Self { last_id: head.last_id, usage_writes: head.usage.writes, head_mac: crypto::to_hex(&head.mac), format }
    }

    /// The store's format there.
    pub fn format(&self) -> u32 {
        self.format
    }

    /// How far along the store was: the log first, then the usage writes since.
    pub fn progress(&self) -> (i64, i64) {
        (self.last_id, self.usage_writes)
    }
}

/// How far along `head` is, as [`Mark::progress`] compares it.
pub fn progress(head: &Head) -> (i64, i64) {
    (head.last_id, head.usage.writes)
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
        // `ID MAC` before format 4, `ID USAGE-WRITES MAC` since, and the format since 5.
        let fields: Vec<&str> = text.split_whitespace().collect();
        let (id, writes, mac, format) = match fields.as_slice() {
            [id, mac] => (*id, "0", *mac, "0"),
            [id, writes, mac] => (*id, *writes, *mac, "0"),
            [id, writes, mac, format] => (*id, *writes, *mac, *format),
            _ => return None,
        };
        Some(Mark {
            last_id: id.parse().ok()?,
            usage_writes: writes.parse().ok()?,
            head_mac: mac.to_owned(),
            format: format.parse().ok()?,
        })
    }

    /// Refuses a store whose verified head is behind what this machine saw, or beside it (as
    /// far along, but another history).
    pub fn check(recalled: Option<&Mark>, head: &Head, format: u32, store: &Path) -> Result<()> {
        let Some(seen) = recalled else { return Ok(()) };
        let now = Mark::of(head, format);
        let format_kept = now.format >= seen.format;
        if format_kept && (now.progress() > seen.progress() || Mark { format: seen.format, ..now } == *seen) {
            return Ok(());
        }
        let what = if !format_kept {
            format!(
                "its format is {}, but this machine has seen it at format {} (a format never goes back)",
                now.format, seen.format
            )
        } else if now.last_id < seen.last_id {
            format!(
                "its audit log ends at event {}, but this machine has seen it reach event {}",
                now.last_id, seen.last_id
            )
        } else if now.usage_writes < seen.usage_writes {
            format!(
                "its last-use records were written {} time(s), but this machine has seen {} (older records were put back)",
                now.usage_writes, seen.usage_writes
            )
        } else {
            format!("its audit log at event {} is not the one this machine saw there", now.last_id)
        };
        Err(Error::new(ErrorKind::RolledBack, format!("the store {} was rolled back: {what}", store.display())).with_hint(
            "an older copy of the store was put back, or its server failed over to a standby that had not received the \
             latest commits, and changes made since are gone (a rotated secret may work again); nothing was changed. If \
             you restored it on purpose, move it aside and bring it back with `revvy-apps restore FILE`; to go on with the \
             store as it is now, run `revvy-apps accept-store`",
        ))
    }

    /// Remembers `head` if it is further than what was remembered (or unconditionally, for a
    /// deliberate restore). A failure is returned for the caller to warn about: the command
    /// itself succeeded.
    pub fn remember(&self, head: &Head, format: u32, unconditionally: bool) -> std::io::Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        if !unconditionally
            && self.recall().is_some_and(|seen| seen.progress() >= progress(head) && seen.format >= format)
        {
            return Ok(());
        }
        let folder = file.parent().unwrap_or(Path::new("."));
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)?;
        // A whole new file renamed into place: a crash leaves the old memory or the new one.
        let staging =
            folder.join(format!(".{}.new-{}", std::process::id(), crypto::to_hex(&crypto::random_array::<4>())));
        let mark = Mark::of(head, format);
        std::fs::write(
            &staging,
            format!("{} {} {} {}\n", mark.last_id, mark.usage_writes, mark.head_mac, mark.format),
        )?;
        std::fs::rename(&staging, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&staging);
        })
    }

    pub fn describe(&self) -> String {
        self.file.as_ref().map_or_else(|| "(no state folder)".to_owned(), |f| f.display().to_string())
    }
}

/// What this machine appended last to a scoped member's chain of events (format 6), in
/// `$XDG_STATE_HOME/revvy-apps/seen/STORE-ID.scoped.MEMBER.TAG`, the tag naming its scope key
/// (a member removed and added again, or a rekey, starts a chain anew): events removed from the chain
/// before a full member's write took them in (nothing in the store vouches for them) are
/// found by the machine that recorded them, at its next reveal or use.
#[derive(Debug)]
pub struct ChainMemory {
    file: Option<PathBuf>,
}

impl ChainMemory {
    pub fn for_member(store_id: &[u8], member: &str, tag: &[u8]) -> Self {
        let file = directories::ProjectDirs::from("", "", "revvy-apps")
            .and_then(|dirs| dirs.state_dir().map(Path::to_path_buf))
            .map(|dir| {
                dir.join("seen").join(format!("{}.scoped.{member}.{}", crypto::to_hex(store_id), crypto::to_hex(tag)))
            });
        Self { file }
    }

    /// The event this machine appended last: its number and MAC.
    pub fn recall(&self) -> Option<(i64, Vec<u8>)> {
        let text = std::fs::read_to_string(self.file.as_ref()?).ok()?;
        let (seq, mac) = text.trim().split_once(' ')?;
        Some((seq.parse().ok()?, crypto::from_hex(mac)?))
    }

    pub fn remember(&self, seq: i64, mac: &[u8]) -> std::io::Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        let folder = file.parent().unwrap_or(Path::new("."));
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)?;
        let staging =
            folder.join(format!(".{}.new-{}", std::process::id(), crypto::to_hex(&crypto::random_array::<4>())));
        std::fs::write(&staging, format!("{seq} {}\n", crypto::to_hex(mac)))?;
        std::fs::rename(&staging, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&staging);
        })
    }

    pub fn describe(&self) -> String {
        self.file.as_ref().map_or_else(|| "(no state folder)".to_owned(), |f| f.display().to_string())
    }
}

/// The events a scoped member recorded on this machine are no longer in the store.
pub fn events_removed(store: &Path, member: &str, seq: i64) -> Error {
    Error::new(
        ErrorKind::RolledBack,
        format!(
            "the store {} was rolled back: event {seq} that the scoped member {member:?} recorded on this machine is gone from its chain, and no full member's write took it into the audit log",
            store.display()
        ),
    )
    .with_hint("the store was altered outside revvy-apps, or an older copy put back; nothing was revealed. Tell a full member: `revvy-apps check`, and restore the store from a backup")
}
