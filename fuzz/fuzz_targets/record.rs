//! The record decoder and the sealed-blob opener take bytes an attacker may have written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use revvy_apps::store::codec;
use revvy_apps::store::crypto::{self, SecretKey};

fuzz_target!(|data: &[u8]| {
    if let Some(app) = codec::decode(data) {
        // Whatever decodes must encode back to the same bytes.
        assert_eq!(codec::encode(&app).as_slice(), data);
    }
    let key = SecretKey::from_bytes([7; 32]);
    assert!(crypto::open(&key, b"context", data).is_err() || data.len() >= crypto::NONCE_LEN + crypto::TAG_LEN);
});
