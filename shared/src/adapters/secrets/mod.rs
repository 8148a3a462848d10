//! Secrets Manager's `GetSecretValue`, the one AWS call of the functions that otherwise
//! call no AWS API: signed with SigV4 and sent over the studio's own HTTPS client, so
//! those functions carry no SDK client and no credential-provider chain.

mod client;
mod sign;

pub use client::{SecretReadError, SecretsManager};
pub use sign::{Credentials, sign_request};
