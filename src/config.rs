//! The config file (TOML, `$XDG_CONFIG_HOME/revvy-apps/config.toml`): defaults below the flags
//! and the environment. An unknown key or a bad value names the file, the line and the column.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::cli::OutputFormat;
use crate::domain::manifest::TomlDuration;
use crate::domain::rules;
use crate::domain::{Invalid, Located};
use crate::domain::{ListChange, Settings, SettingsChange};
use crate::error::{Error, Result};

/// What the config file may set.
#[derive(Debug, Default)]
pub struct Config {
    pub store: Option<PathBuf>,
    pub output: Option<OutputFormat>,
    /// The settings `create` starts from.
    pub defaults: Settings,
    /// `max_secret_lifetime`: the longest lifetime a secret may be given.
    pub secret_policy: Option<rules::SecretPolicy>,
    /// `member`: the passphrase member to unlock as, below `--as` and `REVVY_APPS_AS`.
    pub member: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    store: Option<PathBuf>,
    output: Option<Spanned<String>>,
    tenant: Option<Spanned<String>>,
    access_token_lifetime: Option<Spanned<TomlDuration>>,
    refresh_token_lifetime: Option<Spanned<TomlDuration>>,
    secret_lifetime: Option<Spanned<TomlDuration>>,
    max_secret_lifetime: Option<Spanned<TomlDuration>>,
    grant_types: Option<Spanned<Vec<String>>>,
    member: Option<Spanned<String>>,
}

/// The default path, which may not exist.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "revvy-apps").map(|dirs| dirs.config_dir().join("config.toml"))
}

