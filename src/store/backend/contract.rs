//! The storage contract, as a test every backend must pass: what the logic above relies on,
//! asked of the interface itself with opaque rows and no key. `tests/it/contract.rs` runs it
//! on a SQLite file and on a real PostgreSQL server; a new backend runs it too.
//!
//! Each step panics with what broke: it is test code, compiled into the library so that the
//! end-to-end harness (which starts the servers) can reach an interface that is otherwise
//! private to the store.

use std::path::Path;

use super::{
    AppRow, EndSessions, EventRow, GrantRow, GrantsOf, HeadRow, HeaderRow, Location, Lookup, MemberRow, ReadAlong,
    ScopeEventRow, SessionRow, Storage, Tables,
};
use crate::error::{Error, ErrorKind, Result};

/// The newest format; the contract is asked of it.
const FORMAT: u32 = 6;
/// The format before the newest, whose tables differ: a store of it is upgraded.
const BEFORE: u32 = 5;

fn header() -> HeaderRow {
    HeaderRow {
        store_id: b"contract-store-1".to_vec(),
        salt: Vec::new(),
        kdf_memory_kib: 19,
        kdf_iterations: 2,
        kdf_parallelism: 1,
        wrapped_key: b"sealed secret".to_vec(),
        members_mac: vec![7; 32],
        members_digest: vec![8; 32],
        checksum: vec![9; 32],
    }
}

fn member(name: &str) -> MemberRow {
    MemberRow {
        id: 0,
        name: name.to_owned(),
        kind: "machine".to_owned(),
        public_key: format!("age1{name}"),
        created_at: Some(1_700_000_000),
        created_by: "owner".to_owned(),
        kdf_salt: Vec::new(),
        wrapped_identity: Vec::new(),
        sealed_key: format!("key for {name}").into_bytes(),
        scope: None,
    }
}

fn grant(member_id: i64, app_id: i64, wrapped: &str) -> GrantRow {
    GrantRow { member_id, app_id, wrapped: wrapped.as_bytes().to_vec() }
}

fn scope_event(member_id: i64, seq: i64, sealed: &str) -> ScopeEventRow {
    ScopeEventRow { member_id, seq, sealed: sealed.as_bytes().to_vec(), mac: vec![4; 32] }
}

fn head(last_id: i64, live_apps: i64) -> HeadRow {
    HeadRow { last_id: Some(last_id), last_mac: vec![1; 32], live_apps: Some(live_apps), mac: vec![2; 72] }
}

fn event(id: i64, subject: Option<&[u8]>) -> EventRow {
    EventRow {
        id,
        sealed: format!("event {id}").into_bytes(),
        mac: vec![3; 32],
        subject_mac: subject.map(<[u8]>::to_vec),
    }
}

fn taken() -> Error {
    Error::new(ErrorKind::Conflict, "the name is taken")
}

