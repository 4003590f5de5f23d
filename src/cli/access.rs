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
    /// List the members: name, kind, when and by whom added, which one is in use (never a key)
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
            their own identity file or SSH key, which never leaves their machine.",
        after_help = "Examples:\n  revvy-apps access add bob\n  revvy-apps access add ci-deploy --machine --key-file ci-deploy.key\n  revvy-apps access add carol --recipient \"$(cat ~carol/.ssh/id_ed25519.pub)\"\n  revvy-apps access add dave --recipient age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
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
}

#[derive(Debug, Args)]
pub struct AccessRemoveArgs {
    /// The member to remove
    pub name: String,
}
