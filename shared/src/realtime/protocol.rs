//! The WebSocket protocol of a room: the frames clients send and the envelopes the
//! studio sends back, each a JSON object with a `type`.

use serde_json::{Map, Value, json};

use crate::domain::{PresenceError, PresenceStatus, Ttl};

/// Largest frame `ws-message` accepts: API Gateway's WebSocket frame size.
pub const MAX_FRAME_BYTES: usize = 32 * 1024;

/// What a client may send.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientFrame {
    /// `{ "type": "message", "payload": <any JSON> }`: relayed to the rest of the room.
    Message(Value),
    /// `{ "type": "heartbeat", "ttlSeconds"?: n }`: keeps the sender present.
    Heartbeat(Ttl),
    /// `{ "type": "status", "status": "recording" }`: changes the sender's status.
    Status(PresenceStatus),
    /// `{ "type": "roster" }`: asks for the room's current members.
    Roster,
}

/// A frame that is refused with an `error` envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("frames are limited to {MAX_FRAME_BYTES} bytes (got {0})")]
    TooLarge(usize),
    #[error("the frame is not valid JSON: {0}")]
    Malformed(String),
    #[error("a frame must be a JSON object with a string \"type\"")]
    NoType,
    #[error("unknown frame type {0:?}: use message, heartbeat, status or roster")]
    UnknownType(String),
    #[error("a message frame needs a \"payload\"")]
    NoPayload,
    #[error(transparent)]
    Invalid(#[from] PresenceError),
}

impl ClientFrame {
    /// Reads one frame's text.
    pub fn parse(body: &str) -> Result<Self, FrameError> {
        if body.len() > MAX_FRAME_BYTES {
            return Err(FrameError::TooLarge(body.len()));
        }
        let value: Value = serde_json::from_str(body).map_err(|e| FrameError::Malformed(e.to_string()))?;
        let Value::Object(mut fields) = value else {
            return Err(FrameError::NoType);
        };
        let kind = fields
            .get("type")
            .and_then(Value::as_str)
            .ok_or(FrameError::NoType)?;
        match kind {
            "message" => fields
                .remove("payload")
                .map(Self::Message)
                .ok_or(FrameError::NoPayload),
            "heartbeat" => Ok(Self::Heartbeat(Ttl::from_json(fields.get("ttlSeconds"))?)),
            "status" => status(&fields).map(Self::Status),
            "roster" => Ok(Self::Roster),
            other => Err(FrameError::UnknownType(other.chars().take(64).collect())),
        }
    }
}

fn status(fields: &Map<String, Value>) -> Result<PresenceStatus, FrameError> {
    let raw = fields.get("status").and_then(Value::as_str).unwrap_or_default();
    Ok(PresenceStatus::parse(raw)?)
}

/// Server envelopes.
pub mod envelope {
    use super::*;
    use crate::domain::{MemberId, PresenceMember, RoomId};

    /// `presence.join` or `presence.update` with the member.
    pub fn presence(kind: &str, room: &RoomId, member: &PresenceMember) -> Value {
        json!({ "type": kind, "roomId": room, "member": member })
    }

    /// `presence.leave`.
    pub fn leave(room: &RoomId, member: &MemberId) -> Value {
        json!({ "type": "presence.leave", "roomId": room, "memberId": member })
    }

    /// `presence.roster`: the room's live members.
    pub fn roster(room: &RoomId, members: &[PresenceMember]) -> Value {
        json!({ "type": "presence.roster", "roomId": room, "members": members })
    }

    /// `room.message` from a member.
    pub fn message(
        room: &RoomId,
        from: &MemberId,
        display_name: &str,
        payload: Value,
        sent_at: i64,
    ) -> Value {
        json!({
            "type": "room.message",
            "roomId": room,
            "from": { "memberId": from, "displayName": display_name },
            "payload": payload,
            "sentAt": sent_at,
        })
    }

    /// `error`, sent to the connection whose frame was refused.
    pub fn error(code: &str, message: &str) -> Value {
        json!({ "type": "error", "error": { "code": code, "message": message } })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_type_parses() {
        assert_eq!(
            ClientFrame::parse(r#"{"type":"message","payload":{"a":1}}"#),
            Ok(ClientFrame::Message(json!({"a":1})))
        );
        assert_eq!(
            ClientFrame::parse(r#"{"type":"heartbeat"}"#),
            Ok(ClientFrame::Heartbeat(Ttl::default()))
        );
        assert_eq!(
            ClientFrame::parse(r#"{"type":"roster"}"#),
            Ok(ClientFrame::Roster)
        );
        assert!(matches!(
            ClientFrame::parse(r#"{"type":"status","status":"away"}"#),
            Ok(ClientFrame::Status(_))
        ));
    }

    #[test]
    fn bad_frames_get_specific_codes() {
        let code = |text: &str| crate::error::ApiError::from(ClientFrame::parse(text).unwrap_err()).code();
        assert_eq!(code("not json"), "malformed_json");
        assert_eq!(code("[1]"), "invalid_frame");
        assert_eq!(code(r#"{"type":"dance"}"#), "unknown_type");
        assert_eq!(code(r#"{"type":"message"}"#), "invalid_frame");
        assert_eq!(code(r#"{"type":"status","status":"LOUD"}"#), "invalid_status");
        assert_eq!(code(r#"{"type":"heartbeat","ttlSeconds":1}"#), "invalid_ttl");
        let big = format!(
            r#"{{"type":"message","payload":"{}"}}"#,
            "x".repeat(MAX_FRAME_BYTES)
        );
        assert_eq!(code(&big), "frame_too_large");
    }
}
