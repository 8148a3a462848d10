//! Upload records in Postgres (`uploads`, migration V2).

use async_trait::async_trait;
use tokio_postgres::Row;
use uuid::Uuid;

use super::{Db, db_error};
use chrono::{DateTime, Utc};

use super::peaks::{json_column, read_json};
use crate::domain::{MemberId, Page, PageRequest, SessionId, UploadId};
use crate::media::{
    AudioFormat, AudioInfo, Loudness, NewUpload, Peaks, UploadRecord, UploadStatus, UploadStore,
};
use crate::store::StoreError;

/// Uploads in the `uploads` table.
#[derive(Clone)]
pub struct PgUploadStore {
    db: Db,
}

impl PgUploadStore {
    /// A store over an existing pool.
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

const UPLOAD_COLUMNS: &str = "id, session_id, object_key, filename, content_type, size_bytes, status, \
     checksum, audio_format, sample_rate, channels, duration_seconds, peaks::text AS peaks, loudness::text AS loudness, created_at, owner_id";

fn sql(template: &str) -> String {
    template.replace("{cols}", UPLOAD_COLUMNS)
}

#[async_trait]
impl UploadStore for PgUploadStore {
    async fn insert(&self, u: NewUpload) -> Result<UploadRecord, StoreError> {
        let statement = sql(
            "INSERT INTO uploads (id, session_id, object_key, filename, content_type, \
             size_bytes, status, checksum, audio_format, sample_rate, channels, duration_seconds, peaks, loudness, owner_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::jsonb, $14::text::jsonb, $15) RETURNING {cols}",
        );
        let session = u.session_id.map(|s| s.as_uuid());
        let (format, rate, channels, duration) = audio_columns(u.audio.as_ref());
        let size = u.size as i64;
        let peaks = json_column(u.peaks.as_ref())?;
        let loudness = json_column(u.loudness.as_ref())?;
        let owner = u.owner.as_ref().map(MemberId::as_str);
        let row = self
            .db
            .write_one(
                &statement,
                &[
                    &u.id.as_uuid(),
                    &session,
                    &u.object_key,
                    &u.filename,
                    &u.content_type,
                    &size,
                    &u.status.as_str(),
                    &u.checksum,
                    &format,
                    &rate,
                    &channels,
                    &duration,
                    &peaks,
                    &loudness,
                    &owner,
                ],
            )
            .await?;
        to_upload(&row)
    }

    async fn get(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError> {
        let statement = sql("SELECT {cols} FROM uploads WHERE id = $1");
        let row = self.db.read_opt(&statement, &[&id.as_uuid()]).await?;
        row.as_ref().map(to_upload).transpose()
    }

    async fn mark_ready(
        &self,
        id: UploadId,
        key: &str,
        checksum: &str,
        audio: AudioInfo,
        peaks: Option<Peaks>,
        loudness: Option<Loudness>,
    ) -> Result<Option<UploadRecord>, StoreError> {
        let statement = sql(
            "UPDATE uploads SET status = 'ready', object_key = $2, checksum = $3, audio_format = $4, \
             sample_rate = $5, channels = $6, duration_seconds = $7, peaks = $8::text::jsonb, \
             loudness = $9::text::jsonb \
             WHERE id = $1 AND status = 'pending' RETURNING {cols}",
        );
        let (format, rate, channels, duration) = audio_columns(Some(&audio));
        let peaks = json_column(peaks.as_ref())?;
        let loudness = json_column(loudness.as_ref())?;
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 9] = [
            &id.as_uuid(),
            &key,
            &checksum,
            &format,
            &rate,
            &channels,
            &duration,
            &peaks,
            &loudness,
        ];
        let row = self.db.write_opt(&statement, &params).await?;
        row.as_ref().map(to_upload).transpose()
    }

    async fn claim_confirmation(&self, id: UploadId, lease_seconds: i64) -> Result<bool, StoreError> {
        let statement = "UPDATE uploads SET confirming_until = now() + make_interval(secs => $2) \
             WHERE id = $1 AND status = 'pending' \
             AND (confirming_until IS NULL OR confirming_until < now()) RETURNING id";
        let lease = lease_seconds as f64;
        let row = self.db.write_opt(statement, &[&id.as_uuid(), &lease]).await?;
        Ok(row.is_some())
    }

    async fn release_confirmation(&self, id: UploadId) -> Result<(), StoreError> {
        let statement = "UPDATE uploads SET confirming_until = NULL WHERE id = $1 AND status = 'pending'";
        self.db.execute(statement, &[&id.as_uuid()]).await?;
        Ok(())
    }

