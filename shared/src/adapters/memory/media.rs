//! Upload and export records in memory, for unit tests of the media handlers. An
//! upload store can be told to fail inserts, to prove a failed write leaves no object.

use async_trait::async_trait;
use chrono::Utc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::domain::{ExportId, SessionId, UploadId};
use crate::media::{
    AudioInfo, ExportRecord, ExportStore, NewUpload, UploadRecord, UploadStatus, UploadStore,
};
use crate::store::StoreError;

/// Uploads in a vector.
#[derive(Default)]
pub struct InMemoryUploads {
    rows: Mutex<Vec<UploadRecord>>,
    failing: AtomicBool,
}

impl InMemoryUploads {
    /// Makes every later insert fail as if Postgres were down.
    pub fn fail_inserts(&self) {
        self.failing.store(true, Ordering::SeqCst);
    }

    /// How many uploads are recorded.
    pub fn len(&self) -> usize {
        self.rows.lock().unwrap().len()
    }

    /// Whether no upload is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[async_trait]
impl UploadStore for InMemoryUploads {
    async fn insert(&self, u: NewUpload) -> Result<UploadRecord, StoreError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(StoreError::unavailable("memory", "inserts are failing"));
        }
        let record = UploadRecord {
            id: u.id,
            session_id: u.session_id,
            object_key: u.object_key,
            filename: u.filename,
            content_type: u.content_type,
            size: u.size,
            status: u.status,
            checksum: u.checksum,
            audio: u.audio,
            created_at: Utc::now(),
        };
        self.rows.lock().unwrap().push(record.clone());
        Ok(record)
    }

    async fn get(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError> {
        Ok(self.rows.lock().unwrap().iter().find(|r| r.id == id).cloned())
    }

    async fn mark_ready(
        &self,
        id: UploadId,
        checksum: &str,
        audio: AudioInfo,
    ) -> Result<UploadRecord, StoreError> {
        let mut rows = self.rows.lock().unwrap();
        let row = rows
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| StoreError::internal("memory", "no such upload"))?;
        row.status = UploadStatus::Ready;
        row.checksum = Some(checksum.to_owned());
        row.audio = Some(audio);
        Ok(row.clone())
    }

    async fn delete(&self, id: UploadId) -> Result<(), StoreError> {
        self.rows.lock().unwrap().retain(|r| r.id != id);
        Ok(())
    }

    async fn session_audio(&self, session: SessionId) -> Result<Vec<UploadRecord>, StoreError> {
        let rows = self.rows.lock().unwrap();
        let ready = |r: &&UploadRecord| r.session_id == Some(session) && r.status == UploadStatus::Ready;
        Ok(rows
            .iter()
            .filter(ready)
            .filter(|r| r.audio.is_some())
            .cloned()
            .collect())
    }
}

/// Exports in a vector.
#[derive(Default)]
pub struct InMemoryExports {
    rows: Mutex<Vec<ExportRecord>>,
}

#[async_trait]
impl ExportStore for InMemoryExports {
    async fn insert(&self, export: ExportRecord) -> Result<ExportRecord, StoreError> {
        self.rows.lock().unwrap().push(export.clone());
        Ok(export)
    }

    async fn get(&self, id: ExportId) -> Result<Option<ExportRecord>, StoreError> {
        Ok(self.rows.lock().unwrap().iter().find(|r| r.id == id).cloned())
    }
}
