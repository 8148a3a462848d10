//! The frames a room member's client sends, each a JSON object with a `type`; anything
//! else that is JSON is a payload relayed to the room.

use serde_json::{Map, Value};

use crate::domain::{PresenceError, PresenceStatus, Ttl};

/// Largest frame `ws-message` accepts: API Gateway's WebSocket frame size.
pub const MAX_FRAME_BYTES: usize = 32 * 1024;

/// What a client may send.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientFrame {
    /// `{ "type": "message", "payload": <any JSON> }`: relayed to the rest of the room.
    Message(Value),
    /// `{ "type": "message", "id": "<client id>", "payload": ... }`: relayed once per
    /// id and acknowledged to the sender with its seq.
    Acked(MessageId, Value),
    /// `{ "type": "resume", "after": n }`: asks for every envelope after seq `n`.
    Resume(u64),
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
    #[error("a message frame needs a \"payload\"")]
    NoPayload,
    #[error("a message id is 1 to {MAX_MESSAGE_ID_CHARS} printable characters")]
    BadId,
    #[error("a resume frame needs \"after\": the last seq the client saw (0 or more)")]
    BadResume,
    #[error(transparent)]
    Invalid(#[from] PresenceError),
}

impl ClientFrame {
    /// Whether the frame is relayed to the room (and so counts against the rate limit).
    pub fn is_room_message(&self) -> bool {
        matches!(self, Self::Message(_) | Self::Acked(..))
    }

    /// Reads one frame's text. JSON that is not one of the studio's frames (no `type`,
    /// another `type`, not an object) is a payload to relay, as the seed's gateway
    /// relays whatever a client sends: seed clients reach the room unchanged.
    pub fn parse(body: &str) -> Result<Self, FrameError> {
        if body.len() > MAX_FRAME_BYTES {
            return Err(FrameError::TooLarge(body.len()));
        }
        let value: Value = serde_json::from_str(body).map_err(|e| FrameError::Malformed(e.to_string()))?;
        let kind = match value.get("type").and_then(Value::as_str) {
            Some("message") => Kind::Message,
            Some("heartbeat") => Kind::Heartbeat,
            Some("status") => Kind::Status,
            Some("roster") => Kind::Roster,
            Some("resume") => Kind::Resume,
            _ => return Ok(Self::Message(value)),
        };
        let Value::Object(mut fields) = value else {
            unreachable!("a value with a type field is an object")
        };
        match kind {
            Kind::Message => {
                let payload = fields.remove("payload").ok_or(FrameError::NoPayload)?;
                match fields.get("id") {
                    None | Some(Value::Null) => Ok(Self::Message(payload)),
                    Some(id) => Ok(Self::Acked(MessageId::try_from(id)?, payload)),
                }
            }
            Kind::Resume => fields
                .get("after")
                .and_then(Value::as_u64)
                .map(Self::Resume)
                .ok_or(FrameError::BadResume),
            Kind::Heartbeat => Ok(Self::Heartbeat(Ttl::from_json(fields.get("ttlSeconds"))?)),
            Kind::Status => status(&fields).map(Self::Status),
            Kind::Roster => Ok(Self::Roster),
        }
    }
}

/// The studio's own frame types.
enum Kind {
    Message,
    Heartbeat,
    Status,
    Roster,
    Resume,
}

/// Longest client message id, in characters (a UUID is 36).
pub const MAX_MESSAGE_ID_CHARS: usize = 128;

/// A client's own id for a message: what makes sending it again harmless.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageId(String);

impl MessageId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<&Value> for MessageId {
    type Error = FrameError;

    fn try_from(value: &Value) -> Result<Self, FrameError> {
        let id = value.as_str().ok_or(FrameError::BadId)?;
        let fits = (1..=MAX_MESSAGE_ID_CHARS).contains(&id.chars().count());
        if !fits || id.chars().any(char::is_control) {
            return Err(FrameError::BadId);
        }
        Ok(Self(id.to_owned()))
    }
}

fn status(fields: &Map<String, Value>) -> Result<PresenceStatus, FrameError> {
    let raw = fields.get("status").and_then(Value::as_str).unwrap_or_default();
    Ok(PresenceStatus::parse(raw)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_that_is_not_a_studio_frame_is_a_payload_to_relay() {
        for seed in [
            r#"{"text":"hi"}"#,
            r#"{"type":"chat","text":"hi"}"#,
            "[1,2]",
            r#""hello""#,
            "42",
        ] {
            let value: Value = serde_json::from_str(seed).unwrap();
            assert_eq!(
                ClientFrame::parse(seed),
                Ok(ClientFrame::Message(value)),
                "{seed}"
            );
        }
    }

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
        assert_eq!(
            ClientFrame::parse(r#"{"type":"resume","after":41}"#),
            Ok(ClientFrame::Resume(41))
        );
        assert_eq!(
            ClientFrame::parse(r#"{"type":"message","id":"m-1","payload":2}"#),
            Ok(ClientFrame::Acked(
                MessageId::try_from(&json!("m-1")).unwrap(),
                json!(2)
            ))
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
        assert_eq!(code(r#"{"type":"message"}"#), "invalid_frame");
        assert_eq!(code(r#"{"type":"message","id":"","payload":1}"#), "invalid_frame");
        assert_eq!(code(r#"{"type":"message","id":7,"payload":1}"#), "invalid_frame");
        assert_eq!(code(r#"{"type":"resume","after":-1}"#), "invalid_frame");
        assert_eq!(code(r#"{"type":"resume"}"#), "invalid_frame");
        assert_eq!(code(r#"{"type":"status","status":"LOUD"}"#), "invalid_status");
        assert_eq!(code(r#"{"type":"heartbeat","ttlSeconds":1}"#), "invalid_ttl");
        let big = format!(
            r#"{{"type":"message","payload":"{}"}}"#,
            "x".repeat(MAX_FRAME_BYTES)
        );
        assert_eq!(code(&big), "frame_too_large");
    }
}
