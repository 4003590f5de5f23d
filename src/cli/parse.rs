//! Parsing a command line with as little of the command tree as it needs.
//!
//! clap copies each global option into every subcommand of the tree it builds: ten options
//! into 24 subcommands, some 230 copies of which a command line uses ten. So the parse first
//! builds a tree holding only the subcommands that a word of the command line names. The
//! root has no positional arguments, so a word the whole tree would read as a subcommand is
//! always one of those: a command line that parses in the narrow tree parses the same in the
//! whole one. Anything else (help, version, an error, with its list of subcommands or its
//! "similar subcommand" tip) is parsed again in the whole tree, so it reads as it always did.

use std::ffi::OsString;

use clap::{Args as _, CommandFactory as _, FromArgMatches as _};

use super::{Cli, GlobalArgs};

impl Cli {
    /// `Cli::try_parse_from(args)`, the same answer with less work (see the module). Neither
    /// tree is torn down: the process exits soon and its memory goes back with it.
    pub fn parse_args(args: Vec<OsString>) -> Result<Self, clap::Error> {
        if let Some(mut narrow) = Self::command_naming(&args) {
            let parsed = narrow.try_get_matches_from_mut(&args).and_then(|m| Self::from_arg_matches(&m));
            std::mem::forget(narrow);
            if let Ok(cli) = parsed {
                return Ok(cli);
            }
        }
        let mut whole = Self::command();
        let parsed = whole.try_get_matches_from_mut(args.clone()).and_then(|m| Self::from_arg_matches(&m));
        std::mem::forget(whole);
        parsed.map_err(|err| Self::error_without_environment(args, err))
    }

    /// clap's usage line in an error names the options it was given, and counts those it read
    /// from the environment: `REVVY_APPS_STORE` set made `export` without `--format` print
    /// `Usage: revvy-apps export --format <FORMAT> --store <PATH> ...`, as if `--store` were
    /// required. The error is made again by a tree that reads no environment variable (none of
    /// them can be what is wrong: they are all optional paths and names).
    fn error_without_environment(args: Vec<OsString>, err: clap::Error) -> clap::Error {
        use clap::error::ErrorKind;
        if matches!(
            err.kind(),
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        ) {
            return err;
        }
        let mut bare = Self::command().mut_args(|arg| arg.env(None::<&'static str>));
        let again = bare.try_get_matches_from_mut(args);
        std::mem::forget(bare);
        match again {
            Err(again) if again.kind() == err.kind() => again,
            _ => err,
        }
    }

    /// The root with only the subcommands some word of `args` names (the first word, the
    /// program, is skipped); `None` when no word names one. The subcommands come from `Cli`'s
    /// own root, not from `Command` alone: their display order counts on from its options.
    fn command_naming(args: &[OsString]) -> Option<clap::Command> {
        let whole = Self::command();
        let named: Vec<clap::Command> = whole
            .get_subcommands()
            .filter(|sub| {
                // `whoami` names `status`.
                args.iter()
                    .skip(1)
                    .any(|word| word == sub.get_name() || sub.get_all_aliases().any(|alias| word == alias))
            })
            .cloned()
            .collect();
        if named.is_empty() {
            return None;
        }
        let root = GlobalArgs::augment_args(clap::Command::new(super::NAME))
            .subcommand_required(whole.is_subcommand_required_set())
            .arg_required_else_help(whole.is_arg_required_else_help_set());
        std::mem::forget(whole);
        Some(root.subcommands(named))
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::CommandFactory as _;

    use super::super::Cli;

    fn words(line: &str) -> Vec<OsString> {
        std::iter::once("revvy-apps").chain(line.split_whitespace()).map(OsString::from).collect()
    }

    /// Naming every subcommand gives the whole tree back: the narrow root is `Cli`'s root.
    #[test]
    fn a_root_naming_every_subcommand_is_the_whole_root() {
        let whole = Cli::command();
        let every: Vec<&str> = whole.get_subcommands().map(clap::Command::get_name).collect();
        let narrow = Cli::command_naming(&words(&every.join(" "))).unwrap();
        assert_eq!(format!("{narrow:?}"), format!("{whole:?}"));
    }

    #[test]
    fn the_narrow_root_holds_the_named_subcommands_only() {
        let narrow = Cli::command_naming(&words("--store list show list")).unwrap();
        let names: Vec<&str> = narrow.get_subcommands().map(clap::Command::get_name).collect();
        assert_eq!(names, ["list", "show"]);
        assert!(Cli::command_naming(&words("--store x")).is_none());
        // The program's own name is not a word of the command line.
        assert!(Cli::command_naming(&[OsString::from("show")]).is_none());
    }

    /// Command lines that parse, and ones that do not: the same answer, and the same message,
    /// as from the whole tree.
    #[test]
    fn the_narrow_parse_answers_as_the_whole_tree() {
        for line in [
            "show billing",
            "--json show billing --store s.db",
            "--store show list",
            "--store list show x",
            "show list",
            "access add ci --machine",
            "access remove",
            "edit a --add-scope x --json -q",
            "show",
            "show a b",
            "shw show",
            "--store show",
            "list --bogus --json",
            "help show",
            "show --help",
            "--version show",
            "run app -- show list",
        ] {
            let args = words(line);
            let whole = Cli::command().try_get_matches_from(&args).and_then(|m| {
                use clap::FromArgMatches as _;
                Cli::from_arg_matches(&m)
            });
            let narrow = Cli::parse_args(args);
            match (whole, narrow) {
                (Ok(whole), Ok(narrow)) => assert_eq!(format!("{narrow:?}"), format!("{whole:?}"), "{line}"),
                (Err(whole), Err(narrow)) => {
                    assert_eq!(narrow.kind(), whole.kind(), "{line}");
                    assert_eq!(narrow.to_string(), whole.to_string(), "{line}");
                }
                (whole, narrow) => panic!("{line}: whole {whole:?}, narrow {narrow:?}"),
            }
        }
    }
}
