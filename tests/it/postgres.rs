//! A store on a real PostgreSQL server (a throwaway cluster per test, see `pg.rs`): the same
//! commands, the same JSON, zero knowledge on the server, honest failures.

use std::collections::BTreeSet;

use crate::pg::{Cluster, env_on};
use crate::util::{CHEAP_KDF, TestEnv, with_session};

fn init(env: &TestEnv) {
    let mut args = vec!["init"];
    args.extend(CHEAP_KDF);
    env.run(&args).success();
}

#[test]
fn the_lifecycle_runs_on_postgresql_as_on_sqlite() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    let created = env.create("billing-sync", &["--scope", "invoices:read", "--tenant", "acme"]);
    assert_eq!(created["name"], "billing-sync");
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    env.run(&["edit", "billing-sync", "--add-scope", "invoices:write", "-q"]).success();
    let shown = env.run(&["show", "billing-sync", "--json"]).success().json();
    assert_eq!(shown["scopes"], serde_json::json!(["invoices:read", "invoices:write"]));
    env.run_stdin_with(&["verify", "billing-sync"], &format!("{secret}\n"), |_| {}).success();
    let rotated =
        env.run(&["regenerate", "billing-sync", "--grace", "1h", "--yes", "--json", "--reveal"]).success().json();
    env.run_stdin_with(&["verify", "billing-sync", "--json"], &format!("{secret}\n"), |_| {}).success();
    assert_ne!(rotated["client_secret"].as_str(), Some(secret.as_str()));
    env.run(&["disable", "billing-sync", "-q"]).success();
    env.create("portal", &[]);
    let listed = env.run(&["list", "--json"]).success().json();
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // Members and sessions work the same way.
    let key = env.dir.path().join("ci.key");
    env.run(&["access", "add", "ci", "--machine", "--key-file", key.to_str().unwrap(), "-q"]).success();
    let token = env.run_with(&["unlock", "-q"], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", &key);
    });
    let token = token.success().stdout.trim().to_owned();
    env.run_with(&["show", "portal", "-q"], with_session(&token)).success();
    env.run(&["delete", "portal", "--yes"]).success();
    let log = env.run(&["log", "--json"]).success().json();
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["create", "reveal", "edit", "regenerate", "reveal", "disable", "create", "reveal", "access_add", "delete"]
    );
    let report = env.run(&["check", "--json"]).success().json();
    assert_eq!((report["applications"].as_u64(), report["ok"].as_bool()), (Some(1), Some(true)));
    env.run(&["access", "remove", "ci", "--yes", "-q"]).success();
    env.run_with(&["list"], with_session(&token)).fails(5, "session is unknown");
    env.run(&["check"]).success();
}

#[test]
fn the_server_holds_nothing_in_clear() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    let app = env.create(
        "zero-knowledge-app",
        &[
            "--scope",
            "very-secret-scope",
            "--tenant",
            "hidden-tenant",
            "--grant",
            "code",
            "--callback-url",
            "https://hidden.example.com/cb",
        ],
    );
    env.run_stdin_with(
        &["verify", "zero-knowledge-app"],
        &format!("{}\n", app["client_secret"].as_str().unwrap()),
        |_| {},
    )
    .success();
    let dump = String::from_utf8_lossy(&cluster.dump()).into_owned();
    assert!(dump.contains("applications"), "the dump holds the store");
    for clear in [
        "zero-knowledge-app",
        app["client_id"].as_str().unwrap(),
        app["client_secret"].as_str().unwrap(),
        &app["client_secret"].as_str().unwrap()[4..20],
        "very-secret-scope",
        "hidden-tenant",
        "hidden.example.com",
    ] {
        assert!(!dump.contains(clear), "{clear:?} is in the pg_dump in clear");
    }
}

