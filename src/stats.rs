//! Work counters for tests and benchmarks: key derivations, SQL statements, records opened
//! and round trips to a PostgreSQL server per command. Printed on stderr when `REVVY_APPS_DEBUG_STATS` is set, so a test can assert
//! that a session derives no key or that `show` opens one row — guards that, unlike timings,
//! do not depend on a noisy machine. Off, they cost one relaxed atomic add where they count.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

pub const ENV: &str = "REVVY_APPS_DEBUG_STATS";

static KEY_DERIVATIONS: AtomicU64 = AtomicU64::new(0);
static SQL_STATEMENTS: AtomicU64 = AtomicU64::new(0);
static RECORDS_OPENED: AtomicU64 = AtomicU64::new(0);
static ROUND_TRIPS: AtomicU64 = AtomicU64::new(0);

pub fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os(ENV).is_some_and(|v| !v.is_empty()))
}

pub fn key_derived() {
    KEY_DERIVATIONS.fetch_add(1, Ordering::Relaxed);
}

pub fn record_opened() {
    RECORDS_OPENED.fetch_add(1, Ordering::Relaxed);
}

/// Counts a statement sent to a PostgreSQL server.
pub fn statement_sent() {
    SQL_STATEMENTS.fetch_add(1, Ordering::Relaxed);
}

/// Counts a message sent to a PostgreSQL server and waited for: one statement, or several
/// sent together.
pub fn round_trip() {
    ROUND_TRIPS.fetch_add(1, Ordering::Relaxed);
}

pub fn report() {
    if enabled() {
        eprintln!(
            "revvy-apps stats: key_derivations={} sql_statements={} records_opened={} round_trips={}",
            KEY_DERIVATIONS.load(Ordering::Relaxed),
            SQL_STATEMENTS.load(Ordering::Relaxed),
            RECORDS_OPENED.load(Ordering::Relaxed),
            ROUND_TRIPS.load(Ordering::Relaxed)
        );
    }
}
