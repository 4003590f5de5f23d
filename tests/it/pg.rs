//! A real PostgreSQL server for the tests, never a mock: a throwaway cluster made by Debian's
//! `initdb` in a temporary folder, started by `pg_ctl` on a Unix socket only, as the
//! `postgres` user through `runuser` when the tests run as root. Each test gets its own cluster
//! and stops it when done.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::util::TestEnv;

pub struct Cluster {
    dir: TempDir,
    bin: PathBuf,
}

fn postgres_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("Debian's postgresql package (tests/deps.sh installs it)")
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("an initdb under /usr/lib/postgresql")
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| out.stdout.starts_with(b"0\n"))
}

/// Runs a PostgreSQL tool as the user who may own the cluster.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

impl Cluster {
    pub fn start() -> Self {
        let dir = tempfile::Builder::new().prefix("revvy-pg-").tempdir().expect("temp dir");
        let bin = postgres_bin();
        if is_root() {
            let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).status().unwrap();
            assert!(status.success());
        }
        let data = dir.path().join("data");
        let out = as_owner(&bin.join("initdb"))
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
            .arg(&data)
            .output()
            .expect("initdb runs");
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        let options = format!("-k {} -c listen_addresses='' -c fsync=off", dir.path().display());
        let out = as_owner(&bin.join("pg_ctl"))
            .args(["-w", "-D"])
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(dir.path().join("log"))
            .arg("start")
            .output()
            .expect("pg_ctl runs");
        assert!(out.status.success(), "pg_ctl start: {}", String::from_utf8_lossy(&out.stderr));
        let cluster = Self { dir, bin };
        cluster.psql("CREATE DATABASE revvy");
        cluster
    }

    /// The store URL: the socket folder, the `revvy` database, as `postgres`.
    pub fn url(&self) -> String {
        format!("postgresql://postgres@/revvy?host={}&sslmode=disable", self.dir.path().display())
    }

    pub fn psql(&self, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(self.dir.path())
            .args(["-U", "postgres", "-d"])
            .arg(if sql.starts_with("CREATE DATABASE") { "postgres" } else { "revvy" })
            .args(["-c", sql])
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Everything the server holds for the store, as `pg_dump` writes it.
    pub fn dump(&self) -> Vec<u8> {
        let out = Command::new(self.bin.join("pg_dump"))
            .arg("-h")
            .arg(self.dir.path())
            .args(["-U", "postgres", "revvy"])
            .output()
            .expect("pg_dump runs");
        assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = as_owner(&self.bin.join("pg_ctl"))
            .args(["-D"])
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

/// A test environment whose store is a database on `cluster`.
pub fn env_on(cluster: &Cluster) -> TestEnv {
    let mut env = TestEnv::empty();
    env.store = PathBuf::from(cluster.url());
    env
}
