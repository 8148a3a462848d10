//! Media: uploaded audio and rendered exports, their objects in S3 and records in Postgres.

mod audio;
mod bundle;
mod checksum;
mod ids;
mod limits;
mod memory;
mod objects;
mod pg;
mod pg_exports;
mod records;
mod render;
mod s3;

pub use audio::{AudioFormat, AudioInfo, ProbeError, probe_bytes, probe_file};
pub use bundle::Media;
pub use checksum::{sha256_bytes, sha256_file};
pub use ids::{ExportId, InvalidMediaId, UploadId, export_key, upload_key};
pub use limits::{MAX_DIRECT_UPLOAD, MAX_PRESIGNED_UPLOAD, URL_TTL};
pub use memory::{InMemoryExports, InMemoryUploads};
pub use objects::{InMemoryObjects, ObjectInfo, ObjectStore, PENDING_TAG};
pub use pg::PgUploadStore;
pub use pg_exports::PgExportStore;
pub use records::{ExportRecord, ExportStore, NewUpload, UploadRecord, UploadStatus, UploadStore};
pub use render::{OUTPUT_CHANNELS, OUTPUT_RATE, RenderError, Rendered, render_to_wav};
pub use s3::{S3Config, S3Objects};
