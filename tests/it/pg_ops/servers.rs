//! The servers around a test cluster: PgBouncer in front of it, a streaming standby of it
//! (`pg_basebackup -R`), and pausing a server with SIGSTOP. Each is stopped on drop, even when
//! the test fails; only loopback Unix sockets are used.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::pg::{Cluster, PASSWORD, as_owner, chown_to_owner};
use crate::util::TestEnv;

/// PgBouncer on a Unix socket of its own, in front of `cluster`'s `revvy` database, with its
/// default settings but for the pool mode, where it listens and whom it lets in (a
/// `userlist.txt` holding the `postgres` user's password, checked with SCRAM).
pub struct Bouncer {
    dir: tempfile::TempDir,
}

pub const BOUNCER_PORT: u16 = 6432;

fn pgbouncer() -> PathBuf {
    ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
        .expect("Debian's pgbouncer (tests/deps.sh installs it)")
}

impl Bouncer {
    /// `pool_mode`: `transaction` or `session`; `extra`: more lines for `[pgbouncer]`.
    pub fn start(cluster: &Cluster, pool_mode: &str, extra: &str) -> Self {
        let dir = tempfile::Builder::new().prefix("revvy-bouncer-").tempdir().unwrap();
        let d = dir.path().display();
        std::fs::write(dir.path().join("userlist.txt"), format!("\"postgres\" \"{PASSWORD}\"\n")).unwrap();
        std::fs::write(
            dir.path().join("pgbouncer.ini"),
            format!(
                "[databases]\nrevvy = host={server} port=5432 dbname=revvy\n\n[pgbouncer]\n\
                 listen_addr =\nlisten_port = {BOUNCER_PORT}\nunix_socket_dir = {d}\n\
                 auth_type = scram-sha-256\nauth_file = {d}/userlist.txt\npool_mode = {pool_mode}\n\
                 logfile = {d}/pgbouncer.log\npidfile = {d}/pgbouncer.pid\n{extra}\n",
                server = cluster.dir().display()
            ),
        )
        .unwrap();
        chown_to_owner(dir.path());
        // PgBouncer refuses to run as root: as the cluster's owner, as a daemon with a pidfile.
        let out = as_owner(&pgbouncer()).arg("-d").arg(dir.path().join("pgbouncer.ini")).output().unwrap();
        assert!(out.status.success(), "pgbouncer: {}", String::from_utf8_lossy(&out.stderr));
        let bouncer = Self { dir };
        wait_for(|| bouncer.dir.path().join(format!(".s.PGSQL.{BOUNCER_PORT}")).exists(), "pgbouncer's socket");
        bouncer
    }

    /// The store URL through the pooler.
    pub fn url(&self) -> String {
        format!("postgresql://postgres@/revvy?host={}&port={BOUNCER_PORT}&sslmode=disable", self.dir.path().display())
    }

