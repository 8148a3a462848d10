//! Media: uploaded audio and rendered exports. The ports their records and bytes are
//! kept behind, audio probing, waveform peaks and loudness, mixing to WAV, checksums, limits (and the export caps
//! checked against them), object keys, and the sweep of what is left behind.

mod analysis;
mod audio;
mod caps;
mod checksum;
mod keys;
mod limits;
mod loudness;
mod master;
mod peaks;
mod ports;
mod records;
mod render;
mod stores;
mod sweep;

pub use analysis::{Analysis, analyse_bytes, analyse_file};
pub use audio::{AudioFormat, AudioInfo, ProbeError, probe_bytes, probe_file};
pub use caps::{OverCap, check as check_caps, check_tracks};
pub use checksum::{sha256_bytes, sha256_file};
pub use keys::{EXPORTS, INCOMING, UNBOUND_UPLOADS, UPLOADS, export_key, incoming_key, upload_key};
pub use limits::{
    ExportLimits, MAX_CONTENT_TYPE_CHARS, MAX_DIRECT_UPLOAD, MAX_FILENAME_CHARS, MAX_PRESIGNED_UPLOAD,
    URL_TTL,
};
pub use loudness::{Loudness, LoudnessMeter};
pub use master::{
    AppliedMastering, Delivery, Format as ExportFormat, FormatError, Mastering, MasteringError, Mixer,
    SampleRate, SampleRateError, Target as MasteringTarget, render_mastered,
};
pub use peaks::{PEAK_BUCKETS, PEAK_CHANNELS, PEAK_MAX_SECONDS, PeakBuilder, Peaks};
pub use ports::{ExportStore, ListedObject, ObjectInfo, ObjectStore, PENDING_TAG, UploadStore};
pub use records::{ExportRecord, NewUpload, SkippedTrack, UploadRecord, UploadStatus};
pub use render::{
    Mixed, OUTPUT_CHANNELS, OUTPUT_RATE, PlannedClip, RenderBounds, RenderError, RenderPlan, Rendered,
    mix_blocks, mix_plan, pan_law, render_to_wav,
};
pub use stores::Media;
pub use sweep::{SweepPolicy, SweepReport, sweep};
