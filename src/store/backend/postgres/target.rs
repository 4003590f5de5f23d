//! A PostgreSQL store's address: a libpq URL (`postgres://` or `postgresql://`), parsed here
//! rather than by tokio-postgres, whose parser knows neither `sslmode=verify-ca|verify-full`
//! nor `sslrootcert`, and whose `connect_timeout` bounds only the socket connect. Several
//! hosts (`h1:5432,h2:5433`, or `host=a,b&port=1,2`) are tried in order, as libpq does, each
//! within `connect_timeout`, for the first that `target_session_attrs` accepts.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// libpq's `sslmode`, with `verify-ca` and `verify-full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct Target {
    /// Every host, in order (what the location names).
    pub config: tokio_postgres::Config,
    /// One config per host, in the same order: each is tried within `connect_timeout`.
    pub per_host: Vec<tokio_postgres::Config>,
    pub ssl_mode: SslMode,
    pub ssl_root_cert: Option<PathBuf>,
    pub connect_timeout: Duration,
    /// How long a statement may take (`REVVY_APPS_PG_TIMEOUT`, default 60 s): the server's
    /// `statement_timeout`, and with a second more, how long an answer is waited for.
    pub statement_timeout: Duration,
    /// The schema the store's tables live in (`REVVY_APPS_PG_SCHEMA`, default `revvy_apps`).
    pub schema: String,
    /// The URL without its password: what messages name.
    pub shown: String,
    /// The hosts (or socket folders) and ports, for "cannot reach HOST" messages.
    pub host: String,
}

