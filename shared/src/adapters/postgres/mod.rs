//! Postgres adapters: the pool, TLS, the secret a deployed function reads its connection
//! from, and the session, upload, export, arrangement and comment stores.

mod arrangement;
mod arrangement_edit;
mod arrangement_history;
mod arrangement_rows;
mod comments;
mod config;
mod error;
mod exports;
mod fork;
mod idempotency;
mod invites;
mod peaks;
mod pool;
mod secret;
mod sessions;
mod tls;
mod uploads;

pub use arrangement::PgArrangementStore;
pub use comments::PgCommentStore;
pub use config::DatabaseConfig;
pub use config::Reload;
pub use config::{CONNECT_TIMEOUT, QUERY_TIMEOUT};
pub use error::db_error;
pub use exports::PgExportStore;
pub use idempotency::PgIdempotencyStore;
pub use pool::{Db, Params};
pub use secret::{Endpoint, SecretError, config_from_secret, load_secret};
pub use sessions::PgSessionStore;
pub use tls::{CaBundleError, connector as tls_connector};
pub use uploads::PgUploadStore;
