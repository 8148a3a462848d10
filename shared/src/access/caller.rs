//! Who is calling: in `open` mode anyone; in `invite` mode the member API Gateway's
//! authorizer verified, read from the request's authorizer context (never from ids the
//! client sends), and what that member may do.

use lambda_http::{Request, RequestExt, request::RequestContext};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

use super::actions::Action;
use super::claims::Role;
use super::error::AccessError;
use super::mode::AccessMode;
use crate::domain::{DisplayName, MemberId, RoomId, SessionId};

/// A verified member of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub session: SessionId,
    pub member: MemberId,
    pub name: DisplayName,
    pub role: Role,
    /// When the token that proved it expires (Unix seconds).
    pub expires_at: i64,
}

impl Member {
    /// The authorizer context that carries the member to a function.
    pub fn to_context(&self) -> Map<String, Value> {
        let context = json!({
            "sessionId": self.session.to_string(),
            "memberId": self.member.as_str(),
            "displayName": self.name.as_str(),
            "role": self.role.as_str(),
            "expiresAt": self.expires_at,
        });
        match context {
            Value::Object(map) => map,
            _ => unreachable!("built as an object"),
        }
    }

    /// Reads a context written by [`Member::to_context`].
    pub fn from_context(fields: &HashMap<String, Value>) -> Option<Self> {
        let text = |name: &str| fields.get(name).and_then(Value::as_str);
        // WebSocket authorizers hand every context value over as a string.
        let expires_at = match fields.get("expiresAt")? {
            Value::Number(n) => n.as_i64()?,
            Value::String(s) => s.parse().ok()?,
            _ => return None,
        };
        Some(Self {
            session: SessionId::parse(text("sessionId")?).ok()?,
            member: MemberId::parse(text("memberId")?).ok()?,
            name: DisplayName::parse(text("displayName")?).ok()?,
            role: Role::parse(text("role")?)?,
            expires_at,
        })
    }

    /// Whether `room` is this member's session.
    pub fn is_in(&self, room: &RoomId) -> bool {
        SessionId::parse(room.as_str()) == Ok(self.session)
    }
}

/// The caller of a protected route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// `open` mode: ids are the client's to choose.
    Anyone,
    /// `invite` mode: the member the token named.
    Member(Member),
}

impl Caller {
    /// The caller of an HTTP request.
    pub fn of_http(mode: AccessMode, req: &Request, now: i64) -> Result<Self, AccessError> {
        if mode == AccessMode::Open {
            return Ok(Self::Anyone);
        }
        let fields = match req.request_context_ref() {
            Some(RequestContext::ApiGatewayV2(ctx)) => ctx.authorizer.as_ref().map(|a| &a.fields),
            _ => None,
        };
        Self::from_fields(fields, now)
    }

    /// The caller of a WebSocket `$connect`.
    pub fn of_ws(
        mode: AccessMode,
        req: &aws_lambda_events::apigw::ApiGatewayWebsocketProxyRequest,
        now: i64,
    ) -> Result<Self, AccessError> {
        if mode == AccessMode::Open {
            return Ok(Self::Anyone);
        }
        Self::from_fields(Some(&req.request_context.authorizer.fields), now)
    }

    fn from_fields(fields: Option<&HashMap<String, Value>>, now: i64) -> Result<Self, AccessError> {
        let member = fields.and_then(Member::from_context).ok_or_else(|| {
            AccessError::unauthenticated(
                "unauthenticated",
                "this route needs a member token: send Authorization: Bearer <token>",
            )
        })?;
        // API Gateway caches an authorizer's answer for minutes; the token's own expiry
        // still holds within that time.
        if member.expires_at <= now {
            return Err(AccessError::unauthenticated(
                "token_expired",
                "the member token has expired; renew it with POST /api/sessions/join",
            ));
        }
        Ok(Self::Member(member))
    }

    /// The room a request is about: the one asked for (open mode), or the member's
    /// session, which an asked room must match. A member's room is always the session
    /// id in its canonical form (lower-case, hyphenated), whatever spelling was asked
    /// (upper case, no hyphens, `urn:uuid:`): each spelling kept as asked would be a
    /// hidden room of its own, with caps of its own.
    pub fn room(&self, asked: &str) -> Result<RoomId, AccessError> {
        match self {
            Self::Anyone => Ok(RoomId::parse(asked)?),
            Self::Member(m) if asked.is_empty() => Ok(RoomId::parse(&m.session.to_string())?),
            Self::Member(m) => {
                let room = RoomId::parse(asked)?;
                if m.is_in(&room) {
                    Ok(RoomId::parse(&m.session.to_string())?)
                } else {
                    Err(other_session())
                }
            }
        }
    }

