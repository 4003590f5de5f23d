//! Through PgBouncer with its default settings (no `ignore_startup_parameters`), in
//! transaction and session pooling: every command works, and what a command sets for its
//! transactions never reaches another client of the same pooled server connection.

use super::servers::{Bouncer, every_command, machine_on};
use crate::pg::Cluster;
use crate::util::{finish, init_args, spawn};

#[test]
fn every_command_works_through_pgbouncer_in_transaction_pooling() {
    let cluster = Cluster::start();
    let bouncer = Bouncer::start(&cluster, "transaction", "");
    let env = machine_on(&bouncer.url());
    every_command(&env, true);
    // Writers at once, each on its own pooled transactions: every one lands.
    let writers: Vec<_> =
        (0..4).map(|i| spawn(&env, &["create", "--name", &format!("parallel-{i}"), "-q"], |_| {})).collect();
    for writer in writers {
        finish(writer).success();
    }
    assert_eq!(env.everything().as_array().unwrap().len(), 8);
    env.run(&["check"]).success();
}

/// With, besides, a `=` planted first on the role's search_path: every statement of every
/// command, in whichever message it goes, runs with the catalog's operators only.
#[test]
fn every_command_works_through_pgbouncer_in_session_pooling() {
    let cluster = Cluster::start();
    cluster.psql(
        "CREATE SCHEMA evil; \
         CREATE FUNCTION evil.never(bytea, bytea) RETURNS boolean LANGUAGE sql AS 'SELECT false'; \
         CREATE OPERATOR evil.= (LEFTARG = bytea, RIGHTARG = bytea, FUNCTION = evil.never); \
         ALTER ROLE postgres SET search_path = evil, pg_catalog, public",
    );
    let bouncer = Bouncer::start(&cluster, "session", "");
    let env = machine_on(&bouncer.url());
    every_command(&env, true);
}

/// One server connection in the pool, so the next client gets the very one a command used:
/// its session is as the server's defaults make it, although every transaction of the
/// command set the search path, timeouts, JIT and bytea output.
#[test]
fn a_command_leaves_nothing_set_on_the_pooled_connection_for_the_next_client() {
    let cluster = Cluster::start();
    let bouncer = Bouncer::start(&cluster, "transaction", "default_pool_size = 1");
    let env = machine_on(&bouncer.url());
    env.run(&init_args()).success();
    let settings = "SELECT pg_backend_pid() || ' ' || current_setting('search_path') || ' ' || current_setting('jit') \
         || ' ' || current_setting('lock_timeout') || ' ' || current_setting('statement_timeout') || ' ' \
         || current_setting('idle_in_transaction_session_timeout') || ' ' || current_setting('bytea_output')";
    let before = bouncer.psql(&cluster, settings);
    let (_, defaults) = before.split_once(' ').unwrap();
    assert_eq!(defaults, "\"$user\", public on 0 0 0 hex", "the server's defaults");
    env.create("app", &[]);
    env.run(&["show", "app"]).success();
    let token = env.unlock();
    env.run_with(&["edit", "app", "--scope", "x:y", "-q"], crate::util::with_session(&token)).success();
    env.run(&["list"]).success();
    let after = bouncer.psql(&cluster, settings);
    assert_eq!(after, before, "the same server connection, its session unchanged");
}
