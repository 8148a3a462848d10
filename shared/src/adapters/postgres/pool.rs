//! The Postgres pool: created once per container, lazy, and self-healing.
//!
//! deadpool checks each connection on its way out of the pool and drops the ones the
//! server closed, so after a Postgres restart the next request simply opens a new one.
//! Every statement has a deadline: a server that stops answering costs a request
//! [`QUERY_TIMEOUT`], and the connection it hung on is thrown away. When the server
//! refuses the credentials (the secret was rotated), the configuration is read again
//! and the pool rebuilt, once, before the request is answered.

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod, Runtime};
use opentelemetry::KeyValue;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use tokio_postgres::{Row, types::ToSql};

use super::DatabaseConfig;
use super::config::{CONNECT_TIMEOUT, QUERY_TIMEOUT, Reload};
use super::error::RunError;
use crate::store::StoreError;
use crate::telemetry::traced;

/// Statement parameters, as tokio-postgres takes them.
pub type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// A handle to the studio's database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    pool: RwLock<Pool>,
    dbname: String,
    reload: Option<Reload>,
    /// How many times the pool was rebuilt; read by every statement without a lock.
    generation: AtomicU64,
    /// Held while the configuration is read again, so one request does it at a time.
    reloading: tokio::sync::Mutex<()>,
}

fn pool(config: &DatabaseConfig) -> Pool {
    let manager = Manager::from_config(
        config.pg.clone(),
        config.tls.clone(),
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(config.pool_size)
        .wait_timeout(Some(CONNECT_TIMEOUT))
        .create_timeout(Some(CONNECT_TIMEOUT))
        .recycle_timeout(Some(CONNECT_TIMEOUT))
        .runtime(Runtime::Tokio1)
        .build()
        .expect("a pool with a runtime and timeouts always builds")
}

impl Db {
    /// Builds the pool without connecting: a container starts even while Postgres is down.
    pub fn new(config: &DatabaseConfig) -> Self {
        Self {
            inner: Arc::new(Inner {
                pool: RwLock::new(pool(config)),
                dbname: config.dbname().to_owned(),
                reload: config.reload.clone(),
                generation: AtomicU64::new(0),
                reloading: tokio::sync::Mutex::new(()),
            }),
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
        if let Err(e) = self.pool().get().await {
            tracing::warn!(error = %e, "postgres is not reachable at init; requests will retry");
        }
    }

    /// Runs a read. A connection found dead is replaced and the read tried once more:
    /// reads are safe to repeat, and this hides a server restart from the client.
    pub async fn read(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        traced(span_name(sql), self.attributes(sql), async {
            match self.rotating(|pool| run(pool, sql, params)).await {
                Err(e) if e.connection_lost() => Ok(self.rotating(|pool| run(pool, sql, params)).await?),
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
            let rows = self.rotating(|pool| run(pool, sql, params)).await?;
            rows.into_iter()
                .next()
                .ok_or_else(|| StoreError::internal("postgres", "the write returned no row"))
        })
        .await
    }

    /// Runs a write that returns at most one row (a conditional update, a delete).
    /// Not retried, as [`Db::write_one`].
    pub async fn write_opt(&self, sql: &str, params: Params<'_>) -> Result<Option<Row>, StoreError> {
        traced(span_name(sql), self.attributes(sql), async {
            Ok(self
                .rotating(|pool| run(pool, sql, params))
                .await?
                .into_iter()
                .next())
        })
        .await
    }

    /// Runs a write and returns how many rows it touched.
    pub async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, StoreError> {
        traced(span_name(sql), self.attributes(sql), async {
            Ok(self.rotating(|pool| execute(pool, sql, params)).await?)
        })
        .await
    }

    /// A pooled connection, for work that needs the client itself (migrations).
    pub async fn client(&self) -> Result<Object, StoreError> {
        Ok(self.pool().get().await.map_err(RunError::Pool)?)
    }

    fn pool(&self) -> Pool {
        self.inner
            .pool
            .read()
            .expect("the pool lock is never poisoned")
            .clone()
    }

    /// Runs `op`; when the server refused the credentials, reloads the configuration,
    /// rebuilds the pool and runs `op` once more.
    async fn rotating<T, F, Fut>(&self, op: F) -> Result<T, RunError>
    where
        F: Fn(Pool) -> Fut,
        Fut: Future<Output = Result<T, RunError>>,
    {
        let generation = self.inner.generation.load(Ordering::Acquire);
        match op(self.pool()).await {
            Err(e) if e.auth_failed() && self.reload(generation).await => op(self.pool()).await,
            other => other,
        }
    }

    /// Reloads the configuration unless another request already did since
    /// `generation`; answers whether there is a new pool to try.
    async fn reload(&self, generation: u64) -> bool {
        let Some(reload) = &self.inner.reload else {
            return false;
        };
        let _reloading = self.inner.reloading.lock().await;
        if self.inner.generation.load(Ordering::Acquire) != generation {
            return true;
        }
        match reload().await {
            Ok(config) => {
                *self.inner.pool.write().expect("the pool lock is never poisoned") = pool(&config);
                self.inner.generation.fetch_add(1, Ordering::AcqRel);
                tracing::info!("postgres credentials were refused; the configuration was read again");
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "postgres credentials were refused and could not be read again");
                false
            }
        }
    }

    fn attributes(&self, sql: &str) -> Vec<KeyValue> {
        vec![
            KeyValue::new("db.system.name", "postgresql"),
            KeyValue::new("db.namespace", self.inner.dbname.clone()),
            KeyValue::new("db.operation.name", operation(sql)),
            KeyValue::new("db.query.text", sql.to_owned()),
        ]
    }
}

async fn run(pool: Pool, sql: &str, params: Params<'_>) -> Result<Vec<Row>, RunError> {
    let client = pool.get().await.map_err(RunError::Pool)?;
    let query = async {
        let stmt = client.prepare_cached(sql).await?;
        client.query(&stmt, params).await
    };
    match tokio::time::timeout(QUERY_TIMEOUT, query).await {
        Ok(rows) => rows.map_err(RunError::Query),
        Err(_) => Err(discard(client)),
    }
}

async fn execute(pool: Pool, sql: &str, params: Params<'_>) -> Result<u64, RunError> {
    let client = pool.get().await.map_err(RunError::Pool)?;
    let statement = async {
        let stmt = client.prepare_cached(sql).await?;
        client.execute(&stmt, params).await
    };
    match tokio::time::timeout(QUERY_TIMEOUT, statement).await {
        Ok(count) => count.map_err(RunError::Query),
        Err(_) => Err(discard(client)),
    }
}

/// Takes a connection that did not answer out of the pool, so no later request waits
/// behind the statement it is stuck on.
fn discard(client: Object) -> RunError {
    drop(Object::take(client));
    RunError::Timeout
}

fn operation(sql: &str) -> String {
    sql.split_whitespace().next().unwrap_or("SQL").to_uppercase()
}

fn span_name(sql: &str) -> String {
    format!("postgres {}", operation(sql))
}
