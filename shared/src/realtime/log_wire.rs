//! The envelopes of the room log as types, for the AsyncAPI document: the sender's
//! `ack`, a resume's `room.replay` pages and `continuity.lost`.

use serde::Serialize;
use serde_json::Value;

use crate::domain::RoomId;

/// The `type` of [`AckEnvelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AckKind {
    #[serde(rename = "ack")]
    Ack,
}

/// `ack`: the sender's message with this `id` is the room's envelope `seq`. A message
/// sent again with the same id is acknowledged again with the same seq, not relayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AckEnvelope {
    #[serde(rename = "type")]
    pub kind: AckKind,
    pub room_id: RoomId,
    /// The client's id, as it sent it.
    #[cfg_attr(feature = "openapi", schema(example = "m-7f3a"))]
    pub id: String,
    /// The seq the message was relayed with.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, example = 42))]
    pub seq: u64,
    /// Whether this id had been sent before (the message was not relayed again).
    pub repeated: bool,
}

/// The `type` of [`ReplayEnvelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReplayKind {
    #[serde(rename = "room.replay")]
    Replay,
}

/// `room.replay`: one page of the envelopes a resuming client missed, oldest first,
/// each exactly as it was sent (with its `seq`). Pages keep under 96 KiB; the one with
/// `last: true` ends the replay, after which the client has seen every seq up to
/// `through` and takes live envelopes again.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplayEnvelope {
    #[serde(rename = "type")]
    pub kind: ReplayKind,
    pub room_id: RoomId,
    /// The `after` the client resumed from.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, example = 40))]
    pub after: u64,
    /// The room's seq when the replay began: the replay covers `after + 1 ..= through`.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, example = 42))]
    pub through: u64,
    /// Room envelopes, each with its `seq`.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Value>))]
    pub envelopes: Vec<Value>,
    /// Whether this page ends the replay.
    pub last: bool,
}

/// The `type` of [`ContinuityLostEnvelope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ContinuityLostKind {
    #[serde(rename = "continuity.lost")]
    ContinuityLost,
}

/// `continuity.lost`: what the client missed since `after` is past the room's
/// retention or bound (or `after` is not a seq of this room). Reload the roster and
/// state, then take live envelopes from `seq` on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContinuityLostEnvelope {
    #[serde(rename = "type")]
    pub kind: ContinuityLostKind,
    pub room_id: RoomId,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, example = 3))]
    pub after: u64,
    /// The room's current seq.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, example = 9000))]
    pub seq: u64,
}
