//! A write's changes wait here until it next reads or commits, and then go to the server
//! together, in one message: a new backend pays a round trip per message, and an edit's
//! record, audit event and audit head are three. Every statement's row count is checked
//! when the answer comes, before anything else is sent; COMMIT only ever follows counts that
//! were all right, so a change that went astray still rolls the whole write back.

use tokio_postgres::SimpleQueryMessage;

use super::PgStorage;
use super::params::{Params, inline};
use crate::error::{Error, ErrorKind, Result};

/// More than this many bytes of statements waiting go out at once (a restore writes every
/// row of a store in one transaction).
const MOST_BYTES: usize = 1 << 20;

/// One statement waiting, the rows it must change, and the error when it changes none, if
/// that has a meaning of its own (an insert kept out by a unique column).
#[derive(Debug)]
struct Queued {
    sql: String,
    expected: u64,
    if_none: Option<Error>,
    /// The statement's text before its values, when a later one of the same text makes it
    /// moot (see [`PgStorage::execute_exact_superseding`]).
    superseded_by: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Queue {
    statements: Vec<Queued>,
    bytes: usize,
}

impl PgStorage {
    /// Starts holding back changes until the next read or the end of the transaction.
    pub(super) fn hold_changes(&self) {
        *self.queue.borrow_mut() = Some(Queue::default());
    }

    /// Stops holding back changes, dropping those that wait (the transaction is over).
    pub(super) fn drop_changes(&self) {
        *self.queue.borrow_mut() = None;
    }

    /// One INSERT, UPDATE or DELETE that must change exactly `expected` rows; anything else
    /// means something on the server (a trigger, a rule, a policy) interfered. Inside a
    /// transaction it waits for the next read or the commit.
    pub(super) fn execute_exact(&self, text: &str, params: Params<'_>, expected: u64) -> Result<()> {
        self.execute_exact_or(text, params, expected, None)
    }

    /// As [`PgStorage::execute_exact`] for a statement that sets the whole of one row (the
    /// store's audit head): a waiting one of the same text is dropped for it. A write of a
    /// thousand applications then updates that row once, not a thousand times — on a server
    /// each update leaves a row version behind that every later read steps over until the
    /// table is vacuumed.
    pub(super) fn execute_exact_superseding(&self, text: &str, params: Params<'_>, expected: u64) -> Result<()> {
        self.queue_or_run(text, params, expected, None, true)
    }

    /// As [`PgStorage::execute_exact`], failing with `if_none` when the statement changes no row.
    pub(super) fn execute_exact_or(
        &self,
        text: &str,
        params: Params<'_>,
        expected: u64,
        if_none: Option<Error>,
    ) -> Result<()> {
        self.queue_or_run(text, params, expected, if_none, false)
    }

    fn queue_or_run(
        &self,
        text: &str,
        params: Params<'_>,
        expected: u64,
        if_none: Option<Error>,
        superseding: bool,
    ) -> Result<()> {
        if self.queue.borrow().is_none() {
            let changed = self.execute(text, params)?;
            return check_count(text, changed, expected, if_none);
        }
        let sql = inline(&self.sql(text), params);
        let full = {
            let mut queue = self.queue.borrow_mut();
            let queue = queue.get_or_insert_default();
            let superseded_by = superseding.then(|| text.to_owned());
            if superseded_by.is_some() {
                queue.statements.retain(|q| q.superseded_by != superseded_by);
                queue.bytes = queue.statements.iter().map(|q| q.sql.len()).sum();
            }
            queue.bytes += sql.len();
            queue.statements.push(Queued { sql, expected, if_none, superseded_by });
            queue.bytes > MOST_BYTES
        };
        if full { self.send_changes() } else { Ok(()) }
    }

    /// Sends the changes that wait, in one message, and checks each one's row count.
    pub(super) fn send_changes(&self) -> Result<()> {
        let statements = match self.queue.borrow_mut().as_mut() {
            Some(queue) if !queue.statements.is_empty() => {
                queue.bytes = 0;
                std::mem::take(&mut queue.statements)
            }
            _ => return Ok(()),
        };
        let text: Vec<&str> = statements.iter().map(|q| q.sql.as_str()).collect();
        let answers = self.client().simple_query(&text.join(";\n")).map_err(|err| self.error(&err))?;
        let mut counts = answers.iter().filter_map(|answer| match answer {
            SimpleQueryMessage::CommandComplete(changed) => Some(*changed),
            _ => None,
        });
        for queued in statements {
            let Some(changed) = counts.next() else {
                return Err(Error::internal("the server answered fewer statements than it was sent"));
            };
            check_count(&queued.sql, changed, queued.expected, queued.if_none)?;
        }
        Ok(())
    }
}

fn check_count(sql: &str, changed: u64, expected: u64, if_none: Option<Error>) -> Result<()> {
    if changed == expected {
        return Ok(());
    }
    if let (0, Some(err)) = (changed, if_none) {
        return Err(err);
    }
    let table = sql
        .split_whitespace()
        .skip_while(|word| !matches!(*word, "INTO" | "UPDATE" | "FROM"))
        .nth(1)
        .and_then(|name| name.rsplit('.').next())
        .unwrap_or("?");
    Err(Error::new(
        ErrorKind::Tampered,
        format!(
            "a write to the table {table} changed {changed} row(s) where {expected} were meant: something on the server interfered with it"
        ),
    )
    .with_hint("nothing was changed; run `revvy-apps check`"))
}
