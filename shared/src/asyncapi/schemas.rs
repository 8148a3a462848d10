//! The document's `components.schemas`: the JSON Schemas of the envelope and frame types
//! (utoipa derives, the same the OpenAPI document uses), the handshake's error answers,
//! the `traceparent` every envelope may carry, and the relay frame.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;
use utoipa::{PartialSchema, ToSchema};

use super::frames::{HeartbeatFrame, MessageFrame, ResumeFrame, RosterFrame, StatusFrame};
use crate::error::{ErrorEnvelope, GatewayMessage};
use crate::realtime::log_wire::{AckEnvelope, ContinuityLostEnvelope, ReplayEnvelope};
use crate::realtime::wire::{
    ErrorFrame, LeaveEnvelope, MessageEnvelope, PresenceEnvelope, RoleEnvelope, RosterEnvelope,
};

/// The envelopes the fan-out stamps with the sender's `traceparent`.
pub const ENVELOPES: [&str; 8] = [
    "PresenceEnvelope",
    "LeaveEnvelope",
    "RoleEnvelope",
    "RosterEnvelope",
    "MessageEnvelope",
    "ErrorFrame",
    "AckEnvelope",
    "ContinuityLostEnvelope",
];

/// The envelopes that carry the room's `seq` besides their own fields: the room's
/// (their own seq) and those sent to one connection (the room's seq when sent).
pub const SEQUENCED: [&str; 6] = [
    "PresenceEnvelope",
    "LeaveEnvelope",
    "RoleEnvelope",
    "RosterEnvelope",
    "MessageEnvelope",
    "ErrorFrame",
];

/// The `type`s a studio frame has; JSON with any other is relayed.
pub const FRAME_TYPES: [&str; 5] = ["message", "heartbeat", "status", "roster", "resume"];

/// Every schema by name, sorted, as JSON.
pub fn components() -> BTreeMap<String, Value> {
    let mut all: Vec<(String, RefOr<Schema>)> = Vec::new();
    collect::<PresenceEnvelope>(&mut all);
    collect::<LeaveEnvelope>(&mut all);
    collect::<RoleEnvelope>(&mut all);
    collect::<RosterEnvelope>(&mut all);
    collect::<MessageEnvelope>(&mut all);
    collect::<ErrorFrame>(&mut all);
    collect::<AckEnvelope>(&mut all);
    collect::<ReplayEnvelope>(&mut all);
    collect::<ContinuityLostEnvelope>(&mut all);
    collect::<ResumeFrame>(&mut all);
    collect::<MessageFrame>(&mut all);
    collect::<HeartbeatFrame>(&mut all);
    collect::<StatusFrame>(&mut all);
    collect::<RosterFrame>(&mut all);
    collect::<ErrorEnvelope>(&mut all);
    collect::<GatewayMessage>(&mut all);
    let mut schemas: BTreeMap<String, Value> = all
        .into_iter()
        .map(|(name, schema)| {
            (
                name,
                serde_json::to_value(schema).expect("schemas are plain data"),
            )
        })
        .collect();
    for name in ENVELOPES {
        let properties = &mut schemas.get_mut(name).expect("each envelope is collected")["properties"];
        properties["traceparent"] = json!({ "$ref": "#/components/schemas/Traceparent" });
    }
    for name in SEQUENCED {
        let properties = &mut schemas.get_mut(name).expect("each envelope is collected")["properties"];
        properties["seq"] = json!({ "$ref": "#/components/schemas/Seq" });
    }
    schemas.insert("Seq".into(), seq());
    schemas.insert("Traceparent".into(), traceparent());
    schemas.insert("RelayFrame".into(), relay());
    schemas.insert("GatewayFrame".into(), gateway_frame());
    schemas.insert("ArrangementChanged".into(), arrangement_changed());
    schemas.insert("CommentChanged".into(), comment_changed());
    schemas
}

fn collect<T: ToSchema>(all: &mut Vec<(String, RefOr<Schema>)>) {
    all.push((T::name().into_owned(), <T as PartialSchema>::schema()));
    T::schemas(all);
}

/// The room's sequence number on an envelope.
fn seq() -> Value {
    json!({
        "type": "integer",
        "minimum": 0,
        "description": "On an envelope the room received (presence changes, messages, and every \
            envelope other features add): its place in the room's one order, from 1, strictly \
            increasing. On one sent to one connection (a roster page, an error): the room's seq \
            when it was sent (0 for a room that has sent nothing). Keep the highest seq seen: \
            drop an envelope whose seq is not above it (a duplicate, or a live envelope that \
            raced a replay), and send `resume` with it after a reconnect. A seq above it plus \
            one means one went missing in flight: hold it briefly, then `resume`.",
        "examples": [42]
    })
}

/// W3C trace context of the fan-out that sent the envelope.
fn traceparent() -> Value {
    json!({
        "type": "string",
        "description": "The W3C trace context of the request that caused this envelope, so a client \
            or a trace viewer can tie what it received to that request.",
        "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
        "examples": ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]
    })
}

