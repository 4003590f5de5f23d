//! The test environment: every run gets its own HOME, XDG folders and store, and the real
//! binary is run as a user would run it. Stores use cheap KDF settings, never the default.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_revvy-apps");
pub const PASSPHRASE: &str = "correct horse battery staple";
pub const CHEAP_KDF: [&str; 6] = ["--kdf-memory", "19", "--kdf-iterations", "2", "--kdf-parallelism", "1"];

pub struct TestEnv {
    pub dir: TempDir,
    pub store: PathBuf,
    /// For a test of `both` on PostgreSQL: this test's own server, which holds the store.
    pub cluster: Option<crate::pg::Cluster>,
}

std::thread_local! {
    /// The backend of the test running on this thread (the harness runs each on its own).
    static ON_POSTGRES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this test puts its stores on PostgreSQL: a test of `both` (see `both.rs`) runs once
/// on each backend; every other test runs on SQLite.
pub fn on_postgres() -> bool {
    ON_POSTGRES.with(std::cell::Cell::get)
}

/// Runs `test` with its stores on PostgreSQL (a server of its own) or on SQLite.
pub fn on_backend(postgres: bool, test: fn()) {
    ON_POSTGRES.with(|backend| backend.set(postgres));
    test();
}

/// Makes each named function a test on each backend: `…::sqlite::NAME` and
/// `…::postgres::NAME`. A test that needs SQLite's file or dialect says so with
/// `on_postgres()`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { $crate::util::on_backend(false, super::$name) } )*
        }
        mod postgres {
            $( #[test] fn $name() { $crate::util::on_backend(true, super::$name) } )*
        }
    };
}
pub(crate) use on_both_backends;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(self.code, 0, "expected success\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }

    /// Asserts the exit code and that stderr mentions `needle`.
    #[track_caller]
    pub fn fails(self, code: i32, needle: &str) -> Self {
        assert_eq!(self.code, code, "wrong exit code\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    #[track_caller]
    pub fn error_json(&self) -> Value {
        serde_json::from_str(&self.stderr).unwrap_or_else(|e| panic!("stderr is not JSON ({e}):\n{}", self.stderr))
    }
}

impl TestEnv {
    /// An isolated environment with no store yet.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = dir.path().join("data").join("store.db");
        let mut env = Self { dir, store, cluster: None };
        if on_postgres() {
            let cluster = crate::pg::Cluster::start();
            crate::pg::use_cluster(&mut env, &cluster);
            env.cluster = Some(cluster);
        }
        env
    }

    /// An environment with a store made with the cheap KDF settings.
    pub fn new() -> Self {
        let env = Self::empty();
        env.init();
        env
    }

    /// `init` with the cheap KDF settings, on this environment's store.
    pub fn init(&self) {
        self.run(&init_args()).success();
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// The binary with a clean environment: only this test's HOME, XDG folders, store and
    /// passphrase. No test touches the real home.
    pub fn command(&self) -> Command {
        let mut cmd = self.command_on_inherited_stdio();
        cmd.stdin(Stdio::null());
        cmd
    }

    /// As [`Self::command`], with the standard streams left to the caller (a PTY, say).
    pub fn command_on_inherited_stdio(&self) -> Command {
        let mut cmd = Command::new(BIN);
        let home = self.home();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_RUNTIME_DIR", self.dir.path().join("runtime"))
            .env("REVVY_APPS_STORE", &self.store)
            .env("REVVY_APPS_PASSPHRASE", PASSPHRASE)
            .env("REVVY_APPS_ACTOR", "test-actor");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("the binary runs"))
    }

    pub fn run_with(&self, args: &[&str], configure: impl FnOnce(&mut Command)) -> Run {
        let mut cmd = self.command();
        cmd.args(args);
        configure(&mut cmd);
        Run::from(cmd.output().expect("the binary runs"))
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &str) -> Run {
        self.run_stdin_with(args, stdin, |_| {})
    }

    pub fn run_stdin_with(&self, args: &[&str], stdin: &str, configure: impl FnOnce(&mut Command)) -> Run {
        use std::io::Write as _;
        let mut cmd = self.command();
        configure(&mut cmd);
        let mut child = cmd
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
        Run::from(child.wait_with_output().expect("the binary finishes"))
    }

    /// `create --name NAME ARGS… --json --reveal`, returning the application.
    pub fn create(&self, name: &str, extra: &[&str]) -> Value {
        let mut args = vec!["create", "--name", name, "--json", "--reveal"];
        args.extend(extra);
        self.run(&args).success().json()
    }

    /// Every application as `list --json` shows it: the logical content of the store. (With
    /// `--reveal` it would itself write, recording the reveal.)
    pub fn everything(&self) -> Value {
        self.run(&["list", "--json"]).success().json()
    }

    /// The bytes of the store and its companion files.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        // On a server, what it holds: the database as pg_dump writes it.
        if let Some(cluster) = &self.cluster {
            return BTreeMap::from([("pg_dump".to_owned(), cluster.dump())]);
        }
        let folder = self.store.parent().expect("store has a folder");
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(folder).expect("store folder") {
            let entry = entry.expect("entry");
            files.insert(entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).expect("read"));
        }
        files
    }

    /// Opens a session with `unlock` and returns its token.
    pub fn unlock(&self) -> String {
        self.run(&["unlock", "-q"]).success().stdout.trim().to_owned()
    }

    /// Runs `statements` on the store as someone who can write it but holds no key would:
    /// on the SQLite file, or through `psql` on the server (tables found on the search path).
    pub fn sql(&self, statements: &str) {
        match &self.cluster {
            Some(cluster) => {
                cluster.psql(&format!("SET search_path TO revvy_apps; {statements}"));
            }
            None => self.sqlite().execute_batch(statements).expect("the statements run"),
        }
    }

    pub fn sqlite(&self) -> rusqlite::Connection {
        assert!(self.cluster.is_none(), "a SQLite-only test ran on PostgreSQL: guard it with on_postgres()");
        rusqlite::Connection::open(&self.store).expect("open store with SQLite")
    }
}

