//! Turns the settings options of `create` and `edit` into a validated change.

use crate::cli::{ItemEdits, SettingsArgs};
use crate::domain::{GrantType, Invalid, ListChange, SettingsChange, rules};
use crate::error::Result;

/// A validated change, and the warnings its URLs raised.
pub fn parse(
    args: &SettingsArgs,
    multi_tenant: Option<bool>,
    items: &ItemEdits,
) -> Result<(SettingsChange, Vec<String>)> {
    Ok(parse_inner(args, multi_tenant, items)?)
}

fn strs(list: &[String]) -> impl Iterator<Item = &str> {
    // An empty value (`--scope ''`) stands for an empty list.
    list.iter().map(String::as_str).filter(|s| !s.is_empty())
}

fn grants(list: &[String]) -> Result<Vec<GrantType>, Invalid> {
    rules::grants(strs(list))
}

fn urls(list: &[String], what: &str, warnings: &mut Vec<String>) -> Result<Vec<String>, Invalid> {
    let (urls, found) = rules::redirect_urls(strs(list), what)?;
    warnings.extend(found);
    Ok(urls)
}

fn parse_inner(
    args: &SettingsArgs,
    multi_tenant: Option<bool>,
    items: &ItemEdits,
) -> Result<(SettingsChange, Vec<String>), Invalid> {
    let mut warnings = Vec::new();
    let access_token_lifetime = args
        .access_token_lifetime
        .as_deref()
        .map(|raw| rules::duration_seconds(raw, "access token lifetime").and_then(rules::access_token_lifetime))
        .transpose()?;
    let refresh_token_lifetime = args
        .refresh_token_lifetime
        .as_deref()
        .map(|raw| rules::duration_seconds(raw, "refresh token lifetime"))
        .transpose()?;
    let secret_lifetime = args.secret_lifetime.as_deref().map(rules::secret_lifetime).transpose()?;
    let change = SettingsChange {
        tenant: args.tenant.as_deref().map(rules::tenant).transpose()?,
        multi_tenant,
        access_token_lifetime,
        refresh_token_lifetime,
        secret_lifetime,
        grant_types: ListChange {
            replace: args.grants.as_deref().map(grants).transpose()?,
            add: grants(&items.add_grant)?,
            remove: grants(&items.remove_grant)?,
        },
        scopes: ListChange {
            replace: args.scopes.as_deref().map(|s| rules::scopes(strs(s))).transpose()?,
            add: rules::scopes(strs(&items.add_scope))?,
            remove: rules::scopes(strs(&items.remove_scope))?,
        },
        callback_urls: ListChange {
            replace: args.callback_urls.as_deref().map(|u| urls(u, "callback URL", &mut warnings)).transpose()?,
            add: urls(&items.add_callback_url, "callback URL", &mut warnings)?,
            // A URL being removed need not pass today's rules: it may predate them.
            remove: items.remove_callback_url.clone(),
        },
        signout_urls: ListChange {
            replace: args.signout_urls.as_deref().map(|u| urls(u, "sign-out URL", &mut warnings)).transpose()?,
            add: urls(&items.add_signout_url, "sign-out URL", &mut warnings)?,
            remove: items.remove_signout_url.clone(),
        },
    };
    Ok((change, warnings))
}
