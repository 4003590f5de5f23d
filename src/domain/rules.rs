//! The validation rules of the application's fields, one function per field. Each refusal names the rule it
//! broke and how to fix it; none of them ever sees a secret.

use std::time::Duration;

use super::grant::GrantType;
use super::invalid::Invalid;
use super::secret::is_client_id;
use super::time::human_seconds;

pub const NAME_MAX_CHARS: usize = 100;
pub const TENANT_MAX_CHARS: usize = 64;
pub const URL_MAX_BYTES: usize = 2048;
pub const ACCESS_TOKEN_MIN: u32 = 300;
pub const ACCESS_TOKEN_MAX: u32 = 86_400;
pub const ACCESS_TOKEN_DEFAULT: u32 = 3_600;
pub const REFRESH_TOKEN_DEFAULT: u32 = 30 * 86_400;
pub const REFRESH_TOKEN_MAX: u32 = 365 * 86_400;

/// An application name: trimmed, 1–100 characters, no control characters, and not shaped like
/// a client ID (which would make `APP` ambiguous).
pub fn name(raw: &str) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    let fix = "use 1 to 100 characters without control characters, e.g. --name billing-sync";
    if trimmed.is_empty() {
        return Err(Invalid::new("the name is empty", fix));
    }
    let count = trimmed.chars().count();
    if count > NAME_MAX_CHARS {
        return Err(Invalid::new(
            format!("the name is {count} characters long; at most {NAME_MAX_CHARS} are allowed"),
            fix,
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Invalid::new("the name contains a control character", fix));
    }
    if is_client_id(trimmed) {
        return Err(Invalid::new(
            format!("the name {trimmed:?} has the shape of a client ID"),
            "choose a name that does not start with rva_ followed by 24 letters and digits",
        ));
    }
    Ok(trimmed.to_owned())
}

/// Names are unique case-insensitively: this is the form that is compared.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A tenant identifier: 1–64 letters, digits, `.`, `_` or `-`.
pub fn tenant(raw: &str) -> Result<String, Invalid> {
    let ok = !raw.is_empty()
        && raw.len() <= TENANT_MAX_CHARS
        && raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(raw.to_owned())
    } else {
        Err(Invalid::new(
            format!("the tenant {raw:?} is not a valid tenant identifier"),
            "use 1 to 64 letters, digits, '.', '_' or '-', e.g. --tenant acme-prod",
        ))
    }
}

/// A token lifetime: a bare number of seconds, or a duration such as `90s`, `15m`, `1h`, `7d`.
pub fn duration_seconds(raw: &str, what: &str) -> Result<u32, Invalid> {
    let text = raw.trim();
    let fix = "give seconds (3600) or a duration such as 90s, 15m, 1h or 7d";
    let seconds = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<u64>().ok()
    } else {
        humantime::parse_duration(text).ok().filter(|d| d.subsec_nanos() == 0).map(|d: Duration| d.as_secs())
    };
    let seconds = seconds.ok_or_else(|| Invalid::new(format!("the {what} {raw:?} is not a duration"), fix))?;
    u32::try_from(seconds).map_err(|_| Invalid::new(format!("the {what} {raw:?} is too long"), fix))
}

/// A secret lives 1 to 730 days, or has no lifetime (`none`).
pub const SECRET_LIFETIME_MIN: u32 = 86_400;
pub const SECRET_LIFETIME_MAX: u32 = 730 * 86_400;

/// `--secret-lifetime`: `none`, or a duration of 1 to 730 days.
pub fn secret_lifetime(raw: &str) -> Result<Option<u32>, Invalid> {
    if raw.trim() == "none" {
        return Ok(None);
    }
    secret_lifetime_seconds(duration_seconds(raw, "secret lifetime")?).map(Some)
}

pub fn secret_lifetime_seconds(seconds: u32) -> Result<u32, Invalid> {
    if (SECRET_LIFETIME_MIN..=SECRET_LIFETIME_MAX).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(Invalid::new(
            format!("the secret lifetime {} is out of range", human_seconds(seconds)),
            "choose between 1d and 730d, or none",
        ))
    }
}

