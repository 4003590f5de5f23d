//! The store: sealed application records and their audit log, kept by a storage backend (a
//! SQLite file, or a schema on a PostgreSQL server). This module and its children are the only
//! code that touches the storage or a key. This file is the public API only.
//!
//! - `location` says where a store is (a file or a server), parsed once.
//! - `seal` is bytes in, bytes out: the ciphers, the key hierarchy, age recipients, the record
//!   codec and the bindings every sealed value and MAC is tied to. No rows, no storage.
//! - `vault` is the logic: records, the audit chain, the header, members, sessions, usage,
//!   maintenance, check, upgrades, this machine's memory (seen heads and pins), backup,
//!   restore and copy. It speaks to storage only through `backend`.
//! - `backend` moves opaque rows: the `Storage` interface, its plain row types, its error,
//!   and its implementations, `sqlite` and `postgres`, which know nothing above them.

mod backend;
mod location;
mod seal;
mod vault;

#[doc(hidden)]
pub use self::backend::contract::check_contract;
pub use self::location::Location;
pub use self::seal::crypto::KdfParams;
pub use self::seal::keys::{DEFAULT_KDF, Passphrase};
pub use self::seal::recipients::{AskPassphrase, Identity, PublicKey};
pub use self::seal::{crypto, keys};
pub use self::vault::{
    AppSource, CheckReport, CopyReport, ExpiringSecret, Listing, LockedStore, Matched, MemberChoice, NewMember,
    RekeyReport, RemovalKind, RemovalReport, ScopeRequest, ScopedStore, SessionToken, SessionUse, Store, StoreIdentity,
    Stored, StoredEvent, Unlocked, Writer, end_sessions,
};
