//! End-to-end tests of the revvy-apps binary: one test binary, real processes, real files.
#![expect(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

mod assets;
mod both;
mod completion;
mod contract;
mod copy;
mod defence;
mod delivery;
mod docs;
mod golden;
mod golden_v5;
mod inject;
mod keys;
mod layout;
mod operators;
mod output;
mod pg;
mod pg_connect;
mod pg_ops;
mod postgres;
mod reliability;
mod scoped_tamper;
mod screen;
mod security;
mod snapshots;
mod tamper;
mod terminal;
mod util;
mod validation;
