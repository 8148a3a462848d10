//! Hosting a session in invite mode: the host's name and how long invites last, as the
//! creator asks for them, and the invite a host hands out: a signed, expiring capability
//! for one session, shared as a link whose fragment keeps it out of server logs.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{INVITE_TTL_DEFAULT, INVITE_TTL_MAX, INVITE_TTL_MIN, Member, Role, Tokens};
use crate::domain::{DisplayName, MemberId, SessionId};
use crate::error::ApiError;

/// What a session's creator asks for: `hostName` (default `Host`) and
/// `inviteTtlSeconds` (default seven days, 60 s to 30 days).
pub struct Hosting {
    name: DisplayName,
    pub invite_ttl: i64,
}

impl Hosting {
    /// Reads the creator's choices from a create or renew body.
    pub fn read(body: &Map<String, Value>) -> Result<Self, ApiError> {
        let name = match body.get("hostName") {
            None | Some(Value::Null) => DisplayName::parse("Host")?,
            Some(Value::String(raw)) => DisplayName::parse(raw)?,
            Some(_) => return Err(ApiError::bad_request("invalid_body", "hostName must be a string")),
        };
        Ok(Self {
            name,
            invite_ttl: invite_ttl(body)?,
        })
    }

    /// The host of `session`, with a member id of the studio's choosing.
    pub fn host(&self, session: SessionId) -> Member {
        Member {
            session,
            member: new_member_id(),
            name: self.name.clone(),
            role: Role::Host,
            expires_at: 0,
        }
    }
}

/// `inviteTtlSeconds`, bounded.
pub fn invite_ttl(body: &Map<String, Value>) -> Result<i64, ApiError> {
    match body.get("inviteTtlSeconds") {
        None | Some(Value::Null) => Ok(INVITE_TTL_DEFAULT),
        Some(v) => v
            .as_i64()
            .filter(|s| (INVITE_TTL_MIN..=INVITE_TTL_MAX).contains(s))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_invite_ttl",
                    format!(
                        "inviteTtlSeconds must be a whole number from {INVITE_TTL_MIN} to {INVITE_TTL_MAX}"
                    ),
                )
            }),
    }
}

/// An invite to a session and the room link carrying it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Invite {
    /// The invite token, for `POST /api/sessions/join`.
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// The room's page with the invite in its fragment: `/sessions/{id}#invite=...`.
    pub path: String,
}

/// `{ token, expiresAt, path }`: an invite to `session` and the room link carrying it.
pub fn invite(tokens: &Tokens, session: SessionId, ttl: i64, now: i64) -> Invite {
    let issued = tokens.invite(session, now, ttl);
    let path = format!("/sessions/{session}#invite={}", issued.token);
    Invite {
        token: issued.token,
        expires_at: issued.expires_at,
        path,
    }
}

/// A member id of the studio's choosing.
pub fn new_member_id() -> MemberId {
    MemberId::parse(&format!("m-{}", uuid::Uuid::new_v4().simple()))
        .expect("m- and 32 hex digits is a valid member id")
}
