//! The command line, as data: clap definitions only. The same definition feeds the binary,
//! the completions and the man pages.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

mod access;
mod custody;
mod delivery;
mod inject;
mod parse;
mod read;
pub use access::{AccessAddArgs, AccessArgs, AccessCommand, AccessRemoveArgs, AccessScopeArgs};
pub use custody::{AcceptStoreArgs, BackupArgs, CopyArgs, PasswdArgs, RestoreArgs};
pub use delivery::{DeliveryArgs, ExportArgs, ExportFormat, RunArgs};
pub use inject::InjectArgs;
pub use read::{ListArgs, LogArgs};

const AFTER_HELP: &str = "\
Environment:
  REVVY_APPS_STORE            path of the store (like --store)
  REVVY_APPS_CONFIG           path of the config file (like --config)
  REVVY_APPS_PASSPHRASE_FILE  file whose first line is the passphrase
  REVVY_APPS_PASSPHRASE       the passphrase itself
  REVVY_APPS_AS               the passphrase member to unlock as (like --as)
  REVVY_APPS_IDENTITY_FILE    a member's key file (like --identity-file)
  REVVY_APPS_IDENTITY         a machine member's key itself
  REVVY_APPS_ACTOR            a note the audit log keeps beside the member
  PAGER                       the pager of log on a terminal (default: less -FRX; empty: none)
  NO_COLOR                    disable colour

Exit status: 0 ok, 1 unexpected failure, 2 bad input, 3 not found, 4 conflict,
5 authentication, 6 store unavailable, 7 integrity, permissions or rollback, 8 check --expiring
found secrets due, 130 interrupted;
run: the command's own status, or 126 (cannot execute) / 127 (not found).";

/// The program's name, in help, usage and the generated pages.
pub const NAME: &str = "revvy-apps";

#[derive(Debug, Parser)]
#[command(name = NAME)]
// No argument group of its own: the root is `GlobalArgs` and the subcommands (see `parse`).
#[group(skip)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The whole command tree, every subcommand's arguments built (a command line builds only
    /// its own: see [`Command`]), as the completions and the man pages need it. Built once to
    /// run what was deferred, then built again around those subcommands, so that clap's
    /// `help` subcommand, which it makes from the others, has theirs too.
    pub fn full_command() -> clap::Command {
        use clap::CommandFactory as _;
        let mut expanded = Self::command();
        expanded.build();
        Self::command().mut_subcommands(|sub| expanded.find_subcommand(sub.get_name()).cloned().unwrap_or(sub))
    }
}

const GLOBAL: &str = "Global options";

#[derive(Debug, Args)]
// The root's own settings, with its options: a root built from these alone, plus some of the
// subcommands, is the root of `Cli` with fewer subcommands (see `parse`).
#[command(
    version,
    about = "Keep the credentials of Revvy applications in an encrypted store",
    long_about = "Keep the credentials of Revvy applications (client IDs and client secrets, with their \
                  OAuth settings) in an encrypted store: a local SQLite file, or a PostgreSQL database \
                  that a team shares (--store postgres://...).",
    after_help = AFTER_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct GlobalArgs {
    /// Path of the store [default: $XDG_DATA_HOME/revvy-apps/store.db]
    #[arg(long, global = true, env = "REVVY_APPS_STORE", hide_env_values = true, value_name = "PATH", help_heading = GLOBAL)]
    pub store: Option<PathBuf>,

    /// Path of the config file [default: $XDG_CONFIG_HOME/revvy-apps/config.toml]
    #[arg(long, global = true, env = "REVVY_APPS_CONFIG", hide_env_values = true, value_name = "PATH", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,

    /// Output format: table or json (for export and inject: the file to write)
    #[arg(short = 'o', long, global = true, value_name = "FORMAT", value_parser = parse_output, help_heading = GLOBAL)]
    pub output: Option<OutputOption>,

    /// Same as --output json
    #[arg(long, global = true, conflicts_with = "output", help_heading = GLOBAL)]
    pub json: bool,

    /// Print client secrets in full (recorded in the audit log)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub reveal: bool,

    /// Print no messages on stderr, only errors
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,

    /// Answer yes to confirmations (needed off a terminal for delete and regenerate)
    #[arg(short = 'y', long, global = true, help_heading = GLOBAL)]
    pub yes: bool,

    /// Read the passphrase from the first line of this file
    #[arg(long, global = true, env = "REVVY_APPS_PASSPHRASE_FILE", hide_env_values = true, value_name = "PATH", help_heading = GLOBAL)]
    pub passphrase_file: Option<PathBuf>,

    /// Unlock as this passphrase member (when several have a passphrase)
    #[arg(long = "as", global = true, env = "REVVY_APPS_AS", hide_env_values = true, value_name = "MEMBER", help_heading = GLOBAL)]
    pub as_member: Option<String>,

    /// Unlock with this key file: a machine member's key, an age identity or an OpenSSH key
    #[arg(long, global = true, env = "REVVY_APPS_IDENTITY_FILE", hide_env_values = true, value_name = "PATH", help_heading = GLOBAL)]
    pub identity_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

/// The value of `-o, --output`: a format for every command; for `export`, the file to write
/// (the design gives `export` `--output FILE`, and one flag cannot mean two options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputOption {
    Format(OutputFormat),
    File(PathBuf),
}

