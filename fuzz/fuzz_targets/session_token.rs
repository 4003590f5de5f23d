//! The session token parser reads REVVY_APPS_SESSION, which anyone may set.
#![no_main]

use libfuzzer_sys::fuzz_target;
use revvy_apps::store::SessionToken;

fuzz_target!(|text: &str| {
    if let Ok(token) = SessionToken::parse(text) {
        assert_eq!(SessionToken::parse(&token.expose()).map(|t| t.expose()).ok(), Some(token.expose()));
    }
});
