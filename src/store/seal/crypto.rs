//! Small wrappers over the RustCrypto primitives the store uses, so the rest of the code
//! never handles a nonce, a tag or an Argon2 parameter block by hand. Known-answer tests
//! pin each wrapper to its specification.

use std::fmt;

use argon2::{Algorithm, Argon2, AssociatedData, ParamsBuilder, Version};

use crate::sys::KdfMemory;
use blake2::Blake2bMac;
use blake2::digest::Mac as _;
use blake2::digest::consts::U32;
use chacha20poly1305::aead::{Aead as _, Payload};
use chacha20poly1305::{KeyInit as _, XChaCha20Poly1305, XNonce};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

pub const KEY_LEN: usize = 32;
pub const NONCE_LEN: usize = 24;
pub const TAG_LEN: usize = 16;

/// A 256-bit symmetric key. Zeroized on drop; its `Debug` never shows the bytes.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    pub fn random() -> Self {
        let mut key = Self([0; KEY_LEN]);
        fill_random(&mut key.0);
        key
    }

    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// Accepts exactly 32 bytes; anything else is `None`.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let array: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(Self(array))
    }

    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// A subkey for one purpose. BLAKE2b keyed with this key is a PRF, so distinct labels give
    /// independent keys (the construction of libsodium's `crypto_kdf`, with the label as input).
    #[must_use]
    pub fn derive(&self, label: &str) -> Self {
        Self(mac(self, label.as_bytes()))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// Fills `buf` from the operating system's CSPRNG. Without one there is no safe way on.
pub fn fill_random(buf: &mut [u8]) {
    use rand::RngExt as _;
    // `UnwrapErr` panics if the system's generator fails: there is no safe way on without it.
    rand::rand_core::UnwrapErr(rand::rngs::SysRng).fill(buf);
}

pub fn random_array<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    fill_random(&mut bytes);
    bytes
}

/// Argon2id cost parameters, as stored in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

/// The Argon2 call could not run with these parameters.
#[derive(Debug, thiserror::Error)]
#[error("key derivation failed: {0}")]
pub struct KdfError(argon2::Error);

/// Argon2id (version 0x13) of `password` and `salt` into a 256-bit key.
pub fn argon2id(password: &[u8], salt: &[u8], params: KdfParams) -> Result<SecretKey, KdfError> {
    crate::stats::key_derived();
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon2id_raw(password, salt, &[], &[], params, out.as_mut())?;
    Ok(SecretKey(*out))
}

/// The full RFC 9106 function, with the optional secret and associated data, so the
/// known-answer test of RFC 9106 §5.3 exercises the same code path as [`argon2id`].
fn argon2id_raw(
    password: &[u8],
    salt: &[u8],
    secret: &[u8],
    associated: &[u8],
    params: KdfParams,
    out: &mut [u8],
) -> Result<(), KdfError> {
    let params = ParamsBuilder::new()
        .m_cost(params.memory_kib)
        .t_cost(params.iterations)
        .p_cost(params.parallelism)
        .data(AssociatedData::new(associated).map_err(KdfError)?)
        .output_len(out.len())
        .build()
        .map_err(KdfError)?;
    let block_count = params.block_count();
    let argon = if secret.is_empty() {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    } else {
        Argon2::new_with_secret(secret, Algorithm::Argon2id, Version::V0x13, params).map_err(KdfError)?
    };
    // Our own working memory, wiped when dropped (the crate frees its own unwiped).
    let mut memory = KdfMemory::new(block_count).ok_or(KdfError(argon2::Error::OutOfMemory))?;
    argon.hash_password_into_with_memory(password, salt, out, memory.as_mut_slice()).map_err(KdfError)
}

/// Authentication failed: wrong key, altered ciphertext or altered associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("authentication failed")]
pub struct OpenError;

/// XChaCha20-Poly1305 with a fresh random nonce; the result is `nonce || ciphertext || tag`.
pub fn seal(key: &SecretKey, associated: &[u8], plaintext: &[u8]) -> Vec<u8> {
    seal_with_nonce(key, &random_array::<NONCE_LEN>(), associated, plaintext)
}

fn seal_with_nonce(key: &SecretKey, nonce: &[u8; NONCE_LEN], associated: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.as_bytes().into());
    let sealed = cipher
        .encrypt(&XNonce::from(*nonce), Payload { msg: plaintext, aad: associated })
        .expect("XChaCha20-Poly1305 accepts any message this program seals");
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Opens what [`seal`] produced. The plaintext is zeroized when dropped.
pub fn open(key: &SecretKey, associated: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(OpenError);
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| OpenError)?;
    let cipher = XChaCha20Poly1305::new(key.as_bytes().into());
    cipher
        .decrypt(&XNonce::from(nonce), Payload { msg: ciphertext, aad: associated })
        .map(Zeroizing::new)
        .map_err(|_| OpenError)
}