/// The config's `max_secret_lifetime`: no secret may be made to live longer, or forever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretPolicy {
    pub max: u32,
    /// Where it is set, for the refusal: the config file's path and line.
    pub source: String,
}

/// Holds a lifetime to the policy, when there is one and the command sets the lifetime (a
/// command that leaves it alone is not refused for what it did not touch).
pub fn enforce_policy(
    policy: Option<&SecretPolicy>,
    sets_lifetime: bool,
    lifetime: Option<u32>,
) -> Result<(), Invalid> {
    match policy {
        Some(policy) if sets_lifetime => policy.check(lifetime),
        _ => Ok(()),
    }
}

impl SecretPolicy {
    pub fn check(&self, lifetime: Option<u32>) -> Result<(), Invalid> {
        let policy = format!("the policy max_secret_lifetime = {} ({})", human_seconds(self.max), self.source);
        match lifetime {
            Some(seconds) if seconds <= self.max => Ok(()),
            Some(seconds) => Err(Invalid::new(
                format!("the secret lifetime {} is longer than {policy} allows", human_seconds(seconds)),
                format!("choose --secret-lifetime {}d or less", self.max / 86_400),
            )),
            None => Err(Invalid::new(
                format!("a secret without a lifetime is refused by {policy}"),
                format!("pass --secret-lifetime {}d or less (or set secret_lifetime in the config)", self.max / 86_400),
            )),
        }
    }
}

pub fn access_token_lifetime(seconds: u32) -> Result<u32, Invalid> {
    if (ACCESS_TOKEN_MIN..=ACCESS_TOKEN_MAX).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(Invalid::new(
            format!("the access token lifetime {} is out of range", human_seconds(seconds)),
            "choose between 300s (5m) and 86400s (1d)",
        ))
    }
}

pub fn refresh_token_lifetime(seconds: u32, access: u32) -> Result<u32, Invalid> {
    if seconds <= access {
        return Err(Invalid::new(
            format!(
                "the refresh token lifetime {} does not exceed the access token lifetime {}",
                human_seconds(seconds),
                human_seconds(access)
            ),
            "make --refresh-token-lifetime longer than --access-token-lifetime",
        ));
    }
    if seconds > REFRESH_TOKEN_MAX {
        return Err(Invalid::new(
            format!("the refresh token lifetime {} is out of range", human_seconds(seconds)),
            "choose at most 365d",
        ));
    }
    Ok(seconds)
}

/// A scope token of RFC 6749 §3.3: printable ASCII except space, `"` and `\`.
pub fn scope(raw: &str) -> Result<String, Invalid> {
    let valid =
        !raw.is_empty() && raw.bytes().all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b));
    if valid {
        Ok(raw.to_owned())
    } else {
        Err(Invalid::new(
            format!("the scope {raw:?} is not a valid scope token (RFC 6749 §3.3)"),
            "use printable ASCII without spaces, quotes or backslashes, e.g. --scope read:invoices",
        ))
    }
}

/// Splits on whitespace (a scope parameter is space-delimited), validates each token and
/// drops repeats while keeping the first order.
pub fn scopes<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, Invalid> {
    let mut out: Vec<String> = Vec::new();
    for token in raw.into_iter().flat_map(str::split_whitespace) {
        let token = scope(token)?;
        if !out.contains(&token) {
            out.push(token);
        }
    }
    Ok(out)
}

/// Grant types: aliases in, canonical names out, repeats dropped, order kept.
pub fn grants<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Vec<GrantType>, Invalid> {
    let mut out = Vec::new();
    for text in raw {
        let grant = text.parse::<GrantType>()?;
        if !out.contains(&grant) {
            out.push(grant);
        }
    }
    Ok(out)
}

