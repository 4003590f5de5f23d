//! The storage contract (`src/store/backend/contract.rs`) on each backend: a SQLite file, and a
//! schema on a real PostgreSQL server of the test's own. The same steps, the same answers.

use std::path::Path;

use revvy_apps::store::{Location, check_contract};

#[test]
fn a_sqlite_file_keeps_the_storage_contract() {
    let dir = tempfile::tempdir().unwrap();
    let store = Location::parse(&dir.path().join("store.db")).unwrap();
    let older = Location::parse(&dir.path().join("older.db")).unwrap();
    check_contract(&store, &older, &dir.path().join("copy.db")).unwrap();
}

#[test]
fn a_postgresql_schema_keeps_the_storage_contract() {
    let cluster = crate::pg::Cluster::start();
    let url = cluster.url().replacen("postgres@", &format!("postgres:{}@", crate::pg::PASSWORD), 1);
    let store = Location::parse(Path::new(&url)).unwrap();
    // The store of the older format, in a database of its own (the schema is the environment's).
    cluster.psql("CREATE DATABASE older");
    let older = Location::parse(Path::new(&url.replacen("/revvy?", "/older?", 1))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    check_contract(&store, &older, &dir.path().join("copy.db")).unwrap();
}
