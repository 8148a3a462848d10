//! Upload and export records: what the studio knows of a file besides its bytes.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{AppliedMastering, AudioInfo, ExportFormat, Loudness, Peaks};
use crate::domain::{ExportId, MemberId, SessionId, UploadId};

/// Whether an upload's bytes are in the store yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UploadStatus {
    /// A presigned PUT was handed out; the object may not exist yet.
    Pending,
    /// The object is stored and its audio metadata read.
    Ready,
}

impl UploadStatus {
    /// The value of the `status` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Ready => "ready",
        }
    }
}

/// An upload as recorded; `metadata` in responses.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadRecord {
    #[serde(skip)]
    pub id: UploadId,
    pub session_id: Option<SessionId>,
    #[serde(skip)]
    pub object_key: String,
    pub filename: String,
    pub content_type: String,
    /// Bytes; for a pending upload, the size the PUT URL is signed for.
    pub size: u64,
    pub status: UploadStatus,
    /// `sha256:<hex>` of the stored bytes, once they are there.
    pub checksum: Option<String>,
    pub audio: Option<AudioInfo>,
    /// The waveform, once the audio is stored (see [`Peaks`]).
    pub peaks: Option<Peaks>,
    /// EBU R128 loudness, measured with the peaks (`None` while pending, and for
    /// uploads stored before loudness was kept).
    pub loudness: Option<Loudness>,
    pub created_at: DateTime<Utc>,
    /// The member who made it (invite mode); `None` in open mode.
    #[serde(skip)]
    pub owner: Option<MemberId>,
}

/// An upload about to be recorded.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub id: UploadId,
    pub session_id: Option<SessionId>,
    pub object_key: String,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    pub status: UploadStatus,
    pub checksum: Option<String>,
    pub audio: Option<AudioInfo>,
    pub peaks: Option<Peaks>,
    pub owner: Option<MemberId>,
    pub loudness: Option<Loudness>,
}

/// A rendered export as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportRecord {
    pub id: ExportId,
    pub session_id: SessionId,
    #[serde(skip)]
    pub object_key: String,
    pub size: u64,
    pub sample_rate: u32,
    pub channels: u16,
    pub frames: u64,
    pub track_count: u32,
    /// Tracks of the session left out of the mix, and why.
    pub skipped_tracks: Vec<SkippedTrack>,
    /// The mix's waveform (`None` for exports recorded before peaks were kept).
    pub peaks: Option<Peaks>,
    /// The mix's EBU R128 loudness as written (`None` for exports recorded before
    /// loudness was kept).
    pub loudness: Option<Loudness>,
    /// What mastering applied (`None` for exports recorded before mastering).
    pub mastering: Option<AppliedMastering>,
    /// The arrangement version rendered (`None` for exports recorded before exports
    /// rendered the arrangement).
    pub version: Option<u64>,
    /// `wav16`, `wav24`, `wav32f`, `flac16` or `flac24` (`None` for exports recorded
    /// before formats; they are `wav16`).
    pub format: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The member who asked for it (invite mode); `None` in open mode.
    #[serde(skip)]
    pub owner: Option<MemberId>,
}

impl ExportRecord {
    /// The name its download is saved as: `export-{session}-v{version}.wav` (or
    /// `.flac`; a name of ids only, so it needs no escaping in a header).
    pub fn download_name(&self) -> String {
        let version = self.version.map_or_else(String::new, |v| format!("-v{v}"));
        let extension = self.file_format().extension();
        format!("export-{}{version}.{extension}", self.session_id)
    }

    /// `audio/wav` or `audio/flac`.
    pub fn content_type(&self) -> &'static str {
        self.file_format().content_type()
    }

    /// The format it was written in (exports recorded before formats are `wav16`).
    fn file_format(&self) -> ExportFormat {
        self.format
            .as_deref()
            .and_then(ExportFormat::from_name)
            .unwrap_or_default()
    }
}

/// A track an export left out: its object was missing or could not be decoded. One
/// bad track never fails the export of the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkippedTrack {
    pub upload_id: UploadId,
    pub filename: String,
    pub reason: String,
}
