//! Member keys through the `age` crate: the data key is sealed to each member's X25519 or
//! OpenSSH ed25519 public key with age's recipient scheme, so that adding, removing or
//! rekeying needs no member's secret. A small wrapper: the stanzas, the header MAC and the
//! payload are age's own; nothing here touches storage or the terminal.

use std::fmt;
use std::str::FromStr as _;
use std::sync::Arc;

use age::secrecy::{ExposeSecret as _, SecretString};
use zeroize::Zeroizing;

use super::crypto::SecretKey;
use crate::error::{Error, ErrorKind, Result};

/// A member's public key, in its canonical text: `age1…`, or `ssh-ed25519 AAAA…` without a
/// comment. This text is what the store keeps and what an identity is matched against.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(String);

impl PublicKey {
    /// Parses a recipient given by a user: an age public key or an OpenSSH ed25519 public key
    /// line (its comment is dropped). Anything else is refused with what was expected.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.starts_with("age1") {
            return age::x25519::Recipient::from_str(text)
                .map(|key| Self(key.to_string()))
                .map_err(|reason| malformed(&format!("not a valid age public key ({reason})")));
        }
        if text.starts_with("ssh-ed25519 ") {
            return age::ssh::Recipient::from_str(text)
                .map(|key| Self(key.to_string()))
                .map_err(|_| malformed("not a valid OpenSSH ed25519 public key"));
        }
        if text.starts_with("ssh-") || text.starts_with("ecdsa-") || text.starts_with("sk-") {
            let kind = text.split_whitespace().next().unwrap_or_default();
            return Err(malformed(&format!("{kind} keys are not supported, only ssh-ed25519")));
        }
        Err(malformed("expected an age public key (age1…) or an OpenSSH public key line (ssh-ed25519 AAAA…)"))
    }

    /// A key read back from the store: the same parse, but failing it is damage.
    pub fn from_stored(text: &str) -> Option<Self> {
        Self::parse(text).ok().filter(|key| key.0 == text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Seals `data_key` to this key: an age file with one stanza.
    pub fn seal(&self, data_key: &SecretKey) -> Vec<u8> {
        let sealed = if self.0.starts_with("age1") {
            age::x25519::Recipient::from_str(&self.0)
                .map_err(|_| ())
                .and_then(|key| age::encrypt(&key, data_key.as_bytes()).map_err(|_| ()))
        } else {
            age::ssh::Recipient::from_str(&self.0)
                .map_err(|_| ())
                .and_then(|key| age::encrypt(&key, data_key.as_bytes()).map_err(|_| ()))
        };
        // Both keys were parsed when this value was made, and encrypting to a valid key into
        // memory cannot fail.
        sealed.expect("a parsed public key always encrypts")
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.0)
    }
}

fn malformed(reason: &str) -> Error {
    Error::invalid(format!("the recipient is malformed: {reason}"))
        .with_hint("pass an age public key (from `age-keygen -y`) or the line of an OpenSSH ed25519 `.pub` file")
}

/// Asks for the passphrase of an encrypted SSH key, or says none can be asked (off a terminal).
pub type AskPassphrase = Arc<dyn Fn(&str) -> Option<Zeroizing<String>> + Send + Sync>;

/// A secret key that opens a member's copy of the data key.
pub enum Identity {
    /// An age X25519 identity: a machine member's key, a recipient member's own identity file,
    /// or a passphrase member's key once its passphrase unwrapped it.
    X25519(age::x25519::Identity),
    /// An OpenSSH private key (possibly encrypted: its passphrase is asked when it is used).
    Ssh { key: age::ssh::Identity, public: PublicKey, ask: AskPassphrase, source: String },
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identity(<redacted>, public {:?})", self.public_key())
    }
}

impl Identity {
    /// A new full-entropy X25519 identity from the OS's random generator.
    pub fn generate() -> Self {
        Self::X25519(age::x25519::Identity::generate())
    }

