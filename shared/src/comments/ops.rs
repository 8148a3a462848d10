//! Comment operations: what a client sends (`RawCommentOp`) and the checked operation it
//! becomes (`CommentOp`).

use serde::Deserialize;
use uuid::Uuid;

use super::error::CommentError;
use super::model::CommentId;
use super::text::CommentText;
use crate::arrangement::{ClipId, MAX_START, Samples, TrackId};

/// One operation as sent: the body's `op` and its fields.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    tag = "op",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum RawCommentOp {
    Add {
        text: String,
        at: f64,
        track_id: Option<Uuid>,
        clip_id: Option<Uuid>,
    },
    Reply {
        comment_id: Uuid,
        text: String,
    },
    Resolve {
        comment_id: Uuid,
    },
    Reopen {
        comment_id: Uuid,
    },
}

/// A checked operation.
#[derive(Debug, Clone, PartialEq)]
pub enum CommentOp {
    /// A new thread at `at` (samples at 48 kHz, like the arrangement's times).
    Add {
        text: CommentText,
        at: Samples,
        track: Option<TrackId>,
        clip: Option<ClipId>,
    },
    /// A reply in the thread of `to` (a reply to a reply joins the same thread).
    Reply { to: CommentId, text: CommentText },
    /// Resolves the thread of the comment.
    Resolve(CommentId),
    /// Opens the thread of the comment again.
    Reopen(CommentId),
}

impl TryFrom<RawCommentOp> for CommentOp {
    type Error = CommentError;
    fn try_from(raw: RawCommentOp) -> Result<Self, Self::Error> {
        Ok(match raw {
            RawCommentOp::Add {
                text,
                at,
                track_id,
                clip_id,
            } => Self::Add {
                text: CommentText::parse(&text)?,
                at: Samples::parse("at", at, MAX_START)?,
                track: track_id.map(TrackId::from),
                clip: clip_id.map(ClipId::from),
            },
            RawCommentOp::Reply { comment_id, text } => Self::Reply {
                to: comment_id.into(),
                text: CommentText::parse(&text)?,
            },
            RawCommentOp::Resolve { comment_id } => Self::Resolve(comment_id.into()),
            RawCommentOp::Reopen { comment_id } => Self::Reopen(comment_id.into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(value: serde_json::Value) -> Result<CommentOp, String> {
        let raw: RawCommentOp = serde_json::from_value(value).map_err(|e| e.to_string())?;
        CommentOp::try_from(raw).map_err(|e| e.to_string())
    }

    #[test]
    fn an_add_takes_whole_samples_within_the_timeline() {
        let added = op(json!({ "op": "add", "text": "late snare", "at": 96000 })).unwrap();
        assert!(matches!(added, CommentOp::Add { at, .. } if at == Samples::new(96_000)));
        assert!(op(json!({ "op": "add", "text": "x", "at": 1.5 })).is_err());
        assert!(op(json!({ "op": "add", "text": "x", "at": -1 })).is_err());
        assert!(op(json!({ "op": "add", "text": "x", "at": MAX_START + 1 })).is_err());
    }

    #[test]
    fn unknown_operations_and_fields_are_refused() {
        assert!(op(json!({ "op": "delete", "commentId": Uuid::nil() })).is_err());
        assert!(op(json!({ "op": "resolve", "commentId": Uuid::nil(), "text": "x" })).is_err());
        assert!(op(json!({ "op": "reply", "commentId": "not-a-uuid", "text": "x" })).is_err());
        assert_eq!(
            op(json!({ "op": "reply", "commentId": Uuid::nil(), "text": " " })),
            Err(CommentError::InvalidText.to_string())
        );
    }
}