    /// `psql` through the pooler, another client of its pool: its one row of answers.
    pub fn psql(&self, cluster: &Cluster, sql: &str) -> String {
        let out = Command::new(cluster.bin().join("psql"))
            .env("PGPASSWORD", PASSWORD)
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(self.dir.path())
            .args(["-p", &BOUNCER_PORT.to_string(), "-U", "postgres", "-d", "revvy", "-c", sql])
            .output()
            .unwrap();
        assert!(out.status.success(), "psql through pgbouncer {sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for Bouncer {
    fn drop(&mut self) {
        // The pid this test's pgbouncer wrote, and no other process.
        if let Ok(pid) = std::fs::read_to_string(self.dir.path().join("pgbouncer.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
    }
}

/// Waits until `ready`, at most 30 s (a bound, not a measurement).
pub fn wait_for(mut ready: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(30), "waited 30 s for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A hot standby of `primary`, made with `pg_basebackup -R` (streaming, asynchronous) and
/// started on a socket folder of its own.
pub fn standby_of(primary: &Cluster) -> Cluster {
    let dir = tempfile::Builder::new().prefix("revvy-pg-standby-").tempdir().unwrap();
    chown_to_owner(dir.path());
    let out = as_owner(&primary.bin().join("pg_basebackup"))
        .env("PGPASSWORD", PASSWORD)
        .arg("-h")
        .arg(primary.dir())
        .args(["-U", "postgres", "-X", "stream", "-R", "--no-sync", "-D"])
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "pg_basebackup: {}", String::from_utf8_lossy(&out.stderr));
    Cluster::start_in(dir)
}

/// Waits until `standby` has replayed everything `primary` has written so far.
pub fn wait_caught_up(primary: &Cluster, standby: &Cluster) {
    let written = primary.psql("SELECT pg_current_wal_lsn()");
    wait_for(
        || standby.psql(&format!("SELECT pg_last_wal_replay_lsn() >= '{}'::pg_lsn", written.trim())).trim() == "t",
        "the standby to replay the primary's writes",
    );
}

/// A URL naming `clusters`' socket folders in order (libpq's `host=a,b`), with `attrs` as
/// `target_session_attrs`.
pub fn multi_host_url(clusters: &[&Cluster], attrs: &str) -> String {
    let hosts: Vec<String> = clusters.iter().map(|c| c.dir().display().to_string()).collect();
    format!("postgresql://postgres@/revvy?host={}&sslmode=disable&target_session_attrs={attrs}", hosts.join(","))
}

/// A paused server (`SIGSTOP`): the postmaster first, so that it forks no backend meanwhile,
/// then every process it started. Resumed (`SIGCONT`) when dropped, so that a failing test
/// never leaves a server stopped.
pub struct Paused(Vec<String>);

impl Paused {
    pub fn pause(cluster: &Cluster) -> Self {
        let pid_file = std::fs::read_to_string(cluster.dir().join("data/postmaster.pid")).unwrap();
        let postmaster = pid_file.lines().next().unwrap().trim().to_owned();
        let mut paused = Self(vec![postmaster.clone()]);
        signal(&paused.0, "STOP");
        let children = Command::new("ps").args(["-o", "pid=", "--ppid", &postmaster]).output().unwrap();
        let children: Vec<String> =
            String::from_utf8_lossy(&children.stdout).split_whitespace().map(str::to_owned).collect();
        signal(&children, "STOP");
        paused.0.extend(children);
        paused
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        signal(&self.0, "CONT");
    }
}

/// Sends `name` to `pids`; one that has exited meanwhile (a backend whose client left) is
/// no matter.
fn signal(pids: &[String], name: &str) {
    if !pids.is_empty() {
        let _ = Command::new("kill").arg(format!("-{name}")).args(pids).stderr(std::process::Stdio::null()).status();
    }
}

/// A fresh machine's environment (its own HOME and rollback memory) on `url`.
pub fn machine_on(url: &str) -> TestEnv {
    machine_of(url, "postgres", PASSWORD)
}

/// A fresh machine on `url`, with `user`'s `password` in its `~/.pgpass`.
pub fn machine_of(url: &str, user: &str, password: &str) -> TestEnv {
    let env = TestEnv { dir: tempfile::tempdir().unwrap(), store: PathBuf::from(url), cluster: None };
    std::fs::create_dir_all(env.home()).unwrap();
    let pgpass = env.home().join(".pgpass");
    std::fs::write(&pgpass, format!("*:*:*:{user}:{password}\n")).unwrap();
    std::fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    env
}

/// Every command a team uses day to day, on `env`'s store, each of which must succeed:
/// reads, writes with and without a session, members, the audit log, delivery, backup,
/// rekey, and `check` last. With `owner`, the store is made here and `restore` (which makes
/// the tables anew) runs too.
pub fn every_command(env: &TestEnv, owner: bool) {
    if owner {
        let mut init = crate::util::init_args();
        init.extend(["--as", "owner"]);
        env.run(&init).success();
    }
    let created = env.create("billing", &["--scope", "invoices:read"]);
    let secret = created["client_secret"].as_str().unwrap().to_owned();
    env.run(&["create", "--name", "portal", "-q"]).success();
    env.run(&["list"]).success();
    env.run(&["show", "billing"]).success();
    env.run(&["edit", "billing", "--add-scope", "invoices:write", "-q"]).success();
    env.run(&["disable", "portal", "-q"]).success();
    env.run(&["enable", "portal", "-q"]).success();
    env.run_stdin(&["verify", "billing"], &secret).success();
    let token = env.unlock();
    let session = crate::util::with_session;
    env.run_with(&["create", "--name", "by-session", "-q"], session(&token)).success();
    env.run_with(&["show", "by-session"], session(&token)).success();
    env.run_with(&["regenerate", "by-session", "--yes", "-q"], session(&token)).success();
    env.run_with(&["lock"], session(&token)).success();
    let new_passphrase = env.dir.path().join("bob.pass");
    std::fs::write(&new_passphrase, "bob's passphrase, long enough").unwrap();
    let new_passphrase = new_passphrase.display().to_string();
    env.run(&["access", "add", "bob", "--new-passphrase-file", &new_passphrase, "-q"]).success();
    env.run(&["--as", "owner", "access", "list"]).success();
    env.run(&["--as", "owner", "access", "remove", "bob", "--yes", "-q"]).success();
    env.run(&["log", "--no-pager"]).success();
    let manifest = env.dir.path().join("apps.toml");
    std::fs::write(&manifest, "[[application]]\nname = \"from-manifest\"\nscopes = [\"a:b\"]\n").unwrap();
    env.run(&["apply", "-f", &manifest.display().to_string(), "-q"]).success();
    env.run(&["export", "billing", "--format", "env"]).success();
    env.run(&["run", "billing", "--", "true"]).success();
    let backup = env.dir.path().join("backup.db").display().to_string();
    env.run(&["backup", &backup, "-q"]).success();
    env.run(&["delete", "portal", "--yes", "-q"]).success();
    if owner {
        env.run(&["restore", &backup, "--yes", "-q"]).success();
    } else {
        env.run(&["create", "--name", "portal", "-q"]).success();
    }
    env.run(&["rekey", "--yes", "-q"]).success();
    env.run(&["status"]).success();
    let names: Vec<String> = env.everything().as_array().unwrap().iter().map(|a| a["name"].to_string()).collect();
    assert_eq!(names.len(), 4, "billing, portal (restored), by-session, from-manifest: {names:?}");
    env.run(&["check"]).success();
}