/// Runs the whole contract on `location`, which must hold no store yet; `older`, another
/// location that holds none, gets a store of the format before the newest, which is upgraded;
/// `backup` is a path for a file copy that does not exist yet (a file beside it is made too).
pub fn check_contract(location: &Location, older: &Location, backup: &Path) -> Result<()> {
    an_upgrade_changes_the_tables_and_their_generation(older)?;
    assert!(super::open(location, super::OpenFor::default())?.is_none(), "an empty location opens as no store");
    let made = super::create(location, FORMAT, |tables| {
        tables.insert_header(&header())?;
        let id = tables.insert_member(&member("owner"))?;
        tables.put_head(&head(0, 0))?;
        Ok(id)
    })?;
    assert!(made > 0, "a member gets an id");
    let again = super::create(location, FORMAT, |_| Ok(()));
    assert_eq!(again.map_err(|err| err.kind()), Err(ErrorKind::Conflict), "a second store at one location");

    let mut opened = super::open(location, super::OpenFor::default())?.expect("the store just made");
    assert_eq!(opened.format, FORMAT);
    let storage = &mut *opened.storage;
    assert_eq!(storage.format()?, FORMAT);
    assert_eq!(storage.header(FORMAT)?, Some(header()), "the header reads back as written");
    assert_eq!(storage.key_slot_checksum()?, header().checksum);
    assert!(storage.schema_problems(FORMAT)?.is_empty(), "a new store's schema is as made");
    assert!(storage.integrity_problems()?.is_empty());
    let generation = storage.schema_generation()?;
    assert_eq!(storage.schema_generation()?, generation, "the schema's generation is stable");

    applications(storage)?;
    members(storage)?;
    grants(storage)?;
    scope_events(storage)?;
    audit_log(storage)?;
    sessions(storage)?;
    a_dropped_write_changes_nothing(storage)?;
    let along = super::open(location, super::OpenFor { session: Some(b"session-1"), ..Default::default() })?;
    let first = along.expect("the store").first;
    assert!(matches!(first.header, ReadAlong::NotRead) || first.header == ReadAlong::Read(Some(header())));
    assert!(matches!(first.head, ReadAlong::NotRead) || first.head == ReadAlong::Read(storage.head(FORMAT)?));
    if let Some((id, row)) = first.session {
        assert_eq!((id.as_slice(), row.map(|r| r.member)), (b"session-1".as_slice(), Some("ci".to_owned())));
    }

    // A copy into a file holds the same rows, without the sessions.
    super::copy_into_file(&opened.storage, &create_empty(backup))?;
    let copy = super::open(&Location::File(backup.to_owned()), super::OpenFor::default())?.expect("the copy");
    same_rows(&*opened.storage, &*copy.storage)?;
    assert!(copy.storage.session(b"session-1")?.is_none(), "a copy holds no session");
    drop(copy);
    // Row by row, as a backup of a server store is made, into a file of the same format.
    let by_rows = backup.with_extension("rows.db");
    let source = &*opened.storage;
    super::sqlite::fill_new_file(&create_empty(&by_rows), FORMAT, |copy| {
        source.read_together(&mut || super::copy_rows(source, copy, FORMAT))
    })?;
    let copy = super::open(&Location::File(by_rows), super::OpenFor::default())?.expect("the copy by rows");
    assert_eq!(copy.format, FORMAT);
    assert!(copy.storage.schema_problems(FORMAT)?.is_empty(), "a copy by rows has the pinned schema");
    same_rows(&*opened.storage, &*copy.storage)?;
    drop(copy);

    // Rows changed after the copy, then the copy put back: the store is the copy again.
    let first = opened.storage.app(FORMAT, Lookup::Name, b"name-1")?.expect("the first row").id;
    let tx = opened.storage.begin_write()?;
    tx.tables().delete_app(first, true)?;
    tx.commit()?;
    drop(opened);
    super::replace(location, backup)?;
    let restored = super::open(location, super::OpenFor::default())?.expect("the restored store");
    let copy = super::open(&Location::File(backup.to_owned()), super::OpenFor::default())?.expect("the copy");
    same_rows(&*restored.storage, &*copy.storage)?;
    assert!(restored.storage.app(FORMAT, Lookup::Name, b"name-1")?.is_some(), "the deleted row is back");
    Ok(())
}

fn create_empty(path: &Path) -> std::path::PathBuf {
    super::fs::create_private_file(path).expect("a new file for the copy");
    path.to_owned()
}

