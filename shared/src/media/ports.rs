//! The ports media handlers talk to: upload and export records (Postgres in production)
//! and the bytes themselves (S3; SeaweedFS locally). In-memory adapters serve unit tests.

use async_trait::async_trait;
use bytes::Bytes;
use std::path::Path;
use std::time::Duration;

use super::{AudioInfo, ExportRecord, NewUpload, UploadRecord};
use crate::domain::{ExportId, SessionId, UploadId};
use crate::store::StoreError;

/// Where upload records live.
#[async_trait]
pub trait UploadStore: Send + Sync {
    /// Records an upload.
    async fn insert(&self, upload: NewUpload) -> Result<UploadRecord, StoreError>;
    /// One upload, or `None`.
    async fn get(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError>;
    /// Marks a pending upload ready with what its bytes said.
    async fn mark_ready(
        &self,
        id: UploadId,
        checksum: &str,
        audio: AudioInfo,
    ) -> Result<UploadRecord, StoreError>;
    /// Forgets an upload.
    async fn delete(&self, id: UploadId) -> Result<(), StoreError>;
    /// The ready audio uploads of a session, oldest first: the tracks of an export.
    async fn session_audio(&self, session: SessionId) -> Result<Vec<UploadRecord>, StoreError>;
}

/// Where export records live.
#[async_trait]
pub trait ExportStore: Send + Sync {
    /// Records an export; `created_at` is set by the store.
    async fn insert(&self, export: ExportRecord) -> Result<ExportRecord, StoreError>;
    /// One export, or `None`.
    async fn get(&self, id: ExportId) -> Result<Option<ExportRecord>, StoreError>;
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
    /// Stores `body` under `key`.
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), StoreError>;
    /// Stores the file at `path` under `key`, streaming it.
    async fn put_file(&self, key: &str, path: &Path, content_type: &str) -> Result<(), StoreError>;
    /// The object's size and type, or `None` when there is no such object.
    async fn head(&self, key: &str) -> Result<Option<ObjectInfo>, StoreError>;
    /// Streams the object into the file at `path`.
    async fn download(&self, key: &str, path: &Path) -> Result<(), StoreError>;
    /// Removes the object; removing a missing object is not an error.
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    /// A URL that GETs exactly this object until `ttl` has passed.
    async fn presign_get(&self, key: &str, ttl: Duration) -> Result<String, StoreError>;
    /// A URL that PUTs exactly this object, with this content type and length only, and
    /// the [`PENDING_TAG`] header, so an upload nobody confirms expires by itself.
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        length: u64,
        ttl: Duration,
    ) -> Result<String, StoreError>;
    /// Clears the pending tag of a confirmed upload, so the bucket keeps it.
    async fn keep(&self, key: &str) -> Result<(), StoreError>;
}

/// The `x-amz-tagging` value of objects PUT through presigned URLs; the bucket's
/// lifecycle rule expires objects still tagged with it after two days.
pub const PENDING_TAG: &str = "studio-upload=pending";