    /// The identities in a key file's text: age identity lines (`AGE-SECRET-KEY-1…`, with `#`
    /// comments and blank lines, as `age-keygen` writes them) or one OpenSSH private key.
    /// `source` names where the text came from, for messages; the key itself never appears.
    pub fn parse_all(text: &str, source: &str, ask: AskPassphrase) -> Result<Vec<Self>> {
        if text.trim_start().starts_with("-----BEGIN") {
            return Ok(vec![Self::parse_ssh(text, source, ask)?]);
        }
        let mut identities = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let identity = age::x25519::Identity::from_str(line).map_err(|_| {
                unreadable_identity(source, &format!("line {} is not an age identity (AGE-SECRET-KEY-1…)", index + 1))
            })?;
            identities.push(Self::X25519(identity));
        }
        if identities.is_empty() {
            return Err(unreadable_identity(source, "it holds no key"));
        }
        Ok(identities)
    }

    fn parse_ssh(text: &str, source: &str, ask: AskPassphrase) -> Result<Self> {
        let key = age::ssh::Identity::from_buffer(text.as_bytes(), Some(source.to_owned()))
            .map_err(|_| unreadable_identity(source, "it is not an OpenSSH private key age can read"))?;
        if let age::ssh::Identity::Unsupported(unsupported) = &key {
            let kind = match unsupported {
                age::ssh::UnsupportedKey::Type(kind) => kind.clone(),
                _ => "this kind of".to_owned(),
            };
            return Err(unreadable_identity(source, &format!("{kind} keys are not supported, only ssh-ed25519")));
        }
        let public = age::ssh::Recipient::try_from(key.clone())
            .map_err(|_| unreadable_identity(source, "its public key cannot be read"))?;
        if !matches!(public, age::ssh::Recipient::SshEd25519(..)) {
            return Err(unreadable_identity(source, "only ssh-ed25519 keys are supported"));
        }
        Ok(Self::Ssh { key, public: PublicKey(public.to_string()), ask, source: source.to_owned() })
    }

    /// The key itself, for the one time a machine member's key is handed out.
    pub fn expose(&self) -> Option<Zeroizing<String>> {
        match self {
            Self::X25519(identity) => Some(Zeroizing::new(identity.to_string().expose_secret().to_owned())),
            Self::Ssh { .. } => None,
        }
    }

    pub fn public_key(&self) -> PublicKey {
        match self {
            Self::X25519(identity) => PublicKey(identity.to_public().to_string()),
            Self::Ssh { public, .. } => public.clone(),
        }
    }

    /// Opens a copy of the data key sealed to this identity's public key. `Ok(None)`: it does
    /// not open (another key, or damage); an error: the key itself could not be used (an
    /// encrypted SSH key whose passphrase was wrong or could not be asked).
    pub fn open(&self, sealed: &[u8]) -> Result<Option<SecretKey>> {
        let opened = match self {
            Self::X25519(identity) => age::decrypt(identity, sealed),
            Self::Ssh { key: age::ssh::Identity::Encrypted(encrypted), ask, source, .. } => {
                // Asked here rather than through age's callbacks, so that a passphrase that
                // cannot be asked (off a terminal) is told from a key that does not match.
                let description = format!("Passphrase for the SSH key {source}");
                let passphrase = ask(&description).ok_or_else(encrypted_key_locked)?;
                let unlocked = encrypted
                    .decrypt(SecretString::from(passphrase.as_str().to_owned()))
                    .map_err(|_| encrypted_key_locked())?;
                age::decrypt(&age::ssh::Identity::Unencrypted(unlocked), sealed)
            }
            Self::Ssh { key, .. } => age::decrypt(key, sealed),
        };
        match opened {
            Ok(plain) => Ok(SecretKey::from_slice(&Zeroizing::new(plain))),
            Err(_) => Ok(None),
        }
    }
}

fn encrypted_key_locked() -> Error {
    Error::new(
        ErrorKind::WrongPassphrase,
        "the SSH key is encrypted, and its passphrase was wrong or could not be asked (stdin is not a terminal)",
    )
    .with_hint("run on a terminal to be asked for the key's passphrase, or use an unencrypted key; nothing was changed")
}

