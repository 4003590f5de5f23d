//! Property tests: round trips and "never panics" over generated inputs.

use proptest::prelude::*;

use crate::commands::editor;
use crate::domain::manifest::parse_single;
use crate::domain::rules;
use crate::domain::secret::{self, ClientSecret};
use crate::domain::{Application, GrantType, Settings, Status};
use crate::store::codec;

fn scope() -> impl Strategy<Value = String> {
    "[!#-\\[\\]-~]{1,12}"
}

fn url() -> impl Strategy<Value = String> {
    ("[a-z]{1,10}", "[a-z0-9/]{0,12}").prop_map(|(host, path)| format!("https://{host}.example.com/{path}"))
}

prop_compose! {
    fn application()(
        name in "[A-Za-z0-9 _.é✓-]{1,30}",
        tenant in "[a-z0-9._-]{1,20}",
        disabled: bool,
        multi_tenant: bool,
        access in 300u32..=86_400,
        refresh in proptest::option::of(86_401u32..=31_536_000),
        scopes in proptest::collection::vec(scope(), 0..5),
        callbacks in proptest::collection::btree_set(url(), 1..4),
        signouts in proptest::collection::btree_set(url(), 0..3),
        grace in proptest::option::of(1u32..100_000),
    ) -> Application {
        let mut grant_types = vec![GrantType::ClientCredentials, GrantType::AuthorizationCode];
        if refresh.is_some() {
            grant_types.push(GrantType::RefreshToken);
        }
        let mut scopes_unique = Vec::new();
        for s in scopes {
            if !scopes_unique.contains(&s) {
                scopes_unique.push(s);
            }
        }
        let settings = Settings {
            tenant,
            multi_tenant,
            access_token_lifetime: access,
            refresh_token_lifetime: refresh,
            grant_types,
            scopes: scopes_unique,
            callback_urls: callbacks.into_iter().collect(),
            signout_urls: signouts.into_iter().collect(),
        };
        let mut app = Application::new(name.trim().to_owned(), settings);
        if app.name.is_empty() {
            app.name = "x".to_owned();
        }
        app.status = if disabled { Status::Disabled } else { Status::Active };
        if grace.is_some() {
            app.rotate_secret(grace);
        }
        app
    }
}

proptest! {
    #[test]
    fn records_round_trip(app in application()) {
        prop_assert_eq!(codec::decode(&codec::encode(&app)), Some(app));
    }

    #[test]
    fn the_record_decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = codec::decode(&bytes);
    }

    #[test]
    fn the_editor_buffer_round_trips(app in application()) {
        let (desired, _) = parse_single(&editor::buffer(&app)).map_err(|e| TestCaseError::fail(e.message))?;
        prop_assert_eq!(editor::apply_edit(&app, &desired).map_err(|e| TestCaseError::fail(e.to_string()))?, app);
    }

    #[test]
    fn secrets_carry_a_valid_checksum_and_any_change_breaks_it(index in 4usize..50, replacement in "[0-9A-Za-z]") {
        let secret = ClientSecret::generate();
        prop_assert!(secret::is_well_formed_secret(secret.expose()));
        let mut chars: Vec<char> = secret.expose().chars().collect();
        let new = replacement.chars().next().unwrap_or('0');
        prop_assume!(chars[index] != new);
        chars[index] = new;
        prop_assert!(!secret::is_well_formed_secret(&chars.into_iter().collect::<String>()));
    }

    #[test]
    fn durations_in_any_unit_parse_back(seconds in 1u32..2_000_000) {
        prop_assert_eq!(rules::duration_seconds(&seconds.to_string(), "x"), Ok(seconds));
        prop_assert_eq!(rules::duration_seconds(&format!("{seconds}s"), "x"), Ok(seconds));
        prop_assert_eq!(rules::duration_seconds(&crate::domain::time::human_seconds(seconds), "x"), Ok(seconds));
    }

    #[test]
    fn the_url_validator_never_panics_and_keeps_what_it_accepts(text in "\\PC{0,60}") {
        if let Ok((url, _)) = rules::redirect_url(&text, "callback URL") {
            prop_assert_eq!(url, text);
        }
    }

    #[test]
    fn names_are_idempotent(text in "\\PC{0,120}") {
        if let Ok(name) = rules::name(&text) {
            prop_assert_eq!(rules::name(&name), Ok(name.clone()));
            // Case-insensitive means Unicode lowercase mapping: any letter's case may change.
            prop_assert_eq!(rules::name_key(&name), rules::name_key(&name.to_ascii_uppercase()));
            prop_assert_eq!(rules::name_key(&name), rules::name_key(&name.to_lowercase()));
        }
    }

    #[test]
    fn session_tokens_round_trip(text in "rvsess_[0-9a-f]{96}") {
        let token = crate::store::SessionToken::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(token.expose(), text);
    }
}