    /// The member a write is for: the one named (open mode), or the caller itself,
    /// which a named member must be.
    pub fn acting_as(&self, named: &str) -> Result<MemberId, AccessError> {
        match self {
            Self::Anyone => Ok(MemberId::parse(named)?),
            Self::Member(m) if named.is_empty() || named == m.member.as_str() => Ok(m.member.clone()),
            Self::Member(_) => Err(AccessError::forbidden(
                "not_yourself",
                "a member may change only its own presence",
            )),
        }
    }

    /// The name a write shows: the one given (open mode), or the token's, which a given
    /// name must equal (a member renames itself by renewing its token).
    pub fn display_name(&self, given: &str) -> Result<DisplayName, AccessError> {
        match self {
            Self::Anyone => Ok(DisplayName::parse(given)?),
            Self::Member(m) if given.trim().is_empty() || given.trim() == m.name.as_str() => {
                Ok(m.name.clone())
            }
            Self::Member(_) => Err(AccessError::forbidden(
                "not_yourself",
                "the display name is the member token's: renew the token to change it",
            )),
        }
    }

    /// The member a removal is for: oneself, or anyone in the room for the host.
    pub fn removing(&self, named: &str) -> Result<MemberId, AccessError> {
        match self {
            Self::Member(m) if Action::Moderate.allows(m.role) && !named.is_empty() => {
                Ok(MemberId::parse(named)?)
            }
            _ => self.acting_as(named),
        }
    }

    /// Checks that the caller's role allows `action` ([`super::RULES`]); open mode
    /// allows everything. Handlers ask before they write anything.
    pub fn may(&self, action: Action) -> Result<(), AccessError> {
        match self {
            Self::Member(m) if !action.allows(m.role) => Err(AccessError::forbidden(
                "role_forbids",
                role_forbids_message(m.role, action),
            )),
            _ => Ok(()),
        }
    }

    /// Whether the caller is its session's host (never in open mode, which has none).
    pub fn is_host(&self) -> bool {
        matches!(self, Self::Member(m) if m.role == Role::Host)
    }

    /// When the caller's token expires (`None` in open mode, which has no tokens).
    pub fn token_expires_at(&self) -> Option<i64> {
        match self {
            Self::Anyone => None,
            Self::Member(m) => Some(m.expires_at),
        }
    }

    /// Checks that the caller may resolve or reopen a thread `author` started: its
    /// author, or a role that resolves anyone's ([`Action::ResolveComments`]); open mode
    /// allows everyone.
    pub fn may_resolve(&self, author: Option<&MemberId>) -> Result<(), AccessError> {
        match self {
            Self::Member(m) if author == Some(&m.member) => Ok(()),
            _ => self.may(Action::ResolveComments),
        }
    }

    /// The member media the caller makes belongs to (`None` in open mode).
    pub fn member_id(&self) -> Option<MemberId> {
        match self {
            Self::Anyone => None,
            Self::Member(m) => Some(m.member.clone()),
        }
    }

    /// Checks that the caller may delete media made by `owner`: its owner or the
    /// session's host (open mode: anyone). Media without an owner (made before owners
    /// were recorded) is the host's alone to delete.
    pub fn may_delete(&self, owner: Option<&MemberId>) -> Result<(), AccessError> {
        match self {
            Self::Anyone => Ok(()),
            Self::Member(m) if m.role == Role::Host || owner == Some(&m.member) => Ok(()),
            Self::Member(_) => Err(AccessError::forbidden(
                "not_owner",
                "only the member who made this, or the session's host, may delete it",
            )),
        }
    }

    /// Checks that the caller may use media of `session` (`None`: media of no session,
    /// which only open mode has).
    pub fn may_use(&self, session: Option<SessionId>) -> Result<(), AccessError> {
        match self {
            Self::Anyone => Ok(()),
            Self::Member(m) if session == Some(m.session) => Ok(()),
            Self::Member(_) => Err(other_session()),
        }
    }

    /// The session media a member creates belongs to: the named one (which must be the
    /// member's own), or the member's when none is named.
    pub fn session_for_new(&self, named: Option<SessionId>) -> Result<Option<SessionId>, AccessError> {
        match self {
            Self::Anyone => Ok(named),
            Self::Member(m) => {
                self.may_use(Some(named.unwrap_or(m.session)))?;
                Ok(Some(m.session))
            }
        }
    }
}

/// Why `role` may not do `action`, in words a client can show.
fn role_forbids_message(role: Role, action: Action) -> &'static str {
    match (role, action) {
        (_, Action::Moderate) => "only the session's host may do this",
        (Role::Listener, _) => {
            "a listener may read, chat and comment, but not upload, delete, export, change the arrangement \
             or resolve others' comments"
        }
        _ => "the member's role does not allow this",
    }
}

fn other_session() -> AccessError {
    AccessError::forbidden("other_session", "the member token is for another session")
}

#[cfg(test)]
#[path = "caller_tests.rs"]
mod tests;
