//! Export records in Postgres (`exports`, migration V3).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tokio_postgres::Row;
use uuid::Uuid;

use super::peaks::{json_column, read_json};
use super::uploads::read_owner;
use super::{Db, db_error};
use crate::domain::{ExportId, Page, PageRequest, SessionId};
use crate::media::{ExportRecord, ExportStore, SkippedTrack};
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

const EXPORT_COLUMNS: &str = "id, session_id, object_key, size_bytes, sample_rate, channels, frames, \
     track_count, skipped_tracks, peaks::text AS peaks, loudness::text AS loudness, created_at, owner_id, \
     mastering::text AS mastering, arrangement_version, format";

#[async_trait]
impl ExportStore for PgExportStore {
    async fn insert(&self, e: ExportRecord) -> Result<ExportRecord, StoreError> {
        let statement = format!(
            "INSERT INTO exports (id, session_id, object_key, size_bytes, sample_rate, channels, frames, \
             track_count, skipped_tracks, peaks, loudness, owner_id, mastering, arrangement_version, format) VALUES ($1, $2, $3, \
             $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11::text::jsonb, $12, $13::text::jsonb, $14, $15) \
             RETURNING {EXPORT_COLUMNS}"
        );
        let (size, rate, channels) = (e.size as i64, e.sample_rate as i32, e.channels as i16);
        let (frames, tracks) = (e.frames as i64, e.track_count as i32);
        let skipped =
            serde_json::to_string(&e.skipped_tracks).map_err(|e| StoreError::internal("postgres", e))?;
        let peaks = json_column(e.peaks.as_ref())?;
        let loudness = json_column(e.loudness.as_ref())?;
        let owner = e.owner.as_ref().map(|o| o.as_str());
        let mastering = json_column(e.mastering.as_ref())?;
        let version = e.version.map(|v| v as i64);
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
                    &skipped,
                    &peaks,
                    &loudness,
                    &owner,
                    &mastering,
                    &version,
                    &e.format,
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

    async fn session_page(
        &self,
        session: SessionId,
        page: PageRequest,
    ) -> Result<Page<ExportRecord>, StoreError> {
        let limit = page.limit.get() as usize;
        let fetch = (limit + 1) as i64;
        let (before_at, before_id) = page.after.map(|c| (c.created_at, c.id)).unzip();
        let statement = format!(
            "SELECT {EXPORT_COLUMNS} FROM exports WHERE session_id = $1 \
             AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid)) \
             ORDER BY created_at DESC, id DESC LIMIT $4"
        );
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
            [&session.as_uuid(), &before_at, &before_id, &fetch];
        let rows = self.db.read(&statement, &params).await?;
        let items = rows.iter().map(to_export).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::cut(items, limit, |r| (r.created_at, r.id.as_uuid())))
    }

    async fn delete(&self, id: ExportId) -> Result<Option<ExportRecord>, StoreError> {
        let statement = format!("DELETE FROM exports WHERE id = $1 RETURNING {EXPORT_COLUMNS}");
        let row = self.db.write_opt(&statement, &[&id.as_uuid()]).await?;
        row.as_ref().map(to_export).transpose()
    }

    async fn expired(&self, before: DateTime<Utc>, limit: usize) -> Result<Vec<ExportRecord>, StoreError> {
        let statement = format!(
            "SELECT {EXPORT_COLUMNS} FROM exports WHERE created_at < $1 ORDER BY created_at LIMIT $2"
        );
        let rows = self.db.read(&statement, &[&before, &(limit as i64)]).await?;
        rows.iter().map(to_export).collect()
    }

    async fn known_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let statement = "SELECT object_key FROM exports WHERE object_key = ANY($1)";
        let rows = self.db.read(statement, &[&keys]).await?;
        rows.iter().map(|r| r.try_get(0).map_err(db_error)).collect()
    }
}

/// A skipped track as stored in `skipped_tracks`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredSkip {
    upload_id: Uuid,
    filename: String,
    reason: String,
}

fn skipped(row: &Row) -> Result<Vec<SkippedTrack>, StoreError> {
    let text: &str = row.try_get("skipped_tracks").map_err(db_error)?;
    let stored: Vec<StoredSkip> = serde_json::from_str(text)
        .map_err(|e| StoreError::internal("postgres", format!("stored skipped tracks: {e}")))?;
    Ok(stored
        .into_iter()
        .map(|s| SkippedTrack {
            upload_id: s.upload_id.into(),
            filename: s.filename,
            reason: s.reason,
        })
        .collect())
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
        skipped_tracks: skipped(row)?,
        peaks: read_json(row, "peaks")?,
        loudness: read_json(row, "loudness")?,
        mastering: read_json(row, "mastering")?,
        version: row
            .try_get::<_, Option<i64>>("arrangement_version")
            .map_err(get)?
            .map(|v| v as u64),
        format: row.try_get("format").map_err(get)?,
        created_at: row.try_get("created_at").map_err(get)?,
        owner: read_owner(row)?,
    })
}
