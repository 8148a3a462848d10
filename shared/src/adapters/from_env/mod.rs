//! What a function builds from its settings at cold start: the AWS SDK configuration,
//! the Secrets Manager reader, the database configuration and the access keys (both of
//! which may be read from a secret). [`crate::settings`] is the plain data these start
//! from; this is where reading them turns into clients and calls.

mod access;
mod aws;
mod database;

pub use access::access;
pub use aws::{aws, credentials, secrets};
pub use database::{database, database_url};
