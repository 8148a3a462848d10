//! `GET /api/sessions/moderation?sessionId=`: what the host controls in its room. An
//! invite's token is not kept, so the list names invites by id: the host gets a token
//! when it makes (or replaces) an invite.

use lambda_http::Request;
use serde::Serialize;

use super::host_of;
use crate::access::{AccessMode, Role};
use crate::error::ApiError;
use crate::http::{Response, ok, query};
use crate::realtime::now;
use crate::sessions::{InviteRecord, MemberEntry, SessionStore};

/// The room as its host sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Moderation {
    pub session_id: String,
    /// A locked room admits no one new through an invite.
    pub locked: bool,
    /// Newest first, revoked and expired ones included.
    pub invites: Vec<InviteView>,
    /// In the order they joined, removed ones included.
    pub members: Vec<MemberView>,
}

/// An invite, by id.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteView {
    pub id: String,
    pub role: Role,
    /// The member id of the host that made it.
    pub created_by: String,
    /// Unix seconds, as are the other times.
    pub created_at: i64,
    pub expires_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<i64>,
    /// How many members it may admit, and how many it did.
    pub max_members: i32,
    pub admitted: i32,
    /// Whether it admits anyone now: not revoked, not expired, not exhausted.
    pub active: bool,
}

/// A member of the session.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberView {
    pub member_id: String,
    pub display_name: String,
    pub role: Role,
    /// The invite it joined through (none for the host).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite_id: Option<String>,
    pub removed: bool,
    pub banned: bool,
}

impl InviteView {
    pub(super) fn new(r: &InviteRecord, now: i64) -> Self {
        Self {
            id: r.id.to_string(),
            role: r.role,
            created_by: r.created_by.clone(),
            created_at: r.created_at,
            expires_at: r.expires_at,
            revoked_at: r.revoked_at,
            max_members: r.max_members,
            admitted: r.admitted,
            active: r.revoked_at.is_none() && r.expires_at > now && r.admitted < r.max_members,
        }
    }
}

impl From<&MemberEntry> for MemberView {
    fn from(m: &MemberEntry) -> Self {
        Self {
            member_id: m.member_id.clone(),
            display_name: m.display_name.clone(),
            role: m.role,
            invite_id: m.invite_id.clone(),
            removed: m.removed,
            banned: m.banned,
        }
    }
}

/// Lists the host's room: its invites, members and lock (hosts only).
pub async fn get(sessions: &dyn SessionStore, mode: AccessMode, req: &Request) -> Result<Response, ApiError> {
    let now = now();
    let (_, session) = host_of(mode, req, query(req, "sessionId").unwrap_or_default(), now)?;
    let controls = sessions.controls(session).await?;
    Ok(ok(&Moderation {
        session_id: session.to_string(),
        locked: controls.locked,
        invites: controls.invites.iter().map(|i| InviteView::new(i, now)).collect(),
        members: controls.members.iter().map(MemberView::from).collect(),
    }))
}
