//! `POST /api/sessions/join`: an invite (or, to renew, the holder's own member token in
//! `Authorization`) and a display name become a member token with a member id the
//! studio chooses. Only invite mode has tokens.

use lambda_http::Request;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::access::{AccessConfig, Issued, LiveKitJoin, Member, Role, bearer};
use crate::api::invites::{Invite, InviteTerms, invite, new_member_id};
use crate::domain::{DisplayName, SessionId};
use crate::error::ApiError;
use crate::http::{MAX_JSON_BODY, Response, json_object, ok};
use crate::realtime::now;
use crate::sessions::{Admission, Entrant, INVITE_JOINS_PER_MINUTE, SessionStore};

/// What a member holds after joining: its identity, its token and, when LiveKit is
/// configured, the LiveKit room's.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Joined {
    pub session_id: String,
    pub member_id: String,
    pub display_name: String,
    pub role: Role,
    pub token: String,
    pub expires_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub livekit: Option<LiveKitJoin>,
}

impl Joined {
    /// The answer for `member` holding `issued`.
    pub fn new(member: &Member, issued: Issued, access: &AccessConfig, now: i64) -> Self {
        Self {
            session_id: member.session.to_string(),
            member_id: member.member.to_string(),
            display_name: member.name.as_str().to_owned(),
            role: member.role,
            token: issued.token,
            expires_at: issued.expires_at,
            livekit: access.livekit.as_ref().map(|lk| lk.join(member, now)),
        }
    }
}

/// What `POST /api/sessions/join` answers: the member's [`Joined`] and, for a host
/// renewing its token, a fresh invite.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinAnswer {
    #[serde(flatten)]
    pub joined: Joined,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite: Option<Invite>,
}

/// Exchanges an invite for a member token, or renews the caller's member token.
pub async fn join(
    store: &dyn SessionStore,
    access: &AccessConfig,
    req: &Request,
) -> Result<Response, ApiError> {
    let Some(tokens) = access.invite_tokens() else {
        return Err(ApiError::bad_request(
            "open_access",
            "this studio runs in open mode: rooms are joined without tokens",
        ));
    };
    let body = json_object(req, MAX_JSON_BODY)?.unwrap_or_default();
    let now = now();
    let (member, through) = match text(&body, "invite")? {
        Some(invite) => {
            let invitation = tokens.verify_invite(invite)?;
            let name = DisplayName::parse(text(&body, "displayName")?.unwrap_or_default())?;
            let member = Member {
                session: invitation.session,
                member: new_member_id(),
                name,
                role: invitation.role,
                expires_at: 0,
            };
            (member, Some(invite_id(invitation.id)?))
        }
        None => (standing(store, renewing(tokens, req, &body)?).await?, None),
    };
    // A host's terms are read before anything is written: a bad `inviteRole` writes nothing.
    let terms = match member.role {
        Role::Host => Some(InviteTerms::read(&body)?),
        Role::Performer | Role::Listener => None,
    };
    require_session(store, member.session).await?;
    if member.role != Role::Host {
        not_the_hosts_name(store, &member).await?;
    }
    match through {
        Some(invite) => admit(store, &member, invite, now).await?,
        // A renewal: members already in keep their place, even in a locked room.
        None => {
            store
                .record_member(member.session, &member.member, &member.name, member.role.as_str())
                .await?
        }
    }
    let issued = tokens.member(&member, now);
    // A host renewing its token also gets a fresh invite (of the role it asks for in
    // `inviteRole`): invites expire too.
    let invite = match terms {
        Some(terms) => Some(invite(tokens, store, &member, terms, now).await?),
        None => None,
    };
    Ok(ok(&JoinAnswer {
        joined: Joined::new(&member, issued, access, now),
        invite,
    }))
}

/// The id of an invite; an invite minted before invites had ids is refused, since it
/// could be neither revoked nor bounded.
fn invite_id(id: Option<uuid::Uuid>) -> Result<uuid::Uuid, ApiError> {
    id.ok_or_else(|| {
        ApiError::unauthorized(
            "invite_outdated",
            "this invite predates revocable invites; ask the host for a new one",
        )
    })
}

