//! Schema migrations from `migrations/`, embedded at compile time and applied by refinery.
//!
//! One run applies every pending migration in one transaction: a migration that fails
//! leaves the schema exactly as it was. A database already past the newest migration
//! this build knows (a deploy rolled back to older code) is left alone.

use studio::adapters::postgres::{DatabaseConfig, Db};
use studio::settings::ConfigError;
use studio::store::StoreError;

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// The table refinery records applied migrations in.
const HISTORY_TABLE: &str = "refinery_schema_history";

/// A migration run that failed.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("migration failed: {0}")]
    Migration(#[from] refinery::Error),
    #[error("could not read the schema history: {0}")]
    History(tokio_postgres::Error),
    #[error("could not create database {name}: {source}")]
    CreateDatabase {
        name: String,
        source: tokio_postgres::Error,
    },
}

/// What a migration run found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The migrations this run applied, in order, named as their files (`V3__exports`).
    pub applied: Vec<String>,
    /// The schema version after the run: the newest migration the database has applied.
    pub version: Option<i32>,
    /// The newest migration this build carries.
    pub newest_known: Option<i32>,
}

impl Report {
    /// The database has applied a migration newer than any this build carries, so the
    /// run left it alone (older code deployed over a newer schema, as in a rollback).
    pub fn ahead(&self) -> bool {
        self.version > self.newest_known
    }

    /// One line for logs and for CloudFormation: what ran and where the schema is.
    pub fn summary(&self, database: &str) -> String {
        let version = self.version.map_or("empty".to_owned(), |v| format!("V{v}"));
        if self.ahead() {
            let known = self.newest_known.map_or("none".to_owned(), |v| format!("V{v}"));
            format!(
                "database {database} is at {version}, ahead of this build's newest migration {known}: left as it is"
            )
        } else if self.applied.is_empty() {
            format!("database {database} is at {version}: no migration to apply")
        } else {
            format!(
                "database {database} is at {version}: applied {}",
                self.applied.join(", ")
            )
        }
    }
}

/// The migrations this build carries, as `(version, name)`, oldest first.
pub fn known() -> Vec<(i32, String)> {
    let mut migrations: Vec<(i32, String)> = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| (m.version(), format!("V{}__{}", m.version(), m.name())))
        .collect();
    migrations.sort();
    migrations
}

/// Applies every migration not yet applied, all in one transaction.
pub async fn apply(db: &Db) -> Result<Report, MigrateError> {
    let mut client = db.client().await?;
    let newest_known = known().last().map(|(version, _)| *version);
    let recorded = client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&HISTORY_TABLE])
        .await
        .map_err(MigrateError::History)?
        .get::<_, bool>(0);
    let runner = embedded::migrations::runner().set_grouped(true);
    let before = if recorded {
        runner
            .get_last_applied_migration_async(&mut **client)
            .await?
            .map(|m| m.version())
    } else {
        None
    };
    if before > newest_known {
        return Ok(Report {
            applied: Vec::new(),
            version: before,
            newest_known,
        });
    }
    let report = runner.run_async(&mut **client).await?;
    let applied: Vec<String> = report
        .applied_migrations()
        .iter()
        .map(|m| format!("V{}__{}", m.version(), m.name()))
        .collect();
    let version = report
        .applied_migrations()
        .iter()
        .map(|m| m.version())
        .max()
        .or(before);
    Ok(Report {
        applied,
        version,
        newest_known,
    })
}

/// Applies every migration not yet applied; returns how many ran.
pub async fn migrate(db: &Db) -> Result<usize, MigrateError> {
    Ok(apply(db).await?.applied.len())
}

/// Creates the configured database when it does not exist yet, connecting to the
/// server's `postgres` database to do it. A database that takes a connection is left
/// as it is, so a user who may not connect to `postgres` can still migrate its own.
pub async fn ensure_database(config: &DatabaseConfig) -> Result<(), MigrateError> {
    if config.pg().connect(config.tls().clone()).await.is_ok() {
        return Ok(());
    }
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
pub async fn prepare(config: &DatabaseConfig) -> Result<Report, MigrateError> {
    ensure_database(config).await?;
    apply(&Db::new(config)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(applied: &[&str], version: Option<i32>, newest_known: Option<i32>) -> Report {
        Report {
            applied: applied.iter().map(|s| (*s).to_owned()).collect(),
            version,
            newest_known,
        }
    }

    #[test]
    fn the_build_carries_every_file_of_migrations_in_order() {
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations"))
            .unwrap()
            .count();
        let known = known();
        assert_eq!(known.len(), files);
        assert_eq!(known[0], (1, "V1__create_sessions".to_owned()));
        assert!(known.windows(2).all(|w| w[0].0 < w[1].0), "{known:?}");
    }

    #[test]
    fn the_summary_says_what_ran_and_where_the_schema_is() {
        let applied = report(&["V2__uploads", "V3__exports"], Some(3), Some(3));
        assert_eq!(
            applied.summary("omnisonic"),
            "database omnisonic is at V3: applied V2__uploads, V3__exports"
        );
        let current = report(&[], Some(3), Some(3));
        assert_eq!(
            current.summary("omnisonic"),
            "database omnisonic is at V3: no migration to apply"
        );
        assert!(!current.ahead());
    }

    #[test]
    fn a_schema_newer_than_the_build_is_ahead_and_says_so() {
        let ahead = report(&[], Some(4), Some(3));
        assert!(ahead.ahead());
        assert!(
            ahead
                .summary("db")
                .contains("ahead of this build's newest migration V3")
        );
        assert!(!report(&[], None, Some(3)).ahead());
    }
}
