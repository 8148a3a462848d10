//! The Postgres pool: created once per container, lazy, and self-healing.
//!
//! deadpool checks each connection on its way out of the pool and drops the ones the
//! server closed, so after a Postgres restart the next request simply opens a new one.

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use opentelemetry::KeyValue;
use std::time::Duration;
use tokio_postgres::{Row, types::ToSql};

use super::DatabaseConfig;
use super::error::RunError;
use crate::store::StoreError;
use crate::telemetry::traced;

const TIMEOUT: Duration = Duration::from_secs(3);

/// Statement parameters, as tokio-postgres takes them.
pub type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A handle to the studio's database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    dbname: String,
}

impl Db {
    /// Builds the pool without connecting: a container starts even while Postgres is down.
    pub fn new(config: &DatabaseConfig) -> Self {
        let manager = Manager::from_config(
            config.pg.clone(),
            config.tls.clone(),
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(config.pool_size)
            .wait_timeout(Some(TIMEOUT))
            .create_timeout(Some(TIMEOUT))
            .recycle_timeout(Some(TIMEOUT))
            .runtime(Runtime::Tokio1)
            .build()
            .expect("a pool with a runtime and timeouts always builds");
        Self {
            pool,
            dbname: config.dbname().to_owned(),
        }
    }

    /// Builds the pool and opens its first connection, at cold start.
    pub async fn connect(config: &DatabaseConfig) -> Self {
        let db = Self::new(config);
        db.warm().await;
        db
    }

    /// Opens the first connection now, so the first request does not pay for it.
    /// A failure is logged, not fatal: requests answer 503 until Postgres is back.
    pub async fn warm(&self) {
        if let Err(e) = self.pool.get().await {
            tracing::warn!(error = %e, "postgres is not reachable at init; requests will retry");
        }
    }

    /// Runs a read. A connection found dead is replaced and the read tried once more:
    /// reads are safe to repeat, and this hides a server restart from the client.
    pub async fn read(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        traced(span_name(sql), self.attributes(sql), async {
            match self.run(sql, params).await {
                Err(e) if e.connection_lost() => Ok(self.run(sql, params).await?),
                other => Ok(other?),
            }
        })
        .await
    }

    /// Runs a read that matches at most one row.
    pub async fn read_opt(&self, sql: &str, params: Params<'_>) -> Result<Option<Row>, StoreError> {
        Ok(self.read(sql, params).await?.into_iter().next())
    }

    /// Runs a write that returns one row. Not retried: a write may have landed
    /// before the connection dropped.
    pub async fn write_one(&self, sql: &str, params: Params<'_>) -> Result<Row, StoreError> {
        traced(span_name(sql), self.attributes(sql), async {
            let rows = self.run(sql, params).await?;
            rows.into_iter()
                .next()
                .ok_or_else(|| StoreError::internal("postgres", "the write returned no row"))
        })
        .await
    }

    /// Runs a write and returns how many rows it touched.
    pub async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, StoreError> {
        traced(span_name(sql), self.attributes(sql), async {
            let client = self.pool.get().await.map_err(RunError::Pool)?;
            let stmt = client.prepare_cached(sql).await.map_err(RunError::Query)?;
            Ok(client.execute(&stmt, params).await.map_err(RunError::Query)?)
        })
        .await
    }

    /// A pooled connection, for work that needs the client itself (migrations).
    pub async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        Ok(self.pool.get().await.map_err(RunError::Pool)?)
    }

    async fn run(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, RunError> {
        let client = self.pool.get().await.map_err(RunError::Pool)?;
        let stmt = client.prepare_cached(sql).await.map_err(RunError::Query)?;
        client.query(&stmt, params).await.map_err(RunError::Query)
    }

    fn attributes(&self, sql: &str) -> Vec<KeyValue> {
        vec![
            KeyValue::new("db.system.name", "postgresql"),
            KeyValue::new("db.namespace", self.dbname.clone()),
            KeyValue::new("db.operation.name", operation(sql)),
            KeyValue::new("db.query.text", sql.to_owned()),
        ]
    }
}

fn operation(sql: &str) -> String {
    sql.split_whitespace().next().unwrap_or("SQL").to_uppercase()
}

fn span_name(sql: &str) -> String {
    format!("postgres {}", operation(sql))
}
