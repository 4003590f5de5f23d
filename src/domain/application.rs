//! The application model and the one function that turns a user's requested changes into a
//! new, consistent set of settings.

use chrono::{DateTime, Utc};

use super::grant::GrantType;
use super::invalid::Invalid;
use super::rules;
use super::secret::{ClientSecret, generate_client_id};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Disabled,
}

impl Status {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
}

impl std::str::FromStr for Status {
    type Err = Invalid;

    fn from_str(raw: &str) -> Result<Self, Invalid> {
        match raw {
            "active" => Ok(Self::Active),
            "disabled" => Ok(Self::Disabled),
            _ => Err(Invalid::new(format!("{raw:?} is not a status"), "use active or disabled")),
        }
    }
}

/// What a user sets on an application besides its name and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub tenant: String,
    pub multi_tenant: bool,
    pub access_token_lifetime: u32,
    pub refresh_token_lifetime: Option<u32>,
    pub grant_types: Vec<GrantType>,
    pub scopes: Vec<String>,
    pub callback_urls: Vec<String>,
    pub signout_urls: Vec<String>,
    /// How long a secret lives from its issue, in seconds; `None`: until it is regenerated.
    pub secret_lifetime: Option<u32>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tenant: "default".to_owned(),
            multi_tenant: false,
            access_token_lifetime: rules::ACCESS_TOKEN_DEFAULT,
            refresh_token_lifetime: None,
            grant_types: vec![GrantType::ClientCredentials],
            scopes: Vec::new(),
            callback_urls: Vec::new(),
            signout_urls: Vec::new(),
            secret_lifetime: None,
        }
    }
}

/// One application. Its sealed form is `store::codec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub name: String,
    pub client_id: String,
    pub client_secret: ClientSecret,
    pub status: Status,
    pub settings: Settings,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub secret_created_at: DateTime<Utc>,
    pub previous_secret: Option<ClientSecret>,
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    /// When `verify` last accepted a secret of this application: not part of the sealed
    /// record, but of its usage record (written at most hourly).
    pub usage: Usage,
}

/// When an application's secrets were last used, as `verify` saw them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// The last successful `verify`, with either secret.
    pub last_used_at: Option<DateTime<Utc>>,
    /// The last successful `verify` with the previous secret, while it still verifies.
    pub previous_secret_last_used_at: Option<DateTime<Utc>>,
}

pub use super::time::now;

impl Application {
    /// A new active application with fresh credentials.
    pub fn new(name: String, settings: Settings) -> Self {
        let at = now();
        Self {
            name,
            client_id: generate_client_id(),
            client_secret: ClientSecret::generate(),
            status: Status::Active,
            settings,
            created_at: at,
            updated_at: at,
            secret_created_at: at,
            previous_secret: None,
            previous_secret_expires_at: None,
            usage: Usage::default(),
        }
    }

    /// When the current secret stops verifying, if it has a lifetime.
    pub fn secret_expires_at(&self) -> Option<DateTime<Utc>> {
        self.settings
            .secret_lifetime
            .map(|seconds| self.secret_created_at + chrono::Duration::seconds(i64::from(seconds)))
    }

    /// Whether the current secret has expired at `at` (expiry is exclusive: at the moment
    /// itself it no longer verifies).
    pub fn secret_expired(&self, at: DateTime<Utc>) -> bool {
        self.secret_expires_at().is_some_and(|expires| at >= expires)
    }

    /// Whether the current secret is expired at `at`, or expires within `within` seconds of it.
    pub fn secret_expiring(&self, at: DateTime<Utc>, within: u32) -> bool {
        self.secret_expires_at().is_some_and(|expires| expires <= at + chrono::Duration::seconds(i64::from(within)))
    }

    /// Whether no secret of this application was verified since `since`: never-used
    /// applications created before `since` count, newer ones do not (they had no chance).
    pub fn unused_since(&self, since: DateTime<Utc>) -> bool {
        match self.usage.last_used_at {
            Some(used) => used < since,
            None => self.created_at < since,
        }
    }

