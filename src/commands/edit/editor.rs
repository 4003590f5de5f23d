//! `edit APP --editor`: the editable fields as commented TOML in `$VISUAL` / `$EDITOR`,
//! through a private temporary file that is removed afterwards.

use std::io::Write as _;
use std::process::Command;

use crate::context::Context;
use crate::domain::manifest::{DesiredApp, parse_single};
use crate::domain::time::human_seconds;
use crate::domain::{Application, Status, rules};
use crate::error::{Error, ErrorKind, Result};
use crate::terminal;

/// The buffer a user edits. No secret is in it.
pub fn buffer(app: &Application) -> String {
    let s = &app.settings;
    let list = |items: &[String]| serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned());
    let grants: Vec<String> = s.grant_types.iter().map(ToString::to_string).collect();
    let refresh = s.refresh_token_lifetime.map_or_else(
        || "# refresh_token_lifetime = \"30d\"   # only with the refresh_token grant".to_owned(),
        |seconds| {
            format!(
                "refresh_token_lifetime = {:?}   # longer than the access token, at most 365d",
                human_seconds(seconds)
            )
        },
    );
    format!(
        "# Editing {name:?} ({client_id}).\n\
         # Save and quit to apply; quit without saving to change nothing.\n\
         # The client ID and the secret cannot be edited here (see `revvy-apps regenerate`).\n\
         \n\
         name = {name_toml}\n\
         status = \"{status}\"   # active or disabled\n\
         tenant = \"{tenant}\"\n\
         multi_tenant = {multi}\n\
         access_token_lifetime = {access:?}   # 5m to 1d: seconds, or 90s, 15m, 1h, 7d\n\
         {refresh}\n\
         secret_lifetime = {secret:?}   # 1d to 730d from the secret's issue, or \"none\"\n\
         # client_credentials, authorization_code, refresh_token, device-code, token-exchange, jwt-bearer\n\
         grant_types = {grants}\n\
         scopes = {scopes}\n\
         callback_urls = {callbacks}\n\
         signout_urls = {signouts}\n",
        name = app.name,
        client_id = app.client_id,
        name_toml = serde_json::to_string(&app.name).unwrap_or_default(),
        status = app.status.as_str(),
        tenant = s.tenant,
        multi = s.multi_tenant,
        access = human_seconds(s.access_token_lifetime),
        secret = s.secret_lifetime.map_or_else(|| "none".to_owned(), human_seconds),
        grants = list(&grants),
        scopes = list(&s.scopes),
        callbacks = list(&s.callback_urls),
        signouts = list(&s.signout_urls),
    )
}

/// The application after the edit. Lists in the buffer replace the stored ones.
pub fn apply_edit(
    current: &Application,
    desired: &DesiredApp,
    policy: Option<&rules::SecretPolicy>,
) -> Result<Application> {
    let mut next = current.clone();
    next.name.clone_from(&desired.name);
    next.settings = desired.change.apply_to(&current.settings)?;
    // The buffer always holds the lifetime: only a changed one is held to the policy.
    let changes_lifetime = desired.change.secret_lifetime.is_some_and(|l| l != current.settings.secret_lifetime);
    rules::enforce_policy(policy, changes_lifetime, next.settings.secret_lifetime)?;
    next.status = desired.status.unwrap_or(Status::Active);
    Ok(next)
}

/// Opens the editor until the buffer is valid, unchanged, or the user gives up. Returns the
/// edited application, or `None` when nothing changed.
pub fn edit_in_editor(ctx: &Context, current: &Application) -> Result<Option<Application>> {
    let original = buffer(current);
    let mut text = original.clone();
    loop {
        text = run_editor(&text)?;
        if text == original {
            return Ok(None);
        }
        let outcome =
            parse_single(&text).map_err(|located| Error::located(&located, None)).and_then(|(desired, warnings)| {
                for warning in &warnings {
                    ctx.output.warn(warning);
                }
                apply_edit(current, &desired, ctx.secret_policy.as_ref())
            });
        match outcome {
            Ok(next) if next == *current => return Ok(None),
            Ok(next) => return Ok(Some(next)),
            Err(err) if terminal::is_interactive() => {
                ctx.output.error(&err);
                if !terminal::confirm("Reopen the editor to fix it?")? {
                    return Err(Error::new(ErrorKind::InvalidInput, "the edit was not valid: nothing was changed"));
                }
            }
            Err(err) => return Err(err),
        }
    }
}

/// Writes `text` to a private temporary file, runs the editor on it and reads it back.
fn run_editor(text: &str) -> Result<String> {
    let editor = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_owned());
    // The runtime folder is private and in memory where it exists; tempfile makes the file 0600.
    let folder = std::env::var_os("XDG_RUNTIME_DIR").map(std::path::PathBuf::from).filter(|p| p.is_dir());
    let mut builder = tempfile::Builder::new();
    builder.prefix("revvy-apps-edit-").suffix(".toml");
    let mut file = match folder {
        Some(folder) => builder.tempfile_in(folder),
        None => builder.tempfile(),
    }
    .map_err(|err| Error::internal("cannot create a temporary file for the editor").with_source(err))?;
    file.write_all(text.as_bytes())?;
    file.flush()?;
    // Through the shell, as git does, so EDITOR may carry arguments ("code --wait").
    let status = crate::context::credentials::without_credentials(&mut Command::new("sh"))
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|err| Error::internal(format!("cannot start the editor {editor:?}")).with_source(err))?;
    if !status.success() {
        return Err(Error::invalid(format!("the editor {editor:?} exited with {status}: nothing was changed"))
            .with_hint("set VISUAL or EDITOR to a working editor"));
    }
    std::fs::read_to_string(file.path()).map_err(|err| Error::internal("cannot read the edited file").with_source(err))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;

    #[test]
    fn the_buffer_round_trips_to_the_same_application() {
        let mut app = Application::new("billing \"sync\"".into(), Settings::default());
        app.settings.scopes = vec!["read".into()];
        app.settings.grant_types.push(crate::domain::GrantType::RefreshToken);
        app.settings.refresh_token_lifetime = Some(86_400 * 2);
        let text = buffer(&app);
        assert!(!text.contains(app.client_secret.expose()));
        let (desired, _) = parse_single(&text).unwrap();
        assert_eq!(apply_edit(&app, &desired, None).unwrap(), app);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::{apply_edit, buffer, parse_single};
    use crate::domain::application::arbitrary::application;

    proptest! {
        #[test]
        fn the_editor_buffer_round_trips(app in application()) {
            let (desired, _) = parse_single(&buffer(&app)).map_err(|e| TestCaseError::fail(e.error.message))?;
            prop_assert_eq!(apply_edit(&app, &desired, None).map_err(|e| TestCaseError::fail(e.to_string()))?, app);
        }
    }
}
