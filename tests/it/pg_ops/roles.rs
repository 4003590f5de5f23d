//! A store used through a least-privilege role, as the guide sets it up: the schema and its
//! tables owned by an admin role, which makes the store (`init`) and restores it, and upgrades
//! an older one to a format with new tables; the role the team's commands use may only read
//! and write the rows. Every daily command works through it; what needs the owner is refused,
//! exit 6, and changes nothing.

use super::servers::{every_command, machine_of};
use crate::pg::Cluster;
use crate::util::init_args;

/// The guide's SQL (docs/guide.md, "A least-privilege role"), run by a superuser, with test
/// passwords: the schema is the admin's, and what the admin makes in it the app role may
/// read and write (default privileges, so a restore's new tables are granted too).
const SETUP: &str = "CREATE ROLE revvy_admin LOGIN PASSWORD 'admin test password';
CREATE ROLE revvy_app LOGIN PASSWORD 'app test password';
GRANT CREATE ON DATABASE revvy TO revvy_admin;
CREATE SCHEMA revvy_apps AUTHORIZATION revvy_admin;
GRANT USAGE ON SCHEMA revvy_apps TO revvy_app;
ALTER DEFAULT PRIVILEGES FOR ROLE revvy_admin IN SCHEMA revvy_apps
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO revvy_app;
ALTER DEFAULT PRIVILEGES FOR ROLE revvy_admin IN SCHEMA revvy_apps
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO revvy_app;";

fn url_as(cluster: &Cluster, user: &str) -> String {
    cluster.url().replace("postgresql://postgres@", &format!("postgresql://{user}@"))
}

#[test]
fn every_daily_command_works_through_a_role_that_only_reads_and_writes_rows() {
    let cluster = Cluster::start();
    cluster.psql(SETUP);
    let admin = machine_of(&url_as(&cluster, "revvy_admin"), "revvy_admin", "admin test password");
    let mut init = init_args();
    init.extend(["--as", "owner"]);
    admin.run(&init).success();
    let app = machine_of(&url_as(&cluster, "revvy_app"), "revvy_app", "app test password");
    every_command(&app, false);
    assert_eq!(
        cluster
            .psql("SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'revvy_apps'")
            .trim(),
        "revvy_admin",
        "the tables stay the admin's"
    );

    // What makes tables anew needs their owner.
    let backup = app.dir.path().join("again.db").display().to_string();
    app.run(&["backup", &backup, "-q"]).success();
    let before = cluster.dump();
    let run = app.run(&["restore", &backup, "--yes"]).fails(6, "permission denied");
    assert!(!run.stderr.contains("tampered"), "{}", run.stderr);
    assert!(cluster.dump() == before, "nothing changed");
    let admin_restores = machine_of(&url_as(&cluster, "revvy_admin"), "revvy_admin", "admin test password");
    admin_restores.run(&["restore", &backup, "--yes", "-q"]).success();
    // The restore put an older store back, which the app's machine refuses as rolled back; a
    // machine that did not see the newer store works on the restored tables, granted by
    // the default privileges.
    app.run(&["list"]).fails(7, "was rolled back");
    let another = machine_of(&url_as(&cluster, "revvy_app"), "revvy_app", "app test password");
    another.run(&["create", "--name", "after-restore", "-q"]).success();
    another.run(&["check"]).success();
}

/// A store of format 5 gets format 6's tables from its first write, which only the schema's
/// owner can make: the app role's write is refused, exit 6, saying so, and changes nothing;
/// once the admin has written, the app role reads and writes the new tables too (default
/// privileges).
#[test]
fn the_upgrade_to_format_6_is_the_owners_first_write() {
    let cluster = Cluster::start();
    cluster.psql(SETUP);
    let admin = machine_of(&url_as(&cluster, "revvy_admin"), "revvy_admin", "admin test password");
    admin.run(&init_args()).success();
    cluster.psql(&crate::golden::golden_on_postgres_sql("golden-v5.db", 5));
    let app = machine_of(&url_as(&cluster, "revvy_app"), "revvy_app", "app test password");
    for machine in [&admin, &app] {
        machine.run_with(&["accept-store", "--yes", "-q"], crate::golden::as_golden_owner).success();
    }
    app.run_with(&["list"], crate::golden::as_golden_owner).success();
    let before = cluster.dump();
    let run = app.run_with(&["create", "--name", "by-app"], crate::golden::as_golden_owner);
    let run = run.fails(6, "cannot add the tables of format 6 to the store (a write by the schema's owner does)");
    assert!(run.stderr.contains("must be owner of table members"), "{}", run.stderr);
    assert!(cluster.dump() == before, "nothing changed");
    admin.run_with(&["create", "--name", "by-admin", "-q"], crate::golden::as_golden_owner).success();
    app.run_with(&["create", "--name", "by-app", "-q"], crate::golden::as_golden_owner).success();
    app.run_with(&["check"], crate::golden::as_golden_owner).success();
    assert_eq!(
        cluster
            .psql("SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'revvy_apps'")
            .trim(),
        "revvy_admin",
        "the new tables are the admin's too"
    );
}
