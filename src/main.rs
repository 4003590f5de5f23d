use std::process::ExitCode;

use revvy_apps::cli::Cli;
use revvy_apps::error::Error;

fn main() -> ExitCode {
    revvy_apps::sys::harden_process();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(dir) = revvy_apps::generate::requested(&args) {
        return match revvy_apps::generate::write_all(&dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {err:#}");
                ExitCode::FAILURE
            }
        };
    }
    if let Some(names) = revvy_apps::complete::requested(&args) {
        revvy_apps::complete::answer(names);
        return ExitCode::SUCCESS;
    }
    let cli = match Cli::parse_args(args) {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    let result = revvy_apps::run(&cli);
    revvy_apps::stats::report();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(err.kind().exit_code()),
    }
}

/// Help and version print as usual; a parse error is exit 2, in JSON when `-o json` was asked.
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind as Clap;
    if matches!(err.kind(), Clap::DisplayHelp | Clap::DisplayVersion | Clap::DisplayHelpOnMissingArgumentOrSubcommand) {
        let _ = err.print();
        return if err.kind() == Clap::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    if wants_json(std::env::args()) {
        let message = err.kind().as_str().map_or_else(|| err.to_string(), str::to_owned);
        revvy_apps::output::print_early_error(&Error::usage(message), true);
    } else {
        let _ = err.print();
    }
    ExitCode::from(2)
}

fn wants_json(args: impl Iterator<Item = String>) -> bool {
    let args: Vec<String> = args.collect();
    args.iter().enumerate().any(|(i, arg)| {
        arg == "--json"
            || arg == "--output=json"
            || arg == "-ojson"
            || ((arg == "-o" || arg == "--output") && args.get(i + 1).is_some_and(|v| v == "json"))
    })
}