fn applications(storage: &mut dyn Storage) -> Result<()> {
    let tx = storage.begin_write()?;
    let tables = tx.tables();
    let first = tables.insert_app(b"client-1", b"name-1", &|id| format!("record of {id}").into_bytes(), taken())?;
    let second = tables.insert_app(b"client-2", b"name-2", &|id| format!("record of {id}").into_bytes(), taken())?;
    assert!(second > first, "row ids grow");
    // A write reads its own writes.
    let row = tables.app(FORMAT, Lookup::ClientId, b"client-1")?.expect("the row just inserted");
    assert_eq!((row.id, row.version, row.sealed.as_slice()), (first, Some(1), format!("record of {first}").as_bytes()));
    tables.put_usage(first, b"used once")?;
    tables.put_usage(first, b"used twice")?;
    tx.commit()?;

    // A taken name adds nothing, and the write fails with the caller's error, at once or at
    // its commit.
    let tx = storage.begin_write()?;
    let inserted = tx.tables().insert_app(b"client-3", b"name-1", &|_| b"x".to_vec(), taken());
    let outcome = inserted.and_then(|_| tx.commit());
    assert_eq!(outcome.map_err(|err| err.kind()), Err(ErrorKind::Conflict), "a taken name");
    assert_eq!(storage.app_count()?, 2, "the taken name added no row");

    let by_name = storage.app(FORMAT, Lookup::Name, b"name-1")?.expect("found by name");
    assert_eq!(by_name.usage, b"used twice", "a usage record is written over");
    assert!(storage.app(FORMAT, Lookup::Name, b"name-9")?.is_none());
    let mut order = Vec::new();
    storage.each_app(FORMAT, &mut |row: AppRow| {
        order.push(row.id);
        Ok(())
    })?;
    assert_eq!(order, [first, second], "rows in creation order");

    let tx = storage.begin_write()?;
    tx.tables().update_app(second, b"name-2b", 2, b"renamed")?;
    tx.commit()?;
    let renamed = storage.app(FORMAT, Lookup::Name, b"name-2b")?.expect("found under its new name");
    assert_eq!((renamed.version, renamed.sealed.as_slice()), (Some(2), b"renamed".as_slice()));
    let tx = storage.begin_write()?;
    let rewritten = AppRow { client_id_mac: b"client-2b".to_vec(), ..renamed };
    tx.tables().rewrite_app(&rewritten)?;
    tx.commit()?;
    assert!(storage.app(FORMAT, Lookup::ClientId, b"client-2b")?.is_some(), "every column anew");
    assert!(storage.app(FORMAT, Lookup::ClientId, b"client-2")?.is_none());
    Ok(())
}

fn members(storage: &mut dyn Storage) -> Result<()> {
    let tx = storage.begin_write()?;
    let added = tx.tables().insert_member(&member("ci"))?;
    let kept = tx.tables().insert_member(&MemberRow { id: 40, ..member("kept-id") })?;
    assert_eq!(kept, 40, "an explicit id is kept");
    tx.tables().update_member_keys(&MemberRow { id: added, sealed_key: b"resealed".to_vec(), ..member("ci") })?;
    let scoped = tx.tables().insert_member(&MemberRow { scope: Some(b"scope".to_vec()), ..member("scoped") })?;
    assert_eq!(
        tx.tables().members()?.last().map(|m| (m.id, m.scope.clone())),
        Some((scoped, Some(b"scope".to_vec()))),
        "a write reads the scope it wrote"
    );
    tx.commit()?;
    let rows = storage.members()?;
    let names: Vec<&str> = rows.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["owner", "ci", "kept-id", "scoped"], "members in the order they were added");
    assert_eq!(rows[1].sealed_key, b"resealed");
    let scopes: Vec<Option<&[u8]>> = rows.iter().map(|m| m.scope.as_deref()).collect();
    assert_eq!(scopes, [None, None, None, Some(b"scope".as_slice())], "a full member has no scope");

    // A rekey reseals a member's key and its scope together; the scope can also go.
    let tx = storage.begin_write()?;
    let rescoped =
        MemberRow { sealed_key: b"resealed 2".to_vec(), scope: Some(b"rescoped".to_vec()), ..rows[3].clone() };
    tx.tables().update_member_keys(&rescoped)?;
    tx.tables().update_member_keys(&MemberRow { scope: Some(b"now scoped".to_vec()), ..rows[1].clone() })?;
    tx.commit()?;
    let rows = storage.members()?;
    assert_eq!(rows[3], rescoped);
    assert_eq!(rows[1].scope.as_deref(), Some(b"now scoped".as_slice()));
    let tx = storage.begin_write()?;
    tx.tables().update_member_keys(&MemberRow { scope: None, ..rows[1].clone() })?;
    tx.tables().delete_member(40)?;
    tx.commit()?;
    let rows = storage.members()?;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].scope, None, "an update writes the scope, none included");
    Ok(())
}

