//! A LiveKit media room beside the studio's room: when one is configured, a member
//! token's grant is also signed with LiveKit's API key, so the same member joins it.

use serde::Serialize;

use super::caller::Member;
use super::keys::SigningKey;
use super::tokens::{MEMBER_TOKEN_TTL, member_claims, sign};

/// A LiveKit server and the API key tokens for it are signed with.
#[derive(Debug, Clone)]
pub struct LiveKit {
    url: String,
    key: SigningKey,
}

/// `{ url, token }`: what a client needs to join the LiveKit room.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveKitJoin {
    pub url: String,
    pub token: String,
}

impl LiveKit {
    /// LiveKit at `url` with API key `key` (its id is the API key, its secret the API
    /// secret).
    pub fn new(url: String, key: SigningKey) -> Self {
        Self { url, key }
    }

    /// A LiveKit access token with the member's grant.
    pub fn join(&self, member: &Member, now: i64) -> LiveKitJoin {
        let claims = member_claims(self.key.id(), member, now, MEMBER_TOKEN_TTL);
        LiveKitJoin {
            url: self.url.clone(),
            token: sign(&self.key, &claims).token,
        }
    }
}