    async fn delete(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError> {
        let statement = sql("DELETE FROM uploads WHERE id = $1 RETURNING {cols}");
        let row = self.db.write_opt(&statement, &[&id.as_uuid()]).await?;
        row.as_ref().map(to_upload).transpose()
    }

    async fn session_audio(&self, session: SessionId, limit: usize) -> Result<Vec<UploadRecord>, StoreError> {
        let statement = sql(
            "SELECT {cols} FROM uploads WHERE session_id = $1 AND status = 'ready' \
             AND audio_format IS NOT NULL ORDER BY created_at, id LIMIT $2",
        );
        let rows = self
            .db
            .read(&statement, &[&session.as_uuid(), &(limit as i64)])
            .await?;
        rows.iter().map(to_upload).collect()
    }

    async fn session_page(
        &self,
        session: SessionId,
        page: PageRequest,
    ) -> Result<Page<UploadRecord>, StoreError> {
        let limit = page.limit.get() as usize;
        let fetch = (limit + 1) as i64;
        let (after_at, after_id) = page.after.map(|c| (c.created_at, c.id)).unzip();
        let statement = sql(
            "SELECT {cols} FROM uploads WHERE session_id = $1 AND status = 'ready' \
             AND audio_format IS NOT NULL AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid)) \
             ORDER BY created_at, id LIMIT $4",
        );
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
            [&session.as_uuid(), &after_at, &after_id, &fetch];
        let rows = self.db.read(&statement, &params).await?;
        let items = rows.iter().map(to_upload).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::cut(items, limit, |r| (r.created_at, r.id.as_uuid())))
    }

    async fn stale(
        &self,
        pending_before: DateTime<Utc>,
        unbound_before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<UploadRecord>, StoreError> {
        let statement = sql(
            "SELECT {cols} FROM uploads WHERE (status = 'pending' AND created_at < $1) \
             OR (session_id IS NULL AND created_at < $2) ORDER BY created_at LIMIT $3",
        );
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 3] =
            [&pending_before, &unbound_before, &(limit as i64)];
        let rows = self.db.read(&statement, &params).await?;
        rows.iter().map(to_upload).collect()
    }

    async fn known_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let statement = "SELECT object_key FROM uploads WHERE object_key = ANY($1)";
        let rows = self.db.read(statement, &[&keys]).await?;
        rows.iter().map(|r| r.try_get(0).map_err(db_error)).collect()
    }
}

type AudioColumns = (Option<String>, Option<i32>, Option<i16>, Option<f64>);

fn audio_columns(audio: Option<&AudioInfo>) -> AudioColumns {
    match audio {
        None => (None, None, None, None),
        Some(a) => (
            Some(format_name(a.format).to_owned()),
            Some(a.sample_rate as i32),
            Some(a.channels as i16),
            a.duration_seconds,
        ),
    }
}

fn format_name(format: AudioFormat) -> &'static str {
    match format {
        AudioFormat::Wav => "wav",
        AudioFormat::Flac => "flac",
        AudioFormat::Ogg => "ogg",
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::internal("postgres", format!("stored upload has an invalid {what}"))
}

fn to_upload(row: &Row) -> Result<UploadRecord, StoreError> {
    let get = |e| db_error(e);
    let status = match row.try_get::<_, &str>("status").map_err(get)? {
        "pending" => UploadStatus::Pending,
        "ready" => UploadStatus::Ready,
        _ => return Err(corrupt("status")),
    };
    let format: Option<&str> = row.try_get("audio_format").map_err(get)?;
    let audio = match format {
        None => None,
        Some(name) => Some(AudioInfo {
            format: match name {
                "wav" => AudioFormat::Wav,
                "flac" => AudioFormat::Flac,
                "ogg" => AudioFormat::Ogg,
                _ => return Err(corrupt("audio format")),
            },
            sample_rate: row
                .try_get::<_, Option<i32>>("sample_rate")
                .map_err(get)?
                .unwrap_or(0) as u32,
            channels: row
                .try_get::<_, Option<i16>>("channels")
                .map_err(get)?
                .unwrap_or(0) as u16,
            duration_seconds: row.try_get("duration_seconds").map_err(get)?,
        }),
    };
    let session: Option<Uuid> = row.try_get("session_id").map_err(get)?;
    Ok(UploadRecord {
        id: row.try_get::<_, Uuid>("id").map_err(get)?.into(),
        session_id: session.map(SessionId::from),
        object_key: row.try_get("object_key").map_err(get)?,
        filename: row.try_get("filename").map_err(get)?,
        content_type: row.try_get("content_type").map_err(get)?,
        size: row.try_get::<_, i64>("size_bytes").map_err(get)? as u64,
        status,
        checksum: row.try_get("checksum").map_err(get)?,
        audio,
        peaks: read_json(row, "peaks")?,
        loudness: read_json(row, "loudness")?,
        created_at: row.try_get("created_at").map_err(get)?,
        owner: read_owner(row)?,
    })
}

/// The `owner_id` column (migration V9): a member id, or NULL.
pub(super) fn read_owner(row: &Row) -> Result<Option<MemberId>, StoreError> {
    let owner: Option<&str> = row.try_get("owner_id").map_err(db_error)?;
    owner
        .map(|o| {
            MemberId::parse(o)
                .map_err(|_| StoreError::internal("postgres", "stored owner is not a member id"))
        })
        .transpose()
}