    /// Issues a new secret. With a grace period the current one stays valid until it ends, or
    /// until its own expiry if that comes first (a grace never lengthens a secret's life);
    /// without, it stops at once. Only one previous secret is ever kept.
    pub fn rotate_secret(&mut self, grace_seconds: Option<u32>) {
        let at = now();
        let own_expiry = self.secret_expires_at();
        let old = std::mem::replace(&mut self.client_secret, ClientSecret::generate());
        let grace_end = grace_seconds
            .filter(|&seconds| seconds > 0)
            .map(|seconds| at + chrono::Duration::seconds(i64::from(seconds)))
            .map(|end| own_expiry.map_or(end, |expiry| expiry.min(end)))
            .filter(|&end| end > at);
        self.previous_secret = grace_end.map(|_| old);
        self.previous_secret_expires_at = grace_end;
        self.secret_created_at = at;
        self.updated_at = at;
    }

    /// The previous secret while its grace period lasts.
    pub fn live_previous_secret(&self, at: DateTime<Utc>) -> Option<&ClientSecret> {
        match (&self.previous_secret, self.previous_secret_expires_at) {
            (Some(secret), Some(expires)) if at < expires => Some(secret),
            _ => None,
        }
    }

    /// When the previous secret stops verifying, while it still does.
    pub fn previous_secret_expiry(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.live_previous_secret(at).and(self.previous_secret_expires_at)
    }

    /// Drops a previous secret whose grace period has ended, so it is not kept longer than
    /// needed.
    pub fn forget_expired_secret(&mut self, at: DateTime<Utc>) {
        if self.previous_secret.is_some() && self.live_previous_secret(at).is_none() {
            self.previous_secret = None;
            self.previous_secret_expires_at = None;
        }
    }
}

/// How one list changes: replaced whole, or items added and removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListChange<T> {
    pub replace: Option<Vec<T>>,
    pub add: Vec<T>,
    pub remove: Vec<T>,
}

impl<T> Default for ListChange<T> {
    fn default() -> Self {
        Self { replace: None, add: Vec::new(), remove: Vec::new() }
    }
}

impl<T: PartialEq + Clone> ListChange<T> {
    pub fn is_empty(&self) -> bool {
        self.replace.is_none() && self.add.is_empty() && self.remove.is_empty()
    }

    fn apply(&self, current: &[T]) -> Vec<T> {
        let mut list = self.replace.clone().unwrap_or_else(|| current.to_vec());
        for item in &self.add {
            if !list.contains(item) {
                list.push(item.clone());
            }
        }
        list.retain(|item| !self.remove.contains(item));
        list
    }
}

/// Validated changes to the settings, as `create` and `edit` receive them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsChange {
    pub tenant: Option<String>,
    pub multi_tenant: Option<bool>,
    pub access_token_lifetime: Option<u32>,
    pub refresh_token_lifetime: Option<u32>,
    pub grant_types: ListChange<GrantType>,
    pub scopes: ListChange<String>,
    pub callback_urls: ListChange<String>,
    pub signout_urls: ListChange<String>,
    /// `Some(None)`: no lifetime.
    pub secret_lifetime: Option<Option<u32>>,
}

impl SettingsChange {
    pub fn is_empty(&self) -> bool {
        self.secret_lifetime.is_none()
            && self.tenant.is_none()
            && self.multi_tenant.is_none()
            && self.access_token_lifetime.is_none()
            && self.refresh_token_lifetime.is_none()
            && self.grant_types.is_empty()
            && self.scopes.is_empty()
            && self.callback_urls.is_empty()
            && self.signout_urls.is_empty()
    }

