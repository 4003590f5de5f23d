//! revvy-apps: the credentials of Revvy applications in a local, encrypted SQLite store.
//! The binary is a thin shell over [`run`].
#![deny(unsafe_code)]

pub mod app;
pub mod cli;
mod commands;
pub mod config;
pub mod context;
pub mod domain;
pub mod error;
pub mod generate;
pub mod output;
pub mod stats;
pub mod store;
pub mod sys;
mod terminal;

pub use app::run;
