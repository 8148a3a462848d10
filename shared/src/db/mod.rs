//! Postgres access: the pool, error classification and migrations.

mod error;
mod migrate;
mod pool;
mod secret;
mod tls;

pub use error::db_error;
pub use migrate::{MigrateError, ensure_database, migrate, prepare_from_env};
pub use pool::{Db, Params};
pub use secret::{config_from_secret, load_secret};
pub use tls::connector as tls_connector;
