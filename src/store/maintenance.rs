//! Store-wide operations: a new passphrase, a new data key, a backup. Each change is one
//! transaction, so a crash leaves the old state or the new one, never a mix.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension as _, params};

use super::audit::{self, StoredEvent};
use super::crypto::SecretKey;
use super::keys::Keys;
use super::records::{Row, Sealer, Writer};
use super::schema::{self, execute_exact};
use super::{Header, LockedStore, Passphrase, Store, fs};
use crate::domain::audit::Event;
use crate::error::{Error, ErrorKind, Result};

/// What `rekey` sealed again.
#[derive(Debug, Clone, Copy)]
pub struct RekeyReport {
    pub applications: usize,
    pub events: usize,
    pub sessions_ended: usize,
}

impl Store {
    /// The header as unlocked, ready for a new key slot.
    fn header(&self) -> Header {
        Header {
            store_id: self.state.store_id.clone(),
            salt: Vec::new(),
            kdf: self.state.kdf,
            wrapped_key: Vec::new(),
            checksum: Vec::new(),
        }
    }

    fn save_key_slot(tx: &Connection, header: &Header) -> Result<()> {
        execute_exact(
            tx,
            "UPDATE store_header SET kdf_salt = ?1, wrapped_key = ?2, checksum = ?3",
            params![header.salt, header.wrapped_key, header.checksum],
            1,
        )
    }

    /// Wraps the data key under a new passphrase (with a new salt) and ends every session,
    /// in one transaction. Returns how many sessions were ended.
    pub fn change_passphrase(&mut self, new: &Passphrase, event: &Event) -> Result<usize> {
        let mut header = self.header();
        header.seal_key_slot(new, &self.keys.data_key)?;
        let ended = self.write(|w| {
            Self::save_key_slot(w.tx, &header)?;
            let ended = w.tx.execute("DELETE FROM sessions", [])?;
            w.record(event)?;
            Ok(ended)
        })?;
        self.state.header_checksum = header.checksum;
        Ok(ended)
    }

    /// A new data key: every application and every audit event is sealed again and the chain
    /// rebuilt, the key slot rewritten and the sessions ended, in one transaction. The WAL is
    /// then truncated so no page under the old key stays in the files.
    pub fn rekey(
        &mut self,
        passphrase: &Passphrase,
        event_after: impl FnOnce(&RekeyReport) -> Event,
    ) -> Result<RekeyReport> {
        let new_keys = Keys::from_data_key(SecretKey::random());
        let mut header = self.header();
        header.seal_key_slot(passphrase, &new_keys.data_key)?;
        let tx = super::begin_checked(&mut self.conn, &self.state, &self.keys)?;
        let old = Sealer { store_id: &self.state.store_id, keys: &self.keys, format: schema::FORMAT_VERSION };
        let new = Sealer { store_id: &self.state.store_id, keys: &new_keys, format: schema::FORMAT_VERSION };
        audit::verified_head(&tx, &old)?;

        let rows: Vec<Row> = tx
            .prepare("SELECT id, version, sealed FROM applications ORDER BY id")?
            .query_map([], Row::read)?
            .collect::<rusqlite::Result<_>>()?;
        let applications = rows.len();
        for row in rows {
            let stored = old.open(row).map_err(refuse_damaged)?;
            // The version stays: it is what the audit log recorded, and the old ciphertext
            // cannot come back under the new key anyway.
            let sealed = new.seal(stored.row_id, stored.version, &stored.app);
            execute_exact(
                &tx,
                "UPDATE applications SET client_id_mac = ?1, name_mac = ?2, version = ?3, sealed = ?4 WHERE id = ?5",
                params![
                    &new.client_id_mac(&stored.app.client_id)[..],
                    &new.name_mac(&stored.app.name)[..],
                    stored.version,
                    sealed,
                    stored.row_id
                ],
                1,
            )?;
        }

        let events: Vec<StoredEvent> = audit::read_all(&tx, &old).map_err(refuse_damaged)?;
        let head = audit::rewrite_chain(&tx, &new, &events, i64::try_from(applications).unwrap_or(i64::MAX))?;
        Self::save_key_slot(&tx, &header)?;
        let sessions_ended = tx.execute("DELETE FROM sessions", [])?;
        let report = RekeyReport { applications, events: events.len(), sessions_ended };
        let mut writer = Writer { tx: &tx, sealer: new, head };
        writer.record(&event_after(&report))?;
        let head = writer.head;
        tx.commit()?;
        self.keys = new_keys;
        self.state.header_checksum = header.checksum;
        self.committed(&head);
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).optional()?;
        Ok(report)
    }
}

