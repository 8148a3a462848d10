//! The media stores of one function, as its handlers receive them.

use std::sync::Arc;

use super::{ExportStore, ObjectStore, UploadStore};

/// Objects plus the records that describe them.
#[derive(Clone)]
pub struct Media {
    /// Where upload and export bytes live.
    pub objects: Arc<dyn ObjectStore>,
    /// Upload records.
    pub uploads: Arc<dyn UploadStore>,
    /// Export records.
    pub exports: Arc<dyn ExportStore>,
}
