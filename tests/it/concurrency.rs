//! Several processes writing at once: none fails, nothing is lost.

use std::collections::BTreeSet;

use crate::util::TestEnv;

#[test]
fn eight_processes_creating_twenty_five_each() {
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
