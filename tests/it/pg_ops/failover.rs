//! A primary and its streaming standby (`pg_basebackup -R`): the standby serves the read
//! commands and refuses writes (exit 6, read-only); libpq multi-host URLs with
//! `target_session_attrs` pick the right server, and find the standby once it is promoted.
//! A failover that lost commits is never silent: a machine that saw them exits 7.

use super::servers::{machine_on, multi_host_url, standby_of, wait_caught_up};
use crate::pg::{Cluster, PASSWORD};
use crate::util::init_args;

#[test]
fn a_standby_serves_reads_refuses_writes_and_is_found_once_promoted() {
    let primary = Cluster::start();
    let writer = machine_on(&primary.url());
    writer.run(&init_args()).success();
    let created = writer.create("app", &["--scope", "read:things"]);
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    // A scoped member's reveal waits to be taken into the log: `log` on the standby, which
    // cannot take it in, shows the log as it is.
    let key = crate::util::add_scoped(&writer, "ci", &["--only", "app"]);
    writer.run_with(&["show", "app", "--reveal"], crate::util::with_key(&key)).success();
    let standby = standby_of(&primary);
    wait_caught_up(&primary, &standby);

    // A machine that knows only the standby: every read command works there.
    let reader = machine_on(&standby.url());
    reader.run(&["list"]).success();
    reader.run(&["show", "app"]).success();
    reader.run(&["log", "--no-pager"]).success();
    reader.run(&["access", "list"]).success();
    reader.run(&["status"]).success();
    reader.run(&["check"]).success();
    let backup = reader.dir.path().join("backup.db").display().to_string();
    reader.run(&["backup", &backup, "-q"]).success();
    assert_eq!(reader.everything(), writer.everything());
    // A write there is refused, saying why, naming no password, changing nothing.
    let before = standby.dump();
    for write in [&["create", "--name", "new", "-q"][..], &["disable", "app", "-q"], &["unlock"]] {
        let run = reader.run(write).fails(6, "is read-only");
        assert!(run.stderr.contains("target_session_attrs=read-write"), "{}", run.stderr);
        assert!(!run.stderr.contains(PASSWORD) && !run.stderr.contains("tampered"), "{}", run.stderr);
    }
    reader.run_stdin(&["verify", "app"], &secret).success();
    assert!(standby.dump() == before, "nothing changed on the standby");

    // Both hosts, the standby first: read-write passes it over for the primary, read-only
    // picks it.
    let both = machine_on(&multi_host_url(&[&standby, &primary], "read-write"));
    both.run(&["create", "--name", "on-the-primary", "-q"]).success();
    let read_only = machine_on(&multi_host_url(&[&primary, &standby], "read-only"));
    read_only.run(&["create", "--name", "on-the-standby", "-q"]).fails(6, "is read-only");
    wait_caught_up(&primary, &standby);
    read_only.run(&["show", "on-the-primary"]).success();

    // The primary goes; the standby is promoted: the same URL finds it, and writes land.
    primary.pg_ctl(&["-w", "-m", "fast", "stop"]);
    standby.pg_ctl(&["-w", "promote"]);
    both.run(&["create", "--name", "after-failover", "-q"]).success();
    let names: Vec<String> =
        both.everything().as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["app", "on-the-primary", "after-failover"]);
    both.run(&["check"]).success();
}

/// The standby stops receiving (stopped), a write lands on the primary alone, the primary
/// dies, the standby is promoted: the write is gone. The machine that saw it says so; a
/// machine that never saw it works on.
#[test]
fn a_failover_that_lost_a_commit_is_refused_by_the_machine_that_saw_it() {
    let primary = Cluster::start();
    let standby = standby_of(&primary);
    let url = multi_host_url(&[&primary, &standby], "read-write");
    let saw_it = machine_on(&url);
    saw_it.run(&init_args()).success();
    saw_it.create("kept", &[]);
    wait_caught_up(&primary, &standby);
    standby.pg_ctl(&["-w", "-m", "fast", "stop"]);
    saw_it.create("lost", &[]);
    saw_it.run(&["show", "lost"]).success();
    primary.pg_ctl(&["-w", "-m", "immediate", "stop"]);
    standby.restart();
    standby.pg_ctl(&["-w", "promote"]);

    let before = standby.dump();
    let run = saw_it.run(&["list"]).fails(7, "was rolled back");
    assert!(run.stderr.contains("this machine has seen it reach event"), "{}", run.stderr);
    assert!(run.stderr.contains("failed over"), "the hint names a failover: {}", run.stderr);
    assert!(!run.stderr.contains(PASSWORD), "{}", run.stderr);
    let run = saw_it.run(&["list", "--json"]).fails(7, "");
    assert_eq!(run.error_json()["error"]["code"], "rolled_back", "{}", run.stderr);
    saw_it.run(&["create", "--name", "other", "-q"]).fails(7, "was rolled back");
    assert!(standby.dump() == before, "nothing changed");

    let fresh = machine_on(&url);
    let names: Vec<String> =
        fresh.everything().as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["kept"], "the lost write is not there");
    fresh.run(&["create", "--name", "after", "-q"]).success();
    fresh.run(&["check"]).success();
}