    /// The settings after this change, checked as a whole: the rules that tie one field to
    /// another (a refresh token outlives the access token, a code grant needs a callback URL) are
    /// enforced here and nowhere else.
    pub fn apply_to(&self, current: &Settings) -> Result<Settings, Invalid> {
        let mut next = Settings {
            tenant: self.tenant.clone().unwrap_or_else(|| current.tenant.clone()),
            multi_tenant: self.multi_tenant.unwrap_or(current.multi_tenant),
            access_token_lifetime: self.access_token_lifetime.unwrap_or(current.access_token_lifetime),
            refresh_token_lifetime: current.refresh_token_lifetime,
            grant_types: self.grant_types.apply(&current.grant_types),
            scopes: self.scopes.apply(&current.scopes),
            callback_urls: self.callback_urls.apply(&current.callback_urls),
            signout_urls: self.signout_urls.apply(&current.signout_urls),
            secret_lifetime: self.secret_lifetime.unwrap_or(current.secret_lifetime),
        };
        if next.grant_types.is_empty() {
            return Err(Invalid::new(
                "an application needs at least one grant type",
                "keep or add one, e.g. --grant client_credentials",
            ));
        }
        rules::access_token_lifetime(next.access_token_lifetime)?;
        let has_refresh = next.grant_types.contains(&GrantType::RefreshToken);
        next.refresh_token_lifetime = match (has_refresh, self.refresh_token_lifetime) {
            (false, Some(_)) => {
                return Err(Invalid::new(
                    "a refresh token lifetime needs the refresh_token grant",
                    "add --grant refresh_token, or drop --refresh-token-lifetime",
                ));
            }
            // Removing the grant removes its lifetime with it.
            (false, None) => None,
            (true, Some(seconds)) => Some(seconds),
            (true, None) => Some(current.refresh_token_lifetime.unwrap_or(rules::REFRESH_TOKEN_DEFAULT)),
        };
        if let Some(refresh) = next.refresh_token_lifetime {
            rules::refresh_token_lifetime(refresh, next.access_token_lifetime)?;
        }
        if next.grant_types.contains(&GrantType::AuthorizationCode) && next.callback_urls.is_empty() {
            return Err(Invalid::new(
                "the authorization_code grant needs at least one callback URL",
                "add --callback-url https://app.example.com/callback",
            ));
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change() -> SettingsChange {
        SettingsChange::default()
    }

    #[test]
    fn defaults_follow_the_design() {
        let settings = change().apply_to(&Settings::default()).unwrap();
        assert_eq!(settings.grant_types, [GrantType::ClientCredentials]);
        assert_eq!(settings.access_token_lifetime, 3600);
        assert_eq!(settings.refresh_token_lifetime, None);
        assert_eq!(settings.tenant, "default");
    }

    #[test]
    fn refresh_grant_brings_its_default_lifetime_and_takes_it_away() {
        let mut add = change();
        add.grant_types.add = vec![GrantType::RefreshToken];
        let with = add.apply_to(&Settings::default()).unwrap();
        assert_eq!(with.refresh_token_lifetime, Some(30 * 86_400));

        let mut remove = change();
        remove.grant_types.remove = vec![GrantType::RefreshToken];
        assert_eq!(remove.apply_to(&with).unwrap().refresh_token_lifetime, None);

        let mut orphan = change();
        orphan.refresh_token_lifetime = Some(86_400);
        assert!(orphan.apply_to(&Settings::default()).is_err());
    }

    #[test]
    fn authorization_code_needs_a_callback() {
        let mut code = change();
        code.grant_types.replace = Some(vec![GrantType::AuthorizationCode]);
        assert!(code.apply_to(&Settings::default()).is_err());
        code.callback_urls.add = vec!["https://a.example/cb".into()];
        assert!(code.apply_to(&Settings::default()).is_ok());
    }

    #[test]
    fn lists_replace_then_add_then_remove() {
        let list = ListChange { replace: Some(vec![1, 2]), add: vec![3, 2], remove: vec![1] };
        assert_eq!(list.apply(&[9]), [2, 3]);
    }

    #[test]
    fn a_grace_period_ends_no_later_than_the_old_secret_itself() {
        let mut app = Application::new("a".into(), Settings { secret_lifetime: Some(86_400), ..Settings::default() });
        app.secret_created_at = now() - chrono::Duration::hours(20);
        let own_expiry = app.secret_expires_at().unwrap();
        app.rotate_secret(Some(7 * 86_400));
        assert_eq!(app.previous_secret_expires_at, Some(own_expiry), "capped at the old secret's own expiry");
        // A grace shorter than what is left is kept as asked.
        app.rotate_secret(Some(3600));
        assert_eq!(app.previous_secret_expires_at, Some(app.secret_created_at + chrono::Duration::hours(1)));
        // An old secret already expired gets no grace at all.
        app.secret_created_at = now() - chrono::Duration::days(2);
        app.rotate_secret(Some(3600));
        assert_eq!((app.previous_secret.as_ref(), app.previous_secret_expires_at), (None, None));
    }

    #[test]
    fn rotation_keeps_one_previous_secret_only_with_grace() {
        let mut app = Application::new("a".into(), Settings::default());
        let first = app.client_secret.clone();
        app.rotate_secret(Some(3600));
        assert_eq!(app.live_previous_secret(now()), Some(&first));
        let second = app.client_secret.clone();
        app.rotate_secret(Some(3600));
        assert_eq!(app.previous_secret.as_ref(), Some(&second));
        app.rotate_secret(None);
        assert_eq!(app.previous_secret, None);
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_secret_expires_exactly_at_the_end_of_its_lifetime_and_a_new_one_starts_anew() {
        let mut app = Application::new("a".into(), Settings { secret_lifetime: Some(86_400), ..Settings::default() });
        app.secret_created_at = at("2026-01-01T00:00:00Z");
        assert_eq!(app.secret_expires_at(), Some(at("2026-01-02T00:00:00Z")));
        assert!(!app.secret_expired(at("2026-01-01T23:59:59Z")));
        assert!(app.secret_expired(at("2026-01-02T00:00:00Z")));
        assert!(app.secret_expiring(at("2026-01-01T00:00:00Z"), 86_400));
        assert!(!app.secret_expiring(at("2026-01-01T00:00:00Z"), 86_399));
        app.rotate_secret(None);
        assert!(app.secret_expires_at().unwrap() > now());
        app.settings.secret_lifetime = None;
        assert!(!app.secret_expired(at("2100-01-01T00:00:00Z")));
    }

    #[test]
    fn unused_means_no_verify_since_and_never_used_counts_only_when_older() {
        let mut app = Application::new("a".into(), Settings::default());
        app.created_at = at("2026-01-01T00:00:00Z");
        assert!(app.unused_since(at("2026-02-01T00:00:00Z")));
        assert!(!app.unused_since(at("2025-12-01T00:00:00Z")));
        app.usage.last_used_at = Some(at("2026-03-01T00:00:00Z"));
        assert!(!app.unused_since(at("2026-02-01T00:00:00Z")));
        assert!(app.unused_since(at("2026-03-02T00:00:00Z")));
    }
}

/// Any valid application, for property tests of the code that stores or shows one.
#[cfg(test)]
pub mod arbitrary {
    use proptest::prelude::*;

    use super::Application;
    use crate::domain::{GrantType, Settings, Status};

    fn scope() -> impl Strategy<Value = String> {
        "[!#-\\[\\]-~]{1,12}"
    }

    fn url() -> impl Strategy<Value = String> {
        ("[a-z]{1,10}", "[a-z0-9/]{0,12}").prop_map(|(host, path)| format!("https://{host}.example.com/{path}"))
    }

    prop_compose! {
        pub fn application()(
            name in "[A-Za-z0-9 _.é✓-]{1,30}",
            tenant in "[a-z0-9._-]{1,20}",
            disabled: bool,
            multi_tenant: bool,
            access in 300u32..=86_400,
            refresh in proptest::option::of(86_401u32..=31_536_000),
            scopes in proptest::collection::vec(scope(), 0..5),
            callbacks in proptest::collection::btree_set(url(), 1..4),
            signouts in proptest::collection::btree_set(url(), 0..3),
            grace in proptest::option::of(1u32..100_000),
            secret_lifetime in proptest::option::of(86_400u32..=730 * 86_400),
        ) -> Application {
            let mut grant_types = vec![GrantType::ClientCredentials, GrantType::AuthorizationCode];
            if refresh.is_some() {
                grant_types.push(GrantType::RefreshToken);
            }
            let mut scopes_unique = Vec::new();
            for s in scopes {
                if !scopes_unique.contains(&s) {
                    scopes_unique.push(s);
                }
            }
            let settings = Settings {
                tenant,
                multi_tenant,
                access_token_lifetime: access,
                refresh_token_lifetime: refresh,
                grant_types,
                scopes: scopes_unique,
                callback_urls: callbacks.into_iter().collect(),
                signout_urls: signouts.into_iter().collect(),
                secret_lifetime,
            };
            let mut app = Application::new(name.trim().to_owned(), settings);
            if app.name.is_empty() {
                app.name = "x".to_owned();
            }
            app.status = if disabled { Status::Disabled } else { Status::Active };
            if grace.is_some() {
                app.rotate_secret(grace);
            }
            app
        }
    }
}
