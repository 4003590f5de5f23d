//! The store's identity and its members hold against someone who can write the store but
//! holds no key (DESIGN §13): a member planted while a command waits is never sealed in, another
//! store at a known location is refused before anything is unlocked, a known store that
//! vanished is not silently made anew. Runs on both backends where the attack is the same.

use std::path::Path;

use crate::util::{TestEnv, feed, finish, mkfifo, on_postgres, spawn, writer_of};

/// A recipient member with the attacker's own key, inserted by plain SQL: what a writer
/// without keys would add to read every secret after the next rekey.
fn plant() -> String {
    let (empty, byte) = if on_postgres() { ("'\\x'::bytea", "'\\x00'::bytea") } else { ("x''", "x'00'") };
    format!(
        "INSERT INTO members (name, kind, public_key, created_at, created_by, kdf_salt, wrapped_identity, sealed_key) \
         VALUES ('mallory', 'recipient', 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj', \
         1764000000, 'owner', {empty}, {empty}, {byte})"
    )
}

fn members_of(env: &TestEnv) -> Vec<String> {
    env.run(&["access", "list", "--json"])
        .success()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Runs `args`, whose new passphrase is read from a FIFO: while it waits there, the member is
/// planted by plain SQL. The write then refuses (exit 7) and nothing changes.
fn planted_while_waiting(env: &TestEnv, args: &[&str]) {
    let fifo = env.dir.path().join("new-passphrase");
    mkfifo(&fifo);
    let before = env.everything();
    let members_before = members_of(env);
    let mut full: Vec<&str> = args.to_vec();
    full.extend(["--new-passphrase-file", fifo.to_str().unwrap()]);
    let child = spawn(env, &full, |_| {});
    let writer = writer_of(&fifo);
    env.sql(&plant());
    feed(writer, "a new passphrase, long enough");
    let run = finish(child);
    assert_eq!(run.code, 7, "{args:?}\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(run.stderr.contains("member list"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // Take the planted row out again: the store is as before, under the old passphrase, and
    // its member list's MAC was not written over mallory.
    env.sql("DELETE FROM members WHERE name = 'mallory'");
    assert_eq!(env.everything(), before);
    assert_eq!(members_of(env), members_before);
    env.run(&["check"]).success();
}

fn a_member_planted_while_access_add_waits_is_never_sealed_in() {
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    planted_while_waiting(&env, &["access", "add", "bob"]);
    assert_eq!(members_of(&env), ["owner"]);
}

fn a_member_planted_while_passwd_waits_is_never_sealed_in() {
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    planted_while_waiting(&env, &["passwd"]);
    // The old passphrase still opens the store; the new one does not.
    env.run_with(&["list"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", "a new passphrase, long enough");
    })
    .fails(5, "passphrase");
}

fn rekey_and_access_remove_refuse_a_member_list_that_does_not_match_its_mac() {
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    let key = env.dir.path().join("ci.key");
    env.run(&["access", "add", "ci", "--machine", "--key-file", key.to_str().unwrap(), "-q"]).success();
    let before = (env.everything(), env.run(&["log", "--json"]).success().json(), members_of(&env));
    env.sql(&plant());
    for args in [&["rekey", "--yes"][..], &["access", "remove", "ci", "--yes"], &["list"]] {
        env.run(args).fails(7, "member list");
    }
    // With the planted row gone, nothing was rekeyed, removed or logged: the refused writes
    // left no trace (the SQLite file's pages differ only by the insert and delete themselves).
    env.sql("DELETE FROM members WHERE name = 'mallory'");
    assert_eq!((env.everything(), env.run(&["log", "--json"]).success().json(), members_of(&env)), before);
    env.run(&["check"]).success();
}

/// A copy of the victim's own store, and a store of someone else's, put at the path she uses.
fn another_store_at_a_known_path_is_refused_before_anything_is_unlocked() {
    if on_postgres() {
        return; // the server's form of this attack: `a_store_made_anew_in_a_known_schema_is_refused`
    }
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    let copy = env.dir.path().join("copy.db");
    env.run(&["copy", "--to", copy.to_str().unwrap(), "-q"]).success();
    let foreign = TestEnv::new();
    for (swapped_in, what) in [(copy.as_path(), "a copy"), (foreign.store.as_path(), "a foreign store")] {
        let original = std::fs::read(&env.store).unwrap();
        std::fs::copy(swapped_in, &env.store).unwrap();
        for args in [&["list"][..], &["create", "--name", "new-secret"], &["show", "billing-sync", "--reveal"]] {
            let run = env.run(args).fails(7, "is not the one this machine knew");
            assert!(run.stdout.is_empty(), "{what}: nothing printed: {}", run.stdout);
        }
        let json = env.run(&["list", "-o", "json"]);
        assert_eq!(json.error_json()["error"]["code"], "store_replaced", "{what}");
        assert_eq!(std::fs::read(&env.store).unwrap(), std::fs::read(swapped_in).unwrap(), "{what}: nothing written");
        std::fs::write(&env.store, original).unwrap();
        env.run(&["list"]).success();
    }
}

fn accept_store_shows_the_store_and_accepts_it_only_when_confirmed() {
    if on_postgres() {
        return;
    }
    let env = TestEnv::new();
    let other = TestEnv::new();
    other.create("portal", &[]);
    std::fs::copy(&other.store, &env.store).unwrap();
    // Off a terminal it needs --yes, and without it nothing is accepted.
    env.run(&["accept-store"]).fails(2, "--yes");
    env.run(&["list"]).fails(7, "not the one this machine knew");
    let shown = env.run(&["accept-store", "--yes", "--json"]).success().json();
    assert_eq!(shown["members"][0]["name"], "owner");
    assert!(shown["known"]["store_id"].as_str().unwrap() != shown["store_id"].as_str().unwrap());
    assert!(shown["created_at"].is_string());
    // Accepting again says so and changes nothing.
    let again = env.run(&["accept-store", "--yes"]).success();
    assert!(again.stderr.contains("already accepts"), "{}", again.stderr);
    let listed = env.everything();
    assert_eq!(listed[0]["name"], "portal");
}

fn a_store_that_vanished_is_not_made_anew_by_create() {
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    match &env.cluster {
        Some(cluster) => {
            cluster.psql("DROP SCHEMA revvy_apps CASCADE");
        }
        None => std::fs::remove_file(&env.store).unwrap(),
    }
    let run = env.run(&["create", "--name", "portal", "-q"]).fails(3, "this machine knew one there: id ");
    assert!(run.stderr.contains("revvy-apps init"), "{}", run.stderr);
    assert_eq!(env.run(&["list", "-o", "json"]).error_json()["error"]["code"], "store_vanished");
    assert!(
        !on_postgres()
            || !env.cluster.as_ref().unwrap().psql("SELECT nspname FROM pg_namespace").contains("revvy_apps")
    );
    assert!(on_postgres() || !env.store.exists(), "nothing was created");
    // `init` makes a new store there on purpose, and this machine knows it from then on.
    env.init();
    env.create("portal", &[]);
    assert_eq!(env.everything().as_array().unwrap().len(), 1);
}

fn a_location_never_seen_keeps_the_first_rule() {
    let env = TestEnv::empty();
    let run = env.run(&["create", "--name", "billing-sync", "--json"]).success();
    assert!(run.stderr.contains("created a new one"), "{}", run.stderr);
}

/// On a server: a dropped schema, and a new store made in it by someone else (who holds none
/// of the victim's keys), is another store at the URL this machine knew.
fn a_store_made_anew_in_a_known_schema_is_refused() {
    let cluster = crate::pg::Cluster::start();
    let victim = crate::pg::env_on(&cluster);
    victim.init();
    victim.create("billing-sync", &[]);
    cluster.psql("DROP SCHEMA revvy_apps CASCADE");
    let attacker = crate::pg::env_on(&cluster);
    attacker
        .run_with(&crate::util::init_args(), |cmd| {
            cmd.env("REVVY_APPS_PASSPHRASE", "the attacker's passphrase");
        })
        .success();
    let run = victim
        .run(&["create", "--name", "new-secret", "--json", "--reveal"])
        .fails(7, "is not the one this machine knew");
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("(schema revvy_apps)"), "the message names the schema: {}", run.stderr);
    // The URL as this machine pins it names no password.
    assert!(!run.stderr.contains(crate::pg::PASSWORD), "{}", run.stderr);
}

fn a_pg_schema_name_is_refused_before_connecting() {
    let env = TestEnv::empty();
    // Nothing listens there: the refusal comes first.
    let url = "postgresql://nobody@127.0.0.1:1/revvy";
    for schema in ["pg_temp", "pg_catalog", "pg_anything"] {
        env.run_with(&["--store", url, "list"], |cmd| {
            cmd.env("REVVY_APPS_PG_SCHEMA", schema);
        })
        .fails(2, "reserved");
    }
}

fn a_github_env_that_is_a_folder_or_in_a_missing_folder_is_bad_input() {
    if on_postgres() {
        return;
    }
    let env = TestEnv::new();
    env.create("billing-sync", &[]);
    let folder = env.dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let missing = env.dir.path().join("missing/github_env");
    let dangling = env.dir.path().join("dangling");
    std::os::unix::fs::symlink(&missing, &dangling).unwrap();
    for (path, said) in [
        (folder.as_path(), "is a folder"),
        (missing.as_path(), "does not exist"),
        (dangling.as_path(), "does not exist"),
    ] {
        let run = env.run_with(&["export", "billing-sync", "--format", "github"], |cmd| {
            cmd.env("GITHUB_ENV", path);
        });
        let run = run.fails(2, said);
        assert!(run.stderr.contains(&path.display().to_string()), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "no mask printed: {}", run.stdout);
    }
    assert!(!Path::new(&missing).exists());
    assert!(std::fs::read_dir(&folder).unwrap().next().is_none());
    // A full file system is said of $GITHUB_ENV, not of the store.
    let full = env.run_with(&["export", "billing-sync", "--format", "github"], |cmd| {
        cmd.env("GITHUB_ENV", "/dev/full");
    });
    let full = full.fails(6, "cannot write $GITHUB_ENV (/dev/full)");
    assert!(!full.stderr.contains("store"), "{}", full.stderr);
}

/// A role's search_path that puts a planted `=` before the catalog's: every statement names its
/// tables with their schema and runs with the catalog's operators only, so nothing changes.
fn a_planted_operator_on_a_roles_search_path_changes_nothing() {
    let cluster = crate::pg::Cluster::start();
    let env = crate::pg::env_on(&cluster);
    env.init();
    let created = env.create("billing-sync", &[]);
    cluster.psql(
        "CREATE SCHEMA evil; \
         CREATE FUNCTION evil.never(bytea, bytea) RETURNS boolean LANGUAGE sql AS 'SELECT false'; \
         CREATE OPERATOR evil.= (LEFTARG = bytea, RIGHTARG = bytea, FUNCTION = evil.never); \
         ALTER ROLE postgres SET search_path = evil, pg_catalog, public",
    );
    let shown = env.run(&["show", "billing-sync", "--json", "--reveal"]).success().json();
    assert_eq!(shown["client_secret"], created["client_secret"]);
    env.create("portal", &[]);
    env.run(&["check"]).success();
}

/// A server that answers a read with other rows or columns than the store's (a column altered,
/// a singleton doubled, by someone with the schema's keys but none of the store's) is damage,
/// exit 7, not exit 6.
fn a_server_answering_other_columns_is_exit_7() {
    let cluster = crate::pg::Cluster::start();
    let env = crate::pg::env_on(&cluster);
    env.init();
    env.create("billing-sync", &[]);
    cluster.psql("ALTER TABLE revvy_apps.applications ALTER COLUMN version TYPE text");
    for args in [&["show", "billing-sync", "-o", "json"][..], &["check", "-o", "json"]] {
        let run = env.run(args);
        assert_eq!(run.code, 7, "{args:?}\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
        assert_eq!(run.error_json()["error"]["code"], "tampered");
    }
    cluster.psql(
        "ALTER TABLE revvy_apps.applications ALTER COLUMN version TYPE bigint USING version::bigint; \
         ALTER TABLE revvy_apps.store DROP CONSTRAINT store_pkey; \
         INSERT INTO revvy_apps.store SELECT * FROM revvy_apps.store",
    );
    for args in [
        &["show", "billing-sync", "-o", "json"][..],
        &["create", "--name", "portal", "-o", "json"],
        &["check", "-o", "json"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 7, "{args:?}\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
        assert_eq!(run.error_json()["error"]["code"], "tampered");
    }
}

/// A store that carries the id this machine pinned, but was built under other keys (the id is
/// public: anyone can build a store around it), is refused once unlocked, before anything is
/// written or printed, even when its log has gone further than this machine saw. Made here
/// from two copies of one format 3 fixture, each given its own secret by its first write.
fn a_store_built_around_a_known_id_is_refused() {
    if on_postgres() {
        return;
    }
    let victim = crate::golden::golden_file("golden-v3.db");
    let as_owner = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_AS", "owner").env("REVVY_APPS_PASSPHRASE", crate::golden::PASSPHRASE);
    };
    victim.run_with(&["create", "--name", "real", "-q"], as_owner).success();
    victim.run_with(&["list"], as_owner).success();
    let forged = crate::golden::golden_file("golden-v3.db");
    for name in ["pad-1", "pad-2", "pad-3", "pad-4"] {
        forged.run_with(&["create", "--name", name, "-q"], as_owner).success();
    }
    std::fs::copy(&forged.store, &victim.store).unwrap();
    for args in [&["list"][..], &["create", "--name", "new-secret", "--json", "--reveal"], &["check"]] {
        let run = victim.run_with(args, as_owner).fails(7, "but not its secret");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    assert_eq!(std::fs::read(&victim.store).unwrap(), std::fs::read(&forged.store).unwrap(), "nothing written");
    let json = victim.run_with(&["list", "-o", "json"], as_owner);
    assert_eq!(json.error_json()["error"]["code"], "store_replaced");
    // Accepting it without --new-secret keeps the secret this machine knew: still refused.
    victim.run_with(&["accept-store", "--yes", "-q"], as_owner).success();
    victim.run_with(&["list"], as_owner).fails(7, "accept-store --new-secret");
    // Accepted with its new secret on purpose, it is this machine's store from then on.
    victim.run_with(&["accept-store", "--new-secret", "--yes", "-q"], as_owner).success();
    victim.run_with(&["create", "--name", "accepted", "-q"], as_owner).success();
}

/// A link to a known store, or a path that names it as a folder, is no way around the pin.
fn a_link_to_a_known_store_is_the_same_location() {
    if on_postgres() {
        return;
    }
    let env = TestEnv::new();
    let link = env.store.with_file_name("link.db");
    std::os::unix::fs::symlink(&env.store, &link).unwrap();
    env.run(&["list"]).success();
    std::fs::copy(&TestEnv::new().store, &env.store).unwrap();
    let through_link = env.run(&["--store", link.to_str().unwrap(), "list"]);
    through_link.fails(7, "is not the one this machine knew");
    let folder = format!("{}/", env.store.display());
    let run = env.run(&["--store", &folder, "list", "-o", "json"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.error_json()["error"]["code"], "store_not_found");
}

crate::util::on_both_backends!(
    a_member_planted_while_access_add_waits_is_never_sealed_in,
    a_member_planted_while_passwd_waits_is_never_sealed_in,
    rekey_and_access_remove_refuse_a_member_list_that_does_not_match_its_mac,
    another_store_at_a_known_path_is_refused_before_anything_is_unlocked,
    accept_store_shows_the_store_and_accepts_it_only_when_confirmed,
    a_store_that_vanished_is_not_made_anew_by_create,
    a_location_never_seen_keeps_the_first_rule,
    a_store_made_anew_in_a_known_schema_is_refused,
    a_pg_schema_name_is_refused_before_connecting,
    a_github_env_that_is_a_folder_or_in_a_missing_folder_is_bad_input,
    a_planted_operator_on_a_roles_search_path_changes_nothing,
    a_server_answering_other_columns_is_exit_7,
    a_store_built_around_a_known_id_is_refused,
    a_link_to_a_known_store_is_the_same_location,
);
