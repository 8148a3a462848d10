//! Hosting a session in invite mode: the host's name and how long invites last, as the
//! creator asks for them, and the invite a host hands out: a signed, expiring capability
//! for one session, shared as a link whose fragment keeps it out of server logs.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{INVITE_TTL_DEFAULT, INVITE_TTL_MAX, INVITE_TTL_MIN, Member, Role, Tokens};
use crate::domain::{DisplayName, MemberId, SessionId};
use crate::error::ApiError;
use crate::sessions::{INVITE_MAX_MEMBERS_DEFAULT, InviteStore, NewInvite};

/// What a session's creator asks for: `hostName` (default `Host`),
/// `inviteTtlSeconds` (default seven days, 60 s to 30 days) and `inviteRole`.
pub struct Hosting {
    name: DisplayName,
    pub invite: InviteTerms,
}

/// The invite a host asks for: how long it lasts (`inviteTtlSeconds`) and the role it
/// grants (`inviteRole`: `performer`, the default, or `listener`).
#[derive(Debug, Clone, Copy)]
pub struct InviteTerms {
    pub ttl: i64,
    pub role: Role,
    /// How many members it may admit.
    pub max_members: i32,
}

impl InviteTerms {
    /// Reads the terms from a create or renew body.
    pub fn read(body: &Map<String, Value>) -> Result<Self, ApiError> {
        Ok(Self {
            ttl: invite_ttl(body)?,
            role: invite_role(body)?,
            max_members: INVITE_MAX_MEMBERS_DEFAULT,
        })
    }
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
            invite: InviteTerms::read(body)?,
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

/// `inviteRole`: the role an invite grants; never the host's.
fn invite_role(body: &Map<String, Value>) -> Result<Role, ApiError> {
    let refused = || {
        ApiError::bad_request(
            "invalid_invite_role",
            "inviteRole must be \"performer\" or \"listener\"",
        )
    };
    match body.get("inviteRole") {
        None | Some(Value::Null) => Ok(Role::Performer),
        Some(Value::String(raw)) => match Role::parse(raw) {
            Some(role @ (Role::Performer | Role::Listener)) if raw != "guest" => Ok(role),
            _ => Err(refused()),
        },
        Some(_) => Err(refused()),
    }
}

/// `inviteTtlSeconds`, bounded.
fn invite_ttl(body: &Map<String, Value>) -> Result<i64, ApiError> {
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
    /// The invite's id, by which the host revokes or replaces it.
    pub id: String,
    /// How many members it may admit.
    pub max_members: i32,
    /// The invite token, for `POST /api/sessions/join`.
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// The role the invite grants.
    pub role: Role,
    /// The room's page with the invite in its fragment: `/sessions/{id}#invite=...`.
    pub path: String,
}

/// An invite to `session` on `terms`, recorded (so that the host can list, revoke and
/// bound it) before it is signed: `{ id, token, expiresAt, role, maxMembers, path }`.
pub async fn invite(
    tokens: &Tokens,
    store: &dyn InviteStore,
    host: &Member,
    terms: InviteTerms,
    now: i64,
) -> Result<Invite, ApiError> {
    let planned = plan(host, terms, now);
    store.create_invite(&planned).await?;
    Ok(sign(tokens, &planned, now))
}

/// The row of a new invite from `host` on `terms`.
pub fn plan(host: &Member, terms: InviteTerms, now: i64) -> NewInvite {
    NewInvite {
        id: uuid::Uuid::new_v4(),
        session: host.session,
        role: terms.role,
        created_by: host.member.clone(),
        expires_at: now + terms.ttl,
        max_members: terms.max_members,
    }
}

/// The signed invite of a recorded row, and the room link carrying it.
pub fn sign(tokens: &Tokens, planned: &NewInvite, now: i64) -> Invite {
    let session = planned.session;
    let issued = tokens.invite(planned.id, session, planned.role, now, planned.expires_at - now);
    let path = format!("/sessions/{session}#invite={}", issued.token);
    Invite {
        id: planned.id.to_string(),
        max_members: planned.max_members,
        token: issued.token,
        expires_at: issued.expires_at,
        role: planned.role,
        path,
    }
}

/// A member id of the studio's choosing.
pub fn new_member_id() -> MemberId {
    MemberId::parse(&format!("m-{}", uuid::Uuid::new_v4().simple()))
        .expect("m- and 32 hex digits is a valid member id")
}
