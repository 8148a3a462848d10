//! The server envelopes as types: what the fan-out sends and what the AsyncAPI document
//! says it sends come from one definition. Each `type` is an enum of one value (two for
//! presence changes), so a schema names exactly the string a frame carries.

use serde::Serialize;
use serde_json::Value;

use crate::domain::{DisplayName, MemberId, PresenceMember, RoomId};

/// The `type` of a presence change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PresenceChange {
    /// The member was not in the room, or its presence had expired.
    #[serde(rename = "presence.join")]
    Join,
    /// A present member changed its status or connected once more.
    #[serde(rename = "presence.update")]
    Update,
}

impl PresenceChange {
    /// What a presence write tells the room: an update of a member who was live, else a join.
    pub fn after(was_live: bool) -> Self {
        if was_live { Self::Update } else { Self::Join }
    }
}

/// `presence.join` or `presence.update`: the member as the room now sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PresenceEnvelope {
    #[serde(rename = "type")]
    pub kind: PresenceChange,
    pub room_id: RoomId,
    pub member: PresenceMember,
}

/// The `type` of [`LeaveEnvelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LeaveKind {
    #[serde(rename = "presence.leave")]
    Leave,
}

/// Why a member left, when it did not leave of its own accord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum LeaveReason {
    /// The host removed the member from the session.
    Removed,
    /// The host removed the member and banned it from rejoining.
    Banned,
}

/// `presence.leave`: the member's last connection closed, or its presence was removed;
/// `reason` says when the host removed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeaveEnvelope {
    #[serde(rename = "type")]
    pub kind: LeaveKind,
    pub room_id: RoomId,
    pub member_id: MemberId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<LeaveReason>,
}

/// The `type` of [`RoleEnvelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RoleKind {
    #[serde(rename = "member.role")]
    Role,
}

/// `member.role`: the host gave a member another role. The member's tokens of its old
/// role stop being admitted within seconds; it renews to get one of the new role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleEnvelope {
    #[serde(rename = "type")]
    pub kind: RoleKind,
    pub room_id: RoomId,
    pub member_id: MemberId,
    pub role: crate::access::Role,
}

/// The `type` of [`RosterEnvelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RosterKind {
    #[serde(rename = "presence.roster")]
    Roster,
}

/// `presence.roster`: one page of the room's live members. A roster larger than one
/// post comes as pages `1..=pages`, each at most 96 KiB; page 1 starts the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RosterEnvelope {
    #[serde(rename = "type")]
    pub kind: RosterKind,
    pub room_id: RoomId,
    pub members: Vec<PresenceMember>,
    /// This page's number, from 1.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, example = 1))]
    pub page: usize,
    /// How many pages the roster has (1 for most rooms).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, example = 1))]
    pub pages: usize,
}

/// The `type` of [`MessageEnvelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MessageKind {
    #[serde(rename = "room.message")]
    Message,
}

/// Who sent a [`MessageEnvelope`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sender {
    pub member_id: MemberId,
    pub display_name: DisplayName,
}

/// `room.message`: what another member sent (a `message` frame's `payload`, or the whole
/// of any other JSON it sent), relayed to the rest of the room.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageEnvelope {
    #[serde(rename = "type")]
    pub kind: MessageKind,
    pub room_id: RoomId,
    pub from: Sender,
    /// Any JSON, exactly as the sender sent it.
    #[cfg_attr(feature = "openapi", schema(value_type = Value))]
    pub payload: Value,
    /// When the studio relayed it, in Unix seconds.
    #[cfg_attr(feature = "openapi", schema(example = 1_700_000_000))]
    pub sent_at: i64,
}

/// The `type` of [`ErrorFrame`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorKind {
    #[serde(rename = "error")]
    Error,
}

/// Why a frame was refused: `malformed_json` (not JSON), `invalid_frame` (a `message`
/// without `payload`), `invalid_status`, `invalid_ttl`, `frame_too_large` (over 32 KiB),
/// `unknown_connection` (the connection is in no room: reconnect), `unavailable` or
/// `throttled` (a dependency could not serve the frame: send it again), `rate_limited`
/// (the member sent more than 50 messages in 10 s: the message was not relayed; the
/// text says when to send again), `member_removed` and `token_expired` (the socket is
/// closed after it: the host removed the member, or the token it connected with has
/// expired and must be renewed before reconnecting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FrameErrorCode {
    MalformedJson,
    InvalidFrame,
    InvalidStatus,
    InvalidTtl,
    FrameTooLarge,
    UnknownConnection,
    MemberRemoved,
    TokenExpired,
    Unavailable,
    Throttled,
    RateLimited,
}

impl FrameErrorCode {
    /// Every code, in the order above.
    pub const ALL: [Self; 11] = [
        Self::MalformedJson,
        Self::InvalidFrame,
        Self::InvalidStatus,
        Self::InvalidTtl,
        Self::FrameTooLarge,
        Self::UnknownConnection,
        Self::MemberRemoved,
        Self::TokenExpired,
        Self::Unavailable,
        Self::Throttled,
        Self::RateLimited,
    ];

    /// The code as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed_json",
            Self::InvalidFrame => "invalid_frame",
            Self::InvalidStatus => "invalid_status",
            Self::InvalidTtl => "invalid_ttl",
            Self::FrameTooLarge => "frame_too_large",
            Self::UnknownConnection => "unknown_connection",
            Self::MemberRemoved => "member_removed",
            Self::TokenExpired => "token_expired",
            Self::Unavailable => "unavailable",
            Self::Throttled => "throttled",
            Self::RateLimited => "rate_limited",
        }
    }
}

/// The body of an [`ErrorFrame`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FrameRefusal {
    #[cfg_attr(feature = "openapi", schema(value_type = FrameErrorCode))]
    pub code: String,
    /// For people; its wording may change.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "the frame is not valid JSON: expected value")
    )]
    pub message: String,
}

/// `error`: sent only to the connection whose frame was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorFrame {
    #[serde(rename = "type")]
    pub kind: ErrorKind,
    pub error: FrameRefusal,
}
