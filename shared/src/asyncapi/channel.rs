//! The one channel, a room's socket: its handshake (query parameters, the `ws` binding,
//! the refusals), how the gateway closes it, and the limits, each from the code's consts.

use serde_json::{Map, Value, json};

use super::messages;
use crate::domain::{DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS, MIN_TTL_SECONDS};
use crate::realtime::envelope::ROSTER_PAGE_BYTES;
use crate::realtime::{CONNECTION_TTL_SECONDS, MAX_FRAME_BYTES, MAX_ROOM_CONNECTIONS, MAX_ROOM_MEMBERS};
use crate::realtime::{
    DEFAULT_RETENTION_SECONDS, DEFAULT_ROOM_BOUND, MAX_MESSAGE_ID_CHARS, REPLAY_PAGE_BYTES,
};

/// Largest message API Gateway (and the local gateway) takes or posts: 128 KiB.
pub const GATEWAY_MESSAGE_BYTES: usize = 128 * 1024;

/// Seconds without a frame either way after which the gateway closes a socket.
pub const IDLE_SECONDS: u64 = 600;

const DESCRIPTION: &str = "A room's socket. Open it with the query below; once it is open, \
    send `{ \"type\": \"roster\" }` to learn who is there (a connection still inside its \
    handshake cannot be posted to, so it is left out of its own `presence.join`). Every \
    envelope carries the `traceparent` of the request that caused it.\n\n\
    **Order and resume.** Every envelope the room receives carries its `seq` (see `Seq`), \
    and the roster and errors carry the room's current one, so a client that joins \
    starts from its roster's seq. After a reconnect, a client that saw envelopes sends \
    `{ \"type\": \"resume\", \"after\": <last seq> }` (API Gateway cannot post during the \
    handshake) and gets `room.replay` pages of what it missed, or `continuity.lost`. Live \
    envelopes can arrive while the replay runs: hold them until the page with \
    `last: true`, then apply those above `through`; drop any envelope whose seq is not \
    above the last one applied.\n\n\
    **Open mode** (the local studio's default): `roomId`, `memberId` and `displayName` are \
    required and the client chooses them. **Invite mode** (the deployed template's \
    default): `token` is required, a member token from `POST /api/sessions` or \
    `POST /api/sessions/join`; the token decides the member (`memberId`), its room (the \
    session id) and its display name, so those may be left out and, when given, must equal \
    the token's (403 `other_session` for another room, 403 `not_yourself` for another \
    member or name).";

/// `channels.room`.
pub fn channel() -> Value {
    let (sent, received) = messages::names();
    let messages: Map<String, Value> = sent
        .iter()
        .chain(&received)
        .map(|name| {
            (
                name.to_string(),
                json!({ "$ref": format!("#/components/messages/{name}") }),
            )
        })
        .collect();
    json!({
        "address": "/",
        "title": "Room",
        "description": DESCRIPTION,
        "messages": messages,
        "bindings": { "ws": { "method": "GET", "query": query(), "bindingVersion": "0.1.0" } },
        "x-handshake-refusals": refusals(),
        "x-close-codes": close_codes(),
        "x-limits": limits(),
    })
}

fn query() -> Value {
    let schema = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    json!({
        "type": "object",
        "description": "Open mode needs roomId, memberId and displayName; invite mode needs token.",
        "properties": {
            "roomId": schema("RoomId"),
            "memberId": schema("MemberId"),
            "displayName": schema("DisplayName"),
            "ttlSeconds": {
                "type": "integer", "minimum": MIN_TTL_SECONDS, "maximum": MAX_TTL_SECONDS,
                "default": DEFAULT_TTL_SECONDS,
                "description": "How long the presence lasts without a heartbeat."
            },
            "token": {
                "type": "string",
                "description": "Invite mode: the member token (an HS256 JWT in LiveKit's access-token format)."
            }
        },
        "anyOf": [{ "required": ["roomId", "memberId", "displayName"] }, { "required": ["token"] }]
    })
}

/// The answers to a refused handshake: the socket never opens and nothing is written.
fn refusals() -> Value {
    let error = json!({ "$ref": "#/components/schemas/ErrorEnvelope" });
    let gateway = json!({ "$ref": "#/components/schemas/GatewayMessage" });
    json!([
        { "status": 400, "codes": ["invalid_id", "invalid_display_name", "invalid_ttl"], "body": error,
          "description": "A missing or invalid roomId, memberId, displayName or ttlSeconds." },
        { "status": 401, "body": gateway, "description": "Invite mode: no `token` (API Gateway answers; no function runs)." },
        { "status": 401, "codes": ["token_expired", "unauthenticated"], "body": error,
          "description": "Invite mode: the token expired while API Gateway still held the authorizer's answer." },
        { "status": 403, "body": gateway,
          "description": "Invite mode: a forged token, one of an unknown key, or an invite used as a member token." },
        { "status": 403, "codes": ["other_session", "not_yourself"], "body": error,
          "description": "Invite mode: roomId, memberId or displayName differ from the token's." },
        { "status": 409, "codes": ["room_full"], "body": error,
          "description": format!("The room holds {MAX_ROOM_CONNECTIONS} connections or {MAX_ROOM_MEMBERS} members already (a member already present may always connect again).") },
        { "status": 503, "codes": ["unavailable", "throttled"], "body": error,
          "description": "A store could not serve the handshake; try again." }
    ])
}

/// How the gateway closes a socket (the studio's functions never close one). API Gateway
/// also ends every connection after `connectionSeconds` (two hours).
fn close_codes() -> Value {
    json!([
        { "code": 1000, "reason": "Going away", "when": "the connection was deleted through @connections, or the client closed it" },
        { "code": 1001, "reason": "Going away", "when": format!("no frame either way for {IDLE_SECONDS} s (the local gateway; API Gateway closes idle sockets after the same time)") },
        { "code": 1009, "reason": "Message too big", "when": format!("a client message over {GATEWAY_MESSAGE_BYTES} bytes") }
    ])
}

fn limits() -> Value {
    json!({
        "frameBytes": MAX_FRAME_BYTES,
        "gatewayMessageBytes": GATEWAY_MESSAGE_BYTES,
        "rosterPageBytes": ROSTER_PAGE_BYTES,
        "replayPageBytes": REPLAY_PAGE_BYTES,
        "messageIdChars": MAX_MESSAGE_ID_CHARS,
        "roomRetentionSecondsDefault": DEFAULT_RETENTION_SECONDS,
        "roomLogBoundDefault": DEFAULT_ROOM_BOUND,
        "roomConnections": MAX_ROOM_CONNECTIONS,
        "roomMembers": MAX_ROOM_MEMBERS,
        "idleSeconds": IDLE_SECONDS,
        "connectionSeconds": CONNECTION_TTL_SECONDS,
    })
}