#[test]
fn an_existing_store_a_planted_trigger_and_an_absent_server_are_refused() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    env.run(&["list"]).fails(3, "there is no store in the schema revvy_apps");
    init(&env);
    let mut args = vec!["init"];
    args.extend(CHEAP_KDF);
    env.run(&args).fails(4, "a store already exists in the schema revvy_apps");
    env.create("app", &[]);
    cluster.psql(
        "CREATE FUNCTION revvy_apps.keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
         CREATE TRIGGER keep BEFORE UPDATE ON revvy_apps.applications FOR EACH ROW EXECUTE FUNCTION revvy_apps.keep();",
    );
    env.run(&["disable", "app"]).fails(7, "trigger keep on applications");
    env.run(&["check"]).fails(7, "trigger keep");
    // A read is not refused: what it reads is sealed, and a trigger cannot act on a SELECT.
    env.run(&["show", "app", "-q"]).success();
    cluster.psql("DROP TRIGGER keep ON revvy_apps.applications; DROP FUNCTION revvy_apps.keep();");
    env.run(&["disable", "app", "-q"]).success();

    // A socket folder where no server listens: exit 6, naming where it looked.
    let nowhere = env.dir.path().join("no-server");
    std::fs::create_dir_all(&nowhere).unwrap();
    let url = format!("postgresql://postgres@/revvy?host={}&sslmode=disable&connect_timeout=2", nowhere.display());
    let run = env.run_with(&["list"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &url);
    });
    let run = run.fails(6, "cannot reach the PostgreSQL server at");
    assert!(run.stderr.contains(&nowhere.display().to_string()), "{}", run.stderr);
    assert!(!run.stderr.contains("tampered"));
}

/// Each kind of object that could act on the tables, planted by someone with the server's
/// keys to the schema: every write refuses it, naming it, and changes nothing. A function on
/// its own acts on nothing: writes go on, and `check` names it.
#[test]
fn every_kind_of_planted_object_is_refused_by_writes_and_named() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    env.create("app", &[]);
    let before = env.everything();
    let planted = [
        (
            "CREATE RULE keep AS ON UPDATE TO revvy_apps.applications DO INSTEAD NOTHING",
            "rule keep on applications",
            "DROP RULE keep ON revvy_apps.applications",
        ),
        (
            "ALTER TABLE revvy_apps.audit_events ENABLE ROW LEVEL SECURITY; \
             CREATE POLICY hide ON revvy_apps.audit_events USING (false)",
            "relation audit_events r rls",
            "DROP POLICY hide ON revvy_apps.audit_events; ALTER TABLE revvy_apps.audit_events DISABLE ROW LEVEL SECURITY",
        ),
        // On the tables of scoped members (format 6) as on the others.
        (
            "CREATE FUNCTION revvy_apps.keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$; \
             CREATE TRIGGER keep BEFORE INSERT ON revvy_apps.scope_events FOR EACH ROW EXECUTE FUNCTION revvy_apps.keep()",
            "trigger keep on scope_events",
            "DROP TRIGGER keep ON revvy_apps.scope_events; DROP FUNCTION revvy_apps.keep()",
        ),
        (
            "CREATE RULE keep AS ON INSERT TO revvy_apps.scope_events DO INSTEAD NOTHING",
            "rule keep on scope_events",
            "DROP RULE keep ON revvy_apps.scope_events",
        ),
        ("CREATE INDEX spy ON revvy_apps.applications (sealed)", "relation spy i", "DROP INDEX revvy_apps.spy"),
        // Code that runs inside every write as the store's role, without a trigger or a rule.
        (
            "CREATE SCHEMA evil; CREATE FUNCTION evil.spy(v bytea) RETURNS boolean LANGUAGE sql AS 'SELECT true'; \
             ALTER TABLE revvy_apps.store ADD CONSTRAINT spy CHECK (evil.spy(head_mac))",
            "constraint spy c on store",
            "ALTER TABLE revvy_apps.store DROP CONSTRAINT spy; DROP SCHEMA evil CASCADE",
        ),
        (
            "CREATE SCHEMA evil; CREATE TABLE evil.ids (id bigint PRIMARY KEY); \
             ALTER TABLE revvy_apps.audit_events ADD CONSTRAINT spy FOREIGN KEY (id) REFERENCES evil.ids (id) NOT VALID",
            "constraint spy f on audit_events",
            "ALTER TABLE revvy_apps.audit_events DROP CONSTRAINT spy; DROP SCHEMA evil CASCADE",
        ),
        (
            "CREATE SCHEMA evil; CREATE TABLE evil.more () INHERITS (revvy_apps.applications)",
            "inherited by evil.more from applications",
            "DROP SCHEMA evil CASCADE",
        ),
        ("CREATE TABLE revvy_apps.extra (x integer)", "relation extra r", "DROP TABLE revvy_apps.extra"),
        (
            "ALTER TABLE revvy_apps.sessions RENAME TO sessions_old; \
             CREATE VIEW revvy_apps.sessions AS SELECT * FROM revvy_apps.sessions_old",
            "relation sessions v",
            "DROP VIEW revvy_apps.sessions; ALTER TABLE revvy_apps.sessions_old RENAME TO sessions",
        ),
    ];
    for (plant, named, remove) in planted {
        cluster.psql(plant);
        let dump = cluster.dump();
        env.run(&["disable", "app"]).fails(7, named);
        env.run(&["check"]).fails(7, named);
        assert_eq!(cluster.dump(), dump, "a refused write changed the server ({named})");
        cluster.psql(remove);
    }
    assert_eq!(env.everything(), before);

    // A default planted on a column is named by `check`; a write, which reads only the marks
    // of the catalog on its fast path, goes on (docs/security.md says so).
    cluster.psql("ALTER TABLE revvy_apps.applications ALTER COLUMN usage SET DEFAULT '\\x01'::bytea");
    env.run(&["check"]).fails(7, "default on applications.usage");
    cluster.psql("ALTER TABLE revvy_apps.applications ALTER COLUMN usage DROP DEFAULT");

    cluster.psql("CREATE FUNCTION revvy_apps.idle() RETURNS integer LANGUAGE sql AS 'SELECT 1'");
    env.run(&["disable", "app", "-q"]).success();
    env.run(&["check"]).fails(7, "function idle");
    cluster.psql("DROP FUNCTION revvy_apps.idle()");

    // A table dropped: exit 7 naming what is missing, for a write and a read alike; never 1.
    cluster.psql("DROP TABLE revvy_apps.audit_events");
    env.run(&["enable", "app"]).fails(7, "relation audit_events r of the store is missing");
    env.run(&["show", "app"]).fails(7, "are not as revvy-apps made them");
}

