//! The happy paths of every command, by name and by client ID.

use crate::util::{CHEAP_KDF, TestEnv};

fn create_then_show_by_name_and_by_client_id() {
    let env = TestEnv::new();
    let created = env.create("billing-sync", &["--scope", "invoices:read", "--tenant", "acme"]);
    let client_id = created["client_id"].as_str().unwrap();
    let by_name = env.run(&["show", "billing-sync", "--json"]).success().json();
    let by_id = env.run(&["show", client_id, "--json"]).success().json();
    assert_eq!(by_name, by_id);
    assert_eq!(by_name["name"], "billing-sync");
    assert_eq!(by_name["tenant"], "acme");
    assert_eq!(by_name["scopes"], serde_json::json!(["invoices:read"]));
    assert_eq!(by_name["status"], "active");
}

fn names_are_found_case_insensitively() {
    let env = TestEnv::new();
    env.create("Billing-Sync", &[]);
    let shown = env.run(&["show", "billing-SYNC", "--json"]).success().json();
    assert_eq!(shown["name"], "Billing-Sync");
}

fn create_applies_the_defaults_of_the_design() {
    let env = TestEnv::new();
    let app = env.create("defaults", &[]);
    assert_eq!(app["grant_types"], serde_json::json!(["client_credentials"]));
    assert_eq!(app["access_token_lifetime"], 3600);
    assert_eq!(app["refresh_token_lifetime"], serde_json::Value::Null);
    assert_eq!(app["tenant"], "default");
    assert_eq!(app["multi_tenant"], false);
    assert_eq!(app["previous_secret_expires_at"], serde_json::Value::Null);
    assert_eq!(app["created_at"], app["updated_at"]);
}

fn create_takes_every_option_and_shows_it_back() {
    let env = TestEnv::new();
    let app = env.create(
        "portal",
        &[
            "--grant",
            "code",
            "--grant",
            "refresh",
            "--grant",
            "device-code",
            "--scope",
            "openid profile",
            "--scope",
            "openid",
            "--callback-url",
            "https://portal.example.com/cb",
            "--callback-url",
            "com.example.portal:/cb",
            "--signout-url",
            "https://portal.example.com/bye",
            "--access-token-lifetime",
            "15m",
            "--refresh-token-lifetime",
            "7d",
            "--tenant",
            "acme",
            "--multi-tenant",
        ],
    );
    assert_eq!(
        app["grant_types"],
        serde_json::json!(["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"])
    );
    assert_eq!(app["scopes"], serde_json::json!(["openid", "profile"]));
    assert_eq!(app["callback_urls"], serde_json::json!(["https://portal.example.com/cb", "com.example.portal:/cb"]));
    assert_eq!(app["signout_urls"], serde_json::json!(["https://portal.example.com/bye"]));
    assert_eq!(app["access_token_lifetime"], 900);
    assert_eq!(app["refresh_token_lifetime"], 604_800);
    assert_eq!(app["multi_tenant"], true);
}

fn create_on_a_missing_store_creates_it_and_says_so() {
    let env = TestEnv::empty();
    // The default KDF would make this test slow; the point here is the message and the file.
    let run = env.run(&["create", "--name", "first", "--json"]).success();
    assert!(run.stderr.contains("created a new one"), "{}", run.stderr);
    assert_eq!(run.json()["name"], "first");
    if !crate::util::on_postgres() {
        assert_eq!(crate::util::mode(&env.store), 0o600);
        assert_eq!(crate::util::mode(env.store.parent().unwrap()), 0o700);
    }
}

fn init_refuses_an_existing_store() {
    let env = TestEnv::new();
    let before = env.files();
    let mut args = vec!["init"];
    args.extend(CHEAP_KDF);
    env.run(&args).fails(4, "already exists");
    assert!(env.files() == before);
}

fn list_filters_by_status_tenant_and_name() {
    let env = TestEnv::new();
    env.create("billing-sync", &["--tenant", "acme"]);
    env.create("Billing-Export", &[]);
    env.create("portal", &["--tenant", "acme"]);
    env.run(&["disable", "portal"]).success();
    let names = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["list", "--json"];
        full.extend(args);
        env.run(&full)
            .success()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&[]), ["billing-sync", "Billing-Export", "portal"]);
    assert_eq!(names(&["--status", "disabled"]), ["portal"]);
    assert_eq!(names(&["--status", "active"]), ["billing-sync", "Billing-Export"]);
    assert_eq!(names(&["--tenant", "acme"]), ["billing-sync", "portal"]);
    assert_eq!(names(&["--name-contains", "BILLING"]), ["billing-sync", "Billing-Export"]);
    assert_eq!(names(&["--tenant", "acme", "--status", "active"]), ["billing-sync"]);
    assert!(names(&["--tenant", "nobody"]).is_empty());
}

