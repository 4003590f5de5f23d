//! A real PostgreSQL server for the tests, never a mock: a throwaway cluster made by Debian's
//! `initdb` in a temporary folder, started by `pg_ctl` on a Unix socket only, as the
//! `postgres` user through `runuser` when the tests run as root. Each test gets its own cluster
//! and stops it when done. `initdb` runs once per machine and PostgreSQL version, and each
//! cluster starts from a copy of what it made (`initdb` takes about a second here; a copy, a
//! tenth of that).

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::util::TestEnv;

/// The `postgres` user's password in every test cluster (test data).
pub const PASSWORD: &str = "throwaway cluster password";

pub struct Cluster {
    dir: TempDir,
    bin: PathBuf,
    /// With TLS: the TCP port it listens on (127.0.0.1).
    pub port: Option<u16>,
}

pub fn postgres_bin() -> PathBuf {
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
pub fn as_owner(program: &Path) -> Command {
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
        Self::start_with(false)
    }

    /// A cluster that also listens on 127.0.0.1 with TLS: a CA and a server certificate for
    /// `localhost` (not for `127.0.0.1`) made here with `openssl`; the CA is `ca.pem`.
    pub fn start_tls() -> Self {
        Self::start_with(true)
    }

    /// A cluster in `dir` (its `data` folder made by the caller, its socket in `dir`),
    /// started on the Unix socket only; stopped on drop like every other.
    pub fn start_in(dir: TempDir) -> Self {
        let bin = postgres_bin();
        chown_to_owner(dir.path());
        let options = format!("-k {} -c listen_addresses='' -c fsync=off", dir.path().display());
        let log = dir.path().join("log").display().to_string();
        pg_ctl(&bin, &dir.path().join("data"), &["-w", "-o", &options, "-l", &log, "start"]);
        Self { dir, bin, port: None }
    }

    /// The folder holding the data folder (`data`), the socket and the log.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn bin(&self) -> &Path {
        &self.bin
    }

    /// `pg_ctl ARGS` on this cluster's data folder, as its owner, which must succeed.
    pub fn pg_ctl(&self, args: &[&str]) {
        pg_ctl(&self.bin, &self.dir.path().join("data"), args);
    }

    /// Starts this cluster again after a stop, with the options it first had (a Unix socket).
    pub fn restart(&self) {
        let options = format!("-k {} -c listen_addresses='' -c fsync=off", self.dir.path().display());
        let log = self.dir.path().join("log").display().to_string();
        self.pg_ctl(&["-w", "-o", &options, "-l", &log, "start"]);
    }

    pub fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn start_with(tls: bool) -> Self {
        let dir = tempfile::Builder::new().prefix("revvy-pg-").tempdir().expect("temp dir");
        let bin = postgres_bin();
        let data = dir.path().join("data");
        let out = Command::new("cp").arg("-a").arg(template(&bin)).arg(&data).output().expect("cp runs");
        assert!(out.status.success(), "copying the template cluster: {}", String::from_utf8_lossy(&out.stderr));
        chown_to_owner(dir.path());
        let mut options = format!("-k {} -c listen_addresses='' -c fsync=off", dir.path().display());
        let mut port = None;
        if tls {
            make_certificates(dir.path());
            let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            options = format!(
                "-k {dir} -c listen_addresses=127.0.0.1 -p {free} -c fsync=off -c ssl=on -c ssl_cert_file={dir}/server.pem -c ssl_key_file={dir}/server.key",
                dir = dir.path().display()
            );
            port = Some(free);
            chown_to_owner(dir.path());
        }
        pg_ctl(&bin, &data, &["-w", "-o", &options, "-l", &dir.path().join("log").display().to_string(), "start"]);
        Self { dir, bin, port }
    }

    /// The store URL: the socket folder, the `revvy` database, as `postgres`.
    pub fn url(&self) -> String {
        format!("postgresql://postgres@/revvy?host={}&sslmode=disable{}", self.dir.path().display(), self.port_param())
    }

    fn port_param(&self) -> String {
        self.port.map_or_else(String::new, |port| format!("&port={port}"))
    }

    /// A TCP URL to `host` (`localhost` or `127.0.0.1`) with these TLS parameters.
    pub fn tcp_url(&self, host: &str, tls: &str) -> String {
        format!("postgresql://postgres@{host}:{}/revvy?{tls}&connect_timeout=5", self.port.expect("a TLS cluster"))
    }

    /// `psql` on the `revvy` database (`postgres` for CREATE DATABASE), stopping at an error.
    pub fn psql_command(&self, database: &str) -> Command {
        let mut psql = Command::new(self.bin.join("psql"));
        psql.env("PGPASSWORD", PASSWORD)
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(self.dir.path())
            .args(self.port.map(|port| vec!["-p".to_owned(), port.to_string()]).unwrap_or_default())
            .args(["-U", "postgres", "-d", database]);
        psql
    }

    pub fn psql(&self, sql: &str) -> String {
        let out = self
            .psql_command(if sql.starts_with("CREATE DATABASE") { "postgres" } else { "revvy" })
            .args(["-c", sql])
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Everything the server holds for the store, as `pg_dump` writes it.
    pub fn dump(&self) -> Vec<u8> {
        let out = Command::new(self.bin.join("pg_dump"))
            .env("PGPASSWORD", PASSWORD)
            .arg("-h")
            .arg(self.dir.path())
            .args(self.port.map(|port| vec!["-p".to_owned(), port.to_string()]).unwrap_or_default())
            .args(["-U", "postgres", "revvy"])
            .output()
            .expect("pg_dump runs");
        assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
        // pg_dump guards its output with a random `\restrict` key each run: not the data.
        let text = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> =
            text.lines().filter(|line| !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict")).collect();
        lines.join("\n").into_bytes()
    }
}

pub fn chown_to_owner(path: &Path) {
    if is_root() {
        let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(path).status().unwrap();
        assert!(status.success(), "chown {}", path.display());
    }
}

pub fn pg_ctl(bin: &Path, data: &Path, args: &[&str]) {
    let out = as_owner(&bin.join("pg_ctl")).arg("-D").arg(data).args(args).output().expect("pg_ctl runs");
    assert!(out.status.success(), "pg_ctl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The data folder every cluster starts as a copy of: `initdb` with the `postgres` user's
/// password (SCRAM, so the tests go through ~/.pgpass and PGPASSWORD) and the `revvy`
/// database, shut down cleanly. Made once per machine and PostgreSQL version, in the temporary
/// folder; made in a folder of its own and renamed into place, so that test processes making
/// it at once all end up with one whole template.
fn template(bin: &Path) -> PathBuf {
    let version = bin.parent().and_then(Path::file_name).map_or_else(String::new, |v| v.to_string_lossy().into_owned());
    // `v1`: what the template holds (the password, the database); a change to it needs `v2`.
    let template = std::env::temp_dir().join(format!("revvy-pg-template-v1-{version}"));
    if template.join("data").join("PG_VERSION").exists() {
        return template.join("data");
    }
    let building = tempfile::Builder::new().prefix("revvy-pg-template-").tempdir().expect("temp dir");
    let data = building.path().join("data");
    let pwfile = building.path().join("pwfile");
    std::fs::write(&pwfile, format!("{PASSWORD}\n")).unwrap();
    chown_to_owner(building.path());
    let out = as_owner(&bin.join("initdb"))
        .args(["-A", "scram-sha-256", "-U", "postgres", "--no-sync", "--pwfile"])
        .arg(&pwfile)
        .arg("-D")
        .arg(&data)
        .output()
        .expect("initdb runs");
    assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
    let options = format!("-k {} -c listen_addresses='' -c fsync=off", building.path().display());
    pg_ctl(bin, &data, &["-w", "-o", &options, "-l", &building.path().join("log").display().to_string(), "start"]);
    let out = Command::new(bin.join("psql"))
        .env("PGPASSWORD", PASSWORD)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h"])
        .arg(building.path())
        .args(["-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE revvy"])
        .output()
        .expect("psql runs");
    assert!(out.status.success(), "CREATE DATABASE: {}", String::from_utf8_lossy(&out.stderr));
    pg_ctl(bin, &data, &["-w", "-m", "fast", "stop"]);
    std::fs::remove_file(&pwfile).unwrap();
    // Another process may have put its template in place meanwhile: then this one goes.
    let built = building.keep();
    if std::fs::rename(&built, &template).is_err() {
        let _ = std::fs::remove_dir_all(&built);
    }
    template.join("data")
}

/// A CA, and a server certificate it signed for `localhost` only, with `openssl`.
fn make_certificates(dir: &Path) {
    let run = |args: &[&str]| {
        let out =
            Command::new("openssl").args(args).current_dir(dir).output().expect("openssl (tests/deps.sh installs it)");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=revvy test CA"],
    ]
    .concat());
    run(&[&["req"][..], &ec, &["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]].concat());
    std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    ]);
    std::fs::set_permissions(dir.join("server.key"), std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
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

/// A test environment whose store is a database on `cluster`; its `~/.pgpass` (0600) holds
/// the password, as an operator's would.
pub fn env_on(cluster: &Cluster) -> TestEnv {
    let mut env = TestEnv::empty();
    use_cluster(&mut env, cluster);
    env
}

/// Points `env`'s store at `cluster`, the password in its `~/.pgpass`.
pub fn use_cluster(env: &mut TestEnv, cluster: &Cluster) {
    env.store = PathBuf::from(cluster.url());
    std::fs::create_dir_all(env.home()).unwrap();
    let pgpass = env.home().join(".pgpass");
    std::fs::write(&pgpass, format!("*:*:*:postgres:{PASSWORD}\n")).unwrap();
    std::fs::set_permissions(&pgpass, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
}
