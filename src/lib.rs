//! revvy-apps: the credentials of Revvy applications in an encrypted store, a local SQLite
//! file or a shared PostgreSQL database.
//! The binary is a thin shell over [`run`].
#![deny(unsafe_code)]

pub mod app;
pub mod cli;
mod commands;
pub mod complete;
pub mod config;
pub mod context;
pub mod domain;
pub mod error;
pub mod generate;
pub mod hex;
pub mod output;
pub mod stats;
pub mod store;
pub mod sys;
mod terminal;

pub use app::run;
