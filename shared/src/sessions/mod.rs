//! Sessions: the port they are kept behind (Postgres; memory in unit tests), laid out
//! as every feature's is (`media/`, `realtime/`: a `ports.rs` beside what uses it).

mod ports;

pub use ports::{MemberRecord, Removal, SessionStore};