/// The scoped member's grants: ordered, written over, read with their applications, deleted by
/// member, by application and one by one. One is left for the copies.
fn grants(storage: &mut dyn Storage) -> Result<()> {
    let (first, second) = (app_id(storage, b"name-1")?, app_id(storage, b"name-2b")?);
    let [owner, scoped] = [member_id(storage, "owner")?, member_id(storage, "scoped")?];
    let missing = second + 1_000;
    let tx = storage.begin_write()?;
    tx.tables().put_grant(&grant(scoped, missing, "to a row that is gone"))?;
    tx.tables().put_grant(&grant(owner, second, "owner 2"))?;
    tx.tables().put_grant(&grant(scoped, first, "scoped 1"))?;
    tx.tables().put_grant(&grant(owner, first, "owner 1"))?;
    tx.tables().put_grant(&grant(owner, first, "owner 1 again"))?;
    assert_eq!(tx.tables().grants(Some(owner))?.len(), 2, "a write reads its own grants");
    tx.commit()?;
    let all = [
        grant(owner, first, "owner 1 again"),
        grant(owner, second, "owner 2"),
        grant(scoped, first, "scoped 1"),
        grant(scoped, missing, "to a row that is gone"),
    ];
    assert_eq!(storage.grants(None)?, all, "by member, then by application; a grant put again is written over");
    assert_eq!(storage.grants(Some(scoped))?, all[2..]);
    assert_eq!(storage.grants_for_app(first)?, [all[0].clone(), all[2].clone()], "by member");
    assert_eq!(storage.grants_for_app(missing + 1)?, []);

    let mut apps = Vec::new();
    storage.each_app(FORMAT, &mut |row| {
        apps.push(row);
        Ok(())
    })?;
    let first_row = apps.iter().find(|row| row.id == first).cloned().expect("the first row");
    assert!(!first_row.usage.is_empty(), "the row has a usage record, which goes with it");
    let granted = storage.granted_apps(FORMAT, scoped)?;
    assert_eq!(granted, [(all[2].clone(), Some(first_row)), (all[3].clone(), None)], "each grant with its row, if any");
    assert_eq!(storage.granted_apps(FORMAT, scoped + 1_000)?, []);

    let tx = storage.begin_write()?;
    assert_eq!(tx.tables().delete_grants(GrantsOf::One { member_id: owner, app_id: second })?, 1);
    assert_eq!(tx.tables().delete_grants(GrantsOf::One { member_id: owner, app_id: second })?, 0);
    assert_eq!(tx.tables().delete_grants(GrantsOf::App(first))?, 2);
    assert_eq!(tx.tables().grants(None)?, all[3..], "a write reads its own deletions");
    assert_eq!(tx.tables().delete_grants(GrantsOf::Member(scoped))?, 1);
    assert_eq!(tx.tables().delete_grants(GrantsOf::Member(owner))?, 0);
    tx.commit()?;
    assert_eq!(storage.grants(None)?, []);

    // A dropped write leaves none; a committed one, the grant the copies carry.
    {
        let tx = storage.begin_write()?;
        tx.tables().put_grant(&grant(owner, first, "dropped"))?;
    }
    assert_eq!(storage.grants(None)?, []);
    let tx = storage.begin_write()?;
    tx.tables().put_grant(&grant(scoped, second, "kept"))?;
    tx.commit()?;
    assert_eq!(storage.grants(None)?, [grant(scoped, second, "kept")]);
    Ok(())
}

