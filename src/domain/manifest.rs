//! The TOML forms a user writes: the `apply` manifest (`[[application]]` tables) and the
//! buffer of `edit --editor` (one application's keys at the top level). Parsing validates every
//! value and reports the line and column of the first bad one. No secret or client ID is
//! ever accepted.

use serde::Deserialize;
use toml::Spanned;

use super::invalid::{Invalid, Located};
use super::rules;
use super::{ListChange, SettingsChange, Status};

/// One application as a manifest describes it: the keys it sets, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredApp {
    pub name: String,
    pub status: Option<Status>,
    pub change: SettingsChange,
    /// Where its table starts, for errors found later (such as a grant without its URL).
    pub line: usize,
}

/// A refusal with its place in the file.
pub type ManifestError = Located<Invalid>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    application: Vec<Spanned<RawApp>>,
}

/// A length of time as a user writes it in TOML, in a manifest or the config: a number of
/// seconds, or a duration string ("90s", "15m", "1h", "7d").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TomlDuration {
    Seconds(i64),
    Text(String),
}

impl TomlDuration {
    /// The seconds it stands for; `what` names the setting in the refusal.
    pub fn seconds(&self, what: &str) -> Result<u32, Invalid> {
        match self {
            Self::Seconds(n) => u32::try_from(*n).map_err(|_| {
                Invalid::new(format!("the {what} {n} is out of range"), "give a positive number of seconds")
            }),
            Self::Text(text) => rules::duration_seconds(text, what),
        }
    }

    /// A secret lifetime: `"none"`, or 1 to 730 days.
    pub fn secret_lifetime(&self) -> Result<Option<u32>, Invalid> {
        match self {
            Self::Text(text) => rules::secret_lifetime(text),
            Self::Seconds(_) => self.seconds("secret lifetime").and_then(rules::secret_lifetime_seconds).map(Some),
        }
    }
}

