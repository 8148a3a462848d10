//! Idempotency keys in Postgres (`idempotency_keys`, migration V4).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Db, db_error};
use crate::idempotency::{CLAIM_TTL, Claim, IdempotencyStore, KEY_TTL, StoredAnswer};
use crate::store::StoreError;

/// Keys in the `idempotency_keys` table.
#[derive(Clone)]
pub struct PgIdempotencyStore {
    db: Db,
}

impl PgIdempotencyStore {
    /// A store over an existing pool.
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

/// Forgets a key whose answer is older than a day or past what it contains, or whose
/// claim was abandoned.
const FORGET: &str = "DELETE FROM idempotency_keys WHERE route = $1 AND key = $2 \
     AND (created_at < now() - make_interval(secs => $3) OR expires_at < now() \
          OR (status IS NULL AND created_at < now() - make_interval(secs => $4)))";

const INSERT: &str = "INSERT INTO idempotency_keys (route, key, fingerprint) VALUES ($1, $2, $3) \
     ON CONFLICT (route, key) DO NOTHING RETURNING key";

const HOLDER: &str = "SELECT fingerprint, status, body FROM idempotency_keys WHERE route = $1 AND key = $2";

#[async_trait]
impl IdempotencyStore for PgIdempotencyStore {
    async fn claim(&self, route: &str, key: &str, fingerprint: &str) -> Result<Claim, StoreError> {
        let (ttl, claim_ttl) = (KEY_TTL.as_secs_f64(), CLAIM_TTL.as_secs_f64());
        self.db.execute(FORGET, &[&route, &key, &ttl, &claim_ttl]).await?;
        if self
            .db
            .write_opt(INSERT, &[&route, &key, &fingerprint])
            .await?
            .is_some()
        {
            return Ok(Claim::Claimed);
        }
        let Some(row) = self.db.read_opt(HOLDER, &[&route, &key]).await? else {
            // The holder gave the key up between our insert and our read.
            return Err(StoreError::unavailable(
                "postgres",
                "an idempotency key changed hands",
            ));
        };
        let fingerprint: String = row.try_get("fingerprint").map_err(db_error)?;
        let status: Option<i16> = row.try_get("status").map_err(db_error)?;
        let body: Option<String> = row.try_get("body").map_err(db_error)?;
        Ok(match (status, body) {
            (Some(status), Some(body)) => Claim::Answered {
                fingerprint,
                answer: StoredAnswer {
                    status: status as u16,
                    body,
                },
            },
            _ => Claim::InFlight { fingerprint },
        })
    }

    async fn complete(
        &self,
        route: &str,
        key: &str,
        answer: &StoredAnswer,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let status = answer.status as i16;
        self.db
            .execute(
                "UPDATE idempotency_keys SET status = $3, body = $4, expires_at = $5 \
                 WHERE route = $1 AND key = $2",
                &[&route, &key, &status, &answer.body, &expires_at],
            )
            .await?;
        Ok(())
    }

    async fn expire(&self, before: DateTime<Utc>, limit: usize) -> Result<u64, StoreError> {
        let statement = "DELETE FROM idempotency_keys WHERE (route, key) IN \
             (SELECT route, key FROM idempotency_keys WHERE created_at < $1 OR expires_at < now() \
              ORDER BY created_at LIMIT $2)";
        self.db.execute(statement, &[&before, &(limit as i64)]).await
    }

    async fn release(&self, route: &str, key: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM idempotency_keys WHERE route = $1 AND key = $2 AND status IS NULL",
                &[&route, &key],
            )
            .await?;
        Ok(())
    }
}