/// Pending events: ordered by member and sequence number, a taken number refused, deleted by
/// member. Two are left for the copies.
fn scope_events(storage: &mut dyn Storage) -> Result<()> {
    let [owner, scoped] = [member_id(storage, "owner")?, member_id(storage, "scoped")?];
    let tx = storage.begin_write()?;
    tx.tables().insert_scope_event(&scope_event(scoped, 1, "scoped 1"))?;
    tx.tables().insert_scope_event(&scope_event(owner, 2, "owner 2"))?;
    tx.tables().insert_scope_event(&scope_event(owner, 1, "owner 1"))?;
    tx.commit()?;
    let all = [scope_event(owner, 1, "owner 1"), scope_event(owner, 2, "owner 2"), scope_event(scoped, 1, "scoped 1")];
    assert_eq!(storage.scope_events(None)?, all, "by member, then by sequence number");
    assert_eq!(storage.scope_events(Some(owner))?, all[..2]);
    assert_eq!(storage.scope_events(Some(scoped + 1_000))?, []);

    // A number the member has taken fails the write, at once or at its commit.
    let tx = storage.begin_write()?;
    let inserted = tx.tables().insert_scope_event(&scope_event(owner, 2, "again"));
    let outcome = inserted.and_then(|()| tx.commit());
    assert!(outcome.is_err(), "a taken sequence number");
    assert_eq!(storage.scope_events(None)?, all, "the taken number kept its event");

    let tx = storage.begin_write()?;
    assert_eq!(tx.tables().delete_scope_events(scoped)?, 1);
    assert_eq!(tx.tables().scope_events(None)?, all[..2], "a write reads its own deletions");
    assert_eq!(tx.tables().delete_scope_events(scoped)?, 0);
    tx.commit()?;
    assert_eq!(storage.scope_events(None)?, all[..2]);
    Ok(())
}

fn app_id(tables: &dyn Tables, name_mac: &[u8]) -> Result<i64> {
    Ok(tables.app(FORMAT, Lookup::Name, name_mac)?.expect("the application").id)
}

fn member_id(tables: &dyn Tables, name: &str) -> Result<i64> {
    Ok(tables.members()?.into_iter().find(|m| m.name == name).expect("the member").id)
}

fn audit_log(storage: &mut dyn Storage) -> Result<()> {
    let tx = storage.begin_write()?;
    tx.tables().insert_event(&event(1, Some(b"client-1")))?;
    tx.tables().insert_event(&event(2, None))?;
    tx.tables().insert_event(&event(3, Some(b"client-1")))?;
    tx.tables().put_head(&head(3, 2))?;
    tx.commit()?;
    let mut ids = Vec::new();
    storage.each_event(FORMAT, &mut |row| {
        ids.push((row.id, row.subject_mac.is_some()));
        Ok(())
    })?;
    assert_eq!(ids, [(1, true), (2, false), (3, true)], "events in order, with their subjects");
    assert_eq!(storage.latest_event_about(b"client-1")?, Some((3, b"event 3".to_vec())));
    let (row, latest) = storage.app_with_latest_event(FORMAT, Lookup::ClientId, b"client-1")?.expect("the row");
    assert_eq!((row.client_id_mac.as_slice(), latest), (b"client-1".as_slice(), Some((3, b"event 3".to_vec()))));
    assert!(storage.app_with_latest_event(FORMAT, Lookup::Name, b"name-9")?.is_none());
    reads_along_agree(storage)?;
    assert_eq!(storage.latest_event_about(b"client-9")?, None);
    let read = storage.head(FORMAT)?.expect("the head");
    assert_eq!((read.last_id, read.live_apps, read.mac.len()), (Some(3), Some(2), 72));
    Ok(())
}

