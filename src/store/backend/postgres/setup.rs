//! Making a store on the server, and putting a backup in place of one: each one transaction
//! that creates the tables and fills them.

use std::path::PathBuf;

use super::target::Target;
use super::{PgStorage, schema, typed};
use crate::error::{Error, ErrorKind, Result};
use crate::store::backend::{Handle, OpenFor, Opened, Tables};

/// Opens the store in the schema at `target`; `None` when the schema holds none. The pin is
/// checked where planted objects could act — inside every write, which expects the schema as
/// revvy-apps made it and reads the whole catalog otherwise — and by `check`. A read needs
/// none: a row it reads is sealed, and an object the server answers with instead fails
/// authentication (exit 7) all the same.
pub fn open(target: &Target, purpose: OpenFor<'_>) -> Result<Option<Opened>> {
    let storage = PgStorage::connect(target.clone())?;
    let Some((format, first)) = storage.store_format(purpose.session, purpose.write_now, purpose.scopes_known)? else {
        return Ok(None);
    };
    let schema_generation = if purpose.check { storage.schema_generation()? } else { schema::pinned(format) };
    Ok(Some(Opened {
        shown: PathBuf::from(storage.shown()),
        storage: Handle::Postgres(storage),
        read_only: false,
        format,
        schema_generation,
        schema_checked: purpose.check,
        first,
    }))
}

impl PgStorage {
    /// Creates the store's tables of `format` (3 or later) in its schema and runs `build` on
    /// them, in one transaction. A schema that already holds a store is a conflict.
    pub fn create_store<T>(&self, format: u32, build: impl FnOnce(&dyn Tables) -> Result<T>) -> Result<T> {
        let format = format.clamp(schema::OLDEST_FORMAT, schema::FORMAT);
        self.begin("")?;
        self.hold_changes();
        let result = (|| {
            self.batch(&format!("CREATE SCHEMA IF NOT EXISTS {}", self.target.schema))?;
            if self.store_exists()? {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!("a store already exists in the schema {} at {}", self.target.schema, self.target.shown),
                )
                .with_hint("use it, or set REVVY_APPS_PG_SCHEMA to another schema"));
            }
            self.batch(&schema::create_statements(format))?;
            self.format.set(format);
            let value = build(self)?;
            self.commit()?;
            Ok(value)
        })();
        if result.is_err() {
            let _ = self.roll_back();
        }
        self.drop_changes();
        result
    }

    /// Puts the rows of `source` (a backup being restored: the same store id, keys and row
    /// ids, of `format`) in place of the store the schema holds, or makes it there if it holds
    /// none, with the tables of that format. One transaction drops the store's tables — with
    /// any trigger, rule, policy or index planted on them — makes them anew and fills them: a
    /// reader sees the old store or the restored one, and open sessions end. Anything else
    /// planted in the schema is refused.
    pub fn replace_store(&self, source: &dyn Tables, format: u32) -> Result<()> {
        let made = format.clamp(schema::OLDEST_FORMAT, schema::FORMAT);
        self.begin("")?;
        self.hold_changes();
        let result = (|| {
            self.batch(&format!("CREATE SCHEMA IF NOT EXISTS {}", self.target.schema))?;
            self.batch(&schema::drop_statements())?;
            self.batch(&schema::create_statements(made))?;
            self.format.set(made);
            crate::store::backend::copy_rows(source, self, format)?;
            let problems = schema::problems(self, made, true)?;
            if !problems.is_empty() {
                return Err(Error::tampered(format!(
                    "the schema {} at {} holds what a restore does not replace: {}",
                    self.target.schema,
                    self.target.shown,
                    problems.join("; ")
                ))
                .with_hint("drop those objects, then restore again; nothing was changed"));
            }
            self.commit()
        })();
        if result.is_err() {
            let _ = self.roll_back();
        }
        self.drop_changes();
        result
    }

    /// Whether the schema holds a store (its header table).
    pub(in crate::store) fn store_exists(&self) -> Result<bool> {
        let row = self.query_opt(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'store'",
            &[typed(&self.target.schema)],
        )?;
        Ok(row.is_some())
    }
}