impl OutputOption {
    pub fn format(&self) -> Option<OutputFormat> {
        match self {
            Self::Format(format) => Some(*format),
            Self::File(_) => None,
        }
    }

    /// The value as a file name (`export` and `inject` refuse the bare words `json` and `table`).
    pub fn file(&self) -> PathBuf {
        match self {
            Self::Format(OutputFormat::Table) => PathBuf::from("table"),
            Self::Format(OutputFormat::Json) => PathBuf::from("json"),
            Self::File(path) => path.clone(),
        }
    }
}

fn parse_output(text: &str) -> Result<OutputOption, String> {
    match text {
        "table" => Ok(OutputOption::Format(OutputFormat::Table)),
        "json" => Ok(OutputOption::Format(OutputFormat::Json)),
        "" => Err("give table or json".to_owned()),
        path => Ok(OutputOption::File(PathBuf::from(path))),
    }
}

#[derive(Debug, Subcommand)]
// Each subcommand's arguments are built only when a command line names it (or help, the
// completions and the man pages ask for all of them): building all 24 cost a fresh `show`
// ~0.15 ms (125 k instructions and two dozen pages of heap). So no argument struct of a subcommand carries a doc comment —
// deferred, it would replace the subcommand's `about`.
#[command(defer = true)]
pub enum Command {
    /// Create a new store and its first member (--as NAME, default: your user name); asks for a passphrase twice
    #[command(
        after_help = "Examples:\n  revvy-apps init\n  revvy-apps init --as alice\n  REVVY_APPS_PASSPHRASE_FILE=~/.revvy-pass revvy-apps init --kdf-memory 512"
    )]
    Init(InitArgs),

    /// Register an application and issue its credentials
    #[command(
        after_help = "Examples:\n  revvy-apps create --name billing-sync\n  revvy-apps create --name portal --grant code --grant refresh --callback-url https://portal.example.com/cb\n  revvy-apps create --name billing-sync --json --reveal | jq -r .client_secret"
    )]
    Create(CreateArgs),

    /// List applications, secrets masked
    #[command(
        after_help = "Examples:\n  revvy-apps list\n  revvy-apps list --status disabled --tenant acme\n  revvy-apps list --json | jq -r '.[].client_id'"
    )]
    List(ListArgs),

    /// Show one application in full, secret masked
    #[command(
        after_help = "Examples:\n  revvy-apps show billing-sync\n  revvy-apps show rva_3kF9... --json --reveal | jq -r .client_secret"
    )]
    Show(AppArg),

    /// Change the settings of an application; only what is passed changes
    #[command(
        after_help = "Examples:\n  revvy-apps edit billing-sync --add-scope invoices:write\n  revvy-apps edit billing-sync --name billing-sync-v2 --access-token-lifetime 15m\n  revvy-apps edit portal --multi-tenant true --remove-callback-url https://old.example.com/cb"
    )]
    Edit(EditArgs),

    /// Suspend an application: its credentials stop working
    #[command(after_help = "Example:\n  revvy-apps disable billing-sync")]
    Disable(AppArg),

    /// Resume a disabled application
    #[command(after_help = "Example:\n  revvy-apps enable billing-sync")]
    Enable(AppArg),

    /// Issue a new client secret
    #[command(
        after_help = "Examples:\n  revvy-apps regenerate billing-sync\n  revvy-apps regenerate billing-sync --yes --json --reveal | jq -r .client_secret"
    )]
    Regenerate(RegenerateArgs),

    /// Remove an application permanently
    #[command(after_help = "Example:\n  revvy-apps delete billing-sync --yes")]
    Delete(AppArg),

    /// Open a session for scripts: prints `export REVVY_APPS_SESSION=...`
    #[command(
        after_help = "Examples:\n  eval \"$(revvy-apps unlock --ttl 1h)\"\n  export REVVY_APPS_SESSION=$(revvy-apps unlock -q)"
    )]
    Unlock(UnlockArgs),

    /// End the current session (REVVY_APPS_SESSION), or every session with --all
    #[command(after_help = "Examples:\n  revvy-apps lock\n  revvy-apps lock --all")]
    Lock(LockArgs),

    /// Make the store match a TOML manifest: create, update (and with --prune delete)
    #[command(
        after_help = "Examples:\n  revvy-apps apply -f apps.toml --dry-run\n  revvy-apps apply -f apps.toml\n  revvy-apps apply -f apps.toml --prune --yes --json --reveal | jq '.[] | select(.action == \"create\")'\n\nManifest:\n  [[application]]\n  name = \"billing-sync\"\n  scopes = [\"invoices:read\"]\n  access_token_lifetime = \"15m\""
    )]
    Apply(ApplyArgs),

    /// Run a command with credentials in its environment, never on a command line
    #[command(
        after_help = "Examples:\n  revvy-apps run billing-sync -- ./sync.sh\n  revvy-apps run billing-sync portal -- env\n  revvy-apps run billing-sync --prefix BILLING --env BILLING_SCOPES=billing-sync.scopes -- ./sync.sh\n\nVariables:\n  one application: CLIENT_ID, CLIENT_SECRET\n  several: BILLING_SYNC_CLIENT_ID, BILLING_SYNC_CLIENT_SECRET, ... (the name in upper snake case)\n  fields for --env: client_id, client_secret, previous_client_secret, name, status, tenant,\n  multi_tenant, access_token_lifetime, refresh_token_lifetime, grant_types, scopes,\n  callback_urls, signout_urls\n\nThe exit status is the command's (a signal death is 128+n, as a shell reports it).\nThe command inherits no revvy-apps credential (passphrase, session, identity)."
    )]
    Run(RunArgs),

    /// Write credentials for another tool: shell, dotenv, JSON, a Kubernetes Secret, GitHub Actions
    #[command(
        after_help = "Examples:\n  eval \"$(revvy-apps export billing-sync --format env)\"\n  revvy-apps export billing-sync --format dotenv --output .env\n  revvy-apps export billing-sync --format k8s --namespace prod | kubectl apply -f -\n  revvy-apps export billing-sync --format github     # in a GitHub Actions step\n\nSecrets are not written to a terminal without --reveal. --output writes the file 0600\nfrom its first byte, and refuses an existing one without --force."
    )]
    Export(ExportArgs),

    /// Check a client secret read from stdin (never from the command line): exit 0 valid, 5 not
    #[command(
        after_help = "Examples:\n  printf '%s\\n' \"$SECRET\" | revvy-apps verify billing-sync\n  revvy-apps verify billing-sync < secret.txt && echo valid"
    )]
    Verify(VerifyArgs),

    /// Manage who can unlock the store: members with a passphrase, a machine key or their own public key
    #[command(
        after_help = "Examples:\n  revvy-apps access list\n  revvy-apps access add ci-deploy --machine --key-file ci-deploy.key\n  revvy-apps access remove bob --yes"
    )]
    Access(AccessArgs),

    /// Change your passphrase (the member you unlock as; ends open sessions)
    #[command(
        after_help = "Examples:\n  revvy-apps passwd\n  revvy-apps passwd --as alice --new-passphrase-file new.txt --passphrase-file old.txt"
    )]
    Passwd(PasswdArgs),

    /// Make a new data key, seal every record and event again and the key to every member (confirms; --yes off a terminal)
    #[command(after_help = "Example:\n  revvy-apps rekey --yes")]
    Rekey,

    /// Write a consistent, still encrypted copy of the store
    #[command(
        after_help = "Examples:\n  revvy-apps backup /backups/revvy-$(date +%F).db\n  revvy-apps --store /backups/revvy-2026-11-26.db check"
    )]
    Backup(BackupArgs),

    /// Copy the whole store (members, applications, audit log) into a new store with its own id and data key
    #[command(
        long_about = "Copy the whole store into a new, empty store: its members, applications, their last use \
            and the audit log. The copy is a store of its own, with a new store id and a new data key \
            sealed to the same members (no member's secret is needed), so it opens with the same \
            passphrases and keys, passes `check`, and evolves apart from this one. The copy is \
            recorded in the audit log of both. The target must not exist.",
        after_help = "Example:\n  revvy-apps copy --to /srv/revvy/store.db"
    )]
    Copy(CopyArgs),

    /// Bring back a backup made by `backup` in place of the store, on purpose (confirms; --yes off a terminal)
    #[command(
        long_about = "Bring back a backup made by `backup` in place of the store.\n\n\
            The backup must be of this store (the same store id), or the store must be missing or \
            damaged. Its passphrase unlocks it. The restore is recorded in the audit log, and this \
            machine's memory of the store is reset to the restored state, so the older store is \
            not refused as rolled back. Open sessions end. On a PostgreSQL server the store's \
            tables are made anew from the backup, in one transaction.",
        after_help = "Examples:\n  revvy-apps restore /backups/revvy-2026-11-26.db\n  revvy-apps restore --yes /backups/revvy-2026-11-26.db"
    )]
    Restore(RestoreArgs),

    /// Accept the store now at --store on this machine, after it was replaced on purpose (confirms; --yes off a terminal)
    #[command(
        long_about = "Accept the store now at the location --store names as the one this machine uses there.\n\n\
            Each machine remembers which store it found at each location (a file's path; a server, \
            database and schema), as ssh remembers a host's key, and refuses another store there \
            (exit 7) before anything is unlocked, read or changed. When you replaced the store on \
            purpose (moved another store to that path, or pointed the URL at a new server), this \
            shows the store now there (its id, when it was made, its members) and, once confirmed, \
            accepts it. `init`, `restore` and `copy --to` accept what they make by themselves.\n\n\
            A store this machine saw further along (an old copy put back, a server that failed \
            over and lost commits) is refused as rolled back; accepting it goes on from the store \
            as it is now. The store's own secret, which this machine learnt at its first unlock, \
            is kept unless --new-secret says otherwise.",
        after_help = "Examples:\n  revvy-apps accept-store\n  revvy-apps --store /srv/revvy/store.db accept-store --yes --json"
    )]
    AcceptStore(AcceptStoreArgs),

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  revvy-apps completions bash > ~/.local/share/bash-completion/completions/revvy-apps\n  revvy-apps completions zsh > ~/.zfunc/_revvy-apps\n  revvy-apps completions fish > ~/.config/fish/completions/revvy-apps.fish"
    )]
    Completions(CompletionsArgs),

    /// Show the audit trail, oldest first
    #[command(
        after_help = "Examples:\n  revvy-apps log\n  revvy-apps log billing-sync --since 7d\n  revvy-apps log --action reveal --actor alice --since yesterday\n  revvy-apps log --limit 20 --json | jq '.[] | select(.action == \"reveal\")'\n\nOn a terminal the table goes through $PAGER (default: less -FRX; PAGER= turns it off)."
    )]
    Log(LogArgs),

    /// Verify every record, every lookup column and the audit chain; with --expiring, exit 8 on secrets due
    #[command(
        after_help = "Examples (gate a CI job):\n  revvy-apps check --quiet || exit 1\n  revvy-apps check --expiring 30d --json | jq -r '.expiring[].name'\n\nExit status: 0 ok, 7 integrity problem (reported first), 8 an active application's secret\nis expired or expires within the --expiring period."
    )]
    Check(CheckArgs),

    /// Show the store, the member you would unlock as and how, and what it holds (never asks or derives a key)
    #[command(
        visible_alias = "whoami",
        after_help = "Examples:\n  revvy-apps status\n  revvy-apps whoami --json | jq -r .member"
    )]
    Status,

    /// Fill the {{ revvy://APP/FIELD }} references of a template with credentials (as `op inject` does)
    #[command(
        after_help = "Examples:\n  revvy-apps inject -i config.yaml.tpl -o config.yaml\n  revvy-apps inject -i .env.tpl -o .env --force\n\nTemplate:\n  client_id: {{ revvy://billing-sync/client_id }}\n  client_secret: {{ revvy://billing-sync/client_secret }}\n\nFIELD is one of run --env's fields. Each application is one reveal in the audit log.\nSecrets are not written to a terminal without --reveal. -o FILE writes the file 0600 from\nits first byte, and refuses an existing one without --force."
    )]
    Inject(InjectArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Also exit 8 when an active application's secret is expired or expires within this time (e.g. 30d)
    #[arg(long, value_name = "DURATION")]
    pub expiring: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Argon2id memory in MiB [default: 256; at least 19]
    #[arg(long, value_name = "MIB")]
    pub kdf_memory: Option<u32>,

    /// Argon2id passes [default: 3; at least 2]
    #[arg(long, value_name = "N")]
    pub kdf_iterations: Option<u32>,

    /// Argon2id lanes [default: 4]
    #[arg(long, value_name = "N")]
    pub kdf_parallelism: Option<u32>,
}