/// What a write reads under its lock, and what an open reads along, is what a plain read
/// answers: the logic may use either.
fn reads_along_agree(storage: &mut dyn Storage) -> Result<()> {
    let (generation, checksum, head) =
        (storage.schema_generation()?, storage.key_slot_checksum()?, storage.head(FORMAT)?);
    let scoped = storage.members()?.iter().any(|member| member.scope.is_some());
    let tx = storage.begin_write()?;
    let under_lock = tx.under_lock().clone();
    drop(tx);
    assert_eq!(under_lock.generation, generation);
    assert!(under_lock.checksum.is_none_or(|read| read == checksum));
    assert!(matches!(under_lock.head, ReadAlong::NotRead) || under_lock.head == ReadAlong::Read(head));
    assert!(under_lock.scoped_members.is_none_or(|read| read == scoped));
    Ok(())
}

fn sessions(storage: &mut dyn Storage) -> Result<()> {
    let row =
        |expires_at| SessionRow { expires_at: Some(expires_at), wrapped_key: b"wrapped".to_vec(), member: "ci".into() };
    let tx = storage.begin_write()?;
    tx.tables().insert_session(b"session-1", &row(2_000))?;
    tx.tables().insert_session(b"session-2", &row(1_000))?;
    tx.tables().insert_session(b"session-3", &row(3_000))?;
    tx.commit()?;
    assert_eq!(storage.session(b"session-1")?.map(|s| s.member), Some("ci".to_owned()));
    let tx = storage.begin_write()?;
    assert_eq!(tx.tables().end_sessions(EndSessions::ExpiredAt(1_500))?, 1, "session-2 had expired");
    assert_eq!(tx.tables().end_sessions(EndSessions::OneAndExpiredAt(b"session-3", 1_500))?, 1);
    tx.commit()?;
    assert!(storage.session(b"session-2")?.is_none() && storage.session(b"session-3")?.is_none());
    assert!(storage.session(b"session-1")?.is_some());
    Ok(())
}

fn a_dropped_write_changes_nothing(storage: &mut dyn Storage) -> Result<()> {
    let before = storage.app_count()?;
    {
        let tx = storage.begin_write()?;
        tx.tables().insert_app(b"client-x", b"name-x", &|_| b"x".to_vec(), taken())?;
        tx.tables().put_head(&head(99, 9))?;
        // Dropped without a commit.
    }
    assert_eq!(storage.app_count()?, before, "a dropped write inserted nothing");
    assert_eq!(storage.head(FORMAT)?.and_then(|h| h.last_id), Some(3), "nor moved the head");
    Ok(())
}

/// An application row's id, record and usage record.
type AppColumns = (i64, Vec<u8>, Vec<u8>);

/// Both stores hold the same header, members, applications, events and head.
fn same_rows(a: &dyn Tables, b: &dyn Tables) -> Result<()> {
    assert_eq!(a.header(FORMAT)?, b.header(FORMAT)?);
    assert_eq!(a.members()?, b.members()?);
    let apps = |tables: &dyn Tables| -> Result<Vec<AppColumns>> {
        let mut rows = Vec::new();
        tables.each_app(FORMAT, &mut |row| {
            rows.push((row.id, row.sealed, row.usage));
            Ok(())
        })?;
        Ok(rows)
    };
    assert_eq!(apps(a)?, apps(b)?);
    let events = |tables: &dyn Tables| -> Result<Vec<(i64, Vec<u8>)>> {
        let mut rows = Vec::new();
        tables.each_event(FORMAT, &mut |row| {
            rows.push((row.id, row.sealed));
            Ok(())
        })?;
        Ok(rows)
    };
    assert_eq!(events(a)?, events(b)?);
    let head =
        |tables: &dyn Tables| tables.head(FORMAT).map(|h| h.map(|h| (h.last_id, h.last_mac, h.live_apps, h.mac)));
    assert_eq!(head(a)?, head(b)?);
    let grants = a.grants(None)?;
    assert!(!grants.is_empty(), "the store has grants to copy");
    assert_eq!(grants, b.grants(None)?);
    let events = a.scope_events(None)?;
    assert!(!events.is_empty(), "the store has pending events to copy");
    assert_eq!(events, b.scope_events(None)?);
    Ok(())
}

