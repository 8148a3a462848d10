//! How large uploads may be and how long presigned URLs live.

use std::time::Duration;

/// Largest file sent through the API itself. A Lambda request carries at most 6 MB and
/// API Gateway base64-encodes binary bodies (4/3 larger), so about 4.5 MB of file fits;
/// 4 MiB leaves room for the multipart framing.
pub const MAX_DIRECT_UPLOAD: u64 = 4 * 1024 * 1024;

/// Largest file sent straight to S3 with a presigned PUT: about 45 minutes of 48 kHz
/// stereo 24-bit WAV, and what a render can stage in Lambda's /tmp next to others.
pub const MAX_PRESIGNED_UPLOAD: u64 = 512 * 1024 * 1024;

/// Longest file name an upload keeps, in characters (after trimming and dropping a path).
pub const MAX_FILENAME_CHARS: usize = 255;

/// Longest content type an upload may declare, in characters.
pub const MAX_CONTENT_TYPE_CHARS: usize = 255;

/// How long a presigned GET or PUT URL stays valid.
pub const URL_TTL: Duration = Duration::from_secs(15 * 60);

/// The caps of one export, checked from the stored metadata before anything is
/// downloaded, and again (frames, time) while it renders. They keep a render within the
/// route's 29 s and the function's 4 GiB of `/tmp`; the numbers are in `docs/media.md`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExportLimits {
    /// Most tracks one export mixes (each is a temp file and a decoder).
    pub max_tracks: usize,
    /// Most bytes of tracks one export downloads.
    pub max_bytes: u64,
    /// Most seconds of audio summed over the tracks (the decoding and resampling work).
    pub max_track_seconds: f64,
    /// Longest export, in seconds of output; also the render's frame cap.
    pub max_output_seconds: f64,
    /// Time a render may take before it is abandoned.
    pub deadline: Duration,
    /// Tracks downloaded at once.
    pub download_concurrency: usize,
}

impl ExportLimits {
    /// The deployed caps.
    pub const DEFAULT: Self = Self {
        max_tracks: 32,
        max_bytes: 1024 * 1024 * 1024,
        max_track_seconds: 2.0 * 3600.0,
        max_output_seconds: 20.0 * 60.0,
        deadline: Duration::from_secs(18),
        download_concurrency: 4,
    };
}

impl Default for ExportLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