#[derive(Debug, Args)]
pub struct AppArg {
    /// The application: its name or its client ID
    #[arg(value_name = "APP")]
    pub app: String,
}

// Settings shared by `create` and `edit`. In `edit` each list option replaces the whole list.
// (A doc comment on a subcommand's arguments would become its `about`: see `Command`.)
#[derive(Debug, Args, Default)]
pub struct SettingsArgs {
    /// Allowed grant type (repeatable): client_credentials, authorization_code (code),
    /// refresh_token (refresh), device-code, token-exchange, jwt-bearer
    #[arg(long = "grant", value_name = "TYPE", action = ArgAction::Append)]
    pub grants: Option<Vec<String>>,

    /// Scope (repeatable; a space-separated list is split)
    #[arg(long = "scope", value_name = "SCOPE", action = ArgAction::Append)]
    pub scopes: Option<Vec<String>>,

    /// Callback URL (repeatable)
    #[arg(long = "callback-url", value_name = "URL", action = ArgAction::Append)]
    pub callback_urls: Option<Vec<String>>,

    /// Sign-out URL (repeatable)
    #[arg(long = "signout-url", value_name = "URL", action = ArgAction::Append)]
    pub signout_urls: Option<Vec<String>>,

    /// Access token lifetime: seconds, or 90s, 15m, 1h, 7d (300s to 1d; a new application gets 1h)
    #[arg(long, value_name = "DURATION")]
    pub access_token_lifetime: Option<String>,