fn list_table_masks_client_id_and_secret() {
    let env = TestEnv::new();
    let app = env.create("billing-sync", &[]);
    let id = app["client_id"].as_str().unwrap();
    let secret = app["client_secret"].as_str().unwrap();
    let table = env.run(&["list"]).success().stdout;
    for header in ["Name", "Client ID", "Client Secret", "Status", "Created At", "Updated At"] {
        assert!(table.contains(header), "{header} missing:\n{table}");
    }
    assert!(table.contains(&format!("{}…{}", &id[..8], &id[id.len() - 4..])), "{table}");
    assert!(table.contains(&format!("rvs_••••••••{}", &secret[secret.len() - 4..])), "{table}");
    assert!(!table.contains(id));
    assert!(!table.contains(secret));
}

fn show_table_groups_fields_and_prints_the_client_id_whole() {
    let env = TestEnv::new();
    let app = env.create("billing-sync", &["--scope", "read"]);
    let table = env.run(&["show", "billing-sync"]).success().stdout;
    for section in ["Application", "Timestamps", "OAuth", "Authorized URLs"] {
        assert!(table.contains(section), "{section} missing:\n{table}");
    }
    assert!(table.contains(app["client_id"].as_str().unwrap()));
    assert!(!table.contains(app["client_secret"].as_str().unwrap()));
}

fn edit_changes_only_what_is_passed() {
    let env = TestEnv::new();
    let before = env.create("billing-sync", &["--scope", "a", "--scope", "b", "--tenant", "acme"]);
    let after =
        env.run(&["edit", "billing-sync", "--add-scope", "c", "--remove-scope", "a", "--json"]).success().json();
    assert_eq!(after["scopes"], serde_json::json!(["b", "c"]));
    for key in ["tenant", "client_id", "grant_types", "access_token_lifetime", "created_at", "secret_created_at"] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(
        after["client_secret_masked"].as_str().unwrap(),
        format!("rvs_••••••••{}", &before["client_secret"].as_str().unwrap()[46..])
    );
}

fn edit_list_options_replace_the_whole_list() {
    let env = TestEnv::new();
    let app = env.create("x", &["--scope", "a", "--scope", "b"]);
    let id = app["client_id"].as_str().unwrap();
    let after = env.run(&["edit", id, "--scope", "z", "--json"]).success().json();
    assert_eq!(after["scopes"], serde_json::json!(["z"]));
    let cleared = env.run(&["edit", id, "--scope", "", "--json"]).success().json();
    assert_eq!(cleared["scopes"], serde_json::json!([]));
}

fn edit_renames_and_the_old_name_is_gone() {
    let env = TestEnv::new();
    let app = env.create("old-name", &[]);
    let renamed = env.run(&["edit", "old-name", "--name", "new-name", "--json"]).success().json();
    assert_eq!(renamed["name"], "new-name");
    assert_eq!(renamed["client_id"], app["client_id"]);
    env.run(&["show", "old-name"]).fails(3, "no application");
    env.run(&["show", "new-name"]).success();
    // The old name is free again.
    env.create("old-name", &[]);
}

fn edit_can_change_case_of_its_own_name() {
    let env = TestEnv::new();
    env.create("portal", &[]);
    let renamed = env.run(&["edit", "portal", "--name", "Portal", "--json"]).success().json();
    assert_eq!(renamed["name"], "Portal");
}

fn edit_multi_tenant_takes_true_or_false_and_lifetimes() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let on =
        env.run(&["edit", "x", "--multi-tenant", "true", "--access-token-lifetime", "2h", "--json"]).success().json();
    assert_eq!(on["multi_tenant"], true);
    assert_eq!(on["access_token_lifetime"], 7200);
    let off = env.run(&["edit", "x", "--multi-tenant", "false", "--json"]).success().json();
    assert_eq!(off["multi_tenant"], false);
}

fn edit_grants_with_add_and_remove() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let added = env.run(&["edit", "x", "--add-grant", "refresh", "--json"]).success().json();
    assert_eq!(added["grant_types"], serde_json::json!(["client_credentials", "refresh_token"]));
    assert_eq!(added["refresh_token_lifetime"], 2_592_000);
    let removed = env.run(&["edit", "x", "--remove-grant", "refresh_token", "--json"]).success().json();
    assert_eq!(removed["grant_types"], serde_json::json!(["client_credentials"]));
    assert_eq!(removed["refresh_token_lifetime"], serde_json::Value::Null);
    let with_urls = env
        .run(&[
            "edit",
            "x",
            "--add-callback-url",
            "https://a.example/cb",
            "--add-signout-url",
            "https://a.example/out",
            "--json",
        ])
        .success()
        .json();
    assert_eq!(with_urls["callback_urls"], serde_json::json!(["https://a.example/cb"]));
    let without = env.run(&["edit", "x", "--remove-callback-url", "https://a.example/cb", "--json"]).success().json();
    assert_eq!(without["callback_urls"], serde_json::json!([]));
}