impl<'de> Deserialize<'de> for TomlDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TomlDuration;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number of seconds or a duration such as \"15m\"")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<TomlDuration, E> {
                Ok(TomlDuration::Seconds(n))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<TomlDuration, E> {
                Ok(TomlDuration::Seconds(i64::try_from(n).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TomlDuration, E> {
                Ok(TomlDuration::Text(text.to_owned()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    name: Spanned<String>,
    status: Option<Spanned<String>>,
    tenant: Option<Spanned<String>>,
    multi_tenant: Option<bool>,
    access_token_lifetime: Option<Spanned<TomlDuration>>,
    refresh_token_lifetime: Option<Spanned<TomlDuration>>,
    secret_lifetime: Option<Spanned<TomlDuration>>,
    grant_types: Option<Spanned<Vec<String>>>,
    scopes: Option<Spanned<Vec<String>>>,
    callback_urls: Option<Spanned<Vec<String>>>,
    signout_urls: Option<Spanned<Vec<String>>>,
    // Named so that their refusal can say why, instead of "unknown field".
    client_secret: Option<Spanned<toml::Value>>,
    client_id: Option<Spanned<toml::Value>>,
}

struct Source<'a> {
    text: &'a str,
    /// Byte offsets where lines start, so finding a line is a binary search, not a scan.
    line_starts: Vec<usize>,
    warnings: Vec<String>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { text, line_starts, warnings: Vec::new() }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    fn at(&self, span: &std::ops::Range<usize>, err: Invalid) -> ManifestError {
        Located::at_offset(self.text, span.start, err)
    }

    fn check<T, V>(
        &self,
        field: &Spanned<T>,
        validate: impl FnOnce(&T) -> Result<V, Invalid>,
    ) -> Result<V, ManifestError> {
        validate(field.get_ref()).map_err(|err| self.at(&field.span(), err))
    }

    fn duration(&self, field: &Spanned<TomlDuration>, what: &str) -> Result<u32, ManifestError> {
        self.check(field, |raw| raw.seconds(what))
    }

    fn urls(&mut self, field: &Spanned<Vec<String>>, what: &str) -> Result<Vec<String>, ManifestError> {
        let (urls, warnings) = self.check(field, |list| rules::redirect_urls(list.iter().map(String::as_str), what))?;
        self.warnings.extend(warnings);
        Ok(urls)
    }

    fn app(&mut self, raw: &RawApp, table_start: usize) -> Result<DesiredApp, ManifestError> {
        for (key, field) in [("client_secret", &raw.client_secret), ("client_id", &raw.client_id)] {
            if let Some(field) = field {
                return Err(self.at(
                    &field.span(),
                    Invalid::new(
                        format!("{key} may not be set in a manifest: credentials are generated by revvy-apps"),
                        format!("remove the {key} line; read credentials with `revvy-apps show NAME --reveal`"),
                    ),
                ));
            }
        }
        let access =
            raw.access_token_lifetime.as_ref().map(|f| self.duration(f, "access token lifetime")).transpose()?;
        if let (Some(seconds), Some(field)) = (access, &raw.access_token_lifetime) {
            rules::access_token_lifetime(seconds).map_err(|err| self.at(&field.span(), err))?;
        }
        let change = SettingsChange {
            tenant: raw.tenant.as_ref().map(|f| self.check(f, |t| rules::tenant(t))).transpose()?,
            multi_tenant: raw.multi_tenant,
            access_token_lifetime: access,
            refresh_token_lifetime: raw
                .refresh_token_lifetime
                .as_ref()
                .map(|f| self.duration(f, "refresh token lifetime"))
                .transpose()?,
            grant_types: replace(
                raw.grant_types
                    .as_ref()
                    .map(|f| self.check(f, |g| rules::grants(g.iter().map(String::as_str))))
                    .transpose()?,
            ),
            scopes: replace(
                raw.scopes
                    .as_ref()
                    .map(|f| self.check(f, |s| rules::scopes(s.iter().map(String::as_str))))
                    .transpose()?,
            ),
            callback_urls: replace(raw.callback_urls.as_ref().map(|f| self.urls(f, "callback URL")).transpose()?),
            signout_urls: replace(raw.signout_urls.as_ref().map(|f| self.urls(f, "sign-out URL")).transpose()?),
            secret_lifetime: raw
                .secret_lifetime
                .as_ref()
                .map(|f| self.check(f, TomlDuration::secret_lifetime))
                .transpose()?,
        };
        Ok(DesiredApp {
            name: self.check(&raw.name, |n| rules::name(n))?,
            status: raw.status.as_ref().map(|f| self.check(f, |s| s.parse::<Status>())).transpose()?,
            change,
            line: self.line_of(table_start),
        })
    }
}

fn replace<T>(list: Option<Vec<T>>) -> ListChange<T> {
    ListChange { replace: list, ..ListChange::default() }
}

fn syntax_error(text: &str, err: &toml::de::Error) -> ManifestError {
    // serde's "unknown field `x`, expected one of ..." would list `client_secret` and
    // `client_id`, which are only named to be refused: the hint lists the keys allowed.
    let message = err.message().trim();
    let message = match message.split_once(", expected") {
        Some((unknown, _)) if message.starts_with("unknown field") => unknown,
        _ => message,
    };
    let invalid = Invalid::new(
        message,
        "keys allowed: name, status, tenant, multi_tenant, access_token_lifetime, refresh_token_lifetime, \
         secret_lifetime, grant_types, scopes, callback_urls, signout_urls",
    );
    Located::at_offset(text, err.span().map_or(0, |span| span.start), invalid)
}

/// Parses a manifest. Names must be unique (case-insensitively). Returns the applications and
/// the warnings their URLs raised.
pub fn parse_manifest(text: &str) -> Result<(Vec<DesiredApp>, Vec<String>), ManifestError> {
    let raw: RawManifest = toml::from_str(text).map_err(|err| syntax_error(text, &err))?;
    let mut source = Source::new(text);
    let mut apps: Vec<DesiredApp> = Vec::with_capacity(raw.application.len());
    let mut names = std::collections::HashSet::with_capacity(raw.application.len());
    for table in &raw.application {
        let app = source.app(table.get_ref(), table.span().start)?;
        if !names.insert(rules::name_key(&app.name)) {
            return Err(source.at(
                &table.get_ref().name.span(),
                Invalid::new(format!("the application {:?} is named twice", app.name), "name each application once"),
            ));
        }
        apps.push(app);
    }
    Ok((apps, source.warnings))
}

/// Parses the buffer of `edit --editor`: one application's keys at the top level.
pub fn parse_single(text: &str) -> Result<(DesiredApp, Vec<String>), ManifestError> {
    let raw: RawApp = toml::from_str(text).map_err(|err| syntax_error(text, &err))?;
    let mut source = Source::new(text);
    let app = source.app(&raw, 0)?;
    Ok((app, source.warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_parses_into_replacing_changes() {
        let (apps, warnings) = parse_manifest(
            r#"
[[application]]
name = "billing-sync"
scopes = ["read", "write read"]
access_token_lifetime = "15m"

[[application]]
name = "portal"
status = "disabled"
refresh_token_lifetime = 86400
"#,
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(apps.len(), 2);
        assert_eq!(apps[0].change.scopes.replace, Some(vec!["read".to_owned(), "write".to_owned()]));
        assert_eq!(apps[0].change.access_token_lifetime, Some(900));
        assert_eq!(apps[0].line, 2);
        assert_eq!(apps[1].status, Some(Status::Disabled));
        assert_eq!(apps[1].change.refresh_token_lifetime, Some(86_400));
        assert_eq!(apps[1].change.grant_types.replace, None, "keys not given are left alone");
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err =
            parse_manifest("[[application]]\nname = \"a\"\ncallback_urls = [\"http://evil.example/\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, Some(17)));
        assert!(err.error.message.contains("loopback"));
        let err = parse_manifest("[[application]]\nname = \"a\"\ncolour = \"blue\"\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.error.message.contains("colour"), "{}", err.error);
        assert!(!err.error.to_string().contains("client_secret"), "a refused key is not offered: {}", err.error);
        let err = parse_manifest("[[application]]\nname = \"a\"\nclient_secret = \"rvs_x\"\n").unwrap_err();
        assert!(err.error.message.contains("client_secret may not be set"));
        assert!(!err.error.message.contains("rvs_x"), "the value is not repeated");
        let err = parse_manifest("[[application]]\nname = \"a\"\n[[application]]\nname = \"A\"\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert!(parse_manifest("[[application]]\nname = \"a\"\nstatus = \"paused\"\n").is_err());
        assert!(parse_manifest("not toml at all [").is_err());
    }
}
