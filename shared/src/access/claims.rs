//! The claims of a studio token, in LiveKit's access-token format: `iss` is the signing
//! key's id (LiveKit's API key), `sub` the member's identity, `name`, `nbf`/`exp`, and a
//! `video` grant for the room; the studio's own claims sit beside them under `studio`,
//! where LiveKit's verifiers ignore them.

use serde::{Deserialize, Serialize};

/// A member's part in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Created the session: invites, moderates, and does everything a performer does.
    Host,
    /// Joined with a performer invite: plays, uploads, exports and arranges. Tokens
    /// issued before roles had names said `guest`, which reads as this role.
    #[serde(alias = "guest")]
    Performer,
    /// Joined with a listener invite: reads, chats and comments, changes nothing.
    Listener,
}

impl Role {
    /// The role as the authorizer context carries it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Host => "host",
            Self::Performer => "performer",
            Self::Listener => "listener",
        }
    }

    /// Reads the context's form back.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "host" => Some(Self::Host),
            "performer" | "guest" => Some(Self::Performer),
            "listener" => Some(Self::Listener),
            _ => None,
        }
    }
}

/// What a token may be used for: a member token admits its holder to the room; an
/// invite only buys a member token, so one cannot stand in for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenUse {
    Member,
    Invite,
}

/// LiveKit's room grant (`video`), with the fields the studio sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VideoGrant {
    pub room: String,
    #[serde(default)]
    pub room_join: bool,
    #[serde(default)]
    pub can_publish: bool,
    #[serde(default)]
    pub can_subscribe: bool,
}

/// The studio's claims. The session is the grant's `room`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioClaims {
    #[serde(rename = "use")]
    pub token_use: TokenUse,
    pub role: Role,
}

/// A token's claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// An invite's id (its row in `invites`), by which the host lists, revokes and
    /// bounds it. Member tokens carry none; invites minted before invites had rows
    /// carry none either, and are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    pub iss: String,
    pub sub: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub nbf: i64,
    pub exp: i64,
    pub video: VideoGrant,
    pub studio: StudioClaims,
}
