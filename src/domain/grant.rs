//! OAuth grant types: the canonical names that are stored and printed, the short aliases a
//! user may type, and the two grants RFC 9700 forbids.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::invalid::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GrantType {
    #[serde(rename = "client_credentials")]
    ClientCredentials,
    #[serde(rename = "authorization_code")]
    AuthorizationCode,
    #[serde(rename = "refresh_token")]
    RefreshToken,
    #[serde(rename = "urn:ietf:params:oauth:grant-type:device_code")]
    DeviceCode,
    #[serde(rename = "urn:ietf:params:oauth:grant-type:token-exchange")]
    TokenExchange,
    #[serde(rename = "urn:ietf:params:oauth:grant-type:jwt-bearer")]
    JwtBearer,
}

impl GrantType {
    pub const ALL: [Self; 6] = [
        Self::ClientCredentials,
        Self::AuthorizationCode,
        Self::RefreshToken,
        Self::DeviceCode,
        Self::TokenExchange,
        Self::JwtBearer,
    ];

    pub const fn canonical(self) -> &'static str {
        match self {
            Self::ClientCredentials => "client_credentials",
            Self::AuthorizationCode => "authorization_code",
            Self::RefreshToken => "refresh_token",
            Self::DeviceCode => "urn:ietf:params:oauth:grant-type:device_code",
            Self::TokenExchange => "urn:ietf:params:oauth:grant-type:token-exchange",
            Self::JwtBearer => "urn:ietf:params:oauth:grant-type:jwt-bearer",
        }
    }

    /// The aliases accepted on input besides the canonical name.
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::ClientCredentials => &["client-credentials"],
            Self::AuthorizationCode => &["code", "authorization-code"],
            Self::RefreshToken => &["refresh", "refresh-token"],
            Self::DeviceCode => &["device-code", "device_code", "device"],
            Self::TokenExchange => &["token-exchange", "token_exchange"],
            Self::JwtBearer => &["jwt-bearer", "jwt_bearer"],
        }
    }
}

impl fmt::Display for GrantType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.canonical())
    }
}

impl FromStr for GrantType {
    type Err = Invalid;

    fn from_str(raw: &str) -> Result<Self, Invalid> {
        let text = raw.trim();
        let lower = text.to_ascii_lowercase();
        if let Some(grant) =
            Self::ALL.into_iter().find(|g| g.canonical() == text || g.aliases().contains(&lower.as_str()))
        {
            return Ok(grant);
        }
        match lower.as_str() {
            "implicit" | "token" => Err(Invalid::new(
                "the implicit grant is refused: RFC 9700 §2.1.2 says it should not be used, because it returns access tokens in the URL where they leak",
                "use --grant authorization_code (with PKCE) instead",
            )),
            "password" | "resource-owner-password" => Err(Invalid::new(
                "the password grant is refused: RFC 9700 §2.4 says it must not be used, because it hands the user's password to the client",
                "use --grant authorization_code, or device-code for devices without a browser",
            )),
            _ => Err(Invalid::new(
                format!("{raw:?} is not a grant type"),
                "use one of: client_credentials, authorization_code (code), refresh_token (refresh), device-code, token-exchange, jwt-bearer",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_map_to_canonical_names() {
        assert_eq!("code".parse::<GrantType>().unwrap(), GrantType::AuthorizationCode);
        assert_eq!(
            "device-code".parse::<GrantType>().unwrap().canonical(),
            "urn:ietf:params:oauth:grant-type:device_code"
        );
        for grant in GrantType::ALL {
            assert_eq!(grant.canonical().parse::<GrantType>().unwrap(), grant);
            assert_eq!(serde_json::to_value(grant).unwrap(), grant.canonical());
        }
    }

    #[test]
    fn forbidden_grants_cite_rfc_9700() {
        assert!("implicit".parse::<GrantType>().unwrap_err().message.contains("RFC 9700 §2.1.2"));
        assert!("password".parse::<GrantType>().unwrap_err().message.contains("RFC 9700 §2.4"));
    }
}