/// Any JSON that is not one of the studio's frames: no `type`, another `type`, not an
/// object. The room receives it unchanged as a `room.message`'s `payload`.
fn relay() -> Value {
    json!({
        "description": "Any JSON that is not a studio frame (no `type`, another `type`, an array, \
            a string, a number), relayed unchanged as the `payload` of a `room.message`, as the \
            seed's gateway relays whatever a client sends.",
        "not": {
            "type": "object",
            "required": ["type"],
            "properties": { "type": { "enum": FRAME_TYPES } }
        },
        "examples": [{ "text": "hi" }, { "type": "chat", "text": "hi" }, [1, 2]]
    })
}

/// What API Gateway itself sends when no function answers a frame: an integration
/// failure (`Internal server error`) or no route (`Forbidden`).
fn gateway_frame() -> Value {
    json!({
        "type": "object",
        "description": "Sent by API Gateway itself, never by the studio's functions: a frame's \
            function failed (`Internal server error`) or no route took it (`Forbidden`). Send \
            the frame again later.",
        "required": ["message"],
        "properties": {
            "message": { "type": "string", "examples": ["Internal server error"] },
            "connectionId": { "type": "string" },
            "requestId": { "type": "string" }
        }
    })
}

/// `arrangement.changed` (docs/arrangement.md): one per accepted edit batch.
fn arrangement_changed() -> Value {
    json!({
        "type": "object",
        "description": "An accepted batch of arrangement edits, sent once to every connection of the \
            session's room. Versions go up by one per change (an upload arriving as a track is a \
            version too, without an envelope): a client that sees a gap reads GET /api/arrangement.",
        "required": ["type", "roomId", "version", "rebased", "operations", "by"],
        "additionalProperties": false,
        "properties": {
            "type": { "const": "arrangement.changed" },
            "roomId": { "type": "string", "description": "The session's id." },
            "version": { "type": "integer", "minimum": 1 },
            "rebased": { "type": "boolean" },
            "operations": {
                "type": "array",
                "items": { "type": "object", "required": ["op"], "properties": { "op": { "type": "string" } } },
                "description": "The operations as applied (see POST /api/arrangement)."
            },
            "by": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "memberId": { "type": ["string", "null"] },
                    "displayName": { "type": ["string", "null"] }
                }
            },
            "traceparent": { "$ref": "#/components/schemas/Traceparent" },
            "seq": { "$ref": "#/components/schemas/Seq" }
        }
    })
}

/// `comment.added`, `comment.resolved`, `comment.reopened` (docs/arrangement.md#comments):
/// one per accepted comment operation, with the comment as `POST /api/comments` answers it.
fn comment_changed() -> Value {
    let author = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "memberId": { "type": ["string", "null"] },
            "displayName": { "type": ["string", "null"] }
        }
    });
    let id = json!({ "type": "string", "format": "uuid" });
    let optional_id = json!({ "type": ["string", "null"], "format": "uuid" });
    json!({
        "type": "object",
        "description": "An accepted comment operation, sent once to every connection of the session's \
            room: a new comment or reply (`comment.added`), a thread resolved or reopened (its \
            first comment). The comment is placed in the latest arrangement; GET /api/comments \
            pages through them all.",
        "required": ["type", "roomId", "comment"],
        "additionalProperties": false,
        "properties": {
            "type": { "enum": ["comment.added", "comment.resolved", "comment.reopened"] },
            "roomId": { "type": "string", "description": "The session's id." },
            "comment": {
                "type": "object",
                "required": ["id", "sessionId", "seq", "replyTo", "text", "by", "at", "atSeconds",
                    "atBarsBeats", "trackId", "clipId", "detached", "version", "resolved", "resolvedAt",
                    "resolvedBy", "createdAt"],
                "additionalProperties": false,
                "properties": {
                    "id": id,
                    "sessionId": id,
                    "seq": { "type": "integer", "minimum": 1 },
                    "replyTo": optional_id,
                    "text": { "type": "string", "minLength": 1, "maxLength": crate::comments::MAX_COMMENT_CHARS },
                    "by": author,
                    "at": { "type": "integer", "minimum": 0, "description": "Samples at 48 kHz." },
                    "atSeconds": { "type": "number", "minimum": 0 },
                    "atBarsBeats": { "type": "string", "examples": ["5:1"] },
                    "trackId": optional_id,
                    "clipId": optional_id,
                    "detached": { "type": "boolean" },
                    "version": { "type": "integer", "minimum": 0 },
                    "resolved": { "type": "boolean" },
                    "resolvedAt": { "type": ["string", "null"], "format": "date-time" },
                    "resolvedBy": { "oneOf": [author, { "type": "null" }] },
                    "createdAt": { "type": "string", "format": "date-time" }
                }
            },
            "traceparent": { "$ref": "#/components/schemas/Traceparent" },
            "seq": { "$ref": "#/components/schemas/Seq" }
        }
    })
}
