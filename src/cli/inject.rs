//! `inject`: a template's `{{ revvy://APP/FIELD }}` references filled in.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct InjectArgs {
    /// The template; - or none reads stdin
    #[arg(short = 'i', long = "in-file", value_name = "TEMPLATE")]
    pub input: Option<PathBuf>,

    /// Replace the -o FILE if it exists (-o FILE writes 0600, through a temporary file and a
    /// rename, instead of stdout)
    #[arg(long)]
    pub force: bool,

    /// Deliver the credentials of a disabled application too
    #[arg(long)]
    pub allow_disabled: bool,
}
