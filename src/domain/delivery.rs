//! Which environment variables `run` and `export` deliver, and what they hold. One
//! application gives `CLIENT_ID` and `CLIENT_SECRET`; several give each pair under the
//! application's name in upper snake case (`billing-sync` → `BILLING_SYNC_CLIENT_ID`);
//! `--prefix` names the pair's prefix for one application; `--env NAME=APP.FIELD` maps any
//! field to any name. No I/O here.

use std::fmt;
use std::str::FromStr;

use super::Application;
use super::application::now;
use super::invalid::Invalid;

/// A field of an application that a variable may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    ClientId,
    ClientSecret,
    /// The previous secret while its grace period lasts.
    PreviousClientSecret,
    Name,
    Status,
    Tenant,
    MultiTenant,
    AccessTokenLifetime,
    RefreshTokenLifetime,
    GrantTypes,
    Scopes,
    CallbackUrls,
    SignoutUrls,
}

impl Field {
    const ALL: [(&'static str, Self); 13] = [
        ("client_id", Self::ClientId),
        ("client_secret", Self::ClientSecret),
        ("previous_client_secret", Self::PreviousClientSecret),
        ("name", Self::Name),
        ("status", Self::Status),
        ("tenant", Self::Tenant),
        ("multi_tenant", Self::MultiTenant),
        ("access_token_lifetime", Self::AccessTokenLifetime),
        ("refresh_token_lifetime", Self::RefreshTokenLifetime),
        ("grant_types", Self::GrantTypes),
        ("scopes", Self::Scopes),
        ("callback_urls", Self::CallbackUrls),
        ("signout_urls", Self::SignoutUrls),
    ];

    /// True for the fields that are credentials: masked in CI logs, never printed to a
    /// terminal without `--reveal`.
    pub const fn is_secret(self) -> bool {
        matches!(self, Self::ClientSecret | Self::PreviousClientSecret)
    }

    /// The field's value as text (lists space-joined, as OAuth writes scopes), or `None` when
    /// the application has none (no refresh lifetime, no previous secret): the variable is
    /// then not set.
    pub fn value(self, app: &Application) -> Option<String> {
        let s = &app.settings;
        let joined = |items: &[String]| items.join(" ");
        Some(match self {
            Self::ClientId => app.client_id.clone(),
            Self::ClientSecret => app.client_secret.expose().to_owned(),
            Self::PreviousClientSecret => app.live_previous_secret(now())?.expose().to_owned(),
            Self::Name => app.name.clone(),
            Self::Status => app.status.as_str().to_owned(),
            Self::Tenant => s.tenant.clone(),
            Self::MultiTenant => s.multi_tenant.to_string(),
            Self::AccessTokenLifetime => s.access_token_lifetime.to_string(),
            Self::RefreshTokenLifetime => s.refresh_token_lifetime?.to_string(),
            Self::GrantTypes => s.grant_types.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            Self::Scopes => joined(&s.scopes),
            Self::CallbackUrls => joined(&s.callback_urls),
            Self::SignoutUrls => joined(&s.signout_urls),
        })
    }
}

impl FromStr for Field {
    type Err = Invalid;

    fn from_str(text: &str) -> Result<Self, Invalid> {
        Self::ALL.iter().find(|(name, _)| *name == text).map(|(_, field)| *field).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|(name, _)| *name).collect();
            Invalid::new(
                format!("{text:?} is not a field of an application"),
                format!("use one of: {}", names.join(", ")),
            )
        })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = Self::ALL.iter().find(|(_, field)| field == self).map_or("?", |(name, _)| name);
        f.write_str(name)
    }
}

/// A variable name as POSIX shells, dotenv files and GitHub accept it: `[A-Z_][A-Z0-9_]*`.
pub fn variable_name(text: &str) -> Result<String, Invalid> {
    let mut chars = text.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(text.to_owned())
    } else {
        Err(Invalid::new(
            format!("{text:?} is not a variable name"),
            "use upper-case letters, digits and underscores, not starting with a digit (e.g. BILLING_CLIENT_ID)",
        ))
    }
}

/// An application name in upper snake case, for a variable prefix: every run of characters
/// other than ASCII letters and digits becomes one `_` (`billing-sync` → `BILLING_SYNC`,
/// `Café 2` → `CAF_2`); a leading digit gets a `_` before it.
pub fn upper_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.is_empty() {
        return "_".to_owned();
    }
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) { format!("_{trimmed}") } else { trimmed.to_owned() }
}

/// `--env NAME=APP.FIELD`, parsed. The application is everything before the last `.`, so a
/// name with dots in it still works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub variable: String,
    pub app: String,
    pub field: Field,
}

impl FromStr for Mapping {
    type Err = Invalid;

    fn from_str(text: &str) -> Result<Self, Invalid> {
        let shape = || {
            Invalid::new(format!("--env {text:?} is not NAME=APP.FIELD"), "e.g. --env DB_CLIENT=billing-sync.client_id")
        };
        let (variable, source) = text.split_once('=').ok_or_else(shape)?;
        let (app, field) = source.rsplit_once('.').ok_or_else(shape)?;
        if app.is_empty() {
            return Err(shape());
        }
        Ok(Self { variable: variable_name(variable)?, app: app.to_owned(), field: field.parse()? })
    }
}

/// One delivered variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub value: String,
    /// A credential: masked in CI logs.
    pub secret: bool,
}

/// How the default variables of each listed application are named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Naming {
    /// One application: `CLIENT_ID`, `CLIENT_SECRET`.
    Bare,
    /// `PREFIX_CLIENT_ID`, … (`--prefix`, one application).
    Prefix(String),
    /// Several applications: each under its name in upper snake case.
    ByName,
}

