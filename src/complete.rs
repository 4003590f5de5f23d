//! Shell completion of application and member names. The scripts are clap_complete's static
//! ones, with a few lines added for bash, zsh and fish that ask `revvy-apps __complete apps`
//! (or `members`) for the names. That hidden request is read before clap, as
//! `--generate-assets` is, so no script offers it. It answers only from a session
//! (`REVVY_APPS_SESSION`) or a key (an identity file or `REVVY_APPS_IDENTITY`): never a
//! prompt, never a key derivation, and nothing at all — not even an error — when the store
//! is locked or anything else goes wrong, since a shell shows whatever it is told.

use std::ffi::OsString;
use std::io::Write as _;

use clap::{Args as _, FromArgMatches as _};
use clap_complete::Shell;

use crate::cli::{Cli, GlobalArgs, NAME};
use crate::context::{Context, credentials};
use crate::error::Result;
use crate::store::{LockedStore, SessionUse, Unlocked};

/// The hidden request: `revvy-apps __complete apps|members`.
const REQUEST: &str = "__complete";

/// What a completion asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    Apps,
    Members,
}

/// `Some` when the command line is a completion's request.
pub fn requested(args: &[OsString]) -> Option<Names> {
    match args {
        [_, request, kind] if request == REQUEST => match kind.to_str() {
            Some("apps") => Some(Names::Apps),
            Some("members") => Some(Names::Members),
            _ => None,
        },
        _ => None,
    }
}

/// How long a shell waits for names at most: a store locked by a long write, or a server that
/// does not answer, would otherwise hold the prompt for the store's own timeouts (30 s, 10 s).
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// Prints the names, one a line; prints nothing when they cannot be had without asking, or
/// not within [`PATIENCE`].
pub fn answer(names: Names) {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(find(names));
    });
    // On time-out the process ends with the search still waiting: nothing was written.
    let Ok(Ok(found)) = receiver.recv_timeout(PATIENCE) else { return };
    let mut out = std::io::stdout().lock();
    for name in found {
        // A name with a line break would be two candidates: left out.
        if !name.contains(['\n', '\r']) && writeln!(out, "{name}").is_err() {
            return;
        }
    }
}

fn find(names: Names) -> Result<Vec<String>> {
    // The settings as any command resolves them (environment, config), without a command line.
    let matches = GlobalArgs::augment_args(clap::Command::new(NAME)).try_get_matches_from([NAME]);
    let global = matches.and_then(|m| GlobalArgs::from_arg_matches(&m)).map_err(|err| {
        crate::error::Error::usage(err.kind().as_str().unwrap_or("the settings do not parse").to_owned())
    })?;
    let ctx = Context::new(&global, false)?;
    let store = unlock_without_asking(&ctx)?;
    match names {
        Names::Apps => {
            let mut names = Vec::new();
            store.map_each(
                |stored| Some(stored.app.name),
                |name| {
                    names.push(name);
                    Ok(())
                },
            )?;
            Ok(names)
        }
        Names::Members => {
            let mut store = store;
            Ok(store.members()?.into_iter().map(|member| member.name).collect())
        }
    }
}

/// A session, else a key that needs no passphrase; anything else is locked.
fn unlock_without_asking(ctx: &Context) -> Result<Unlocked> {
    if let Some(token) = credentials::session_from_env()? {
        return LockedStore::open_for_session(ctx.store()?, &token, SessionUse::Read)?.unlock_with_session(&token);
    }
    match credentials::identities_without_asking(ctx.identity_file.as_deref())? {
        Some((identities, source)) => LockedStore::open(ctx.store()?)?.unlock_with_identities(&identities, &source),
        None => Err(crate::error::Error::new(crate::error::ErrorKind::Locked, "locked")),
    }
}

