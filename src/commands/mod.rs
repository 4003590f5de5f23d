//! One module per group of subcommands. Each command takes the context, and the unlocked store
//! when it needs one, and hands its results to the output.

pub mod apply;
pub mod create;
pub mod edit;
pub mod editor;
pub mod governance;
pub mod init;
pub mod keys;
pub mod lifecycle;
pub mod read;
pub mod session;
pub mod settings;
pub mod verify;
