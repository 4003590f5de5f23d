//! The custody of a store: its passphrase, its copies, and which store a machine accepts.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Read the new passphrase from the first line of this file
    #[arg(long, value_name = "PATH")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The new store: a file path that does not exist yet, or a PostgreSQL URL whose schema holds no store
    #[arg(long, value_name = "TARGET")]
    pub to: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to bring back
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct AcceptStoreArgs {
    /// The store carries the id this machine knew but another secret (it was restored from a
    /// backup made before format 4): learn its secret anew at the next unlock
    #[arg(long)]
    pub new_secret: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (created 0600)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Overwrite FILE if it exists
    #[arg(long)]
    pub force: bool,
}