/// `init` and the cheap KDF settings, for a run that sets more of its own.
pub fn init_args() -> Vec<&'static str> {
    let mut args = vec!["init"];
    args.extend(CHEAP_KDF);
    args
}

/// Runs with the session `token` and without the passphrase: what a script with a session does.
pub fn with_session(token: &str) -> impl FnOnce(&mut Command) + '_ {
    move |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_SESSION", token);
    }
}

/// Asserts `run` failed with `code` and that neither the files nor the content changed.
#[track_caller]
pub fn assert_unchanged(env: &TestEnv, before_files: &BTreeMap<String, Vec<u8>>, before: &Value) {
    assert!(env.files() == *before_files, "the store files changed");
    assert_eq!(&env.everything(), before, "the store content changed");
}

pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `store.db` -> `store.db-wal`.
pub fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o7777
}

/// Work counters printed with `REVVY_APPS_DEBUG_STATS`: (key derivations, SQL statements,
/// records opened).
pub fn stats(run: &Run) -> (u64, u64, u64) {
    (counter(run, "key_derivations"), counter(run, "sql_statements"), counter(run, "records_opened"))
}

/// One counter printed with `REVVY_APPS_DEBUG_STATS` (`round_trips`: messages to a server).
pub fn counter(run: &Run, key: &str) -> u64 {
    let line = run.stderr.lines().find(|l| l.starts_with("revvy-apps stats:")).expect("a stats line");
    line.split_whitespace()
        .find_map(|part| part.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .expect("a counter")
}

pub fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg("-m").arg("600").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

pub fn spawn(env: &TestEnv, args: &[&str], configure: impl FnOnce(&mut Command)) -> Child {
    let mut cmd = env.command();
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    configure(&mut cmd);
    cmd.spawn().expect("the binary runs")
}

pub fn finish(child: Child) -> Run {
    let output = child.wait_with_output().expect("the binary finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Opens `fifo` for writing, which returns only once the other side has opened it to read:
/// the point the test waits for. Then the caller runs what must happen in between, and
/// `feed` lets the waiting process go on.
pub fn writer_of(fifo: &Path) -> std::fs::File {
    std::fs::OpenOptions::new().write(true).open(fifo).expect("open the FIFO for writing")
}

pub fn feed(mut writer: std::fs::File, line: &str) {
    writer.write_all(format!("{line}\n").as_bytes()).unwrap();
}

/// Runs with the key file `key` only: no passphrase, no session.
pub fn with_key(key: &Path) -> impl FnOnce(&mut Command) + '_ {
    move |cmd| {
        cmd.env_remove("REVVY_APPS_PASSPHRASE").env("REVVY_APPS_IDENTITY_FILE", key);
    }
}

/// Adds the machine member `name` scoped by `scope` (`--only APP`, `--only-tenant T`…) and
/// returns its key file.
pub fn add_scoped(env: &TestEnv, name: &str, scope: &[&str]) -> PathBuf {
    let key = env.dir.path().join(format!("{name}.key"));
    let mut args = vec!["access", "add", name, "--machine", "--key-file", key.to_str().unwrap()];
    args.extend(scope);
    env.run(&args).success();
    key
}