#[test]
fn copy_moves_a_store_between_a_file_and_a_server_in_either_direction() {
    let cluster = Cluster::start();
    let file = TestEnv::new();
    let app = file.create("billing-sync", &["--scope", "invoices:read"]);
    file.run(&["edit", "billing-sync", "--add-scope", "invoices:write", "-q"]).success();
    let key = file.dir.path().join("ci.key");
    file.run(&["access", "add", "ci", "--machine", "--key-file", key.to_str().unwrap(), "-q"]).success();
    // The server's credentials come from the same ~/.pgpass as an operator's would.
    let server = env_on(&cluster);
    std::fs::create_dir_all(file.home()).unwrap();
    std::fs::copy(server.home().join(".pgpass"), file.home().join(".pgpass")).unwrap();
    std::fs::set_permissions(file.home().join(".pgpass"), std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();

    file.run(&["copy", "--to", &cluster.url()]).success();
    file.run(&["copy", "--to", &cluster.url()]).fails(4, "a store already exists in the schema");
    let on_server = |args: &[&str]| {
        file.run_with(args, |cmd| {
            cmd.env("REVVY_APPS_STORE", cluster.url());
        })
    };
    on_server(&["check"]).success();
    let copied = on_server(&["show", "billing-sync", "--json", "--reveal"]).success().json();
    assert_eq!(copied["client_secret"], app["client_secret"]);
    assert_eq!(copied["scopes"], serde_json::json!(["invoices:read", "invoices:write"]));
    file.run_with(&["list", "-q"], |cmd| {
        cmd.env("REVVY_APPS_STORE", cluster.url())
            .env_remove("REVVY_APPS_PASSPHRASE")
            .env("REVVY_APPS_IDENTITY_FILE", &key);
    })
    .success();

    // And back from the server into a new file.
    let back = file.dir.path().join("back.db");
    on_server(&["copy", "--to", back.to_str().unwrap()]).success();
    let returned = file.run_with(&["show", "billing-sync", "--json", "--reveal"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &back);
    });
    assert_eq!(returned.success().json()["client_secret"], app["client_secret"]);
    file.run_with(&["check"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &back);
    })
    .success();
}

