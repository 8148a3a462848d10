//! Upload and export records in memory, for unit tests of the media handlers. An
//! upload store can be told to fail inserts, to prove a failed write leaves no object.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::domain::{ExportId, Page, PageRequest, SessionId, UploadId};
use crate::media::{
    AudioInfo, ExportRecord, ExportStore, Loudness, NewUpload, Peaks, UploadRecord, UploadStatus, UploadStore,
};
use crate::store::StoreError;

/// Uploads in a vector.
#[derive(Default)]
pub struct InMemoryUploads {
    rows: Mutex<Vec<UploadRecord>>,
    failing: AtomicBool,
    /// Uploads whose confirmation is claimed (leases never lapse here).
    claimed: Mutex<std::collections::HashSet<UploadId>>,
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
            peaks: u.peaks,
            loudness: u.loudness,
            created_at: Utc::now(),
            owner: u.owner,
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
        key: &str,
        checksum: &str,
        audio: AudioInfo,
        peaks: Option<Peaks>,
        loudness: Option<Loudness>,
    ) -> Result<Option<UploadRecord>, StoreError> {
        let mut rows = self.rows.lock().unwrap();
        let pending = |r: &&mut UploadRecord| r.id == id && r.status == UploadStatus::Pending;
        Ok(rows.iter_mut().find(pending).map(|row| {
            row.status = UploadStatus::Ready;
            row.object_key = key.to_owned();
            row.checksum = Some(checksum.to_owned());
            row.audio = Some(audio);
            row.peaks = peaks.clone();
            row.loudness = loudness;
            row.clone()
        }))
    }

    async fn claim_confirmation(&self, id: UploadId, _lease_seconds: i64) -> Result<bool, StoreError> {
        let pending = self
            .rows
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.id == id && r.status == UploadStatus::Pending);
        Ok(pending && self.claimed.lock().unwrap().insert(id))
    }

    async fn release_confirmation(&self, id: UploadId) -> Result<(), StoreError> {
        self.claimed.lock().unwrap().remove(&id);
        Ok(())
    }

    async fn delete(&self, id: UploadId) -> Result<Option<UploadRecord>, StoreError> {
        let mut rows = self.rows.lock().unwrap();
        let at = rows.iter().position(|r| r.id == id);
        Ok(at.map(|i| rows.remove(i)))
    }

    async fn session_audio(&self, session: SessionId, limit: usize) -> Result<Vec<UploadRecord>, StoreError> {
        let rows = self.rows.lock().unwrap();
        let ready = |r: &&UploadRecord| r.session_id == Some(session) && r.status == UploadStatus::Ready;
        Ok(rows
            .iter()
            .filter(ready)
            .filter(|r| r.audio.is_some())
            .take(limit)
            .cloned()
            .collect())
    }

    async fn session_page(
        &self,
        session: SessionId,
        page: PageRequest,
    ) -> Result<Page<UploadRecord>, StoreError> {
        let limit = page.limit.get() as usize;
        let mut items = self.session_audio(session, usize::MAX).await?;
        if let Some(after) = page.after {
            items.retain(|r| (r.created_at, r.id.as_uuid()) > (after.created_at, after.id));
        }
        Ok(Page::cut(items, limit, |r| (r.created_at, r.id.as_uuid())))
    }

    async fn stale(
        &self,
        pending_before: DateTime<Utc>,
        unbound_before: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<UploadRecord>, StoreError> {
        let rows = self.rows.lock().unwrap();
        let stale = |r: &&UploadRecord| {
            (r.status == UploadStatus::Pending && r.created_at < pending_before)
                || (r.session_id.is_none() && r.created_at < unbound_before)
        };
        Ok(rows.iter().filter(stale).take(limit).cloned().collect())
    }

    async fn known_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let rows = self.rows.lock().unwrap();
        Ok(known(keys, rows.iter().map(|r| r.object_key.as_str())))
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

    async fn session_page(
        &self,
        session: SessionId,
        page: PageRequest,
    ) -> Result<Page<ExportRecord>, StoreError> {
        let limit = page.limit.get() as usize;
        let key = |r: &ExportRecord| (r.created_at, r.id.as_uuid());
        let mut items: Vec<ExportRecord> = self.rows.lock().unwrap().clone();
        items.retain(|r| r.session_id == session);
        items.sort_by_key(|r| std::cmp::Reverse(key(r)));
        if let Some(after) = page.after {
            items.retain(|r| key(r) < (after.created_at, after.id));
        }
        Ok(Page::cut(items, limit, key))
    }

    async fn delete(&self, id: ExportId) -> Result<Option<ExportRecord>, StoreError> {
        let mut rows = self.rows.lock().unwrap();
        let at = rows.iter().position(|r| r.id == id);
        Ok(at.map(|i| rows.remove(i)))
    }

    async fn expired(&self, before: DateTime<Utc>, limit: usize) -> Result<Vec<ExportRecord>, StoreError> {
        let rows = self.rows.lock().unwrap();
        let old = rows.iter().filter(|r| r.created_at < before);
        Ok(old.take(limit).cloned().collect())
    }

    async fn known_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let rows = self.rows.lock().unwrap();
        Ok(known(keys, rows.iter().map(|r| r.object_key.as_str())))
    }
}

/// The keys of `keys` that a row names, as the sweep asks.
fn known<'a>(keys: &[String], named: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    keys.iter()
        .filter(|k| named.clone().any(|n| n == k.as_str()))
        .cloned()
        .collect()
}
