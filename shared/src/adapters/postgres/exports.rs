//! Export records in Postgres (`exports`, migration V3).

use async_trait::async_trait;
use tokio_postgres::Row;
use uuid::Uuid;

use super::{Db, db_error};
use crate::domain::ExportId;
use crate::media::{ExportRecord, ExportStore};
use crate::store::StoreError;

/// Exports in the `exports` table.
#[derive(Clone)]
pub struct PgExportStore {
    db: Db,
}

impl PgExportStore {
    /// A store over an existing pool.
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

const EXPORT_COLUMNS: &str =
    "id, session_id, object_key, size_bytes, sample_rate, channels, frames, track_count, created_at";

#[async_trait]
impl ExportStore for PgExportStore {
    async fn insert(&self, e: ExportRecord) -> Result<ExportRecord, StoreError> {
        let statement = format!(
            "INSERT INTO exports (id, session_id, object_key, size_bytes, sample_rate, channels, frames, \
             track_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {EXPORT_COLUMNS}"
        );
        let (size, rate, channels) = (e.size as i64, e.sample_rate as i32, e.channels as i16);
        let (frames, tracks) = (e.frames as i64, e.track_count as i32);
        let row = self
            .db
            .write_one(
                &statement,
                &[
                    &e.id.as_uuid(),
                    &e.session_id.as_uuid(),
                    &e.object_key,
                    &size,
                    &rate,
                    &channels,
                    &frames,
                    &tracks,
                ],
            )
            .await?;
        to_export(&row)
    }

    async fn get(&self, id: ExportId) -> Result<Option<ExportRecord>, StoreError> {
        let statement = format!("SELECT {EXPORT_COLUMNS} FROM exports WHERE id = $1");
        let row = self.db.read_opt(&statement, &[&id.as_uuid()]).await?;
        row.as_ref().map(to_export).transpose()
    }
}

fn to_export(row: &Row) -> Result<ExportRecord, StoreError> {
    let get = |e| db_error(e);
    Ok(ExportRecord {
        id: row.try_get::<_, Uuid>("id").map_err(get)?.into(),
        session_id: row.try_get::<_, Uuid>("session_id").map_err(get)?.into(),
        object_key: row.try_get("object_key").map_err(get)?,
        size: row.try_get::<_, i64>("size_bytes").map_err(get)? as u64,
        sample_rate: row.try_get::<_, i32>("sample_rate").map_err(get)? as u32,
        channels: row.try_get::<_, i16>("channels").map_err(get)? as u16,
        frames: row.try_get::<_, i64>("frames").map_err(get)? as u64,
        track_count: row.try_get::<_, i32>("track_count").map_err(get)? as u32,
        created_at: row.try_get("created_at").map_err(get)?,
    })
}