/// Whether a `--store` value is a PostgreSQL URL rather than a file path.
pub fn is_url(store: &Path) -> bool {
    store.to_str().is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(60);

impl Target {
    pub fn parse(text: &str) -> Result<Self> {
        let shown = redact(text);
        let (single_host, listed) = several_hosts(text);
        let url = url::Url::parse(&with_host_marker(&single_host)).map_err(|err| bad_url(&shown, &err.to_string()))?;
        let mut config = tokio_postgres::Config::new();
        let decode = |part: &str| {
            percent_decode(part).ok_or_else(|| bad_url(&shown, "a part of it is not valid percent-encoded UTF-8"))
        };
        // Hosts and ports as written, for the config once the query is read (`host=` and
        // `port=` there take the place of the URL's).
        let mut hosts: Vec<String> = Vec::new();
        let mut ports: Vec<Option<u16>> = Vec::new();
        for (name, port) in listed {
            hosts.push(decode(name.trim_start_matches('[').trim_end_matches(']'))?);
            let port = port.map(|p| p.parse().map_err(|_| bad_url(&shown, "a port is not a number"))).transpose()?;
            ports.push(port);
        }
        if let Some(name) = url.host_str().filter(|h| !h.is_empty() && *h != NO_HOST) {
            hosts.push(decode(name.trim_start_matches('[').trim_end_matches(']'))?);
        }
        if let Some(port) = url.port() {
            ports = vec![Some(port)];
        }
        if !url.username().is_empty() {
            config.user(&decode(url.username())?);
        }
        if let Some(password) = url.password() {
            config.password(decode(password)?.as_bytes());
        }
        let database = decode(url.path().trim_start_matches('/'))?;
        if !database.is_empty() {
            config.dbname(&database);
        }
        let mut options =
            Options { ssl_mode: SslMode::Prefer, ssl_root_cert: None, connect_timeout: DEFAULT_CONNECT_TIMEOUT };
        for (key, value) in url.query_pairs() {
            options.apply(&mut config, &mut hosts, &mut ports, &key, &value, &shown)?;
        }
        let Options { ssl_mode, ssl_root_cert, connect_timeout } = options;
        if hosts.is_empty() {
            // libpq's default: the local socket folder of Debian's PostgreSQL.
            hosts.push("/var/run/postgresql".to_owned());
        }
        // libpq: one port for every host, or one per host.
        if ports.len() > 1 && ports.len() != hosts.len() {
            return Err(bad_url(&shown, &format!("it names {} hosts and {} ports", hosts.len(), ports.len())));
        }
        let port_of = |at: usize| ports.get(at).or(ports.first()).copied().flatten().unwrap_or(5432);
        let mut per_host = Vec::new();
        for (at, name) in hosts.iter().enumerate() {
            let mut one = config.clone();
            add_host(&mut one, name, port_of(at));
            add_host(&mut config, name, port_of(at));
            per_host.push(one);
        }
        let host = hosts
            .iter()
            .enumerate()
            .map(|(at, name)| {
                let port = port_of(at);
                if name.starts_with('/') {
                    format!("{name} (Unix socket, port {port})")
                } else {
                    format!("{name}:{port}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        if config.get_user().is_none()
            && let Some(user) = std::env::var("PGUSER").ok().or_else(|| std::env::var("USER").ok())
        {
            config.user(&user);
        }
        if config.get_password().is_none() {
            // One password for every host: the first that ~/.pgpass has for one of them.
            let from_file = || {
                let user = config.get_user().unwrap_or_default();
                let database = config.get_dbname().unwrap_or(user);
                hosts.iter().enumerate().find_map(|(at, name)| pgpass_password(name, port_of(at), database, user))
            };
            if let Some(password) = std::env::var("PGPASSWORD").ok().or_else(from_file) {
                config.password(password.as_bytes());
            }
        }
        for one in &mut per_host {
            if let Some(user) = config.get_user() {
                one.user(user);
            }
            if let Some(password) = config.get_password() {
                one.password(password);
            }
        }
        let statement_timeout = statement_timeout()?;
        let schema = schema_name()?;
        config.connect_timeout(connect_timeout);
        for one in &mut per_host {
            one.connect_timeout(connect_timeout);
        }
        Ok(Self { config, per_host, ssl_mode, ssl_root_cert, connect_timeout, statement_timeout, schema, shown, host })
    }

    /// How long an answer from the server is waited for: a second past the statement
    /// timeout, so that the server's own cancellation comes first when it can.
    pub fn answer_deadline(&self) -> Duration {
        self.statement_timeout + Duration::from_secs(1)
    }
}

/// The schema the store lives in: `REVVY_APPS_PG_SCHEMA`, default `revvy_apps`.
fn schema_name() -> Result<String> {
    let schema = std::env::var("REVVY_APPS_PG_SCHEMA").unwrap_or_else(|_| "revvy_apps".to_owned());
    if !schema.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        || schema.is_empty()
        || schema.len() > 63
    {
        return Err(Error::invalid(format!("REVVY_APPS_PG_SCHEMA {schema:?} is not a valid schema name"))
            .with_hint("use 1 to 63 lower-case letters, digits or '_'"));
    }
    // PostgreSQL reserves these for its own schemas (pg_catalog, pg_temp, pg_toast):
    // refused here, before connecting, rather than by the server halfway through.
    if schema.starts_with("pg_") {
        return Err(Error::invalid(format!(
            "REVVY_APPS_PG_SCHEMA {schema:?} is reserved: PostgreSQL keeps names starting with pg_ for its own schemas"
        ))
        .with_hint("choose another schema name, such as revvy_apps"));
    }
    Ok(schema)
}

/// How long a statement may take: `REVVY_APPS_PG_TIMEOUT` seconds, default 60.
fn statement_timeout() -> Result<Duration> {
    let Ok(seconds) = std::env::var("REVVY_APPS_PG_TIMEOUT") else { return Ok(DEFAULT_STATEMENT_TIMEOUT) };
    match seconds.parse::<u64>() {
        Ok(seconds) if seconds > 0 => Ok(Duration::from_secs(seconds)),
        _ => Err(Error::invalid(format!("REVVY_APPS_PG_TIMEOUT {seconds:?} is not a number of seconds above 0"))
            .with_hint("set it to how many seconds a statement may take, such as 60 (the default)")),
    }
}

/// A host of the URL: a folder is a Unix socket's (libpq: `host=/run/postgresql`).
fn add_host(config: &mut tokio_postgres::Config, name: &str, port: u16) {
    if name.starts_with('/') {
        config.host_path(name);
    } else {
        config.host(name);
    }
    config.port(port);
}

/// A URL naming several hosts (`postgresql://u@h1:5432,h2:5433/db`), which the URL standard
/// does not allow: the URL without them (to be parsed as one with no host), and each host
/// with its port as written. A URL with one host or none comes back as it is.
fn several_hosts(text: &str) -> (String, Vec<(&str, Option<&str>)>) {
    let Some((scheme, rest)) = text.split_once("://") else { return (text.to_owned(), Vec::new()) };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let (user, host_part) = authority.rsplit_once('@').map_or(("", authority), |(user, host)| (user, host));
    if !host_part.contains(',') {
        return (text.to_owned(), Vec::new());
    }
    let hosts = host_part
        .split(',')
        .map(|entry| match entry.rsplit_once(':') {
            // `[::1]:5432`, `name:5432`; a bare `[::1]` has no port.
            Some((name, port)) if !port.contains(']') => (name, Some(port)),
            _ => (entry, None),
        })
        .collect();
    let at = if user.is_empty() { String::new() } else { format!("{user}@") };
    (format!("{scheme}://{at}{tail}"), hosts)
}

impl Target {
    /// The store's location as this machine pins it: the hosts and ports, the user, the
    /// database and the schema — never the password, nor options that only change how it is
    /// reached (TLS, timeouts).
    pub fn location(&self) -> String {
        use tokio_postgres::config::Host;
        let ports = self.config.get_ports();
        let hosts: Vec<String> = self
            .config
            .get_hosts()
            .iter()
            .enumerate()
            .map(|(index, host)| {
                let port = ports.get(index).or(ports.first()).copied().unwrap_or(5432);
                match host {
                    Host::Tcp(name) => format!("{name}:{port}"),
                    Host::Unix(folder) => format!("{}:{port}", folder.display()),
                }
            })
            .collect();
        let user = self.config.get_user().unwrap_or_default();
        let database = self.config.get_dbname().unwrap_or(user);
        format!("postgresql://{user}@{}/{database} schema={}", hosts.join(","), self.schema)
    }
}

/// The password `~/.pgpass` (or `$PGPASSFILE`) holds for this connection, as libpq reads it:
/// `host:port:database:user:password` lines, `*` for any, `\:` and `\\` escaped, the first
/// match wins; `localhost` also matches a Unix socket. A file others can read is ignored, as
/// libpq ignores it.
fn pgpass_password(host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let path = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.home_dir().join(".pgpass")))?;
    let meta = std::fs::metadata(&path).ok()?;
    if meta.permissions().mode() & 0o077 != 0 {
        eprintln!("warning: {} is ignored: group or others can read it (chmod 600 it)", path.display());
        return None;
    }
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(&path).ok()?);
    pgpass_lookup(&text, host, port, database, user)
}

fn pgpass_lookup(text: &str, host: &str, port: u16, database: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    text.lines().filter(|line| !line.trim_start().starts_with('#')).find_map(|line| {
        let fields = pgpass_fields(line);
        let [h, p, d, u, password] = fields.as_slice() else { return None };
        let matches = |field: &str, value: &str| field == "*" || field == value;
        let host_matches = matches(h, host) || (h == "localhost" && host.starts_with('/'));
        (host_matches && matches(p, &port) && matches(d, database) && matches(u, user)).then(|| password.clone())
    })
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

/// libpq takes `postgresql://user@/db` (no host: the default socket, or `host=` below); the URL
/// standard does not, so an empty host is written as this marker before parsing.
const NO_HOST: &str = "no-host.invalid";

fn with_host_marker(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else { return text.to_owned() };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host_part = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host_part.is_empty() || host_part.starts_with(':') {
        let user = authority.strip_suffix(host_part).unwrap_or_default();
        format!("{scheme}://{user}{NO_HOST}{host_part}{tail}")
    } else {
        text.to_owned()
    }
}

/// The query parameters that are not the connection's own.
struct Options {
    ssl_mode: SslMode,
    ssl_root_cert: Option<PathBuf>,
    connect_timeout: Duration,
}

impl Options {
    /// One `key=value` of the URL's query, into the connection's config or these options.
    fn apply(
        &mut self,
        config: &mut tokio_postgres::Config,
        hosts: &mut Vec<String>,
        ports: &mut Vec<Option<u16>>,
        key: &str,
        value: &str,
        shown: &str,
    ) -> Result<()> {
        match key {
            // Comma-separated, as libpq reads them; they take the place of the URL's.
            "host" => *hosts = value.split(',').map(str::to_owned).collect(),
            "port" => {
                let parsed: Option<Vec<u16>> = value.split(',').map(|port| port.parse().ok()).collect();
                let parsed = parsed.ok_or_else(|| bad_url(shown, "port is not a number"))?;
                *ports = parsed.into_iter().map(Some).collect();
            }
            "target_session_attrs" => {
                use tokio_postgres::config::TargetSessionAttrs;
                config.target_session_attrs(match value {
                    "any" => TargetSessionAttrs::Any,
                    "read-write" => TargetSessionAttrs::ReadWrite,
                    "read-only" => TargetSessionAttrs::ReadOnly,
                    other => {
                        return Err(bad_url(
                            shown,
                            &format!("target_session_attrs={other} is not one of any, read-write, read-only"),
                        ));
                    }
                });
            }
            "user" => {
                config.user(value);
            }
            "password" => {
                config.password(value.as_bytes());
            }
            "dbname" => {
                config.dbname(value);
            }
            "application_name" => {
                config.application_name(value);
            }
            "sslmode" => {
                self.ssl_mode = match value {
                    "disable" => SslMode::Disable,
                    "prefer" | "allow" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(bad_url(
                            shown,
                            &format!("sslmode={other} is not one of disable, prefer, require, verify-ca, verify-full"),
                        ));
                    }
                };
            }
            "sslrootcert" => self.ssl_root_cert = Some(PathBuf::from(value)),
            "connect_timeout" => {
                let seconds: u64 =
                    value.parse().map_err(|_| bad_url(shown, "connect_timeout is not a number of seconds"))?;
                // libpq: 0 means wait forever; a command must never hang, so it is refused.
                if seconds == 0 {
                    return Err(bad_url(shown, "connect_timeout=0 would wait forever"));
                }
                self.connect_timeout = Duration::from_secs(seconds);
            }
            other => return Err(bad_url(shown, &format!("the parameter {other:?} is not supported"))),
        }
        Ok(())
    }
}

fn percent_decode(part: &str) -> Option<String> {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The URL with its password replaced, so no message ever carries it.
pub fn redact(text: &str) -> String {
    match url::Url::parse(&with_host_marker(text)) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| {
                    let hidden = k == "password";
                    (k.into_owned(), if hidden { "***".to_owned() } else { v.into_owned() })
                })
                .collect();
            if !pairs.is_empty() {
                url.query_pairs_mut().clear().extend_pairs(pairs);
            }
            url.to_string().replace(NO_HOST, "")
        }
        Err(_) => "the PostgreSQL URL".to_owned(),
    }
}

