//! Snapshot cases (trycmd) for the text users read: the help of every command and the typical
//! outputs. Refresh after an intended change with `TRYCMD=overwrite cargo test --test it snapshots`.

use crate::util::{BIN, PASSPHRASE};

#[test]
fn help_and_typical_outputs_match_their_snapshots() {
    let home = tempfile::tempdir().unwrap();
    trycmd::TestCases::new()
        .register_bin("revvy-apps", std::path::Path::new(BIN))
        .env("HOME", home.path().to_str().unwrap())
        .env("XDG_DATA_HOME", home.path().join("data").to_str().unwrap())
        .env("XDG_CONFIG_HOME", home.path().join("config").to_str().unwrap())
        .env("REVVY_APPS_STORE", "store.db")
        .env("REVVY_APPS_PASSPHRASE", PASSPHRASE)
        .env("REVVY_APPS_ACTOR", "snapshot")
        .env("COLUMNS", "200")
        .case("tests/cmd/help/*.toml")
        .case("tests/cmd/*.md");
}
