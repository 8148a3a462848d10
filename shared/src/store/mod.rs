//! Stores: the ports the handlers talk to and their adapters.

mod error;
mod postgres;
mod sessions;

pub use error::StoreError;
pub use postgres::PgSessionStore;
pub use sessions::{InMemorySessionStore, SessionStore};