/// Loads the config. An explicit path must exist; the default one may be absent.
pub fn load(explicit: Option<&Path>) -> Result<Config> {
    let path = match explicit {
        Some(path) => path.to_owned(),
        None => match default_path() {
            Some(path) if path.exists() => path,
            _ => return Ok(Config::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|err| {
        Error::invalid(format!("cannot read the config file {}", path.display()))
            .with_hint("check --config / REVVY_APPS_CONFIG")
            .with_source(err)
    })?;
    let mut config = parse(&text).map_err(|located| Error::located(&located, Some(&path.display().to_string())))?;
    if let Some(policy) = &mut config.secret_policy {
        policy.source = format!("set in {}:{}", path.display(), policy.source);
    }
    Ok(config)
}

const KEYS: &str = "keys allowed: store, output, member, tenant, access_token_lifetime, refresh_token_lifetime, \
                    secret_lifetime, max_secret_lifetime, grant_types";

fn lifetime(value: &Spanned<TomlDuration>, what: &str, text: &str) -> Result<u32, Located<Invalid>> {
    value.get_ref().seconds(what).map_err(|err| Located::at_offset(text, value.span().start, err))
}

fn parse(text: &str) -> Result<Config, Located<Invalid>> {
    let raw: RawConfig = toml::from_str(text).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start);
        Located::at_offset(text, offset, Invalid::new(err.message().trim(), KEYS))
    })?;
    let at = |field_start: usize| move |err: Invalid| Located::at_offset(text, field_start, err);
    let output = match &raw.output {
        None => None,
        Some(field) => Some(match field.get_ref().as_str() {
            "table" => OutputFormat::Table,
            "json" => OutputFormat::Json,
            other => {
                return Err(at(field.span().start)(Invalid::new(
                    format!("{other:?} is not an output format"),
                    "use \"table\" or \"json\"",
                )));
            }
        }),
    };
    let change = SettingsChange {
        tenant: raw.tenant.as_ref().map(|f| rules::tenant(f.get_ref()).map_err(at(f.span().start))).transpose()?,
        access_token_lifetime: raw
            .access_token_lifetime
            .as_ref()
            .map(|f| {
                lifetime(f, "access token lifetime", text)
                    .and_then(|s| rules::access_token_lifetime(s).map_err(at(f.span().start)))
            })
            .transpose()?,
        grant_types: ListChange {
            replace: raw
                .grant_types
                .as_ref()
                .map(|f| rules::grants(f.get_ref().iter().map(String::as_str)).map_err(at(f.span().start)))
                .transpose()?,
            ..ListChange::default()
        },
        secret_lifetime: raw
            .secret_lifetime
            .as_ref()
            .map(|f| f.get_ref().secret_lifetime().map_err(at(f.span().start)))
            .transpose()?,
        ..SettingsChange::default()
    };
    let secret_policy = match &raw.max_secret_lifetime {
        None => None,
        Some(field) => {
            let Some(max) = field.get_ref().secret_lifetime().map_err(at(field.span().start))? else {
                return Err(at(field.span().start)(Invalid::new(
                    "max_secret_lifetime cannot be none",
                    "give a duration of 1d to 730d, or remove the line for no policy",
                )));
            };
            let line = Located::at_offset(text, field.span().start, Invalid::new("", "")).line;
            Some(rules::SecretPolicy { max, source: line.to_string() })
        }
    };
    // The defaults must make a valid application on their own (a default grant of
    // authorization_code, with no callback URL, would make every plain `create` fail).
    let start = raw.grant_types.as_ref().map_or(0, |f| f.span().start);
    let mut defaults = change.apply_to(&Settings::default()).map_err(at(start))?;
    // The lifetime refresh tokens get when an application has the refresh_token grant: kept
    // for those applications (`create --grant refresh_token`), not a reason to refuse every
    // `create` without it.
    if let Some(field) = &raw.refresh_token_lifetime {
        let seconds = lifetime(field, "refresh token lifetime", text)?;
        rules::refresh_token_lifetime(seconds, defaults.access_token_lifetime).map_err(at(field.span().start))?;
        defaults.refresh_token_lifetime = Some(seconds);
    }
    // A default the policy refuses would make every plain `create` fail: refused here, once.
    if let (Some(policy), Some(field)) = (&secret_policy, &raw.secret_lifetime) {
        policy.check(defaults.secret_lifetime).map_err(at(field.span().start))?;
    }
    let member = raw
        .member
        .as_ref()
        .map(|f| crate::domain::member::member_name(f.get_ref()).map_err(at(f.span().start)))
        .transpose()?;
    Ok(Config { store: raw.store, output, defaults, secret_policy, member })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_lifetime_is_the_default_of_applications_with_the_grant_only() {
        let config = parse("refresh_token_lifetime = \"7d\"\n").unwrap();
        let plain = SettingsChange::default().apply_to(&config.defaults).unwrap();
        assert_eq!(plain.refresh_token_lifetime, None);
        let refreshing = SettingsChange {
            grant_types: ListChange { add: vec![crate::domain::GrantType::RefreshToken], ..ListChange::default() },
            ..SettingsChange::default()
        };
        assert_eq!(refreshing.apply_to(&config.defaults).unwrap().refresh_token_lifetime, Some(7 * 86_400));
        assert!(parse("access_token_lifetime = \"1h\"\nrefresh_token_lifetime = \"30m\"\n").is_err());
    }

    #[test]
    fn a_full_config_parses() {
        let config = parse(
            "store = \"/srv/revvy/store.db\"\noutput = \"json\"\ntenant = \"acme\"\naccess_token_lifetime = \"15m\"\n\
             grant_types = [\"client_credentials\", \"refresh\"]\nrefresh_token_lifetime = 86400\n",
        )
        .unwrap();
        assert_eq!(config.store.as_deref(), Some(Path::new("/srv/revvy/store.db")));
        assert_eq!(config.output, Some(OutputFormat::Json));
        assert_eq!(config.defaults.tenant, "acme");
        assert_eq!(config.defaults.access_token_lifetime, 900);
        assert_eq!(config.defaults.refresh_token_lifetime, Some(86_400));
    }

    #[test]
    fn bad_keys_and_values_point_at_their_place() {
        let text = "tenant = \"ok\"\ncolour = \"blue\"\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.error.message.contains("colour"));
        let text = "tenant = \"ok\"\n\naccess_token_lifetime = \"2d\"\n";
        let err = parse(text).unwrap_err();
        assert_eq!((err.line, err.column), (3, Some(25)));
        assert!(err.error.message.contains("out of range"));
        assert!(parse("output = \"yaml\"").is_err());
        assert!(parse("grant_types = [\"code\"]").is_err(), "a default that cannot make an app is refused");
    }

    #[test]
    fn the_secret_lifetime_default_and_policy() {
        let config = parse("secret_lifetime = \"90d\"\nmax_secret_lifetime = \"365d\"\n").unwrap();
        assert_eq!(config.defaults.secret_lifetime, Some(90 * 86_400));
        let policy = config.secret_policy.unwrap();
        assert_eq!((policy.max, policy.source.as_str()), (365 * 86_400, "2"));
        let err = parse("max_secret_lifetime = \"30d\"\nsecret_lifetime = \"90d\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(parse("secret_lifetime = \"731d\"").is_err());
        assert!(parse("secret_lifetime = \"none\"").is_ok());
        assert!(parse("max_secret_lifetime = \"none\"").is_err());
    }
}
