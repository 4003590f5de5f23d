//! Bytes in, bytes out: the ciphers and MACs (`crypto`), the key hierarchy (`keys`), age
//! recipients for members (`recipients`), the application record's encoding (`codec`) and
//! what every sealed value and MAC is bound to (`bound`). No rows, no storage, no I/O.

pub mod bound;
pub mod codec;
pub mod crypto;
pub mod keys;
pub mod recipients;
