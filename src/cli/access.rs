//! `access`: the members of a store.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct AccessArgs {
    #[command(subcommand)]
    pub command: AccessCommand,
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// List the members: name, kind, scope, when and by whom added, which one is in use (never a key)
    #[command(after_help = "Examples:\n  revvy-apps access list\n  revvy-apps access list --json | jq -r '.[].name'")]
    List,

    /// Add a member: a passphrase (default), a machine key (--machine) or someone's public key (--recipient)
    #[command(
        long_about = "Add a member who can unlock the store on their own.\n\n\
            Without options the member has a passphrase of their own (asked twice on a terminal, \
            or --new-passphrase-file / REVVY_APPS_NEW_PASSPHRASE). With --machine a new key is made \
            for a provisioning host or CI: printed once on stdout, or written to --key-file (0600, \
            never over an existing file); it unlocks with --identity-file, REVVY_APPS_IDENTITY_FILE \
            or REVVY_APPS_IDENTITY and needs no key derivation. With --recipient the member is \
            someone's age public key (age1...) or OpenSSH ed25519 public key line: they unlock with \
            their own identity file or SSH key, which never leaves their machine.\n\n\
            With --only and --only-tenant the member is scoped: it holds the keys of those \
            applications (and of the tenants' applications, now and later) and no other, so it can \
            list, show, run, export and verify them and open a session, and nothing else.",
        after_help = "Examples:\n  revvy-apps access add bob\n  revvy-apps access add ci-deploy --machine --key-file ci-deploy.key\n  revvy-apps access add ci-billing --machine --only billing-sync --only-tenant acme\n  revvy-apps access add carol --recipient \"$(cat ~carol/.ssh/id_ed25519.pub)\"\n  revvy-apps access add dave --recipient age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
    )]
    Add(AccessAddArgs),

    /// Remove a member: a new data key sealed to the others, every session ended (confirms; --yes off a terminal)
    #[command(
        long_about = "Remove a member, in one transaction: the member is deleted, a new data key is made, \
            every record and event is sealed again, the new key is sealed to every remaining member \
            and every session ends. The removed member's key opens neither the store nor any backup \
            made after this.\n\n\
            What they saw cannot be taken back: every secret stored before the removal was readable \
            to them. The report lists the applications whose current secret they revealed \
            (according to the audit log): regenerate those first. The last member cannot be removed.",
        after_help = "Examples:\n  revvy-apps access remove bob\n  revvy-apps access remove ci-old --yes --json | jq -r '.revealed_by_member[]' | xargs -n1 revvy-apps regenerate --yes"
    )]
    Remove(AccessRemoveArgs),

    /// Give a scoped member more: applications by name or client ID, or whole tenants (now and later)
    #[command(
        long_about = "Give a scoped member more to read, in one transaction: each application named gets             its key sealed to the member, and each tenant named covers that tenant's applications now             and later (`create` in it seals the new application to the member).",
        after_help = "Examples:
  revvy-apps access grant ci-deploy billing-sync
  revvy-apps access grant ci-deploy --tenant acme"
    )]
    Grant(AccessScopeArgs),

    /// Take applications or tenants from a scoped member: each one it could read gets a new key (confirms; --yes off a terminal)
    #[command(
        long_about = "Take applications or tenants from a scoped member, in one transaction. Each application             the member could read and no longer may gets a new key, sealed again to the full members and             to the other scoped members that hold it: the key the member kept opens nothing written             after. The rest of the store keeps its keys. The report is that of `access remove`, limited             to what the member lost: regenerate the secrets it revealed.",
        after_help = "Examples:
  revvy-apps access revoke ci-deploy billing-sync --yes
  revvy-apps access revoke ci-deploy --tenant acme --yes"
    )]
    Revoke(AccessScopeArgs),
}

#[derive(Debug, Args)]
pub struct AccessScopeArgs {
    /// The scoped member
    pub name: String,

    /// Applications, by name or client ID
    #[arg(value_name = "APP")]
    pub apps: Vec<String>,

    /// A tenant, whole: its applications now and later (repeatable)
    #[arg(long = "tenant", value_name = "TENANT")]
    pub tenants: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AccessAddArgs {
    /// The member's name: lower-case letters, digits, '.', '_', '@', '-'
    pub name: String,

    /// A machine member: a new key, printed once (or written to --key-file)
    #[arg(long, conflicts_with = "recipient")]
    pub machine: bool,

    /// Write the machine member's key to this file (0600; an existing file is never overwritten)
    #[arg(long, value_name = "PATH", requires = "machine")]
    pub key_file: Option<PathBuf>,

    /// A recipient member: an age public key (age1...) or an OpenSSH ssh-ed25519 public key line
    #[arg(long, value_name = "KEY")]
    pub recipient: Option<String>,

    /// Read a passphrase member's passphrase from the first line of this file
    #[arg(long, value_name = "PATH", conflicts_with_all = ["machine", "recipient"])]
    pub new_passphrase_file: Option<PathBuf>,

    /// A scoped member: it reads only this application (name or client ID; repeatable)
    #[arg(long = "only", value_name = "APP")]
    pub only: Vec<String>,

    /// A scoped member: it reads this tenant's applications, now and later (repeatable)
    #[arg(long = "only-tenant", value_name = "TENANT")]
    pub only_tenant: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AccessRemoveArgs {
    /// The member to remove
    pub name: String,
}