#[test]
fn backup_of_a_server_store_writes_a_file_of_the_same_store() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    let app = env.create("billing-sync", &[]);
    env.run_stdin_with(&["verify", "billing-sync"], &format!("{}\n", app["client_secret"].as_str().unwrap()), |_| {})
        .success();
    let token = env.unlock();
    let backup = env.dir.path().join("backup.db");
    env.run(&["backup", backup.to_str().unwrap()]).success();
    assert_eq!(crate::util::mode(&backup), 0o600);
    let from_file = |args: &[&str]| {
        env.run_with(args, |cmd| {
            cmd.env("REVVY_APPS_STORE", &backup);
        })
    };
    from_file(&["check"]).success();
    let shown = from_file(&["show", "billing-sync", "--json", "--reveal"]).success().json();
    assert_eq!(shown["client_secret"], app["client_secret"]);
    assert!(shown["last_used_at"].is_string(), "the last use is in the backup");
    // Backups carry no sessions.
    env.run_with(&["list"], |cmd| {
        with_session(&token)(cmd);
        cmd.env("REVVY_APPS_STORE", &backup);
    })
    .fails(5, "session is unknown");
}

/// `restore FILE` onto a server: the store goes back to the backup (the same store, its later
/// changes gone, open sessions ended, a planted trigger gone with the old tables), this
/// machine accepts it, and the restore is audited. A backup of another store is refused.
#[test]
fn restore_puts_a_backup_back_onto_the_server() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    let kept = env.create("kept", &[]);
    env.run(&["access", "add", "ci", "--machine", "--key-file", env.dir.path().join("ci.key").to_str().unwrap(), "-q"])
        .success();
    let backup = env.dir.path().join("backup.db");
    env.run(&["backup", backup.to_str().unwrap()]).success();
    let at_backup = env.everything();
    env.create("later", &[]);
    env.run(&["regenerate", "kept", "--yes", "-q"]).success();
    let token = env.unlock();
    cluster.psql(
        "CREATE FUNCTION revvy_apps.keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
         CREATE TRIGGER keep BEFORE UPDATE ON revvy_apps.applications FOR EACH ROW EXECUTE FUNCTION revvy_apps.keep();",
    );

    // Anything planted beyond the store's tables stays and is refused, changing nothing.
    let before = cluster.dump();
    let url_with_password = cluster.url().replace("postgres@", &format!("postgres:{}@", crate::pg::PASSWORD));
    let run = env.run_with(&["restore", "--yes", backup.to_str().unwrap()], |cmd| {
        cmd.env("REVVY_APPS_STORE", &url_with_password).current_dir(env.dir.path());
    });
    let run = run.fails(7, "function keep");
    assert!(!run.stderr.contains(crate::pg::PASSWORD));
    assert!(!env.dir.path().join("postgresql:").exists(), "no folder made from the URL");
    assert!(cluster.dump() == before);
    cluster.psql("DROP TRIGGER keep ON revvy_apps.applications; DROP FUNCTION revvy_apps.keep();");
    cluster.psql(
        "CREATE RULE keep AS ON UPDATE TO revvy_apps.applications DO INSTEAD NOTHING;
         CREATE INDEX spy ON revvy_apps.applications (sealed);",
    );

    env.run(&["restore", "--yes", backup.to_str().unwrap()]).success();
    assert_eq!(env.everything(), at_backup);
    let events = env.run(&["log", "--json"]).success().json();
    assert_eq!(events.as_array().unwrap().last().unwrap()["action"], "restore");
    let shown = env.run(&["show", "kept", "--json", "--reveal"]).success().json();
    assert_eq!(shown["client_secret"], kept["client_secret"], "the secret as it was at the backup");
    env.run(&["check"]).success();
    env.run_with(&["list"], with_session(&token)).fails(5, "session is unknown");
    env.run_with(&["list", "-q"], |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", env.dir.path().join("ci.key"));
    })
    .success();
    // The rule and index went with the old tables: writes go on.
    env.run(&["disable", "kept", "-q"]).success();

    // Into a schema that holds no store yet: made there, the same store.
    let run = env.run_with(&["restore", "--yes", backup.to_str().unwrap()], |cmd| {
        cmd.env("REVVY_APPS_PG_SCHEMA", "elsewhere");
    });
    run.success();
    let elsewhere = env.run_with(&["list", "--json"], |cmd| {
        cmd.env("REVVY_APPS_PG_SCHEMA", "elsewhere");
    });
    assert_eq!(elsewhere.success().json(), at_backup);

    // A backup of another store is refused, and changes nothing.
    let other = TestEnv::new();
    let other_backup = env.dir.path().join("other.db");
    other.run(&["backup", other_backup.to_str().unwrap()]).success();
    let before = cluster.dump();
    env.run(&["restore", "--yes", other_backup.to_str().unwrap()]).fails(4, "is a backup of another store");
    assert!(cluster.dump() == before);
}

