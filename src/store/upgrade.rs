//! Upgrading a store in place, inside the transaction of its first write, so a crash leaves
//! it in its old format or its new one, never between.

use super::audit;
use super::keys::Keys;
use super::sealing::Sealer;
use super::tables::Tables;
use crate::error::{Error, ErrorKind, Result};

/// Format 1 → 2: the audit events are sealed and chained again under their own subkeys, each
/// change filed under its application, and the head is keyed and counts the applications.
pub(super) fn to_format_2(tx: &dyn Tables, store_id: &[u8], keys: &Keys) -> Result<()> {
    let old = Sealer { store_id, keys, format: 1 };
    let events = audit::read_all(tx, &old).map_err(|err| {
        if err.kind() == ErrorKind::Tampered {
            Error::tampered(format!("cannot upgrade a damaged store to format 2: {}", err.message()))
        } else {
            err
        }
    })?;
    tx.upgrade_tables(2)?;
    let live_apps = tx.app_count()?;
    let new = Sealer { store_id, keys, format: 2 };
    audit::rewrite_chain(tx, &new, &events, live_apps)?;
    Ok(())
}