fn edit_without_changes_writes_nothing() {
    let env = TestEnv::new();
    env.create("x", &["--tenant", "acme"]);
    let before = env.files();
    let run = env.run(&["edit", "x", "--tenant", "acme"]).success();
    assert!(run.stderr.contains("Nothing changed"), "{}", run.stderr);
    assert!(env.files() == before);
}

fn disable_and_enable_are_idempotent() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let disabled = env.run(&["disable", "x", "--json"]).success().json();
    assert_eq!(disabled["status"], "disabled");
    assert_ne!(disabled["updated_at"], serde_json::Value::Null);
    let before = env.files();
    let again = env.run(&["disable", app["client_id"].as_str().unwrap(), "--json"]).success();
    assert!(again.stderr.contains("already disabled"), "{}", again.stderr);
    assert!(env.files() == before, "disabling a disabled app writes nothing");
    let enabled = env.run(&["enable", "x", "--json"]).success().json();
    assert_eq!(enabled["status"], "active");
    env.run(&["enable", "x"]).success();
}

fn regenerate_issues_a_new_valid_secret() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    let old = app["client_secret"].as_str().unwrap();
    let new = env.run(&["regenerate", "x", "--yes", "--json", "--reveal"]).success().json();
    let new_secret = new["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, old);
    assert!(new_secret.starts_with("rvs_") && new_secret.len() == 50);
    assert_eq!(new["client_id"], app["client_id"]);
    assert_eq!(new["previous_secret_expires_at"], serde_json::Value::Null);
    let shown = env.run(&["show", "x", "--json", "--reveal"]).success().json();
    assert_eq!(shown["client_secret"], new_secret);
    assert!(shown["secret_created_at"].as_str().unwrap() >= app["secret_created_at"].as_str().unwrap());
}

fn delete_removes_permanently() {
    let env = TestEnv::new();
    let app = env.create("x", &[]);
    env.create("y", &[]);
    let run = env.run(&["delete", app["client_id"].as_str().unwrap(), "--yes"]).success();
    assert!(run.stderr.contains("Deleted"), "{}", run.stderr);
    env.run(&["show", "x"]).fails(3, "no application");
    let left = env.everything();
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["name"], "y");
}

fn destructive_commands_need_yes_off_a_terminal() {
    let env = TestEnv::new();
    env.create("x", &[]);
    let (files, content) = (env.files(), env.everything());
    env.run(&["delete", "x"]).fails(2, "--yes");
    env.run(&["regenerate", "x"]).fails(2, "--yes");
    crate::util::assert_unchanged(&env, &files, &content);
}

fn quiet_silences_messages_but_not_data() {
    let env = TestEnv::new();
    let run = env.run(&["create", "--name", "x", "-q", "--json"]).success();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.json()["name"], "x");
}

fn version_and_help_work() {
    let env = TestEnv::empty();
    let version = env.run(&["--version"]).success();
    assert!(version.stdout.starts_with("revvy-apps "));
    let help = env.run(&["--help"]).success();
    for command in ["init", "create", "list", "show", "edit", "disable", "enable", "regenerate", "delete"] {
        assert!(help.stdout.contains(command), "{command}");
    }
}

crate::util::on_both_backends!(
    create_then_show_by_name_and_by_client_id,
    names_are_found_case_insensitively,
    create_applies_the_defaults_of_the_design,
    create_takes_every_option_and_shows_it_back,
    create_on_a_missing_store_creates_it_and_says_so,
    init_refuses_an_existing_store,
    list_filters_by_status_tenant_and_name,
    list_table_masks_client_id_and_secret,
    show_table_groups_fields_and_prints_the_client_id_whole,
    edit_changes_only_what_is_passed,
    edit_list_options_replace_the_whole_list,
    edit_renames_and_the_old_name_is_gone,
    edit_can_change_case_of_its_own_name,
    edit_multi_tenant_takes_true_or_false_and_lifetimes,
    edit_grants_with_add_and_remove,
    edit_without_changes_writes_nothing,
    disable_and_enable_are_idempotent,
    regenerate_issues_a_new_valid_secret,
    delete_removes_permanently,
    destructive_commands_need_yes_off_a_terminal,
    quiet_silences_messages_but_not_data,
    version_and_help_work,
);
