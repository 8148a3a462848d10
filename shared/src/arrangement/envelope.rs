//! `arrangement.changed`: what the room is told of each accepted batch, once.

use serde::Serialize;
use serde_json::Value;

use super::ports::Edited;

/// `{ type: "arrangement.changed", roomId, version, rebased, operations, by }`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Changed<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    room_id: &'a str,
    #[serde(flatten)]
    edited: &'a Edited,
}

/// The envelope for `edited`, to the room `room_id` (the session's id).
pub fn changed_envelope(room_id: &str, edited: &Edited) -> Value {
    serde_json::to_value(Changed {
        kind: "arrangement.changed",
        room_id,
        edited,
    })
    .expect("an envelope is plain data")
}