/// Admits `member` through `invite`: the invite's row and bounds checked, the member
/// recorded and counted, in one transaction ([`InviteStore::admit`]).
async fn admit(
    store: &dyn SessionStore,
    member: &Member,
    invite: uuid::Uuid,
    now: i64,
) -> Result<(), ApiError> {
    let entrant = Entrant {
        invite,
        session: member.session,
        member: &member.member,
        name: &member.name,
        role: member.role,
        now,
    };
    let forbidden = |code, message: String| Err(ApiError::forbidden(code, message));
    match store.admit(&entrant).await? {
        Admission::Admitted => Ok(()),
        Admission::Unknown => forbidden(
            "invite_unknown",
            "the session has no such invite; ask the host for a new one".into(),
        ),
        Admission::Revoked => forbidden("invite_revoked", "the host revoked this invite".into()),
        Admission::Locked => forbidden(
            "room_locked",
            "the host locked the room: it admits no one new".into(),
        ),
        Admission::Exhausted => forbidden(
            "invite_exhausted",
            "this invite admitted as many members as the host allowed; ask the host for a new one".into(),
        ),
        Admission::RateLimited => Err(ApiError::TooManyRequests {
            code: "invite_rate_limited",
            message: format!(
                "an invite admits at most {INVITE_JOINS_PER_MINUTE} members a minute; try again shortly"
            ),
            retry_after: 60,
        }),
    }
}

/// The member of the bearer token, under a new display name if the body gives one.
fn renewing(
    tokens: &crate::access::Tokens,
    req: &Request,
    body: &Map<String, Value>,
) -> Result<Member, ApiError> {
    let token = req
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer)
        .ok_or_else(|| {
            ApiError::unauthorized(
                "unauthenticated",
                "send { invite, displayName } to join, or Authorization: Bearer <member token> to renew",
            )
        })?;
    let mut member = tokens.verify_member(token)?;
    if let Some(name) = text(body, "displayName")? {
        member.name = DisplayName::parse(name)?;
    }
    Ok(member)
}

/// A renewing member as the studio keeps it now: refused when the host removed it, and
/// with the role the host last gave it (the token's own for a member never recorded).
async fn standing(store: &dyn SessionStore, mut member: Member) -> Result<Member, ApiError> {
    let Some(record) = store.member(member.session, &member.member).await? else {
        return Ok(member);
    };
    if record.removed {
        return Err(ApiError::forbidden(
            "member_removed",
            "the host removed this member from the session",
        ));
    }
    member.role = Role::parse(&record.role).unwrap_or(member.role);
    Ok(member)
}

/// A performer or listener may not show the host's display name (compared case-insensitively, after
/// trimming), on joining or on renewing: the room would take it for the host.
async fn not_the_hosts_name(store: &dyn SessionStore, member: &Member) -> Result<(), ApiError> {
    let Some(host) = store.host_name(member.session).await? else {
        return Ok(());
    };
    if host.trim().to_lowercase() == member.name.as_str().trim().to_lowercase() {
        return Err(ApiError::Conflict {
            code: "display_name_taken",
            message: "that display name is the host's; choose another".into(),
        });
    }
    Ok(())
}

async fn require_session(store: &dyn SessionStore, id: SessionId) -> Result<(), ApiError> {
    match store.get(id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::not_found("session", id)),
    }
}

fn text<'a>(body: &'a Map<String, Value>, field: &'static str) -> Result<Option<&'a str>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(
            "invalid_body",
            format!("{field} must be a string"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_without_an_id_is_refused_as_outdated() {
        let refused = invite_id(None).unwrap_err();
        assert_eq!(
            (refused.status().as_u16(), refused.code()),
            (401, "invite_outdated")
        );
        let id = uuid::Uuid::new_v4();
        assert_eq!(invite_id(Some(id)).unwrap(), id);
    }
}
