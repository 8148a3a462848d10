//! Where Postgres is: `DATABASE_URL` locally, or on AWS the Secrets Manager secret
//! named by `DATABASE_SECRET_ARN`; `DATABASE_CA_FILE` (optional) verifies the server's
//! certificate; `DATABASE_POOL_SIZE` (default 2).

use super::env::{ConfigError, invalid, optional, parsed_or, required};
use crate::adapters::postgres::{DatabaseConfig, load_secret, tls_connector};

const DATABASE_URL_HINT: &str = "set it to the studio's Postgres, e.g. \
     postgres://postgres@127.0.0.1:5432/omnisonic (or set DATABASE_SECRET_ARN on AWS)";

/// The database settings; reads the secret when one is named and no URL is.
pub async fn database() -> Result<DatabaseConfig, ConfigError> {
    let config = match (optional("DATABASE_SECRET_ARN"), optional("DATABASE_URL")) {
        (Some(arn), None) => {
            let sdk = super::aws().await;
            load_secret(&sdk, arn.trim())
                .await
                .map_err(|e| invalid("DATABASE_SECRET_ARN", e))?
        }
        _ => database_url(&required("DATABASE_URL", DATABASE_URL_HINT)?)?,
    };
    let tls =
        tls_connector(optional("DATABASE_CA_FILE").as_deref()).map_err(|e| invalid("DATABASE_CA_FILE", e))?;
    Ok(config
        .with_tls(tls)
        .with_pool_size(parsed_or("DATABASE_POOL_SIZE", 2usize)?))
}

/// A `DATABASE_URL` value, refused with the variable's name when malformed.
pub fn database_url(url: &str) -> Result<DatabaseConfig, ConfigError> {
    DatabaseConfig::from_url(url).map_err(|e| invalid("DATABASE_URL", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_database_url_is_named_in_the_error() {
        let err = database_url("postgres://host:notaport/db").err().unwrap();
        assert!(err.to_string().starts_with("DATABASE_URL is invalid"), "{err}");
    }
}