/// A store of the format before the newest, made at `location` (empty): its schema passes that
/// format's pin, and a write dropped after upgrading it changes nothing. An upgrade that
/// changes the tables changes the schema's generation, so that a process that opened the store
/// before it sees, under its write's lock, that it must read the format and the pin again; it
/// then finds the newest format, its schema whole, and its new tables and column.
fn an_upgrade_changes_the_tables_and_their_generation(location: &Location) -> Result<()> {
    super::create(location, BEFORE, |tables| {
        tables.insert_header(&header())?;
        tables.insert_member(&member("owner"))?;
        tables.put_head(&head(0, 0))
    })?;
    let open = |check| super::open(location, super::OpenFor { check, ..Default::default() });
    let mut stale = open(false)?.expect("the store just made");
    assert_eq!((stale.format, stale.storage.format()?), (BEFORE, BEFORE));
    assert!(stale.storage.schema_problems(BEFORE)?.is_empty(), "a store of format {BEFORE} as made");
    assert!(!stale.storage.schema_problems(FORMAT)?.is_empty(), "it lacks the newest format's tables");
    let generation = stale.schema_generation;
    assert_eq!(open(true)?.expect("the store").schema_generation, generation, "the pin read whole agrees");
    assert_eq!(stale.storage.members()?, [MemberRow { id: 1, ..member("owner") }]);

    // An upgrade dropped: the store is as it was, for the handle that dropped it too.
    let mut dropped = open(false)?.expect("the store");
    {
        let tx = dropped.storage.begin_write()?;
        assert_eq!(tx.under_lock().generation, generation, "nothing changed the schema yet");
        tx.tables().upgrade_tables(FORMAT)?;
        tx.tables().insert_member(&MemberRow { scope: Some(b"scope".to_vec()), ..member("scoped") })?;
        assert_eq!(tx.tables().members()?.len(), 2);
    }
    assert_eq!(dropped.storage.members()?.len(), 1, "read with the tables as they are again");
    assert_eq!(dropped.storage.format()?, BEFORE);
    assert!(dropped.storage.schema_problems(BEFORE)?.is_empty());
    let tx = dropped.storage.begin_write()?;
    assert_eq!(tx.under_lock().generation, generation, "a dropped upgrade left the schema as it was");
    let upgraded = tx.tables().insert_member(&member("before the upgrade"))?;
    tx.tables().upgrade_tables(FORMAT)?;
    let scoped = tx.tables().insert_member(&MemberRow { scope: Some(b"scope".to_vec()), ..member("scoped") })?;
    tx.tables().put_grant(&grant(scoped, 1, "wrapped"))?;
    tx.tables().insert_scope_event(&scope_event(scoped, 1, "pending"))?;
    tx.commit()?;
    drop(dropped);

    // The process that opened the store before the upgrade.
    let tx = stale.storage.begin_write()?;
    assert_ne!(tx.under_lock().generation, generation, "the upgrade changed the schema's generation");
    assert_eq!(tx.tables().format()?, FORMAT);
    assert!(tx.tables().schema_problems(FORMAT)?.is_empty(), "the upgraded schema is the newest format's");
    let scopes: Vec<(i64, Option<Vec<u8>>)> = tx.tables().members()?.into_iter().map(|m| (m.id, m.scope)).collect();
    assert_eq!(scopes, [(1, None), (upgraded, None), (scoped, Some(b"scope".to_vec()))]);
    tx.tables().put_grant(&grant(scoped, 2, "granted by the other process"))?;
    tx.commit()?;
    assert_eq!(stale.storage.grants(Some(scoped))?.len(), 2);
    assert_eq!(stale.storage.scope_events(None)?, [scope_event(scoped, 1, "pending")]);
    let again = open(true)?.expect("the upgraded store");
    assert_eq!((again.format, again.storage.schema_problems(FORMAT)?.len()), (FORMAT, 0));
    let opened = open(false)?.expect("the upgraded store");
    assert_eq!(opened.schema_generation, again.schema_generation, "the pin read whole agrees");
    Ok(())
}
