//! End-to-end tests of the revvy-apps binary: one test binary, real processes, real files.

mod concurrency;
mod lifecycle;
mod output;
mod security;
mod util;
mod validation;
