//! The Postgres connection from a Secrets Manager secret, read once at cold start.
//!
//! Accepts the JSON that RDS-managed secrets hold (`username`, `password`, `host`,
//! `port`, `dbname`) or a plain `postgres://` URL.

use serde::Deserialize;

use super::DatabaseConfig;

/// A secret that does not hold a usable connection.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SecretError(String);

#[derive(Deserialize)]
struct RdsSecret {
    username: String,
    password: String,
    host: String,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    dbname: Option<String>,
}

/// Builds a configuration from a secret's text.
pub fn config_from_secret(text: &str) -> Result<DatabaseConfig, SecretError> {
    let trimmed = text.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        return DatabaseConfig::from_url(trimmed).map_err(|e| SecretError(format!("the secret's URL: {e}")));
    }
    let secret: RdsSecret = serde_json::from_str(trimmed)
        .map_err(|e| SecretError(format!("secret is neither a postgres:// URL nor RDS JSON: {e}")))?;
    let mut pg = tokio_postgres::Config::new();
    pg.user(&secret.username)
        .password(&secret.password)
        .host(&secret.host)
        .port(secret.port.unwrap_or(5432))
        .dbname(secret.dbname.as_deref().unwrap_or("omnisonic"))
        // An RDS secret names an RDS server, which refuses unencrypted connections.
        .ssl_mode(tokio_postgres::config::SslMode::Require);
    Ok(DatabaseConfig::from_pg(pg))
}

/// Fetches the secret named by `arn` with the SDK configuration `sdk`.
pub async fn load_secret(sdk: &aws_config::SdkConfig, arn: &str) -> Result<DatabaseConfig, SecretError> {
    let client = aws_sdk_secretsmanager::Client::new(sdk);
    let output = client
        .get_secret_value()
        .secret_id(arn)
        .send()
        .await
        .map_err(|e| {
            SecretError(format!(
                "cannot read the secret: {}",
                aws_sdk_secretsmanager::error::DisplayErrorContext(e)
            ))
        })?;
    let text = output
        .secret_string()
        .ok_or_else(|| SecretError("the secret has no string value".into()))?;
    config_from_secret(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_rds_secret_becomes_a_connection() {
        let config = config_from_secret(
            r#"{"engine":"postgres","username":"studio","password":"p@ss","host":"db.internal","port":6432,"dbname":"studio"}"#,
        )
        .unwrap();
        assert_eq!(config.dbname(), "studio");
        assert_eq!(config.pg.get_ports(), &[6432]);
        assert_eq!(config.pg.get_ssl_mode(), tokio_postgres::config::SslMode::Require);
    }

    #[test]
    fn a_url_secret_is_used_as_is_and_garbage_is_refused() {
        let config = config_from_secret("postgres://u:p@h:5432/x").unwrap();
        assert_eq!(config.dbname(), "x");
        assert!(config_from_secret("{\"nope\":1}").is_err());
    }
}
