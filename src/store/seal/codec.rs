//! The plaintext of a sealed application record: a compact binary encoding, so that opening a
//! row costs a few hundred instructions rather than a JSON parse. Strings are length-prefixed
//! UTF-8; times are Unix seconds. The decoder trusts nothing: every length is checked, and a
//! malformed record is `None`, never a panic (it is fuzzed: `fuzz/fuzz_targets/record.rs`).

use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use crate::domain::{Application, ClientSecret, GrantType, Settings, Status};

/// The first byte of every record. A new layout takes a new number; older ones still decode.
/// 2: format 1 plus the secret lifetime.
const RECORD_FORMAT: u8 = 2;

pub fn encode(app: &Application) -> Zeroizing<Vec<u8>> {
    let mut out = Encoder(Zeroizing::new(Vec::with_capacity(256)));
    let s = &app.settings;
    out.u8(RECORD_FORMAT);
    out.str(&app.name);
    out.str(&app.client_id);
    out.str(app.client_secret.expose());
    out.u8(match app.status {
        Status::Active => 0,
        Status::Disabled => 1,
    });
    out.str(&s.tenant);
    out.u8(u8::from(s.multi_tenant));
    out.u32(s.access_token_lifetime);
    out.option(s.refresh_token_lifetime, Encoder::u32);
    out.len(s.grant_types.len());
    for grant in &s.grant_types {
        out.u8(GrantType::ALL.iter().position(|g| g == grant).and_then(|i| u8::try_from(i).ok()).unwrap_or(u8::MAX));
    }
    for list in [&s.scopes, &s.callback_urls, &s.signout_urls] {
        out.len(list.len());
        for item in list {
            out.str(item);
        }
    }
    for at in [app.created_at, app.updated_at, app.secret_created_at] {
        out.i64(at.timestamp());
    }
    out.option(app.previous_secret.as_ref(), |out, secret| out.str(secret.expose()));
    out.option(app.previous_secret_expires_at, |out, at| out.i64(at.timestamp()));
    out.option(s.secret_lifetime, Encoder::u32);
    out.0
}

pub fn decode(bytes: &[u8]) -> Option<Application> {
    let mut input = Decoder { bytes, at: 0 };
    let layout = input.u8()?;
    if !(1..=RECORD_FORMAT).contains(&layout) {
        return None;
    }
    let name = input.string()?;
    let client_id = input.string()?;
    let client_secret = ClientSecret::from_string(input.string()?);
    let status = match input.u8()? {
        0 => Status::Active,
        1 => Status::Disabled,
        _ => return None,
    };
    let tenant = input.string()?;
    let multi_tenant = match input.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let access_token_lifetime = input.u32()?;
    let refresh_token_lifetime = input.option(Decoder::u32)?;
    let grant_types = input.list(|d| GrantType::ALL.get(usize::from(d.u8()?)).copied())?;
    let scopes = input.list(Decoder::string)?;
    let callback_urls = input.list(Decoder::string)?;
    let signout_urls = input.list(Decoder::string)?;
    let created_at = input.time()?;
    let updated_at = input.time()?;
    let secret_created_at = input.time()?;
    let previous_secret = input.option(|d| d.string().map(ClientSecret::from_string))?;
    let previous_secret_expires_at = input.option(Decoder::time)?;
    let secret_lifetime = if layout >= 2 { input.option(Decoder::u32)? } else { None };
    if input.at != bytes.len() {
        return None;
    }
    Some(Application {
        name,
        client_id,
        client_secret,
        status,
        settings: Settings {
            tenant,
            multi_tenant,
            access_token_lifetime,
            refresh_token_lifetime,
            grant_types,
            scopes,
            callback_urls,
            signout_urls,
            secret_lifetime,
        },
        created_at,
        updated_at,
        secret_created_at,
        previous_secret,
        previous_secret_expires_at,
        usage: crate::domain::application::Usage::default(),
    })
}

struct Encoder(Zeroizing<Vec<u8>>);

impl Encoder {
    fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn i64(&mut self, value: i64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn len(&mut self, len: usize) {
        self.u32(u32::try_from(len).expect("a record field shorter than 4 GiB"));
    }

    fn str(&mut self, text: &str) {
        self.len(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn option<T>(&mut self, value: Option<T>, put: impl FnOnce(&mut Self, T)) {
        match value {
            None => self.u8(0),
            Some(value) => {
                self.u8(1);
                put(self, value);
            }
        }
    }
}

struct Decoder<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn time(&mut self) -> Option<DateTime<Utc>> {
        let seconds = i64::from_le_bytes(self.take(8)?.try_into().ok()?);
        DateTime::from_timestamp(seconds, 0)
    }

    fn len(&mut self) -> Option<usize> {
        let len = usize::try_from(self.u32()?).ok()?;
        // A length can never exceed what is left: refuse before allocating for it.
        (len <= self.bytes.len() - self.at).then_some(len)
    }

    fn string(&mut self) -> Option<String> {
        let len = self.len()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }

    #[expect(clippy::option_option, reason = "outer None: malformed; inner None: the field is absent")]
    fn option<T>(&mut self, get: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => get(self).map(Some),
            _ => None,
        }
    }

    fn list<T>(&mut self, mut get: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.len()?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(get(self)?);
        }
        Some(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Application {
        let mut app = Application::new("billing-sync ✓".into(), Settings::default());
        app.settings.scopes = vec!["read".into(), "write".into()];
        app.settings.callback_urls = vec!["https://a.example/cb".into()];
        app.settings.grant_types = GrantType::ALL.to_vec();
        app.settings.refresh_token_lifetime = Some(86_400 * 2);
        app.status = Status::Disabled;
        app.rotate_secret(Some(60));
        app
    }

    #[test]
    fn records_round_trip() {
        let app = sample();
        assert_eq!(decode(&encode(&app)), Some(app));
        let plain = Application::new("x".into(), Settings::default());
        assert_eq!(decode(&encode(&plain)), Some(plain));
    }

    #[test]
    fn every_truncation_and_extension_is_refused() {
        let bytes = encode(&sample());
        for len in 0..bytes.len() {
            assert_eq!(decode(&bytes[..len]), None, "truncated at {len}");
        }
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        let mut other_format = bytes.to_vec();
        other_format[0] = 3;
        assert_eq!(decode(&other_format), None);
    }

    #[test]
    fn a_layout_1_record_still_decodes_without_a_lifetime() {
        let mut app = sample();
        app.settings.secret_lifetime = Some(86_400);
        assert_eq!(decode(&encode(&app)), Some(app.clone()));
        // Layout 1 is layout 2 without its last field.
        app.settings.secret_lifetime = None;
        let bytes = encode(&app);
        let mut layout_1 = bytes[..bytes.len() - 1].to_vec();
        layout_1[0] = 1;
        assert_eq!(decode(&layout_1), Some(app));
    }

    #[test]
    fn a_huge_length_is_refused_without_allocating() {
        let mut bytes = vec![RECORD_FORMAT];
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode(&bytes), None);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::{decode, encode};
    use crate::domain::application::arbitrary::application;

    proptest! {
        #[test]
        fn records_round_trip(app in application()) {
            prop_assert_eq!(decode(&encode(&app)), Some(app));
        }

        #[test]
        fn the_record_decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode(&bytes);
        }
    }
}