#[test]
fn two_machines_writing_at_once_lose_nothing_and_concurrent_edits_are_all_kept_or_refused() {
    let cluster = Cluster::start();
    // Two "machines": each its own HOME and XDG folders (its own rollback memory), one server.
    let machines = [env_on(&cluster), env_on(&cluster)];
    init(&machines[0]);
    machines[0].create("shared", &[]);
    // The first machine unlocks with its passphrase each time (its writes lock after their
    // reads); the second with a session (its writes lock with the open's first statement).
    let sessions = [None, Some(machines[1].unlock())];
    let outcomes = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for ((m, machine), session) in machines.iter().enumerate().zip(&sessions) {
            for worker in 0..3 {
                let outcomes = &outcomes;
                scope.spawn(move || {
                    let run = |args: &[&str]| match session {
                        Some(token) => machine.run_with(args, with_session(token)),
                        None => machine.run(args),
                    };
                    let name = format!("m{m}-w{worker}");
                    run(&["create", "--name", &name, "-q"]).success();
                    for i in 0..5 {
                        run(&["edit", &name, "--add-scope", &format!("s{i}"), "-q"]).success();
                        let scope_name = format!("m{m}-w{worker}-{i}");
                        let run = run(&["edit", "shared", "--add-scope", &scope_name, "-q"]);
                        outcomes.lock().unwrap().push((scope_name, run.code));
                    }
                });
            }
        }
    });
    let apps = machines[1].everything();
    let apps = apps.as_array().unwrap();
    assert_eq!(apps.len(), 7, "the shared app and six more");
    for app in apps.iter().filter(|a| a["name"] != "shared") {
        assert_eq!(app["scopes"].as_array().unwrap().len(), 5, "{}", app["name"]);
    }
    // Every edit of the shared app either landed or was refused with exit 4: none was lost.
    let outcomes = outcomes.into_inner().unwrap();
    let shared = machines[0].run(&["show", "shared", "--json"]).success().json();
    let present: BTreeSet<String> =
        shared["scopes"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
    for (scope_name, code) in &outcomes {
        assert!(*code == 0 || *code == 4, "{scope_name}: exit {code}");
        assert_eq!(present.contains(scope_name), *code == 0, "{scope_name}: exit {code}");
    }
    assert_eq!(outcomes.len(), 30);
    machines[0].run(&["check"]).success();
    machines[1].run(&["check"]).success();
}

