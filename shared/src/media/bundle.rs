//! The media stores of one container, as handlers receive them.

use std::sync::Arc;

use super::{ExportStore, UploadStore};
use super::{ObjectStore, PgExportStore, PgUploadStore};
use crate::db::Db;

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

impl Media {
    /// Records in Postgres over `db`, bytes in `objects`.
    pub fn new(db: Db, objects: Arc<dyn ObjectStore>) -> Self {
        Self {
            objects,
            uploads: Arc::new(PgUploadStore::new(db.clone())),
            exports: Arc::new(PgExportStore::new(db)),
        }
    }
}
