//! The access configuration with its keys: in invite mode the token signing keys, as
//! JSON in `STUDIO_TOKEN_KEYS` locally or in the Secrets Manager secret named by
//! `STUDIO_TOKEN_KEYS_SECRET_ARN` on AWS (read once, at init).

use super::secrets;
use crate::access::{AccessConfig, AccessMode, SigningKeys, Tokens};
use crate::settings::env::{invalid, optional};
use crate::settings::{self, ConfigError};

const KEYS_HINT: &str = "invite mode signs tokens: set STUDIO_TOKEN_KEYS to \
     {\"kid\":\"studio-1\",\"secret\":\"<32+ random bytes>\"} (or STUDIO_TOKEN_KEYS_SECRET_ARN on AWS)";

/// The mode, and in invite mode the keys (read from Secrets Manager once, at init).
pub async fn access() -> Result<AccessConfig, ConfigError> {
    let mode = settings::access_mode()?;
    let tokens = match mode {
        AccessMode::Open => None,
        AccessMode::Invite => Some(Tokens::new(signing_keys().await?)),
    };
    Ok(AccessConfig {
        mode,
        tokens,
        livekit: settings::livekit()?,
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
    let json = secrets()?.read(arn.trim()).await.map_err(|e| invalid(var, e))?;
    SigningKeys::parse(&json).map_err(|e| invalid(var, e))
}
