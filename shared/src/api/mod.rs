//! Entry points: one handler per HTTP route and per WebSocket event, each over the
//! store ports it needs, each answering its success or a domain error.

pub mod admission;
pub mod arrangement;
pub mod comments;
pub mod fork;
pub mod health;
pub mod idempotent;
pub mod invites;
pub mod join;
pub mod media;
pub mod members;
pub mod moderation;
pub mod presence;
pub mod rooms;
pub mod sessions;
pub mod v1;
pub mod ws;
