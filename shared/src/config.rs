//! Typed configuration, read once when a function's container starts.
//!
//! A missing or malformed setting stops the cold start with a message that names the
//! variable and says what it should hold, instead of failing on the first request.

use std::{env, str::FromStr, time::Duration};

/// A setting that is missing or cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is not set: {hint}")]
    Missing { var: &'static str, hint: &'static str },
    #[error("{var} is invalid: {detail}")]
    Invalid { var: &'static str, detail: String },
}

/// Reads a variable that must be present and non-empty.
pub fn required(var: &'static str, hint: &'static str) -> Result<String, ConfigError> {
    match env::var(var) {
        Ok(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ConfigError::Missing { var, hint }),
    }
}

/// Reads an optional variable and parses it, falling back to `default`.
pub fn parsed_or<T: FromStr>(var: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match env::var(var) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map_err(|e: T::Err| ConfigError::Invalid {
            var,
            detail: e.to_string(),
        }),
        _ => Ok(default),
    }
}

/// How to reach Postgres.
#[derive(Clone)]
pub struct DatabaseConfig {
    pub(crate) pg: tokio_postgres::Config,
    pub(crate) pool_size: usize,
    pub(crate) tls: tokio_postgres_rustls::MakeRustlsConnect,
}

const DATABASE_URL_HINT: &str = "set it to the studio's Postgres, e.g. \
     postgres://postgres@127.0.0.1:5432/omnisonic (or set DATABASE_SECRET_ARN on AWS)";

impl DatabaseConfig {
    /// `DATABASE_URL` locally, or on AWS the secret named by `DATABASE_SECRET_ARN`;
    /// `DATABASE_CA_FILE` (optional) verifies the server's certificate;
    /// `DATABASE_POOL_SIZE` (default 2: a Lambda container serves one request at a
    /// time; the spare covers a connection being replaced).
    pub async fn from_env() -> Result<Self, ConfigError> {
        let config = match std::env::var("DATABASE_SECRET_ARN") {
            Ok(arn) if !arn.trim().is_empty() && std::env::var("DATABASE_URL").is_err() => {
                crate::db::load_secret(arn.trim()).await?
            }
            _ => Self::from_url(&required("DATABASE_URL", DATABASE_URL_HINT)?)?,
        };
        let ca_file = std::env::var("DATABASE_CA_FILE")
            .ok()
            .filter(|v| !v.trim().is_empty());
        Ok(Self {
            tls: crate::db::tls_connector(ca_file.as_deref())?,
            ..config.with_pool_size(parsed_or("DATABASE_POOL_SIZE", 2usize)?)
        })
    }

    /// A configuration for one connection string.
    pub fn from_url(url: &str) -> Result<Self, ConfigError> {
        let pg: tokio_postgres::Config = url.parse().map_err(|e| ConfigError::Invalid {
            var: "DATABASE_URL",
            detail: format!("{e}"),
        })?;
        Ok(Self::from_pg(pg))
    }

    /// A configuration over tokio-postgres settings, with the studio's defaults for a
    /// connect timeout and application name.
    pub fn from_pg(mut pg: tokio_postgres::Config) -> Self {
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(Duration::from_secs(3));
        }
        if pg.get_application_name().is_none() {
            pg.application_name("omnisonic-studio");
        }
        let tls = crate::db::tls_connector(None).expect("a connector without a CA bundle always builds");
        Self {
            pg,
            pool_size: 2,
            tls,
        }
    }

    /// The same server with another database: tests and tools use this to make
    /// a database of their own.
    pub fn with_dbname(&self, dbname: &str) -> Self {
        let mut other = self.clone();
        other.pg.dbname(dbname);
        other
    }

    /// The database this configuration points at.
    pub fn dbname(&self) -> &str {
        self.pg.get_dbname().unwrap_or("postgres")
    }

    /// Sets how many connections one container may hold.
    pub fn with_pool_size(mut self, size: usize) -> Self {
        self.pool_size = size.max(1);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_database_url_is_named_in_the_error() {
        let err = DatabaseConfig::from_url("postgres://host:notaport/db")
            .err()
            .unwrap();
        assert!(err.to_string().starts_with("DATABASE_URL is invalid"), "{err}");
    }

    #[test]
    fn a_database_url_gets_a_connect_timeout_and_can_point_elsewhere() {
        let config = DatabaseConfig::from_url("postgres://postgres@127.0.0.1:5432/omnisonic").unwrap();
        assert_eq!(config.dbname(), "omnisonic");
        assert!(config.pg.get_connect_timeout().is_some());
        assert_eq!(config.with_dbname("other").dbname(), "other");
    }
}
