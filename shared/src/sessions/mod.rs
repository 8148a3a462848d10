//! Sessions: the port they are kept behind (Postgres; memory in unit tests), laid out
//! as every feature's is (`media/`, `realtime/`: a `ports.rs` beside what uses it).

mod invites;
mod ports;

pub use invites::{
    Admission, Change, Changed, Entrant, INVITE_JOINS_PER_MINUTE, INVITE_MAX_MEMBERS_CEILING,
    INVITE_MAX_MEMBERS_DEFAULT, InviteRecord, InviteStore, MemberEntry, NewInvite, RoomControls,
};
pub use ports::{MemberRecord, Removal, SessionStore};
