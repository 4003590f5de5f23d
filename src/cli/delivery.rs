//! `run` and `export`: the credentials delivered to another program.

use clap::{ArgAction, Args, ValueEnum};

#[derive(Debug, Args)]
pub struct DeliveryArgs {
    /// The applications (names or client IDs)
    #[arg(value_name = "APP")]
    pub apps: Vec<String>,

    /// Name one application's variables PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,

    /// Also set NAME to a field of an application, listed or not (repeatable)
    #[arg(long = "env", value_name = "NAME=APP.FIELD", action = ArgAction::Append)]
    pub mappings: Vec<String>,

    /// Deliver the credentials of a disabled application too
    #[arg(long)]
    pub allow_disabled: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub delivery: DeliveryArgs,

    /// The command and its arguments, after `--`
    #[arg(value_name = "COMMAND", last = true, required = true, num_args = 1..)]
    pub command: Vec<std::ffi::OsString>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// `export NAME=...` lines for a POSIX shell (eval-safe)
    Env,
    /// A .env file for docker compose and python-dotenv
    Dotenv,
    /// One JSON object
    Json,
    /// A Kubernetes v1 Secret manifest (stringData)
    K8s,
    /// GitHub Actions: masks on stdout, variables appended to $GITHUB_ENV
    Github,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub delivery: DeliveryArgs,

    /// The form to write: env (POSIX shell), dotenv, json, k8s (a v1 Secret) or github
    #[arg(long, value_name = "FORMAT", hide_possible_values = true)]
    pub format: ExportFormat,

    /// Replace the --output FILE if it exists (--output FILE writes 0600, through a
    /// temporary file and a rename, instead of stdout)
    #[arg(long)]
    pub force: bool,

    /// The Secret's name (k8s; default: the application's name)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// The Secret's namespace (k8s)
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
}
