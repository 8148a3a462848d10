//! The ports media handlers talk to: upload and export records (Postgres in production)
//! and the bytes themselves (S3; SeaweedFS locally). In-memory adapters serve unit tests.

use async_trait::async_trait;
use bytes::Bytes;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{AudioInfo, ExportRecord, Loudness, NewUpload, Peaks, UploadRecord};
use crate::domain::{ExportId, Page, PageRequest, SessionId, UploadId};
use crate::store::StoreError;

/// Where upload records live.
#[async_trait]
pub trait UploadStore: Send + Sync {
    /// Records an upload.
    async fn insert(&self, upload: NewUpload) -> Result<UploadRecord, StoreError>;
    /// One upload, or `None`.
    async fn get(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError>;
    /// Marks a pending upload ready with what its bytes said, now stored at `key`.
    /// `None` when it was not pending any more (another request confirmed it first).
    async fn mark_ready(
        &self,
        id: UploadId,
        key: &str,
        checksum: &str,
        audio: AudioInfo,
        peaks: Option<Peaks>,
        loudness: Option<Loudness>,
    ) -> Result<Option<UploadRecord>, StoreError>;
    /// Claims the confirmation of a pending upload for `lease_seconds`: the one request
    /// that reads and checks its object. `false` when it is not pending any more or
    /// another request holds a claim that has not lapsed.
    async fn claim_confirmation(&self, id: UploadId, lease_seconds: i64) -> Result<bool, StoreError>;
    /// Gives a claim back (the object was not there yet, or its check failed), so the
    /// next read tries again.
    async fn release_confirmation(&self, id: UploadId) -> Result<(), StoreError>;
    /// Forgets an upload; the record it had, if any.
    async fn delete(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError>;
    /// Up to `limit` ready audio uploads of a session, oldest first: the tracks of an
    /// export.
    async fn session_audio(&self, session: SessionId, limit: usize) -> Result<Vec<UploadRecord>, StoreError>;
    /// A page of a session's ready audio uploads, oldest first.
    async fn session_page(
        &self,
        session: SessionId,
        page: PageRequest,
    ) -> Result<Page<UploadRecord>, StoreError>;
    /// Up to `limit` uploads to sweep: pending ones created before `pending_before`,
    /// and ones without a session created before `unbound_before`.
    async fn stale(
        &self,
        pending_before: DateTime<Utc>,
        unbound_before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<UploadRecord>, StoreError>;
    /// Which of `keys` a recorded upload names.
    async fn known_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError>;
}

/// Where export records live.
#[async_trait]
pub trait ExportStore: Send + Sync {
    /// Records an export; `created_at` is set by the store.
    async fn insert(&self, export: ExportRecord) -> Result<ExportRecord, StoreError>;
    /// One export, or `None`.
    async fn get(&self, id: ExportId) -> Result<Option<ExportRecord>, StoreError>;
    /// A page of a session's exports, newest first.
    async fn session_page(
        &self,
        session: SessionId,
        page: PageRequest,
    ) -> Result<Page<ExportRecord>, StoreError>;
    /// Forgets an export; the record it had, if any.
    async fn delete(&self, id: ExportId) -> Result<Option<ExportRecord>, StoreError>;
    /// Up to `limit` exports created before `before` (their objects have expired).
    async fn expired(&self, before: DateTime<Utc>, limit: usize) -> Result<Vec<ExportRecord>, StoreError>;
    /// Which of `keys` a recorded export names.
    async fn known_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError>;
}

/// An object found by listing a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedObject {
    pub key: String,
    pub last_modified: DateTime<Utc>,
}

/// What a HEAD of an object says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    pub size: u64,
    pub content_type: Option<String>,
}

/// A bucket, seen through the operations the studio needs.
#[async_trait]
pub trait ObjectStore: Send + Sync {
    /// Opens the store's connection ahead of the first request (TLS handshake, signing
    /// credentials), so a cold start pays it during init. Failures are only logged:
    /// the first request then connects as it would have.
    async fn warm(&self) {}
    /// Stores `body` under `key`.
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), StoreError>;
    /// Stores the file at `path` under `key`, streaming it.
    async fn put_file(&self, key: &str, path: &Path, content_type: &str) -> Result<(), StoreError>;
    /// The object's size and type, or `None` when there is no such object.
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError>;
    /// Streams the object into the file at `path`; false when there is no such object.
    async fn download(&self, key: &str, path: &Path) -> Result<bool, StoreError>;
    /// Up to `max` objects under `prefix` whose keys sort after `after`, in key order.
    async fn list(
        &self,
        prefix: &str,
        after: Option<&str>,
        max: usize,
    ) -> Result<Vec<ListedObject>, StoreError>;
    /// Removes the object; removing a missing object is not an error.
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    /// A URL that GETs exactly this object until `ttl` has passed.
    async fn presign_get(&self, key: &str, ttl: Duration) -> Result<String, StoreError>;
    /// As [`ObjectStore::presign_get`], answered as a download of `content_type` saved
    /// as `filename` (`Content-Type`, and `Content-Disposition: attachment`). Stores
    /// that cannot say so hand out the plain URL.
    async fn presign_download(
        &self,
        key: &str,
        ttl: Duration,
        (filename, content_type): (&str, &str),
    ) -> Result<String, StoreError> {
        let _ = (filename, content_type);
        self.presign_get(key, ttl).await
    }
    /// A URL that PUTs exactly this object, with this content type and length only, and
    /// the [`PENDING_TAG`] header, so an upload nobody confirms expires by itself.
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        length: u64,
        ttl: Duration,
    ) -> Result<String, StoreError>;
}

/// The `x-amz-tagging` value of objects PUT through presigned URLs; the bucket's
/// lifecycle rule expires objects still tagged with it after two days.
pub const PENDING_TAG: &str = "studio-upload=pending";