fn unreadable_identity(source: &str, reason: &str) -> Error {
    Error::new(ErrorKind::InvalidIdentity, format!("cannot use the identity in {source}: {reason}"))
        .with_hint("pass an age identity file (from `age-keygen`), an OpenSSH ed25519 private key, or the key a machine member was given")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made with the reference tools, not with this code: `age-keygen`, then
    /// `age -r PUBLIC` and `age -R KEY.pub` over the plaintext below.
    const AGE_IDENTITY: &str = "AGE-SECRET-KEY-1UPRW5EF92CAMMR6Z2WQTNDQF8Y3YJNJ5FHXFRCXJ9KH500LP9KVQKXCYXD";
    const AGE_PUBLIC: &str = "age1cfrhvakdxdl26udpgp82qz9jkezsn00ykffzm99kge5qwcg0ppaqapgd54";
    const AGE_SEALED: &str = "6167652d656e6372797074696f6e2e6f72672f76310a2d3e2058323535313920656d314d2b786f2f30502f5750616c55653535744b6154364e5933704f43384a34704f43714477736741510a566b346e3759397172634672494e466a524d474f3950624f4e61577056366e386e423656696e66554744630a2d2d2d206d744851564449647635446e436c2b6b566d3647627a6e755a69716674646d344f2f6f31555858763539550a8580cef968c3d07706f8fc10c7666d707b3b194feffc27be06449cc84802782aa42aeb0221f289f641b5ffa0c1b2a75a679a3a600fb6eec3c8a23d6507f7e3";
    const SSH_KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBIO91hw9E5IVqJ0YaxurYFLBUootXt02rlfBPaYQ3XmwAAAIjBfANYwXwD
WAAAAAtzc2gtZWQyNTUxOQAAACBIO91hw9E5IVqJ0YaxurYFLBUootXt02rlfBPaYQ3Xmw
AAAEBHK6vZzewuestZW9AqPvOAdKiXIQ8TMHPVEMwl1YySUkg73WHD0TkhWonRhrG6tgUs
FSii1e3TauV8E9phDdebAAAAA2thdAEC
-----END OPENSSH PRIVATE KEY-----
";
    const SSH_PUBLIC: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEg73WHD0TkhWonRhrG6tgUsFSii1e3TauV8E9phDdeb kat";
    const SSH_SEALED: &str = "6167652d656e6372797074696f6e2e6f72672f76310a2d3e207373682d656432353531392075757a45725120426f786c4b613756416b544b523962456275414346523768526e4d594b386e5279464832737155466b306f0a7a6c7a6d72576b426a4d59706a58777a35527a59797739636c514868546279797733756743624335656e630a2d2d2d20425a432f76572f4154623032736d5254334342346641524c50554c312b4c6c78684479443464587561456f0aaef11938643687e6b0a13afba0c87a2b9595420f168293e0cb60fd75bf085b8ca704a673cfc7103267c80ab7248ab392dbe201ef0090d2c935077f7336dbb0";
    const PLAIN: &[u8] = b"revvy-apps/age-known-answer-32B";

    fn no_prompt() -> AskPassphrase {
        Arc::new(|_| None)
    }

    fn decrypt_raw(identity: &Identity, sealed_hex: &str) -> Vec<u8> {
        let sealed = super::super::crypto::from_hex(sealed_hex).unwrap();
        match identity {
            Identity::X25519(key) => age::decrypt(key, &sealed).unwrap(),
            Identity::Ssh { key, .. } => age::decrypt(key, &sealed).unwrap(),
        }
    }

    #[test]
    fn files_made_by_the_reference_age_open_with_their_keys() {
        let age_key = Identity::parse_all(&format!("# comment\n\n{AGE_IDENTITY}\n"), "test", no_prompt()).unwrap();
        assert_eq!(age_key[0].public_key().as_str(), AGE_PUBLIC);
        assert_eq!(decrypt_raw(&age_key[0], AGE_SEALED), PLAIN);

        let ssh_key = Identity::parse_all(SSH_KEY, "test", no_prompt()).unwrap();
        assert_eq!(ssh_key[0].public_key(), PublicKey::parse(SSH_PUBLIC).unwrap());
        assert_eq!(decrypt_raw(&ssh_key[0], SSH_SEALED), PLAIN);
    }

    #[test]
    fn a_sealed_data_key_opens_with_its_identity_only() {
        for identity in [Identity::generate(), Identity::parse_all(SSH_KEY, "test", no_prompt()).unwrap().remove(0)] {
            let data_key = SecretKey::random();
            let sealed = identity.public_key().seal(&data_key);
            assert_eq!(identity.open(&sealed).unwrap().unwrap().as_bytes(), data_key.as_bytes());
            assert!(Identity::generate().open(&sealed).unwrap().is_none());
            let mut damaged = sealed.clone();
            *damaged.last_mut().unwrap() ^= 1;
            assert!(identity.open(&damaged).unwrap().is_none());
        }
    }

    #[test]
    fn recipients_are_canonical_and_malformed_ones_are_named() {
        assert_eq!(PublicKey::parse(SSH_PUBLIC).unwrap().as_str(), SSH_PUBLIC.trim_end_matches(" kat"));
        assert_eq!(PublicKey::parse(&format!(" {AGE_PUBLIC}\n")).unwrap().as_str(), AGE_PUBLIC);
        for (bad, says) in [
            ("age1qqqq", "not a valid age public key"),
            ("ssh-rsa AAAAB3NzaC1yc2E", "ssh-rsa keys are not supported"),
            ("ssh-ed25519 AAAA", "not a valid OpenSSH ed25519 public key"),
            ("hello", "expected an age public key"),
        ] {
            let err = PublicKey::parse(bad).unwrap_err();
            assert!(err.message().contains(says), "{bad}: {}", err.message());
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
        }
        assert!(PublicKey::from_stored(SSH_PUBLIC).is_none(), "a stored key is canonical");
    }

    #[test]
    fn identity_files_are_refused_with_the_line_and_never_the_key() {
        let err = Identity::parse_all("# only a comment\n", "key.txt", no_prompt()).unwrap_err();
        assert!(err.message().contains("holds no key"));
        let err = Identity::parse_all(&format!("{AGE_IDENTITY}\nAGE-SECRET-KEY-1NOPE\n"), "key.txt", no_prompt())
            .unwrap_err();
        assert!(err.message().contains("line 2"), "{}", err.message());
        assert!(!err.message().contains("NOPE") && !err.message().contains(AGE_IDENTITY));
        assert!(!format!("{:?}", Identity::generate()).contains("AGE-SECRET-KEY"));
    }
}
