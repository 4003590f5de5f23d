//! The tests that hold on every backend: each runs twice in the same `cargo test`, once with its
//! stores in SQLite files and once on a PostgreSQL server of its own (`…::sqlite::NAME` and
//! `…::postgres::NAME`, see `util::on_both_backends`). A test here that needs SQLite's file or
//! dialect says so with `on_postgres()`. A module belongs here or not: moving one in or out,
//! and listing its tests in its `on_both_backends!`, is the whole change.

mod governance;
mod identity;
mod lifecycle;
mod lifetime;
mod members;
mod scoped;
mod scripting;
