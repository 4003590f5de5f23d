//! PostgreSQL as teams run it (DESIGN §15), against real servers each test starts itself:
//! PgBouncer in front (pooler.rs), a streaming standby and failovers (failover.rs), faults
//! while writers run (faults.rs), and a store used through a least-privilege role (roles.rs).
//! These run in every `cargo test`: they start their own servers.

mod failover;
mod faults;
mod pooler;
mod roles;
mod servers;
