//! Media: uploaded audio and rendered exports. The ports their records and bytes are
//! kept behind, audio probing, mixing to WAV, checksums, limits and object keys.

mod audio;
mod checksum;
mod keys;
mod limits;
mod ports;
mod records;
mod render;
mod stores;

pub use audio::{AudioFormat, AudioInfo, ProbeError, probe_bytes, probe_file};
pub use checksum::{sha256_bytes, sha256_file};
pub use keys::{export_key, upload_key};
pub use limits::{MAX_DIRECT_UPLOAD, MAX_PRESIGNED_UPLOAD, URL_TTL};
pub use ports::{ExportStore, ObjectInfo, ObjectStore, PENDING_TAG, UploadStore};
pub use records::{ExportRecord, NewUpload, UploadRecord, UploadStatus};
pub use render::{OUTPUT_CHANNELS, OUTPUT_RATE, RenderError, Rendered, render_to_wav};
pub use stores::Media;