#[test]
fn a_backup_after_a_member_is_removed_opens_for_the_others_only() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    env.create("a", &[]);
    let key = env.dir.path().join("ci.key");
    env.run(&["access", "add", "ci", "--machine", "--key-file", key.to_str().unwrap(), "-q"]).success();
    let key2 = env.dir.path().join("ci2.key");
    env.run(&["access", "add", "ci2", "--machine", "--key-file", key2.to_str().unwrap(), "-q"]).success();
    env.run(&["access", "remove", "ci", "--yes", "-q"]).success();
    env.run(&["check"]).success();
    let backup = env.dir.path().join("after.db");
    env.run(&["backup", backup.to_str().unwrap()]).success();
    // The remaining members keep their ids in the file: the member list's MAC covers them.
    env.run_with(&["check"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &backup);
    })
    .success();
    env.run_with(&["list", "-q"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &backup).env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", &key2);
    })
    .success();
    env.run_with(&["list"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &backup).env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", &key);
    })
    .fails(5, "is not a member of the store");
}

#[test]
fn a_read_only_server_serves_reads_and_refuses_writes_with_exit_6() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    env.create("app", &[]);
    // What a hot standby or a server in read-only mode answers.
    cluster.psql("ALTER DATABASE revvy SET default_transaction_read_only = on");
    let before = cluster.dump();
    env.run(&["show", "app", "-q"]).success();
    let run = env.run(&["disable", "app"]).fails(6, "is read-only");
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert!(!run.stderr.contains("tampered"));
    assert!(cluster.dump() == before, "nothing changed");
}

/// The first statement reads bytes as text, and writes send them as literals: neither may
/// depend on the server's defaults. A database set to the older `escape` output and to
/// non-standard strings serves every command as before — never "tampered".
#[test]
fn a_server_with_other_text_defaults_reads_and_writes_the_same_store() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    let created = env.create("app", &["--scope", "read:things"]);
    let token = env.unlock();
    cluster.psql(
        "ALTER DATABASE revvy SET bytea_output = 'escape'; ALTER DATABASE revvy SET standard_conforming_strings = off",
    );
    let shown = env.run_with(&["show", "app", "--json", "--reveal"], with_session(&token)).success().json();
    assert_eq!(shown["client_secret"], created["client_secret"]);
    assert_eq!(shown["scopes"], created["scopes"]);
    let run = env.run_with(&["create", "--name", "second", "--json"], with_session(&token)).success();
    assert_eq!(run.json()["name"], "second");
    env.run_with(&["edit", "app", "--add-scope", "write:things", "-q"], with_session(&token)).success();
    let names: Vec<String> =
        env.everything().as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["app", "second"]);
    env.run(&["check"]).success();
}