    /// Refresh token lifetime, with the refresh_token grant (30d when the grant comes without one)
    #[arg(long, value_name = "DURATION")]
    pub refresh_token_lifetime: Option<String>,

    /// How long a secret lives from its issue: 1d to 730d, or none (a new application gets the config's secret_lifetime, else none)
    #[arg(long, value_name = "DURATION|none")]
    pub secret_lifetime: Option<String>,

    /// Tenant the application belongs to (a new application: default)
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Name of the application (1-100 characters, unique, case-insensitive)
    #[arg(long, value_name = "NAME")]
    pub name: String,

    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Let the application serve several tenants
    #[arg(long)]
    pub multi_tenant: bool,

    /// If an application of this name exists, print it unchanged and exit 0
    #[arg(long)]
    pub if_not_exists: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The application: its name or its client ID
    #[arg(value_name = "APP")]
    pub app: String,

    /// Rename the application
    #[arg(long, value_name = "NEW")]
    pub name: Option<String>,

    /// Edit the settings as TOML in $VISUAL / $EDITOR (the default on a terminal without options)
    #[arg(long)]
    pub editor: bool,

    #[command(flatten)]
    pub settings: SettingsArgs,

    /// Let the application serve several tenants: true or false
    #[arg(long, value_name = "BOOL", action = ArgAction::Set, hide_possible_values = true)]
    pub multi_tenant: Option<bool>,

