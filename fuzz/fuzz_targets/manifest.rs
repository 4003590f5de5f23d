//! The manifest and editor-buffer parsers read files a user wrote.
#![no_main]

use libfuzzer_sys::fuzz_target;
use revvy_apps::domain::manifest::{parse_manifest, parse_single};

fuzz_target!(|text: &str| {
    if let Err(err) = parse_manifest(text) {
        assert!(err.line >= 1 && err.column >= 1);
    }
    let _ = parse_single(text);
});
