//! Where media objects go: `MEDIA_BUCKET`, and `S3_FORCE_PATH_STYLE=true` for stores
//! such as SeaweedFS that serve buckets under the path rather than as subdomains. The
//! endpoint comes the standard way (`AWS_ENDPOINT_URL_S3`), read by the SDK itself.

use super::env::{ConfigError, parsed_or, required};

/// The media bucket.
#[derive(Debug, Clone)]
pub struct MediaSettings {
    pub bucket: String,
    pub force_path_style: bool,
}

/// Reads the media settings, naming a missing one.
pub fn media() -> Result<MediaSettings, ConfigError> {
    Ok(MediaSettings {
        bucket: required(
            "MEDIA_BUCKET",
            "set it to the S3 bucket that holds uploads and exports",
        )?,
        force_path_style: parsed_or("S3_FORCE_PATH_STYLE", false)?,
    })
}
