//! Who may act: `STUDIO_ACCESS` (`open`, the default, or `invite`); in invite mode the
//! token signing keys, as JSON in `STUDIO_TOKEN_KEYS` locally or in the Secrets
//! Manager secret named by `STUDIO_TOKEN_KEYS_SECRET_ARN` on AWS; and optionally a
//! LiveKit server (`LIVEKIT_URL`, `LIVEKIT_API_KEY`, `LIVEKIT_API_SECRET`).

use super::env::{ConfigError, invalid, optional, parsed_or};
use crate::access::{AccessConfig, AccessMode, LiveKit, SigningKey, SigningKeys, Tokens};

const KEYS_HINT: &str = "invite mode signs tokens: set STUDIO_TOKEN_KEYS to \
     {\"kid\":\"studio-1\",\"secret\":\"<32+ random bytes>\"} (or STUDIO_TOKEN_KEYS_SECRET_ARN on AWS)";

/// The access mode alone: what a function behind an authorizer needs.
pub fn access_mode() -> Result<AccessMode, ConfigError> {
    parsed_or("STUDIO_ACCESS", AccessMode::Open)
}

/// The mode, and in invite mode the keys (read from Secrets Manager once, at init).
pub async fn access() -> Result<AccessConfig, ConfigError> {
    let mode = access_mode()?;
    let tokens = match mode {
        AccessMode::Open => None,
        AccessMode::Invite => Some(Tokens::new(signing_keys().await?)),
    };
    Ok(AccessConfig {
        mode,
        tokens,
        livekit: livekit()?,
    })
}

async fn signing_keys() -> Result<SigningKeys, ConfigError> {
    if let Some(json) = optional("STUDIO_TOKEN_KEYS") {
        return SigningKeys::parse(&json).map_err(|e| invalid("STUDIO_TOKEN_KEYS", e));
    }
    let Some(arn) = optional("STUDIO_TOKEN_KEYS_SECRET_ARN") else {
        return Err(ConfigError::Missing {
            var: "STUDIO_TOKEN_KEYS",
            hint: KEYS_HINT,
        });
    };
    let var = "STUDIO_TOKEN_KEYS_SECRET_ARN";
    let json = super::secrets()?
        .read(arn.trim())
        .await
        .map_err(|e| invalid(var, e))?;
    SigningKeys::parse(&json).map_err(|e| invalid(var, e))
}

fn livekit() -> Result<Option<LiveKit>, ConfigError> {
    let Some(url) = optional("LIVEKIT_URL") else {
        return Ok(None);
    };
    let key = optional("LIVEKIT_API_KEY").unwrap_or_default();
    let secret = optional("LIVEKIT_API_SECRET").unwrap_or_default();
    let key = SigningKey::new(&key, &secret).map_err(|e| invalid("LIVEKIT_API_KEY", e))?;
    Ok(Some(LiveKit::new(url, key)))
}
