//! The composition root: resolves the context once and runs the command in it.

use crate::cli::{Cli, Command, OutputFormat};
use crate::commands;
use crate::context::Context;
use crate::error::Result;

pub fn run(cli: &Cli) -> Result<()> {
    let writes_files = matches!(cli.command, Command::Export(_) | Command::Inject(_));
    let ctx = Context::new(&cli.global, writes_files).inspect_err(|err| {
        let json = cli.global.json
            || cli.global.output.as_ref().and_then(crate::cli::OutputOption::format) == Some(OutputFormat::Json);
        crate::output::print_early_error(err, json);
    })?;
    commands::run(&ctx, &cli.command).inspect_err(|err| {
        // `check --expiring -o json` says what needs attention in its own object on stdout.
        let said = err.kind() == crate::error::ErrorKind::Attention && ctx.output.is_json();
        if !err.is_broken_pipe() && !said {
            ctx.output.error(err);
        }
    })
}