/// The completion script for `shell`: clap_complete's, and for bash, zsh and fish the lines
/// that complete names.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::with_capacity(64 * 1024);
    clap_complete::generate(shell, &mut Cli::full_command(), NAME, &mut script);
    let text = String::from_utf8(script).unwrap_or_default();
    let text = match shell {
        Shell::Bash => format!("{text}{}", expand(BASH)),
        Shell::Zsh => zsh(&text),
        Shell::Fish => format!("{text}{}", expand(FISH)),
        _ => text,
    };
    text.into_bytes()
}

/// The commands whose first argument is one application, and those taking several.
const ONE_APP: &str = "show edit disable enable regenerate delete verify log";
const SEVERAL_APPS: &str = "run export";

const BASH: &str = r#"
# Names of applications and members, from a session or a key only (revvy-apps __complete).
_revvy_apps_names() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" kind="" sub="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case " __ONE__ __SEVERAL__ access -- " in
            *" ${COMP_WORDS[i]} "*) [[ -z "$sub" || "${COMP_WORDS[i]}" == "--" ]] && sub="${COMP_WORDS[i]}" ;;
        esac
    done
    if [[ "$prev" == "--as" ]]; then
        kind=members
    elif [[ "$cur" != -* && -n "$sub" ]]; then
        case " __ONE__ " in *" $sub "*) [[ "$prev" == "$sub" ]] && kind=apps ;; esac
        case " __SEVERAL__ " in *" $sub "*) [[ "$prev" == "$sub" || "$prev" != -* ]] && kind=apps ;; esac
        [[ "$sub" == access && "$prev" == remove ]] && kind=members
    fi
    if [[ -n "$kind" ]]; then
        local IFS=$'\n' name
        COMPREPLY=()
        for name in $(revvy-apps __complete "$kind" 2>/dev/null); do
            [[ "$name" == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
        done
        [[ ${#COMPREPLY[@]} -gt 0 ]] && return 0
    fi
    _revvy__apps "$@"
}
complete -F _revvy_apps_names -o bashdefault -o default revvy-apps
"#;

const FISH: &str = r#"
# Names of applications and members, from a session or a key only (revvy-apps __complete).
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand __ONE__ __SEVERAL__" -f -a "(revvy-apps __complete apps 2>/dev/null)"
complete -c revvy-apps -l as -r -f -a "(revvy-apps __complete members 2>/dev/null)"
complete -c revvy-apps -n "__fish_revvy_apps_using_subcommand access; and __fish_seen_subcommand_from remove" -f -a "(revvy-apps __complete members 2>/dev/null)"
"#;

const ZSH_HELPER: &str = r#"# Names of applications and members, from a session or a key only (revvy-apps __complete).
(( $+functions[_revvy_apps_names] )) ||
_revvy_apps_names() {
    # _arguments passes its compadd options first; the kind of name comes last.
    local -a names
    names=(${(f)"$(revvy-apps __complete ${@[-1]} 2>/dev/null)"})
    compadd "${@[1,-2]}" -a names
}

"#;

/// zsh: the actions of the APP and MEMBER arguments become `_revvy_apps_names`.
fn zsh(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 512);
    for line in text.split_inclusive('\n') {
        let apps = line.starts_with("':app -- ") || line.starts_with("'*::apps -- ");
        let members = line.starts_with("'--as=[") || line.starts_with("':name -- The member to remove");
        let line = match (apps, members) {
            (true, _) => line.replacen(":_default'", ":_revvy_apps_names apps'", 1),
            (_, true) => line.replacen(":_default'", ":_revvy_apps_names members'", 1),
            _ => line.to_owned(),
        };
        if line.starts_with("if [ \"$funcstack[1]\" = \"_revvy-apps\" ]; then") {
            out.push_str(ZSH_HELPER);
        }
        out.push_str(&line);
    }
    out
}

/// The scripts with the command lists filled in.
fn expand(template: &str) -> String {
    template.replace("__ONE__", ONE_APP).replace("__SEVERAL__", SEVERAL_APPS)
}
