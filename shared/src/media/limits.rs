//! How large uploads may be and how long presigned URLs live.

use std::time::Duration;

/// Largest file sent through the API itself. A Lambda request carries at most 6 MB and
/// API Gateway base64-encodes binary bodies (4/3 larger), so about 4.5 MB of file fits;
/// 4 MiB leaves room for the multipart framing.
pub const MAX_DIRECT_UPLOAD: u64 = 4 * 1024 * 1024;

/// Largest file sent straight to S3 with a presigned PUT: about 45 minutes of 48 kHz
/// stereo 24-bit WAV, and what a render can stage in Lambda's /tmp next to others.
pub const MAX_PRESIGNED_UPLOAD: u64 = 512 * 1024 * 1024;

/// How long a presigned GET or PUT URL stays valid.
pub const URL_TTL: Duration = Duration::from_secs(15 * 60);
