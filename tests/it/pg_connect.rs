//! Reaching a PostgreSQL server: TLS as `sslmode` says, a server that never answers, and
//! where the password comes from (a throwaway cluster per test, see `pg.rs`).

use crate::pg::{Cluster, env_on};
use crate::util::{CHEAP_KDF, TestEnv};

fn init(env: &TestEnv) {
    let mut args = vec!["init"];
    args.extend(CHEAP_KDF);
    env.run(&args).success();
}

#[test]
fn tls_is_verified_as_sslmode_says() {
    let cluster = Cluster::start_tls();
    let env = env_on(&cluster);
    let ca = cluster.ca();
    let with = |url: String| {
        move |cmd: &mut std::process::Command| {
            cmd.env("REVVY_APPS_STORE", url);
        }
    };
    let full = format!("sslmode=verify-full&sslrootcert={}", ca.display());
    let mut args = vec!["init"];
    args.extend(CHEAP_KDF);
    env.run_with(&args, with(cluster.tcp_url("localhost", &full))).success();
    env.run_with(&["list", "-q"], with(cluster.tcp_url("localhost", &full))).success();
    // The certificate names localhost, not 127.0.0.1: verify-full refuses, verify-ca accepts.
    let run = env.run_with(&["list"], with(cluster.tcp_url("127.0.0.1", &full)));
    let run = run.fails(6, "cannot reach the PostgreSQL server at 127.0.0.1:");
    assert!(run.stderr.to_lowercase().contains("certificate"), "{}", run.stderr);
    let ca_only = format!("sslmode=verify-ca&sslrootcert={}", ca.display());
    env.run_with(&["list", "-q"], with(cluster.tcp_url("127.0.0.1", &ca_only))).success();
    env.run_with(&["list", "-q"], with(cluster.tcp_url("127.0.0.1", "sslmode=require"))).success();
    // Another CA: refused whatever the name.
    let other = env.dir.path().join("other-ca");
    std::fs::create_dir_all(&other).unwrap();
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "k",
            "-out",
            "ca.pem",
            "-days",
            "1",
            "-subj",
            "/CN=other",
        ])
        .current_dir(&other)
        .output()
        .unwrap();
    assert!(made.status.success());
    let wrong = format!("sslmode=verify-full&sslrootcert={}", other.join("ca.pem").display());
    env.run_with(&["list"], with(cluster.tcp_url("localhost", &wrong))).fails(6, "localhost:");
    // A missing root certificate is the URL's fault: exit 2, before connecting.
    env.run_with(&["list"], with(cluster.tcp_url("localhost", "sslmode=verify-full&sslrootcert=/nonexistent.pem")))
        .fails(2, "cannot be read");
}

#[test]
fn a_server_that_never_answers_is_given_up_on_at_connect_timeout() {
    // A listener that accepts the TCP connection and then says nothing: the socket connect
    // succeeds, so only a timeout over the whole set-up (as libpq's) ends the wait.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let accepted: Vec<_> = listener.incoming().take(1).filter_map(Result::ok).collect();
        std::thread::sleep(std::time::Duration::from_secs(5));
        drop(accepted);
    });
    let env = TestEnv::empty();
    let url = format!("postgresql://postgres@127.0.0.1:{port}/revvy?sslmode=disable&connect_timeout=1");
    let run = env.run_with(&["list"], |cmd| {
        cmd.env("REVVY_APPS_STORE", &url);
    });
    run.fails(6, &format!("cannot reach the PostgreSQL server at 127.0.0.1:{port}: no answer within 1 s"));
    drop(held);
}

#[test]
fn credentials_come_from_pgpass_or_pgpassword_and_a_refused_login_is_exit_5() {
    let cluster = Cluster::start();
    let env = env_on(&cluster);
    init(&env);
    env.run(&["list", "-q"]).success();
    let pgpass = env.home().join(".pgpass");
    std::fs::remove_file(&pgpass).unwrap();
    env.run(&["list"]).fails(5, "asks for a password, and none was given");
    env.run_with(&["list", "-q"], |cmd| {
        cmd.env("PGPASSWORD", crate::pg::PASSWORD);
    })
    .success();
    let run = env.run_with(&["list", "--json"], |cmd| {
        cmd.env("PGPASSWORD", "not the password");
    });
    let run = run.fails(5, "refused the login");
    assert_eq!(run.error_json()["error"]["code"], "wrong_passphrase");
    assert!(!run.stderr.contains("not the password"));
}