/// A write's changes go to the server together and their row counts are checked before
/// COMMIT: one that comes out otherwise than meant — here the row an administrator deletes
/// while the write waits for it — rolls the whole write back, exit 7, naming the table.
#[test]
fn a_change_that_goes_astray_rolls_the_whole_write_back() {
    use std::io::{BufRead as _, Write as _};
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    env.create("app", &[]);
    let audit = || cluster.psql("SELECT count(*), max(id) FROM revvy_apps.audit_events");
    let head = || cluster.psql("SELECT last_id, encode(head_mac, 'hex') FROM revvy_apps.store");
    let (audit_before, head_before) = (audit(), head());

    let mut admin = cluster
        .psql_command("revvy")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("psql starts");
    let mut to_admin = admin.stdin.take().unwrap();
    let mut from_admin = std::io::BufReader::new(admin.stdout.take().unwrap());
    to_admin.write_all(b"BEGIN;\nDELETE FROM revvy_apps.applications;\n\\echo deleted\n").unwrap();
    let mut line = String::new();
    from_admin.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "deleted");

    let disable = env
        .command()
        .args(["disable", "app"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The write has read the row (the delete is not committed) and waits for its lock.
    let waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE%'";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while cluster.psql(waiting).trim() != "1" {
        assert!(std::time::Instant::now() < deadline, "the write never waited for the row");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    to_admin.write_all(b"COMMIT;\n").unwrap();
    drop(to_admin);
    assert!(admin.wait().unwrap().success());

    let out = disable.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert!(stderr.contains("a write to the table applications changed 0 row(s) where 1 were meant"), "{stderr}");
    assert_eq!((audit(), head()), (audit_before, head_before), "the event and the head were rolled back");
}

/// A write of many applications updates the store's row (its audit head) once: on a server
/// each update leaves a row version that every later read steps over until a vacuum, and
/// `show` right after a large `apply` paid for thousands of them.
#[test]
fn a_write_of_many_applications_updates_the_head_once() {
    use std::fmt::Write as _;
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    let manifest = env.dir.path().join("apps.toml");
    let apps = (0..20).fold(String::new(), |mut text, i| {
        writeln!(text, "[[application]]\nname = \"app-{i}\"\n").unwrap();
        text
    });
    std::fs::write(&manifest, apps).unwrap();
    let updates = || {
        cluster.psql("SELECT n_tup_upd FROM pg_stat_user_tables WHERE schemaname = 'revvy_apps' AND relname = 'store'")
    };
    let before: u64 = updates().trim().parse().unwrap();
    env.run(&["apply", "-q", "-f", manifest.to_str().unwrap()]).success();
    let after: u64 = updates().trim().parse().unwrap();
    assert_eq!(after - before, 1, "20 applications, one update of the head");
    assert_eq!(env.run(&["list", "--json"]).success().json().as_array().unwrap().len(), 20);
    env.run(&["check"]).success();
}

/// `ANALYZE` keeps nothing of the ciphertext (a new backend would read a hundred samples of it
/// whole to plan a `show`), and of the lookup hashes only how many distinct ones there are.
/// A store made anew by `restore` is made the same way.
#[test]
fn the_server_keeps_no_statistics_of_ciphertext() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    for name in ["a", "b", "c", "d", "e", "f"] {
        env.create(name, &["--scope", "read:things"]);
    }
    // Each column with statistics, and for the hashes the number of their histogram's bounds.
    let kept = || {
        cluster
            .psql("ANALYZE revvy_apps.applications, revvy_apps.audit_events, revvy_apps.members, revvy_apps.sessions");
        cluster.psql(
            "SELECT tablename || '.' || attname || CASE WHEN attname LIKE '%mac' THEN ' ' \
             || coalesce(array_length(string_to_array(trim(both '{}' from histogram_bounds::text), ','), 1), 0) \
             ELSE '' END FROM pg_stats WHERE schemaname = 'revvy_apps' AND tablename <> 'store' ORDER BY 1",
        )
    };
    let expected = "applications.client_id_mac 2\napplications.id\napplications.name_mac 2\napplications.version\n\
                    audit_events.id\naudit_events.subject_mac 2\n\
                    members.created_at\nmembers.created_by\nmembers.id\nmembers.kind\nmembers.name\n";
    assert_eq!(kept(), expected);
    let backup = env.dir.path().join("backup.db");
    env.run(&["backup", backup.to_str().unwrap()]).success();
    env.run(&["restore", "--yes", backup.to_str().unwrap()]).success();
    assert_eq!(kept(), expected);
}

/// Two `init`s on one new schema at once: one makes the store, the other is a conflict or a
/// busy server (exit 4 or 6, "run it again"), never damage: the server's own catalog refusing
/// the second `CREATE` is a race, not a planted object.
#[test]
fn two_inits_at_once_make_one_store_and_no_damage() {
    let cluster = Cluster::start();
    for round in 0..4 {
        let schema = format!("race_{round}");
        let envs = [env_on(&cluster), env_on(&cluster)];
        let children: Vec<_> = envs
            .iter()
            .map(|env| {
                crate::util::spawn(env, &crate::util::init_args(), |cmd| {
                    cmd.env("REVVY_APPS_PG_SCHEMA", &schema);
                })
            })
            .collect();
        let runs: Vec<_> = children.into_iter().map(crate::util::finish).collect();
        let made = runs.iter().filter(|run| run.code == 0).count();
        assert_eq!(made, 1, "{runs:?}");
        for run in runs.iter().filter(|run| run.code != 0) {
            assert!([4, 6].contains(&run.code), "{run:?}");
        }
    }
}