/// A callback or sign-out URL, checked against RFC 6749 §3.1.2, RFC 8252 §7.3 and §8.3 and
/// RFC 9700 §2.1. Returns the URL byte-exact, and a warning when it is accepted reluctantly.
pub fn redirect_url(raw: &str, what: &str) -> Result<(String, Option<String>), Invalid> {
    let refuse = |rule: &str, fix: &str| Err(Invalid::new(format!("the {what} {raw:?} {rule}"), fix));
    if raw.len() > URL_MAX_BYTES {
        return Err(Invalid::new(
            format!("the {what} is {} bytes long; at most {URL_MAX_BYTES} are allowed", raw.len()),
            "shorten the URL",
        ));
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("contains whitespace or a control character", "percent-encode it (a space is %20)");
    }
    if raw.contains('*') {
        return refuse(
            "contains a wildcard (RFC 9700 §2.1 requires exact matching)",
            "register each URL in full; repeat the option for several",
        );
    }
    if raw.contains('#') {
        return refuse("has a fragment (RFC 6749 §3.1.2)", "remove the part from '#' on");
    }
    let url = match url::Url::parse(raw) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return refuse(
                "is not absolute (RFC 6749 §3.1.2)",
                "give scheme and host, e.g. https://app.example.com/callback",
            );
        }
        Err(err) => {
            return refuse(
                &format!("is not a valid URL ({err})"),
                "give a full URL, e.g. https://app.example.com/callback",
            );
        }
    };
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("contains user information", "remove the user:password@ part");
    }
    match url.scheme() {
        "https" => Ok((raw.to_owned(), None)),
        "http" => match url.host() {
            Some(url::Host::Ipv4(ip)) if ip == std::net::Ipv4Addr::LOCALHOST => Ok((raw.to_owned(), None)),
            Some(url::Host::Ipv6(ip)) if ip == std::net::Ipv6Addr::LOCALHOST => Ok((raw.to_owned(), None)),
            Some(url::Host::Domain("localhost")) => Ok((
                raw.to_owned(),
                Some(format!(
                    "the {what} {raw:?} uses localhost, which can resolve off the machine (RFC 8252 §8.3); prefer http://127.0.0.1 or http://[::1]"
                )),
            )),
            _ => refuse(
                "uses http on a host other than the loopback address (RFC 8252 §7.3, RFC 9700 §2.1)",
                "use https, or http://127.0.0.1:PORT or http://[::1]:PORT for a native app",
            ),
        },
        scheme if scheme.contains('.') => Ok((raw.to_owned(), None)),
        scheme => Err(Invalid::new(
            format!(
                "the {what} {raw:?} uses the scheme {scheme:?}, which is neither https nor a private-use scheme (RFC 8252 §7.1)"
            ),
            "use https, or a reverse-domain private-use scheme such as com.example.app:/callback",
        )),
    }
}

