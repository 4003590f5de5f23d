//! Every statement revvy-apps sends runs in a transaction that first sets what the commands
//! need of a session, with `SET LOCAL`: the settings end with the transaction, so a pooled
//! server connection (PgBouncer in transaction or session mode) goes back to the pool as it
//! came, and nothing is asked at startup (a pooler refuses the startup `options`). The
//! settings travel in the message that carries the transaction's first statement, never in a
//! round trip of their own: prefixed to a message of simple statements (several statements in
//! one message are one transaction), or sent ahead of a statement with parameters, with its
//! COMMIT behind it, in one exchange (see `blocking`).

use std::time::Duration;

use super::PgStorage;
use super::target::Target;
use crate::error::Result;

/// What every transaction sets first, on `target`'s server:
/// - `jit = off`: every statement here is a small indexed read or write, where JIT compiling
///   never pays; on a store the server has not analysed yet (estimates of thousands of rows in
///   a singleton) it would compile for ~100 ms.
/// - `lock_timeout`: no statement waits more than 30 s (or the statement timeout, if less)
///   for a lock held by a restore or an administrator's DDL.
/// - `statement_timeout`: nor longer than `REVVY_APPS_PG_TIMEOUT` for anything; and
///   `idle_in_transaction_session_timeout`: a client that stops mid-transaction (killed,
///   paused, cut off) holds the write lock no longer than that.
/// - `bytea_output = hex`: bytes read as text (a command's first statement) come in hex,
///   whatever the server's, the role's or the database's default.
/// - `search_path`: the system catalog only (pg_temp last, as for a SECURITY DEFINER
///   function). Every table is named with its schema, and an operator or function planted in
///   another schema, or a role's own search_path, changes nothing.
pub(super) fn settings(target: &Target) -> String {
    let timeout = target.statement_timeout.as_millis();
    let lock = target.statement_timeout.min(Duration::from_secs(30)).as_millis();
    format!(
        "SET LOCAL jit = off; SET LOCAL lock_timeout = {lock}; SET LOCAL statement_timeout = {timeout}; \
         SET LOCAL idle_in_transaction_session_timeout = {timeout}; SET LOCAL bytea_output = hex; \
         SET LOCAL search_path = pg_catalog, pg_temp"
    )
}

impl PgStorage {
    /// Opens a transaction (`how`: `BEGIN`'s own options), with the settings.
    pub(super) fn begin(&self, how: &str) -> Result<()> {
        self.in_transaction.set(true);
        let begun = self.batch(&format!("BEGIN{how}; {}", self.settings));
        if begun.is_err() {
            let _ = self.roll_back();
        }
        begun
    }

    pub(super) fn commit(&self) -> Result<()> {
        let ended = self.batch("COMMIT");
        self.in_transaction.set(false);
        ended
    }

    /// Ends the transaction without its changes, the waiting ones included.
    pub(super) fn roll_back(&self) -> Result<()> {
        self.drop_changes();
        let ended = self.batch("ROLLBACK");
        self.in_transaction.set(false);
        ended
    }

    /// Outside a transaction, the message that opens one with the settings, to go ahead of a
    /// statement with parameters (with COMMIT after it); inside one, nothing.
    pub(super) fn opening(&self) -> Option<&str> {
        (!self.in_transaction.get()).then_some(self.begin_alone.as_str())
    }

    /// Simple statements (`text`), as the message to send: outside a transaction, after the
    /// settings, which then hold until the message's last statement.
    pub(super) fn with_settings(&self, text: &str) -> String {
        if self.in_transaction.get() { text.to_owned() } else { format!("{}; {text}", self.settings) }
    }
}
