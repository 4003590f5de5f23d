//! Making a store on the server, and putting a backup in place of one: each one transaction
//! that creates the tables and fills them.

use super::target::Target;
use super::{PgStorage, schema, typed};
use crate::error::{Error, ErrorKind, Result};
use crate::store::tables::Tables;

impl PgStorage {
    /// Creates the store's tables in its schema and runs `build` on them, in one transaction.
    /// A schema that already holds a store is a conflict.
    pub(in crate::store) fn create_store<T>(&self, build: impl FnOnce(&dyn Tables) -> Result<T>) -> Result<T> {
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
            self.batch(&schema::create_statements())?;
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
    /// ids) in place of the store the schema holds, or makes it there if it holds none. One
    /// transaction drops the store's tables — with any trigger, rule, policy or index planted
    /// on them — makes them anew and fills them: a reader sees the old store or the restored
    /// one, and open sessions end. Anything else planted in the schema is refused.
    fn replace_store(&self, source: &dyn Tables, format: u32) -> Result<()> {
        self.begin("")?;
        self.hold_changes();
        let result = (|| {
            self.batch(&format!("CREATE SCHEMA IF NOT EXISTS {}", self.target.schema))?;
            self.batch(&schema::drop_statements())?;
            self.batch(&schema::create_statements())?;
            crate::store::tables::copy_rows(source, self, format)?;
            let problems = schema::problems(self, schema::FORMAT, true)?;
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

/// Puts the store behind `source` (a backup being restored) in place of the one at the server
/// `url`, or there if it holds none.
pub(in crate::store) fn replace_store(source: &dyn Tables, target: &Target) -> Result<()> {
    let storage = PgStorage::connect(target.clone())?;
    storage.replace_store(source, crate::store::FORMAT_VERSION)
}
