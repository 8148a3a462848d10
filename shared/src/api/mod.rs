//! Entry points: one handler per route, each over the store ports it needs.

pub mod health;
pub mod media;
pub mod presence;
pub mod sessions;
pub mod v1;
