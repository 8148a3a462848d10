//! Schema migrations from `migrations/`, embedded at compile time and applied by refinery.

use studio::adapters::postgres::{DatabaseConfig, Db};
use studio::settings::ConfigError;
use studio::store::StoreError;

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// A migration run that failed.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("migration failed: {0}")]
    Migration(#[from] refinery::Error),
    #[error("could not create database {name}: {source}")]
    CreateDatabase {
        name: String,
        source: tokio_postgres::Error,
    },
}

/// Applies every migration not yet applied; returns how many ran.
pub async fn migrate(db: &Db) -> Result<usize, MigrateError> {
    let mut client = db.client().await?;
    let report = embedded::migrations::runner().run_async(&mut **client).await?;
    Ok(report.applied_migrations().len())
}

/// Creates the configured database when it does not exist yet, connecting to the
/// server's `postgres` database to do it.
pub async fn ensure_database(config: &DatabaseConfig) -> Result<(), MigrateError> {
    let name = config.dbname().to_owned();
    let admin = config.with_dbname("postgres");
    let fail = |source| MigrateError::CreateDatabase {
        name: name.clone(),
        source,
    };
    let (client, connection) = admin.pg().connect(admin.tls().clone()).await.map_err(fail)?;
    let driver = tokio::spawn(connection);
    let exists = client
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .await
        .map_err(fail)?
        .is_some();
    if !exists {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        client
            .batch_execute(&format!("CREATE DATABASE {quoted}"))
            .await
            .map_err(fail)?;
    }
    drop(client);
    let _ = driver.await;
    Ok(())
}

/// Creates the database the settings name when missing and applies migrations: what
/// the local studio and a deploy run before serving.
pub async fn prepare(config: &DatabaseConfig) -> Result<usize, MigrateError> {
    ensure_database(config).await?;
    migrate(&Db::new(config)).await
}