fn refuse_damaged(err: Error) -> Error {
    if err.kind() == ErrorKind::Tampered {
        Error::tampered(format!("cannot rekey a damaged store: {}", err.message()))
    } else {
        err
    }
}

impl LockedStore {
    /// A consistent copy through SQLite's online backup API, made 0600. No key is needed: the
    /// copy is as encrypted as the store. It holds no sessions: a token that `lock --all`
    /// ended must not open a copy made before.
    pub fn backup_to(&self, dest: &Path, force: bool) -> Result<()> {
        copy_without_sessions(&self.conn, dest, force)
    }

    pub fn store_id(&self) -> &[u8] {
        &self.state.store_id
    }
}

impl Store {
    /// Puts this store — an unlocked backup — in place of the store at `target`, with `event`
    /// recorded in it, and makes this machine accept it from now on. The copy is prepared
    /// beside the target (sessions gone, upgraded, audited) and then copied in through SQLite's
    /// backup API, under SQLite's locks, so a process reading the target never sees half of
    /// it. Returns how many applications and events the restored store holds.
    pub fn restore_to(&self, target: &Path, event: &Event) -> Result<(usize, usize)> {
        fs::create_parent_dirs(target)?;
        let staging =
            fs::companion(target, &format!(".restore-{}", super::crypto::to_hex(&super::crypto::random_array::<8>())));
        let result = (|| -> Result<((usize, usize), audit::Head)> {
            copy_without_sessions(&self.conn, &staging, false)?;
            let locked = LockedStore::open_backup(&staging)?;
            let mut copy = Store {
                seen: super::seen::Seen::for_store(&locked.state.store_id),
                conn: locked.conn,
                state: locked.state,
                keys: Keys::from_data_key(self.keys.data_key.clone()),
            };
            copy.write(|w| w.record(event))?;
            let counts = (copy.list()?.apps.len(), copy.events()?.len());
            let head = copy.verified_head()?;
            install(&copy.conn, target)?;
            Ok((counts, head))
        })();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(fs::companion(&staging, suffix));
        }
        let (counts, head) = result?;
        self.remember(&head, true);
        Ok(counts)
    }
}

/// Copies the database behind `source` over `target`, in one step of SQLite's backup API. A
/// target that is missing, or so damaged that SQLite cannot open it, is made anew.
fn install(source: &Connection, target: &Path) -> Result<()> {
    let copy_into = |target: &Path| -> Result<()> {
        let mut conn = Connection::open_with_flags(
            target,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        schema::configure(&conn)?;
        rusqlite::backup::Backup::new(source, &mut conn)?.run_to_completion(
            i32::MAX,
            std::time::Duration::ZERO,
            None,
        )?;
        conn.close().map_err(|(_, err)| Error::from(err))
    };
    if target.exists() {
        match copy_into(target) {
            Ok(()) => return Ok(()),
            Err(err) if err.kind() == ErrorKind::Tampered => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(fs::companion(target, suffix));
                }
            }
            Err(err) => return Err(err),
        }
    }
    fs::create_private_file(target)
        .map_err(|err| Error::from(err).context(format!("cannot create {}", target.display())))?;
    copy_into(target)
}

/// A consistent copy of the database behind `source` in a new 0600 file, without sessions.
fn copy_without_sessions(source: &Connection, dest: &Path, force: bool) -> Result<()> {
    if dest.exists() {
        if !force {
            return Err(Error::new(ErrorKind::Conflict, format!("{} already exists", dest.display()))
                .with_hint("choose another file, or pass --force to overwrite it"));
        }
        std::fs::remove_file(dest)
            .map_err(|err| Error::from(err).context(format!("cannot replace {}", dest.display())))?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(fs::companion(dest, suffix));
        }
    }
    fs::create_parent_dirs(dest)?;
    fs::create_private_file(dest)
        .map_err(|err| Error::from(err).context(format!("cannot create {}", dest.display())))?;
    let result = (|| -> Result<()> {
        let mut copy = Connection::open(dest)?;
        rusqlite::backup::Backup::new(source, &mut copy)?.run_to_completion(256, std::time::Duration::ZERO, None)?;
        schema::configure(&copy)?;
        // Zeroed, not only unlinked: the wrapped session keys leave no trace in the copy.
        copy.execute_batch("PRAGMA secure_delete = ON; DELETE FROM sessions;")?;
        copy.close().map_err(|(_, err)| Error::from(err))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result.map_err(|err| err.context(format!("cannot write the copy {}", dest.display())))
}
