//! Faults while writers run: the server killed (`-m immediate`) and started again, a writer's
//! backend terminated mid-transaction, the server paused (`SIGSTOP`) and resumed. Every
//! write a writer was told succeeded (exit 0) is there once, every failure is exit 6 (or 4),
//! and `check` is clean afterwards. The counts are printed (`--nocapture`) for the record.
//! A paused server never holds a command past its deadlines.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::servers::{Bouncer, Paused, machine_on};
use crate::pg::{Cluster, env_on};
use crate::util::{Run, TestEnv, init_args};

const WRITERS: usize = 3;
/// Attempts per writer, at most.
const MOST: usize = 60;

/// `WRITERS` processes each creating applications in turn while `fault` runs and after, then
/// checks the outcome as the module says and prints the counts.
fn writes_survive(what: &str, fault: impl FnOnce(&Cluster)) {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    env.run(&init_args()).success();
    let fault_over = AtomicBool::new(false);
    let attempts: Vec<(String, Run)> = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (env, fault_over) = (&env, &fault_over);
                scope.spawn(move || {
                    // Until two writes after the fault, at most `MOST` attempts.
                    let mut attempts = Vec::new();
                    let mut after = 0;
                    while attempts.len() < MOST && after < 2 {
                        let over = fault_over.load(Ordering::SeqCst);
                        let name = format!("w{w}-{}", attempts.len());
                        let run = env.run(&["create", "--name", &name, "-q"]);
                        if run.code != 0 {
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        after += usize::from(over);
                        attempts.push((name, run));
                    }
                    attempts
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        // A fault that fails still lets the writers stop at once, then fails the test.
        let faulted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fault(&cluster)));
        fault_over.store(true, Ordering::SeqCst);
        let attempts = writers.into_iter().flat_map(|writer| writer.join().unwrap()).collect();
        if let Err(panic) = faulted {
            std::panic::resume_unwind(panic);
        }
        attempts
    });
    let present = names(&env);
    let mut acknowledged = 0;
    let mut failed_absent = 0;
    let mut failed_present = 0;
    for (name, run) in &attempts {
        let copies = present.iter().filter(|n| *n == name).count();
        assert!(copies <= 1, "{name} is there {copies} times");
        if run.code == 0 {
            acknowledged += 1;
            assert_eq!(copies, 1, "{name} was acknowledged but is missing");
        } else {
            assert!([6, 4].contains(&run.code), "{name}: exit {} ({})", run.code, run.stderr);
            assert!(!run.stderr.contains("tampered"), "{}", run.stderr);
            if copies == 1 { failed_present += 1 } else { failed_absent += 1 }
        }
    }
    assert_eq!(present.len(), acknowledged + failed_present, "nothing there that no writer asked for");
    env.run(&["check"]).success();
    eprintln!(
        "faults: {what}: {} attempts, {acknowledged} acknowledged and present, {failed_absent} failed (exit 6/4) and absent, \
         {failed_present} failed while their commit landed",
        attempts.len()
    );
}

fn names(env: &TestEnv) -> Vec<String> {
    env.everything().as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn writes_survive_the_server_killed_and_restarted() {
    writes_survive("pg_ctl stop -m immediate, start", |cluster| {
        cluster.pg_ctl(&["-w", "-m", "immediate", "stop"]);
        std::thread::sleep(Duration::from_millis(300));
        cluster.restart();
    });
}

#[test]
fn writes_survive_their_backends_terminated() {
    writes_survive("pg_terminate_backend of the writers, 5 times", |cluster| {
        for _ in 0..5 {
            cluster.psql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
                 WHERE datname = 'revvy' AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    });
}

#[test]
fn writes_survive_the_server_paused_and_resumed() {
    writes_survive("SIGSTOP of the server for 1 s, SIGCONT", |cluster| {
        let paused = Paused::pause(cluster);
        std::thread::sleep(Duration::from_secs(1));
        drop(paused);
    });
}

/// A paused server: a new connection waits at most `connect_timeout`; through a pooler that
/// answers the login itself, a statement waits at most `REVVY_APPS_PG_TIMEOUT` and a second.
/// Both are exit 6, and the store is as it was once the server resumes.
#[test]
fn a_paused_server_holds_no_command_past_its_deadlines() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    env.run(&init_args()).success();
    env.create("app", &[]);
    let bouncer = Bouncer::start(&cluster, "transaction", "");
    let through_pooler = machine_on(&bouncer.url());
    through_pooler.run(&["show", "app"]).success();
    let before = cluster.dump();
    let paused = Paused::pause(&cluster);
    let run = env.run_with(&["show", "app"], |cmd| {
        cmd.env("REVVY_APPS_STORE", format!("{}&connect_timeout=1", cluster.url()));
    });
    let run = run.fails(6, "no answer within 1 s (connect_timeout)");
    assert!(!run.stderr.contains("tampered"), "{}", run.stderr);
    let run = through_pooler.run_with(&["create", "--name", "new", "-q"], |cmd| {
        cmd.env("REVVY_APPS_PG_TIMEOUT", "1");
    });
    run.fails(6, "did not answer within 2 s (REVVY_APPS_PG_TIMEOUT)");
    drop(paused);
    assert!(cluster.dump() == before, "nothing changed");
    env.run(&["show", "app"]).success();
    env.run(&["check"]).success();
}
