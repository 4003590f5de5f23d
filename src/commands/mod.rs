//! One module per group of subcommands. Each command takes the context, and the unlocked store
//! when it needs one, and hands its results to the output.

pub mod apply;
pub mod audit;
pub mod create;
pub mod custody;
pub mod edit;
pub mod editor;
pub mod init;
pub mod lifecycle;
pub mod read;
pub mod session;
pub mod settings;
pub mod verify;