/// BLAKE2b-256 keyed with `key`: the MAC behind the lookup columns and the audit chain.
pub fn mac(key: &SecretKey, message: &[u8]) -> [u8; 32] {
    let mut mac = <Blake2bMac<U32> as blake2::digest::KeyInit>::new_from_slice(key.as_bytes())
        .expect("BLAKE2b accepts a 32-byte key");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// [`mac`] under one key of many messages that start alike, with the key's block and the
/// common start compressed once: `PrefixedMac::new(key, prefix).mac(rest)` equals
/// `mac(key, prefix ‖ rest…)`, one BLAKE2b compression cheaper per message. A full member
/// derives an application key per record it opens, so `list` pays that compression 10,000
/// times over 10,000 applications. The state is derived from the key: zeroized on drop (the
/// blake2 state is `ZeroizeOnDrop`), never shown.
#[derive(Clone)]
pub struct PrefixedMac(Blake2bMac<U32>);

impl PrefixedMac {
    /// `prefix` must not be empty: the key's block is compressed only once more input comes.
    pub fn new(key: &SecretKey, prefix: &[u8]) -> Self {
        assert!(!prefix.is_empty(), "a prefixed MAC needs a prefix");
        let mut mac = <Blake2bMac<U32> as blake2::digest::KeyInit>::new_from_slice(key.as_bytes())
            .expect("BLAKE2b accepts a 32-byte key");
        mac.update(prefix);
        Self(mac)
    }

    /// The MAC of the prefix followed by `rest`, in order.
    pub fn mac(&self, rest: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.0.clone();
        for part in rest {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for PrefixedMac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrefixedMac(<redacted>)")
    }
}

pub use crate::hex::{from_hex, to_hex};

/// Compares two MACs in constant time.
pub fn mac_eq(a: &[u8], b: &[u8]) -> bool {
    crate::domain::secret::constant_time_eq(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        let clean: String = text.split_whitespace().collect();
        from_hex(&clean).unwrap()
    }

    #[test]
    fn hex_round_trips_and_refuses_odd_or_foreign_text() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(from_hex(&to_hex(&bytes)).unwrap(), bytes);
        assert_eq!(to_hex(&[0x0a, 0xff]), "0aff");
        assert!(from_hex("abc").is_none() && from_hex("zz").is_none());
    }

    #[test]
    fn argon2id_matches_rfc_9106_section_5_3() {
        let mut out = [0u8; 32];
        let params = KdfParams { memory_kib: 32, iterations: 3, parallelism: 4 };
        argon2id_raw(&[0x01; 32], &[0x02; 16], &[0x03; 8], &[0x04; 12], params, &mut out).unwrap();
        assert_eq!(
            out.to_vec(),
            hex("0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 e6 59")
        );
    }

    #[test]
    fn argon2id_without_secret_is_deterministic_and_salt_bound() {
        let params = KdfParams { memory_kib: 64, iterations: 1, parallelism: 1 };
        let a = argon2id(b"passphrase", &[7; 16], params).unwrap();
        let b = argon2id(b"passphrase", &[7; 16], params).unwrap();
        let c = argon2id(b"passphrase", &[8; 16], params).unwrap();
        assert_eq!(a.as_bytes(), b.as_bytes());
        assert_ne!(a.as_bytes(), c.as_bytes());
    }

    // draft-irtf-cfrg-xchacha-03, appendix A.3.1.
    #[test]
    fn xchacha20poly1305_matches_the_cfrg_draft_vector() {
        let key =
            SecretKey::from_slice(&hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")).unwrap();
        let nonce: [u8; 24] = hex("404142434445464748494a4b4c4d4e4f5051525354555657").try_into().unwrap();
        let aad = hex("50515253c0c1c2c3c4c5c6c7");
        let plaintext = b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
        let expected_ciphertext = hex("bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb\
             731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452\
             2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9\
             21f9664c97637da9768812f615c68b13b52e");
        let expected_tag = hex("c0875924c1c7987947deafd8780acf49");

        let sealed = seal_with_nonce(&key, &nonce, &aad, plaintext);
        assert_eq!(&sealed[..NONCE_LEN], &nonce);
        let (ciphertext, tag) = sealed[NONCE_LEN..].split_at(plaintext.len());
        assert_eq!(ciphertext, expected_ciphertext.as_slice());
        assert_eq!(tag, expected_tag.as_slice());
        assert_eq!(open(&key, &aad, &sealed).unwrap().as_slice(), plaintext);
    }

    #[test]
    fn open_refuses_any_altered_byte_or_context() {
        let key = SecretKey::random();
        let sealed = seal(&key, b"context", b"payload");
        for i in 0..sealed.len() {
            let mut altered = sealed.clone();
            altered[i] ^= 0x01;
            assert_eq!(open(&key, b"context", &altered), Err(OpenError), "byte {i}");
        }
        assert_eq!(open(&key, b"other context", &sealed), Err(OpenError));
        assert_eq!(open(&SecretKey::random(), b"context", &sealed), Err(OpenError));
        assert_eq!(open(&key, b"context", &sealed[..10]), Err(OpenError));
    }

    #[test]
    fn seal_uses_a_fresh_nonce_each_time() {
        let key = SecretKey::random();
        assert_ne!(seal(&key, b"", b"same")[..NONCE_LEN], seal(&key, b"", b"same")[..NONCE_LEN]);
    }

    // The first keyed vector of the BLAKE2 reference test suite (blake2b-kat.txt), checked
    // through the same keyed-BLAKE2b construction at its full 64-byte output.
    #[test]
    fn blake2b_mac_matches_the_reference_keyed_vector() {
        let key: Vec<u8> = (0u8..64).collect();
        let mut mac = <blake2::Blake2bMac512 as blake2::digest::KeyInit>::new_from_slice(&key).unwrap();
        mac.update(b"");
        let out = mac.finalize().into_bytes();
        assert_eq!(
            out.to_vec(),
            hex("10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786\
                 b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")
        );
    }

    #[test]
    fn subkeys_differ_by_label_and_redact_in_debug() {
        let root = SecretKey::random();
        assert_ne!(root.derive("a").as_bytes(), root.derive("b").as_bytes());
        assert_eq!(root.derive("a").as_bytes(), root.derive("a").as_bytes());
        assert_eq!(format!("{root:?}"), "SecretKey(<redacted>)");
    }

    #[test]
    fn mac_eq_compares_whole_values() {
        assert!(mac_eq(b"abc", b"abc"));
        assert!(!mac_eq(b"abc", b"abd"));
        assert!(!mac_eq(b"abc", b"ab"));
    }
}