fn bad_url(shown: &str, reason: &str) -> Error {
    Error::invalid(format!("the store URL {shown} is not usable: {reason}")).with_hint(
        "use postgres://USER@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=ca.pem, or postgresql:///DATABASE?host=/run/postgresql for a socket",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_urls_parse_with_what_tokio_postgres_does_not_know() {
        let target = Target::parse(
            "postgresql://alice:s%40cret@db.example.com:6543/revvy?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3",
        )
        .unwrap();
        assert_eq!(target.ssl_mode, SslMode::VerifyFull);
        assert_eq!(target.ssl_root_cert.as_deref(), Some(Path::new("/etc/ca.pem")));
        assert_eq!(target.connect_timeout, Duration::from_secs(3));
        assert_eq!(target.config.get_user(), Some("alice"));
        assert_eq!(target.config.get_password(), Some(&b"s@cret"[..]));
        assert_eq!(target.config.get_dbname(), Some("revvy"));
        assert_eq!(target.host, "db.example.com:6543");
        assert!(!target.shown.contains("cret"), "{}", target.shown);

        let socket = Target::parse("postgres://me@/revvy?host=/tmp/pg&port=5433").unwrap();
        assert_eq!(socket.shown, "postgres://me@/revvy?host=%2Ftmp%2Fpg&port=5433");
        assert_eq!(socket.config.get_user(), Some("me"));
        assert_eq!(socket.host, "/tmp/pg (Unix socket, port 5433)");
        assert_eq!(socket.ssl_mode, SslMode::Prefer);
        assert_eq!(socket.connect_timeout, DEFAULT_CONNECT_TIMEOUT);
    }

    #[test]
    fn several_hosts_are_read_as_libpq_reads_them_and_named_in_order() {
        let url = "postgresql://alice:pw@db1.example.com:5432,db2.example.com:5433,[::1]/revvy?target_session_attrs=read-write";
        let target = Target::parse(url).unwrap();
        assert_eq!(target.per_host.len(), 3);
        assert_eq!(target.host, "db1.example.com:5432, db2.example.com:5433, ::1:5432");
        assert_eq!(
            target.location(),
            "postgresql://alice@db1.example.com:5432,db2.example.com:5433,::1:5432/revvy schema=revvy_apps"
        );
        assert_eq!(target.location(), Target::parse(url).unwrap().location(), "the same hosts, the same location");
        assert!(!target.shown.contains("pw@"), "{}", target.shown);
        assert_eq!(target.config.get_target_session_attrs(), tokio_postgres::config::TargetSessionAttrs::ReadWrite);
        let sockets = Target::parse("postgresql://me@/revvy?host=/tmp/a,/tmp/b&port=5432,5433").unwrap();
        assert_eq!(sockets.host, "/tmp/a (Unix socket, port 5432), /tmp/b (Unix socket, port 5433)");
        for (bad, says) in [
            ("postgresql://me@/revvy?host=/a,/b,/c&port=1,2", "3 hosts and 2 ports"),
            ("postgresql://me@h/revvy?target_session_attrs=prefer-standby", "prefer-standby is not one of"),
        ] {
            let err = Target::parse(bad).unwrap_err();
            assert!(err.message().contains(says), "{}", err.message());
        }
    }

    #[test]
    fn pgpass_lines_match_as_libpq_reads_them() {
        let file = "# comment\ndb.example.com:5432:revvy:alice:first\n*:*:*:bob:pa\\:ss\nlocalhost:5433:*:carol:sock\n";
        assert_eq!(pgpass_lookup(file, "db.example.com", 5432, "revvy", "alice").as_deref(), Some("first"));
        assert_eq!(pgpass_lookup(file, "db.example.com", 5432, "other", "alice"), None);
        assert_eq!(pgpass_lookup(file, "anywhere", 1, "x", "bob").as_deref(), Some("pa:ss"));
        assert_eq!(pgpass_lookup(file, "/run/postgresql", 5433, "x", "carol").as_deref(), Some("sock"));
    }

    #[test]
    fn unusable_urls_are_refused_without_their_password() {
        for (url, says) in [
            ("postgres://u:pw@h/db?sslmode=strict", "sslmode=strict"),
            ("postgres://u:pw@h/db?connect_timeout=0", "wait forever"),
            ("postgres://u:pw@h/db?options=-c", "\"options\""),
        ] {
            let err = Target::parse(url).unwrap_err();
            assert!(err.message().contains(says), "{}", err.message());
            assert!(!err.message().contains(":pw@"), "{}", err.message());
        }
        assert!(is_url(Path::new("postgresql://h/db")) && !is_url(Path::new("/srv/store.db")));
    }
}
