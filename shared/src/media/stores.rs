//! The media stores of one function, as its handlers receive them.

use std::sync::Arc;

use super::{ExportLimits, ExportStore, ObjectStore, UploadStore};
use crate::store::StoreError;

/// Objects plus the records that describe them.
#[derive(Clone)]
pub struct Media {
    /// Where upload and export bytes live.
    pub objects: Arc<dyn ObjectStore>,
    /// Upload records.
    pub uploads: Arc<dyn UploadStore>,
    /// Export records.
    pub exports: Arc<dyn ExportStore>,
    /// How much one export may do.
    pub limits: ExportLimits,
}

impl Media {
    /// Opens the object store's connection during init (see [`ObjectStore::warm`]).
    pub async fn warm(&self) {
        self.objects.warm().await;
    }

    /// Deletes the object of an upload whose row was just deleted, unless another upload
    /// row still names it (a fork shares its source's objects). Called after the row is
    /// gone, so of two rows deleted at once the later check sees neither and deletes; an
    /// object a failure leaves behind has no row, and the sweep removes it.
    pub async fn delete_upload_object(&self, key: &str) -> Result<bool, StoreError> {
        if !self.uploads.known_keys(&[key.to_owned()]).await?.is_empty() {
            return Ok(false);
        }
        self.objects.delete(key).await?;
        Ok(true)
    }
}