    #[command(flatten)]
    pub items: ItemEdits,
}

// The options of `edit` that add or remove one item of a list.
#[derive(Debug, Default, Args)]
pub struct ItemEdits {
    /// Add one grant type
    #[arg(long, value_name = "TYPE", action = ArgAction::Append)]
    pub add_grant: Vec<String>,
    /// Remove one grant type
    #[arg(long, value_name = "TYPE", action = ArgAction::Append)]
    pub remove_grant: Vec<String>,
    /// Add one scope
    #[arg(long, value_name = "SCOPE", action = ArgAction::Append)]
    pub add_scope: Vec<String>,
    /// Remove one scope
    #[arg(long, value_name = "SCOPE", action = ArgAction::Append)]
    pub remove_scope: Vec<String>,
    /// Add one callback URL
    #[arg(long, value_name = "URL", action = ArgAction::Append)]
    pub add_callback_url: Vec<String>,
    /// Remove one callback URL
    #[arg(long, value_name = "URL", action = ArgAction::Append)]
    pub remove_callback_url: Vec<String>,
    /// Add one sign-out URL
    #[arg(long, value_name = "URL", action = ArgAction::Append)]
    pub add_signout_url: Vec<String>,
    /// Remove one sign-out URL
    #[arg(long, value_name = "URL", action = ArgAction::Append)]
    pub remove_signout_url: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RegenerateArgs {
    /// The application: its name or its client ID
    #[arg(value_name = "APP")]
    pub app: String,

    /// Keep the current secret valid this long (e.g. 1h, 7d; at most 30d)
    #[arg(long, value_name = "DURATION")]
    pub grace: Option<String>,

    /// The new secret's lifetime: 1d to 730d, or none [default: the application's]
    #[arg(long, value_name = "DURATION|none")]
    pub secret_lifetime: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, elvish or powershell
    #[arg(value_name = "SHELL", hide_possible_values = true)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The manifest (TOML, one [[application]] table per app); `-` reads stdin
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: PathBuf,

    /// Print the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Also delete the applications the manifest does not name (confirms; --yes off a terminal)
    #[arg(long)]
    pub prune: bool,
}

// The application whose secret stdin holds; a secret on the command line is refused.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The application: its name or its client ID
    #[arg(value_name = "APP")]
    pub app: String,

    /// Refused: a secret on the command line is visible to every user of the machine
    #[arg(hide = true, value_name = "SECRET", num_args = 0.., trailing_var_arg = true, allow_hyphen_values = true)]
    pub secret_on_argv: Vec<String>,
}

#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// How long the session lasts: 90s, 15m, 8h ...(at most 24h)
    #[arg(long, value_name = "DURATION", default_value = "15m")]
    pub ttl: String,
}

#[derive(Debug, Args)]
pub struct LockArgs {
    /// End every open session, not only the current one
    #[arg(long)]
    pub all: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }

    /// Deferred, a doc comment on a subcommand's argument struct would replace the
    /// subcommand's `about` once its arguments are built (see `Command`).
    #[test]
    fn building_a_subcommand_keeps_its_about() {
        let full = super::Cli::full_command();
        for declared in super::Cli::command().get_subcommands() {
            let built = full.find_subcommand(declared.get_name()).unwrap();
            assert_eq!(
                built.get_about().map(ToString::to_string),
                declared.get_about().map(ToString::to_string),
                "{}",
                declared.get_name()
            );
            assert!(built.get_arguments().any(|a| a.get_id() == "help"), "{} is built", declared.get_name());
        }
    }
}