impl Naming {
    /// The naming for `count` listed applications and an optional `--prefix`.
    pub fn choose(count: usize, prefix: Option<&str>) -> Result<Self, Invalid> {
        match (prefix, count) {
            (Some(_), 0) => Err(Invalid::new(
                "--prefix names the variables of a listed application, and none is listed",
                "name the application before --prefix, or map fields with --env alone",
            )),
            (Some(_), n) if n > 1 => Err(Invalid::new(
                "--prefix names the variables of one application",
                "drop --prefix (each application is then prefixed with its own name), or map fields with --env",
            )),
            (Some(prefix), _) => Ok(Self::Prefix(variable_name(prefix.trim_end_matches('_'))?)),
            (None, 0 | 1) => Ok(Self::Bare),
            (None, _) => Ok(Self::ByName),
        }
    }

    fn prefix(&self, app: &Application) -> Option<String> {
        match self {
            Self::Bare => None,
            Self::Prefix(prefix) => Some(prefix.clone()),
            Self::ByName => Some(upper_snake(&app.name)),
        }
    }
}

/// The variables for `listed` applications named by `naming`, then the `--env` mappings
/// (whose applications are looked up in `mapped`, in the order of `mappings`). Two variables
/// of one name are refused rather than one silently winning.
pub fn variables(
    listed: &[Application],
    naming: &Naming,
    mappings: &[Mapping],
    mapped: &[Application],
) -> Result<Vec<Variable>, Invalid> {
    let mut out: Vec<Variable> = Vec::new();
    let mut push = |name: String, field: Field, app: &Application| -> Result<(), Invalid> {
        if out.iter().any(|v| v.name == name) {
            return Err(Invalid::new(
                format!("two values would go into the variable {name}"),
                "name each variable once: use --prefix or --env to tell them apart",
            ));
        }
        if let Some(value) = field.value(app) {
            out.push(Variable { name, value, secret: field.is_secret() });
        }
        Ok(())
    };
    for app in listed {
        let prefix = naming.prefix(app);
        for field in [Field::ClientId, Field::ClientSecret] {
            let name = field.to_string().to_ascii_uppercase();
            push(prefix.as_ref().map_or_else(|| name.clone(), |p| format!("{p}_{name}")), field, app)?;
        }
    }
    for (mapping, app) in mappings.iter().zip(mapped) {
        push(mapping.variable.clone(), mapping.field, app)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Settings;

    fn app(name: &str) -> Application {
        Application::new(name.to_owned(), Settings::default())
    }

    #[test]
    fn names_become_upper_snake_prefixes() {
        assert_eq!(upper_snake("billing-sync"), "BILLING_SYNC");
        assert_eq!(upper_snake("Café  2.0"), "CAF_2_0");
        assert_eq!(upper_snake("2fa"), "_2FA");
        assert_eq!(upper_snake("---"), "_");
    }

    #[test]
    fn one_app_is_bare_several_are_prefixed_and_a_prefix_is_for_one() {
        let (a, b) = (app("billing-sync"), app("portal"));
        let names = |vars: Vec<Variable>| vars.into_iter().map(|v| v.name).collect::<Vec<_>>();
        let one = variables(std::slice::from_ref(&a), &Naming::choose(1, None).unwrap(), &[], &[]).unwrap();
        assert_eq!(names(one.clone()), ["CLIENT_ID", "CLIENT_SECRET"]);
        assert_eq!(one[1].value, a.client_secret.expose());
        assert!(one[1].secret && !one[0].secret);
        let two = variables(&[a.clone(), b], &Naming::choose(2, None).unwrap(), &[], &[]).unwrap();
        assert_eq!(
            names(two),
            ["BILLING_SYNC_CLIENT_ID", "BILLING_SYNC_CLIENT_SECRET", "PORTAL_CLIENT_ID", "PORTAL_CLIENT_SECRET"]
        );
        let prefixed = variables(std::slice::from_ref(&a), &Naming::choose(1, Some("BILLING_")).unwrap(), &[], &[]);
        assert_eq!(names(prefixed.unwrap()), ["BILLING_CLIENT_ID", "BILLING_CLIENT_SECRET"]);
        assert!(Naming::choose(2, Some("X")).is_err());
        assert!(Naming::choose(0, Some("X")).is_err(), "a prefix with nothing to prefix is a mistake");
        assert!(Naming::choose(1, Some("lower")).is_err());
    }

    #[test]
    fn mappings_name_any_field_and_collisions_are_refused() {
        let mapping: Mapping = "SCOPES=billing.sync.scopes".parse().unwrap();
        assert_eq!((mapping.app.as_str(), mapping.field), ("billing.sync", Field::Scopes));
        let mut a = app("billing.sync");
        a.settings.scopes = vec!["read".into(), "write".into()];
        let vars = variables(&[], &Naming::Bare, std::slice::from_ref(&mapping), std::slice::from_ref(&a)).unwrap();
        assert_eq!(vars, [Variable { name: "SCOPES".into(), value: "read write".into(), secret: false }]);
        let clash: Mapping = "CLIENT_ID=billing.sync.name".parse().unwrap();
        let err = variables(std::slice::from_ref(&a), &Naming::Bare, &[clash], std::slice::from_ref(&a)).unwrap_err();
        assert!(err.message.contains("CLIENT_ID"), "{err}");
        for bad in ["NOEQUALS", "X=nodot", "X=.client_id", "lower=a.client_id", "X=a.colour", "1X=a.name"] {
            assert!(bad.parse::<Mapping>().is_err(), "{bad}");
        }
        let none: Mapping = "REFRESH=billing.sync.refresh_token_lifetime".parse().unwrap();
        assert!(variables(&[], &Naming::Bare, &[none], &[a]).unwrap().is_empty(), "a field with no value sets nothing");
    }
}
