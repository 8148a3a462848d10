//! The AsyncAPI 3.0 document of the realtime rooms, assembled from the channel, its
//! messages and the schemas of the envelope and frame types.

use serde_json::{Map, Value, json};

use super::{channel, messages, schemas};

const DESCRIPTION: &str = "People in a room see each other arrive and leave and exchange \
    room messages; nobody outside the room sees them. Presence is one roster whether it is \
    written over HTTP (`/api/presence`, in docs/openapi.json) or by a socket, and every \
    change is told to the room's sockets.\n\n\
    Operations are written from a room member's client: it **sends** frames (JSON text, \
    at most 32 KiB) and **receives** envelopes (JSON objects with a `type`). The channel's \
    `x-handshake-refusals`, `x-close-codes` and `x-limits` list what the handshake answers \
    when it refuses, how the gateway closes a socket, and the limits.";

/// The document as JSON.
pub fn document() -> Value {
    let schemas: Map<String, Value> = schemas::components().into_iter().collect();
    json!({
        "asyncapi": "3.0.0",
        "info": {
            "title": "Omnisonic Studio realtime rooms",
            "version": env!("CARGO_PKG_VERSION"),
            "description": DESCRIPTION,
            "license": { "name": "MIT" }
        },
        "defaultContentType": "application/json",
        "servers": servers(),
        "channels": { "room": channel::channel() },
        "operations": messages::operations(),
        "components": {
            "schemas": schemas,
            "messages": messages::components(),
            "securitySchemes": {
                "memberToken": {
                    "type": "httpApiKey",
                    "name": "token",
                    "in": "query",
                    "description": "Invite mode: the member token as `?token=` (browsers cannot set \
                        headers on a WebSocket). Open mode: none."
                }
            }
        }
    })
}

fn servers() -> Value {
    json!({
        "local": {
            "host": "127.0.0.1:8080",
            "pathname": "/",
            "protocol": "ws",
            "title": "The local studio",
            "description": "The local gateway of `infra/scripts/dev.sh`, in open mode unless \
                STUDIO_ACCESS=invite."
        },
        "aws": {
            "host": "{apiId}.execute-api.{region}.amazonaws.com",
            "pathname": "/{stage}",
            "protocol": "wss",
            "title": "The deployed stack",
            "description": "The stack's `WebSocketUrl` output, in invite mode unless deployed \
                with AccessMode=open.",
            "variables": {
                "apiId": { "description": "The WebSocket API's id." },
                "region": { "description": "The stack's AWS region.", "examples": ["eu-west-1"] },
                "stage": { "description": "The stack's Stage parameter.", "default": "dev" }
            },
            "security": [{ "$ref": "#/components/securitySchemes/memberToken" }]
        }
    })
}

/// The document as pretty JSON with a trailing newline: `docs/asyncapi.json` as committed.
pub fn to_json() -> String {
    let mut text = serde_json::to_string_pretty(&document()).expect("the document is plain data");
    text.push('\n');
    text
}
