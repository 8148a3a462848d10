//! Where Postgres is: `DATABASE_URL` locally, or on AWS the Secrets Manager secret
//! named by `DATABASE_SECRET_ARN` (read again when the server refuses its credentials,
//! so a rotation does not break warm containers), with `DATABASE_HOST`, `DATABASE_PORT`
//! and `DATABASE_NAME` for what an RDS-managed secret leaves out; `DATABASE_CA_FILE`
//! (optional) verifies the server's certificate; `DATABASE_POOL_SIZE` (default 2).

use super::secrets;
use crate::settings::ConfigError;
use crate::settings::env::{invalid, optional, parsed_or, required};
use std::sync::Arc;

use crate::adapters::postgres::{DatabaseConfig, Endpoint, load_secret, tls_connector};

const DATABASE_URL_HINT: &str = "set it to the studio's Postgres, e.g. \
     postgres://postgres@127.0.0.1:5432/omnisonic (or set DATABASE_SECRET_ARN on AWS)";

/// The database settings; reads the secret when one is named and no URL is, and keeps
/// the means to read it again.
pub async fn database() -> Result<DatabaseConfig, ConfigError> {
    let tls =
        tls_connector(optional("DATABASE_CA_FILE").as_deref()).map_err(|e| invalid("DATABASE_CA_FILE", e))?;
    let pool_size = parsed_or("DATABASE_POOL_SIZE", 2usize)?;
    let Some(arn) = optional("DATABASE_SECRET_ARN").filter(|_| optional("DATABASE_URL").is_none()) else {
        let config = database_url(&required("DATABASE_URL", DATABASE_URL_HINT)?)?;
        return Ok(config.with_tls(tls).with_pool_size(pool_size));
    };
    let endpoint = Endpoint {
        host: optional("DATABASE_HOST"),
        port: Some(parsed_or("DATABASE_PORT", 0u16)?).filter(|p| *p != 0),
        dbname: optional("DATABASE_NAME"),
    };
    let secrets = secrets()?;
    let read = move || {
        let (secrets, arn, endpoint, tls) = (secrets.clone(), arn.clone(), endpoint.clone(), tls.clone());
        async move {
            let config = load_secret(&secrets, arn.trim(), &endpoint)
                .await
                .map_err(|e| e.to_string())?;
            Ok(config.with_tls(tls).with_pool_size(pool_size))
        }
    };
    let config = read().await.map_err(|e| invalid("DATABASE_SECRET_ARN", e))?;
    Ok(config.with_reload(Arc::new(move || Box::pin(read()))))
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
