//! Real processes on the real file: many writers at once, and writers killed mid-write.

use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{PASSPHRASE, TestEnv};

#[test]
fn sixteen_processes_writing_fifty_edits_each_lose_none() {
    let env = TestEnv::new();
    std::thread::scope(|scope| {
        for worker in 0..16 {
            let env = &env;
            scope.spawn(move || {
                let name = format!("worker-{worker:02}");
                env.run(&["create", "--name", &name, "-q"]).success();
                for i in 1..50 {
                    env.run(&["edit", &name, "--add-scope", &format!("s{i}"), "-q"]).success();
                }
            });
        }
    });
    let apps = env.everything();
    let apps = apps.as_array().unwrap();
    assert_eq!(apps.len(), 16);
    for app in apps {
        assert_eq!(app["scopes"].as_array().unwrap().len(), 49, "{}", app["name"]);
    }
    let report = env.run(&["check", "--json"]).success().json();
    assert_eq!(report["events"], 16 * 50);
}

#[test]
fn eight_processes_creating_twenty_five_apps_each_lose_none() {
    let env = TestEnv::new();
    std::thread::scope(|scope| {
        for worker in 0..8 {
            let env = &env;
            scope.spawn(move || {
                for i in 0..25 {
                    let name = format!("w{worker}-app{i:02}");
                    env.run(&["create", "--name", &name, "-q"]).success();
                }
            });
        }
    });
    let all = env.everything();
    let names: BTreeSet<_> = all.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names.len(), 200);
    for worker in 0..8 {
        for i in 0..25 {
            assert!(names.contains(&format!("w{worker}-app{i:02}")));
        }
    }
    let ids: BTreeSet<_> =
        all.as_array().unwrap().iter().map(|a| a["client_id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 200, "client IDs are unique");
}

#[test]
fn concurrent_edits_of_one_app_lose_nothing() {
    let env = TestEnv::new();
    env.create("shared", &[]);
    std::thread::scope(|scope| {
        for worker in 0..4 {
            let env = &env;
            scope.spawn(move || {
                for i in 0..10 {
                    env.run(&["edit", "shared", "--add-scope", &format!("s{worker}-{i}"), "-q"]).success();
                }
            });
        }
    });
    let app = env.run(&["show", "shared", "--json"]).success().json();
    assert_eq!(app["scopes"].as_array().unwrap().len(), 40, "every read-modify-write kept the others' scopes");
}

/// A small deterministic generator (xorshift64*), seeded from the clock and printed, so a
/// failing run can be replayed with REVVY_APPS_CRASH_SEED.
struct Rng(u64);

impl Rng {
    fn from_env() -> Self {
        let seed = std::env::var("REVVY_APPS_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            u64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_micros())
                .unwrap()
                | 1
        });
        eprintln!("crash loop seed: REVVY_APPS_CRASH_SEED={seed}");
        Self(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Create,
    Edit,
    Passwd,
    Rekey,
    /// `access add` of a machine member, or `access remove` of one once there are three.
    Access,
}

/// Whether the machine member `name` is listed, and whether its key opens the store: after a
/// killed `access` command both must agree.
fn machine_member_state(env: &TestEnv, passphrase: &str, name: &str, key: &std::path::Path) -> (bool, bool) {
    let listed = env.run_with(&["access", "list", "--json"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", passphrase);
    });
    let listed = listed.success().json().as_array().unwrap().iter().any(|m| m["name"] == name);
    let opens = key.exists()
        && env
            .run_with(&["list", "-q"], |cmd| {
                cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", key);
            })
            .code
            == 0;
    (listed, opens)
}

fn opens_with(env: &TestEnv, passphrase: &str) -> bool {
    env.run_with(&["list", "-q"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", passphrase);
    })
    .code
        == 0
}

fn spawn(env: &TestEnv, args: &[&str], passphrase: &str, new_passphrase: &str) -> Child {
    env.command()
        .args(args)
        .env("REVVY_APPS_PASSPHRASE", passphrase)
        .env("REVVY_APPS_NEW_PASSPHRASE", new_passphrase)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn killed_writers_passwd_rekey_and_access_lose_nothing_acknowledged() {
    let target: usize = std::env::var("REVVY_APPS_CRASH_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let env = TestEnv::new();
    // Kill anywhere from the start to a little past a typical run on this machine, so some
    // runs are cut short and some finish and are acknowledged.
    let timer = Instant::now();
    env.run(&["create", "--name", "anchor", "-q"]).success();
    let mut window = u64::try_from(timer.elapsed().as_micros()).unwrap().clamp(5_000, 500_000) * 3 / 2;
    let mut rng = Rng::from_env();
    let mut passphrase = PASSPHRASE.to_owned();
    let mut acknowledged: Vec<String> = vec!["anchor".to_owned()];
    let mut edits_acknowledged = 0u32;
    let (mut kills, mut finished, mut iteration) = (0usize, 0usize, 0usize);
    let mut kills_by_op = [0usize; 5];
    // Machine members whose `access add` was acknowledged, oldest first, with their key files.
    let mut machines: Vec<(String, std::path::PathBuf)> = Vec::new();
    let started = Instant::now();
    while kills < target {
        iteration += 1;
        assert!(started.elapsed() < Duration::from_secs(400), "the crash loop took too long: {kills} kills");
        let op = match rng.below(12) {
            0..=4 => Op::Create,
            5 | 6 => Op::Edit,
            7 | 8 => Op::Passwd,
            9 => Op::Rekey,
            _ => Op::Access,
        };
        let name = format!("app-{iteration:04}");
        let new_passphrase = format!("passphrase number {iteration}");
        let scope = format!("s{iteration}");
        let member = format!("m-{iteration:04}");
        let key = env.dir.path().join(format!("{member}.key"));
        let removing = op == Op::Access && machines.len() >= 3;
        let args: Vec<&str> = match op {
            Op::Create => vec!["create", "--name", &name],
            Op::Edit => vec!["edit", "anchor", "--add-scope", &scope],
            Op::Passwd => vec!["passwd"],
            Op::Rekey => vec!["rekey", "--yes"],
            Op::Access if removing => vec!["access", "remove", &machines[0].0, "--yes"],
            Op::Access => vec!["access", "add", &member, "--machine", "--key-file", key.to_str().unwrap()],
        };
        let mut child = spawn(&env, &args, &passphrase, &new_passphrase);
        std::thread::sleep(Duration::from_micros(rng.below(window)));
        // The window follows the machine: it shrinks after a run that finished and grows after
        // one that was killed, so that about a third finish however fast the machine is at the
        // moment (timed once, a slow first `create` made the loop run for minutes).
        if let Some(status) = child.try_wait().unwrap() {
            finished += 1;
            window = (window * 7 / 8).max(2_000);
            assert!(status.success(), "{op:?} failed on its own (exit {status}) at iteration {iteration}");
            match op {
                Op::Create => acknowledged.push(name),
                Op::Edit => edits_acknowledged += 1,
                Op::Passwd => passphrase = new_passphrase,
                Op::Rekey => {}
                Op::Access if removing => {
                    let (gone, key) = machines.remove(0);
                    assert_eq!(machine_member_state(&env, &passphrase, &gone, &key), (false, false));
                }
                Op::Access => machines.push((member, key)),
            }
        } else {
            child.kill().unwrap();
            child.wait().unwrap();
            kills += 1;
            kills_by_op[op as usize] += 1;
            window = (window * 17 / 16).min(750_000);
            if op == Op::Passwd {
                let (old, new) = (opens_with(&env, &passphrase), opens_with(&env, &new_passphrase));
                assert!(old ^ new, "after a killed passwd exactly one passphrase works (old {old}, new {new})");
                if new {
                    passphrase = new_passphrase;
                }
            }
            if op == Op::Access {
                let (name, key) = if removing { machines[0].clone() } else { (member, key) };
                let (listed, opens) = machine_member_state(&env, &passphrase, &name, &key);
                assert_eq!(listed, opens, "after a killed `access` command {name} is listed iff its key opens");
                match (removing, listed) {
                    (true, false) => drop(machines.remove(0)),
                    (false, true) => machines.push((name, key)),
                    _ => {}
                }
            }
        }
    }
    eprintln!(
        "crash loop: {iteration} runs, {kills} killed (create {}, edit {}, passwd {}, rekey {}, access {}), {finished} finished",
        kills_by_op[0], kills_by_op[1], kills_by_op[2], kills_by_op[3], kills_by_op[4]
    );
    let check = env.run_with(&["check", "--json"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", &passphrase);
    });
    assert_eq!(check.code, 0, "check after the crash loop: {}\n{}", check.stdout, check.stderr);
    let listed = env.run_with(&["list", "--json"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", &passphrase);
    });
    let names: BTreeSet<String> =
        listed.success().json().as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    for name in &acknowledged {
        assert!(names.contains(name), "{name} was acknowledged and is gone");
    }
    let anchor = env.run_with(&["show", "anchor", "--json"], |cmd| {
        cmd.env("REVVY_APPS_PASSPHRASE", &passphrase);
    });
    let scopes = anchor.success().json()["scopes"].as_array().unwrap().len();
    assert!(scopes >= edits_acknowledged as usize, "{scopes} scopes, {edits_acknowledged} edits acknowledged");
}

/// `rekey`, `passwd` and `create` started together, round after round, one of them killed
/// at a random moment in some rounds. Each ends in success, exit 4 (the keys changed after
/// it unlocked), exit 5 (the passphrase it was given had just been changed) or death; after
/// every round exactly one passphrase opens the store, and nothing acknowledged is lost.
#[test]
fn rekey_racing_passwd_and_create_loses_nothing() {
    let env = TestEnv::new();
    let mut rng = Rng::from_env();
    let mut passphrase = PASSPHRASE.to_owned();
    let mut acknowledged = Vec::new();
    let mut outcomes = std::collections::BTreeMap::<(&str, i32), usize>::new();
    for round in 0..30 {
        let new_passphrase = format!("round {round} passphrase");
        let name = format!("raced-{round:02}");
        let mut children = [
            ("rekey", spawn(&env, &["rekey", "--yes"], &passphrase, "")),
            ("passwd", spawn(&env, &["passwd"], &passphrase, &new_passphrase)),
            ("create", spawn(&env, &["create", "--name", &name], &passphrase, "")),
        ];
        let victim = usize::try_from(rng.below(6)).unwrap(); // 3..5: nobody is killed
        if let Some((_, child)) = children.get_mut(victim) {
            std::thread::sleep(Duration::from_micros(rng.below(60_000)));
            let _ = child.kill();
        }
        let mut passwd_done = false;
        for (op, mut child) in children {
            let status = child.wait().unwrap();
            let code = status.code().unwrap_or(-1); // -1: killed
            assert!([0, 4, 5, -1].contains(&code), "{op} exited {code} in round {round}");
            *outcomes.entry((op, code)).or_default() += 1;
            match (op, code) {
                ("create", 0) => acknowledged.push(name.clone()),
                ("passwd", 0) => passwd_done = true,
                _ => {}
            }
        }
        let (old, new) = (opens_with(&env, &passphrase), opens_with(&env, &new_passphrase));
        assert!(old ^ new, "round {round}: exactly one passphrase opens the store (old {old}, new {new})");
        assert!(!passwd_done || new, "round {round}: passwd succeeded, so its passphrase opens the store");
        if new {
            passphrase = new_passphrase;
        }
    }
    eprintln!("outcomes (command, exit code; -1 killed): {outcomes:?}");
    let with_passphrase = |cmd: &mut std::process::Command| {
        cmd.env("REVVY_APPS_PASSPHRASE", &passphrase);
    };
    env.run_with(&["check"], with_passphrase).success();
    let listed = env.run_with(&["list", "--json"], with_passphrase).success().json();
    let names: BTreeSet<String> =
        listed.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect();
    for name in &acknowledged {
        assert!(names.contains(name), "{name} was acknowledged and is gone");
    }
}
