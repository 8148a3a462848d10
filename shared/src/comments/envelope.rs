//! `comment.added`, `comment.resolved`, `comment.reopened`: what the room is told of each
//! accepted comment operation, once.

use serde::Serialize;
use serde_json::{Value, json};

/// What happened to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentEvent {
    /// A new comment or reply.
    Added,
    Resolved,
    Reopened,
}

impl CommentEvent {
    /// The envelope's `type`.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Added => "comment.added",
            Self::Resolved => "comment.resolved",
            Self::Reopened => "comment.reopened",
        }
    }
}

/// `{ type, roomId, comment }` to the room `room_id` (the session's id), with the comment
/// as the routes answer it.
pub fn comment_envelope(event: CommentEvent, room_id: &str, comment: &impl Serialize) -> Value {
    json!({
        "type": event.kind(),
        "roomId": room_id,
        "comment": serde_json::to_value(comment).expect("a comment is plain data"),
    })
}
