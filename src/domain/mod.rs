//! The application model, its validation rules and credential generation. No I/O beyond the
//! OS random number generator, no terminal, no store.

pub mod application;
pub mod audit;
pub mod delivery;
pub mod grant;
pub mod invalid;
pub mod manifest;
pub mod member;
pub mod plan;
pub mod rules;
pub mod secret;
pub mod template;
pub mod time;

pub use application::{Application, ListChange, Settings, SettingsChange, Status};
pub use grant::GrantType;
pub use invalid::{Invalid, Located};
pub use secret::ClientSecret;