/// A whole URL list: each URL checked, duplicates (byte-exact) refused.
pub fn redirect_urls<'a>(
    raw: impl IntoIterator<Item = &'a str>,
    what: &str,
) -> Result<(Vec<String>, Vec<String>), Invalid> {
    let mut urls: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    for text in raw {
        let (url, warning) = redirect_url(text, what)?;
        if urls.contains(&url) {
            return Err(Invalid::new(format!("the {what} {text:?} is given twice"), "list each URL once"));
        }
        urls.push(url);
        warnings.extend(warning);
    }
    Ok((urls, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the property test below: a letter whose lowercase form is longer than itself.
    #[test]
    fn a_name_whose_lowercase_grows_is_still_found_by_either_case() {
        let name = name("ῲ").unwrap();
        assert_eq!(super::name(&name), Ok(name.clone()));
        assert_eq!(name_key(&name), name_key(&name.to_lowercase()));
        assert_eq!(name_key(&name), name_key(&name.to_ascii_uppercase()));
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  billing-sync ").unwrap(), "billing-sync");
        assert!(name("   ").is_err());
        assert!(name(&"x".repeat(100)).is_ok());
        assert!(name(&"é".repeat(101)).is_err());
        assert!(name("bad\u{7}name").is_err());
        assert!(name("rva_abcdefghijklmnopqrstuvwx").is_err());
        assert_eq!(name_key(" Billing-SYNC "), "billing-sync");
    }

    #[test]
    fn durations_accept_seconds_and_units() {
        assert_eq!(duration_seconds("3600", "x").unwrap(), 3600);
        assert_eq!(duration_seconds("90s", "x").unwrap(), 90);
        assert_eq!(duration_seconds("15m", "x").unwrap(), 900);
        assert_eq!(duration_seconds("1h", "x").unwrap(), 3600);
        assert_eq!(duration_seconds("7d", "x").unwrap(), 604_800);
        assert!(duration_seconds("soon", "x").is_err());
        assert!(duration_seconds("-5", "x").is_err());
        assert!(duration_seconds("", "x").is_err());
        assert!(access_token_lifetime(299).is_err());
        assert!(access_token_lifetime(86_401).is_err());
        assert!(refresh_token_lifetime(3600, 3600).is_err());
    }

    #[test]
    fn scopes_follow_rfc_6749() {
        assert_eq!(scopes(["read write", "read", "admin:all"]).unwrap(), ["read", "write", "admin:all"]);
        assert!(scope("a\"b").is_err());
        assert!(scope("a\\b").is_err());
        assert!(scope("é").is_err());
    }

    #[test]
    fn urls_follow_the_oauth_rules() {
        let ok = |u: &str| redirect_url(u, "callback URL").map(|(url, _)| url);
        assert_eq!(ok("https://app.example.com/cb?x=1").unwrap(), "https://app.example.com/cb?x=1");
        assert_eq!(ok("HTTPS://App.Example.com/cb").unwrap(), "HTTPS://App.Example.com/cb", "stored byte-exact");
        assert!(ok("http://127.0.0.1:8080/cb").is_ok());
        assert!(ok("http://[::1]/cb").is_ok());
        assert!(ok("com.example.app:/cb").is_ok());
        assert!(redirect_url("http://localhost:3000/cb", "callback URL").unwrap().1.is_some());
        for bad in [
            "/relative",
            "https://app.example.com/cb#frag",
            "https://user:pw@app.example.com/cb",
            "https://*.example.com/cb",
            "http://app.example.com/cb",
            "myapp:/cb",
            "javascript:alert(1)",
            "https://app.example.com/a b",
        ] {
            assert!(ok(bad).is_err(), "{bad}");
        }
        assert!(ok(&format!("https://e.com/{}", "a".repeat(2040))).is_err());
        assert!(redirect_urls(["https://a.com/", "https://a.com/"], "callback URL").is_err());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::{duration_seconds, name, name_key, redirect_url};
    use crate::domain::time::human_seconds;

    proptest! {
        #[test]
        fn durations_in_any_unit_parse_back(seconds in 1u32..2_000_000) {
            prop_assert_eq!(duration_seconds(&seconds.to_string(), "x"), Ok(seconds));
            prop_assert_eq!(duration_seconds(&format!("{seconds}s"), "x"), Ok(seconds));
            prop_assert_eq!(duration_seconds(&human_seconds(seconds), "x"), Ok(seconds));
        }

        #[test]
        fn the_url_validator_never_panics_and_keeps_what_it_accepts(text in "\\PC{0,60}") {
            if let Ok((url, _)) = redirect_url(&text, "callback URL") {
                prop_assert_eq!(url, text);
            }
        }

        #[test]
        fn names_are_idempotent(text in "\\PC{0,120}") {
            if let Ok(name) = name(&text) {
                prop_assert_eq!(super::name(&name), Ok(name.clone()));
                // Case-insensitive means Unicode lowercase mapping: any letter's case may change.
                prop_assert_eq!(name_key(&name), name_key(&name.to_ascii_uppercase()));
                prop_assert_eq!(name_key(&name), name_key(&name.to_lowercase()));
            }
        }
    }
}
