//! Who may act: `STUDIO_ACCESS` (`open`, the default, or `invite`), and optionally a
//! LiveKit server (`LIVEKIT_URL`, `LIVEKIT_API_KEY`, `LIVEKIT_API_SECRET`). The signing
//! keys, which may live in Secrets Manager, are read by `adapters::from_env`.

use super::env::{ConfigError, invalid, optional, parsed_or};
use crate::access::{AccessMode, LiveKit, SigningKey};

/// The access mode alone: what a function behind an authorizer needs.
pub fn access_mode() -> Result<AccessMode, ConfigError> {
    parsed_or("STUDIO_ACCESS", AccessMode::Open)
}

/// The LiveKit server, when one is configured.
pub fn livekit() -> Result<Option<LiveKit>, ConfigError> {
    let Some(url) = optional("LIVEKIT_URL") else {
        return Ok(None);
    };
    let key = optional("LIVEKIT_API_KEY").unwrap_or_default();
    let secret = optional("LIVEKIT_API_SECRET").unwrap_or_default();
    let key = SigningKey::new(&key, &secret).map_err(|e| invalid("LIVEKIT_API_KEY", e))?;
    Ok(Some(LiveKit::new(url, key)))
}
