//! The Postgres connection from a Secrets Manager secret, read at cold start and again
//! when the server refuses the credentials it held (a rotation).
//!
//! Accepts the JSON of RDS secrets (`username`, `password`, and `host`, `port`, `dbname`
//! when present: an RDS-managed secret holds only the credentials, so the endpoint may
//! come from [`Endpoint`] instead) or a plain `postgres://` URL.

use serde::Deserialize;

use super::DatabaseConfig;

/// A secret that does not hold a usable connection.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SecretError(String);

/// Where the database is when the secret does not say (an RDS-managed secret holds only
/// the credentials), or where to reach it instead (an RDS Proxy in front of it): a
/// host given here wins over the secret's.
#[derive(Debug, Clone, Default)]
pub struct Endpoint {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub dbname: Option<String>,
}

#[derive(Deserialize)]
struct RdsSecret {
    username: String,
    password: String,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    dbname: Option<String>,
}

/// Builds a configuration from a secret's text; what the secret leaves out comes from
/// `endpoint`.
pub fn config_from_secret(text: &str, endpoint: &Endpoint) -> Result<DatabaseConfig, SecretError> {
    let trimmed = text.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        return DatabaseConfig::from_url(trimmed).map_err(|e| SecretError(format!("the secret's URL: {e}")));
    }
    let secret: RdsSecret = serde_json::from_str(trimmed)
        .map_err(|e| SecretError(format!("secret is neither a postgres:// URL nor RDS JSON: {e}")))?;
    let host = endpoint.host.clone().or(secret.host).ok_or_else(|| {
        SecretError("the secret has no host: set the DatabaseHost parameter (DATABASE_HOST)".into())
    })?;
    let dbname = secret.dbname.or_else(|| endpoint.dbname.clone());
    let mut pg = tokio_postgres::Config::new();
    pg.user(&secret.username)
        .password(&secret.password)
        .host(&host)
        .port(secret.port.or(endpoint.port).unwrap_or(5432))
        .dbname(dbname.as_deref().unwrap_or("omnisonic"))
        // An RDS secret names an RDS server, which refuses unencrypted connections.
        .ssl_mode(tokio_postgres::config::SslMode::Require);
    Ok(DatabaseConfig::from_pg(pg))
}

/// Fetches the secret named by `arn` and reads the connection from it.
pub async fn load_secret(
    secrets: &crate::adapters::secrets::SecretsManager,
    arn: &str,
    endpoint: &Endpoint,
) -> Result<DatabaseConfig, SecretError> {
    let text = secrets
        .read(arn)
        .await
        .map_err(|e| SecretError(format!("cannot read the secret: {e}")))?;
    config_from_secret(&text, endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_rds_secret_becomes_a_connection() {
        let config = config_from_secret(
            r#"{"engine":"postgres","username":"studio","password":"p@ss","host":"db.internal","port":6432,"dbname":"studio"}"#,
            &Endpoint::default(),
        )
        .unwrap();
        assert_eq!(config.dbname(), "studio");
        assert_eq!(config.pg.get_ports(), &[6432]);
        assert_eq!(config.pg.get_ssl_mode(), tokio_postgres::config::SslMode::Require);
    }

    #[test]
    fn a_url_secret_is_used_as_is_and_garbage_is_refused() {
        let config = config_from_secret("postgres://u:p@h:5432/x", &Endpoint::default()).unwrap();
        assert_eq!(config.dbname(), "x");
        assert!(config_from_secret("{\"nope\":1}", &Endpoint::default()).is_err());
    }

    #[test]
    fn an_rds_managed_secret_without_a_host_takes_the_endpoint_from_the_settings() {
        let managed = r#"{"username":"studio","password":"rotated"}"#;
        assert!(config_from_secret(managed, &Endpoint::default()).is_err());
        let endpoint = Endpoint {
            host: Some("db.cluster.internal".into()),
            port: Some(5433),
            dbname: Some("studio".into()),
        };
        let config = config_from_secret(managed, &endpoint).unwrap();
        assert_eq!(config.pg.get_ports(), &[5433]);
        assert_eq!(config.dbname(), "studio");
        assert_eq!(config.pg.get_password(), Some(&b"rotated"[..]));
        let full = r#"{"username":"u","password":"p","host":"db.internal"}"#;
        let through_proxy = config_from_secret(full, &endpoint).unwrap();
        assert_eq!(
            through_proxy.pg.get_hosts(),
            &[tokio_postgres::config::Host::Tcp("db.cluster.internal".into())],
            "a host in the settings (an RDS Proxy) wins over the secret's"
        );
    }
}
