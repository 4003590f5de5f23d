//! The tests that hold on every backend. `cargo test` runs them on SQLite with the rest; the
//! README's second command runs them again, and only them, with every store on a PostgreSQL
//! server of the test's own (`REVVY_APPS_TEST_BACKEND=postgres cargo test --test it both::`).
//! A test here that needs SQLite's file or dialect says so with `on_postgres()`.
//! A module belongs here, not in the command line: moving one in or out is the whole change.

mod governance;
mod identity;
mod lifecycle;
mod lifetime;
mod members;
mod scripting;
