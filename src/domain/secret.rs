//! Client IDs and client secrets: generation, the checksum that lets a scanner recognise a
//! leaked secret offline, and masking for display.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

pub const CLIENT_ID_PREFIX: &str = "rva_";
pub const CLIENT_SECRET_PREFIX: &str = "rvs_";
const CLIENT_ID_RANDOM_LEN: usize = 24;
const SECRET_RANDOM_LEN: usize = 40;
const CHECKSUM_LEN: usize = 6;
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A client secret. Zeroized on drop; `Debug` is redacted and there is deliberately no
/// `Serialize`, so it cannot reach a log line or a JSON document by accident.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn generate() -> Self {
        let body = random_base62(SECRET_RANDOM_LEN);
        let checksum = checksum(&body);
        Self(format!("{CLIENT_SECRET_PREFIX}{body}{checksum}"))
    }

    /// Wraps a value read from the store, or from the user (for `verify`): it need not be
    /// well formed.
    pub fn from_string(value: String) -> Self {
        Self(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `rvs_••••••••a1b2`: the prefix and the last four characters only.
    pub fn masked(&self) -> String {
        let tail: String = self.0.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        format!("{CLIENT_SECRET_PREFIX}••••••••{tail}")
    }

    /// Constant-time comparison, so `verify` leaks nothing through timing.
    pub fn matches(&self, candidate: &ClientSecret) -> bool {
        constant_time_eq(self.0.as_bytes(), candidate.0.as_bytes())
    }
}

/// Equality whose time depends on the lengths only, not on where the bytes differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // `subtle` compares lengths first (they are public) and the bytes without branching.
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// `rva_` followed by 24 base62 characters (about 142.9 bits).
pub fn generate_client_id() -> String {
    format!("{CLIENT_ID_PREFIX}{}", random_base62(CLIENT_ID_RANDOM_LEN))
}

/// True when `text` has the exact shape of a client ID.
pub fn is_client_id(text: &str) -> bool {
    text.strip_prefix(CLIENT_ID_PREFIX)
        .is_some_and(|rest| rest.len() == CLIENT_ID_RANDOM_LEN && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// `rva_3kF9…w2Qz`: enough to tell apps apart in a table.
pub fn mask_client_id(client_id: &str) -> String {
    match client_id.strip_prefix(CLIENT_ID_PREFIX) {
        Some(rest) if rest.len() > 8 && rest.is_ascii() => {
            format!("{CLIENT_ID_PREFIX}{}…{}", &rest[..4], &rest[rest.len() - 4..])
        }
        _ => client_id.to_owned(),
    }
}

/// CRC-32 (IEEE) of `body`, in base62, big-endian, left-padded with `0` to six characters.
pub fn checksum(body: &str) -> String {
    let mut value = crc32fast::hash(body.as_bytes());
    let mut digits = [b'0'; CHECKSUM_LEN];
    for digit in digits.iter_mut().rev() {
        *digit = BASE62[(value % 62) as usize];
        value /= 62;
    }
    String::from_utf8(digits.to_vec()).expect("base62 digits are ASCII")
}

/// True when `text` is a client secret whose checksum is right: what a secret scanner checks.
pub fn is_well_formed_secret(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(CLIENT_SECRET_PREFIX) else {
        return false;
    };
    if rest.len() != SECRET_RANDOM_LEN + CHECKSUM_LEN || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (body, check) = rest.split_at(SECRET_RANDOM_LEN);
    checksum(body) == check
}

/// Uniform base62 characters through `rand`'s uniform distribution (which rejects what would
/// bias the draw), from `rand`'s `StdRng` (ChaCha12) seeded afresh from the operating system's
/// CSPRNG for this one value. Drawing from the OS generator directly costs a system call per
/// character: 60,000 of them for an `apply` of 1,000 applications.
fn random_base62(len: usize) -> String {
    use rand::SeedableRng as _;
    use rand::distr::{Distribution as _, Uniform};
    let alphabet = Uniform::new(0, BASE62.len()).expect("the alphabet is not empty");
    // `UnwrapErr` panics if the system's generator fails: there is no safe way on without it.
    let mut rng = rand::rngs::StdRng::from_rng(&mut rand::rand_core::UnwrapErr(rand::rngs::SysRng));
    alphabet.sample_iter(&mut rng).take(len).map(|i| char::from(BASE62[i])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_crc32_in_padded_base62() {
        // Expected values computed independently with Python's zlib.crc32 and a base62 encoder.
        // CRC-32("123456789") = 0xCBF43926, the standard check value.
        assert_eq!(crc32fast::hash(b"123456789"), 0xCBF4_3926);
        assert_eq!(checksum("123456789"), "3jZRME");
        // CRC-32("") = 0: all padding.
        assert_eq!(checksum(""), "000000");
        // CRC-32("a") = 0xE8B7BE43.
        assert_eq!(checksum("a"), "4GEHKN");
    }

    #[test]
    fn generated_values_have_the_documented_shape() {
        let id = generate_client_id();
        assert!(is_client_id(&id), "{id}");
        let secret = ClientSecret::generate();
        assert_eq!(secret.expose().len(), 4 + 40 + 6);
        assert!(is_well_formed_secret(secret.expose()));
        assert_ne!(generate_client_id(), generate_client_id());
    }

    #[test]
    fn a_changed_character_breaks_the_checksum() {
        let secret = ClientSecret::generate();
        let mut chars: Vec<char> = secret.expose().chars().collect();
        chars[10] = if chars[10] == 'a' { 'b' } else { 'a' };
        assert!(!is_well_formed_secret(&chars.into_iter().collect::<String>()));
    }

    #[test]
    fn masks_keep_prefix_and_tail_only() {
        let secret = ClientSecret::from_string("rvs_abcdefghijklmnopqrstuvwxyz0123456789ABCDa1b2c3".into());
        assert_eq!(secret.masked(), "rvs_••••••••b2c3");
        assert_eq!(mask_client_id("rva_3kF9abcdefghijklmnopw2Qz"), "rva_3kF9…w2Qz");
        assert_eq!(format!("{secret:?}"), "ClientSecret(<redacted>)");
    }

    #[test]
    fn base62_is_roughly_uniform() {
        let sample = random_base62(62 * 400);
        let mut counts = [0u32; 62];
        for b in sample.bytes() {
            counts[BASE62.iter().position(|&c| c == b).unwrap()] += 1;
        }
        // Expected 400 each; a biased generator (plain % 62) would skew the first 8 symbols.
        assert!(counts.iter().all(|&c| (250..=550).contains(&c)), "{counts:?}");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::{ClientSecret, is_well_formed_secret};

    proptest! {
        #[test]
        fn secrets_carry_a_valid_checksum_and_any_change_breaks_it(index in 4usize..50, replacement in "[0-9A-Za-z]") {
            let secret = ClientSecret::generate();
            prop_assert!(is_well_formed_secret(secret.expose()));
            let mut chars: Vec<char> = secret.expose().chars().collect();
            let new = replacement.chars().next().unwrap_or('0');
            prop_assume!(chars[index] != new);
            chars[index] = new;
            prop_assert!(!is_well_formed_secret(&chars.into_iter().collect::<String>()));
        }
    }
}
