//! The redirect-URL validator: never panics, and what it accepts is stored byte-exact.
#![no_main]

use libfuzzer_sys::fuzz_target;
use revvy_apps::domain::rules::redirect_url;

fuzz_target!(|text: &str| {
    if let Ok((url, _warning)) = redirect_url(text, "callback URL") {
        assert_eq!(url, text);
        assert!(!url.contains('#') && !url.contains('*') && url.len() <= 2048);
    }
});
