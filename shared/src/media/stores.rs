//! The media stores of one function, as its handlers receive them.

use std::sync::Arc;

use super::{ExportLimits, ExportStore, ObjectStore, UploadStore};

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
}
