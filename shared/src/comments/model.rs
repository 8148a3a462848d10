//! A comment as stored: who wrote what, where in the song, on which version, and
//! whether its thread is resolved.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::text::CommentText;
use crate::arrangement::{Author, ClipId, Samples, TrackId};
use crate::domain::SessionId;

/// A comment's id (the studio makes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CommentId(Uuid);

impl CommentId {
    /// A new random id.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }

    /// The id as a UUID, for stores.
    pub fn as_uuid(self) -> Uuid {
        self.0
    }
}

impl From<Uuid> for CommentId {
    fn from(id: Uuid) -> Self {
        Self(id)
    }
}

impl std::fmt::Display for CommentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a comment was made, as it was then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The timeline position, in samples at 48 kHz.
    pub at: Samples,
    /// The track it is on, if any (a clip's track when on a clip).
    pub track: Option<TrackId>,
    /// The clip it is on, if any, and how far `at` was from the clip's start (negative:
    /// before it), so it can follow the clip.
    pub clip: Option<(ClipId, i64)>,
}

/// A stored comment or reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: CommentId,
    pub session: SessionId,
    /// Its place among the session's comments, from 1, strictly increasing (paging).
    pub seq: u64,
    /// The thread's first comment, for a reply (one level: a reply's pin is its root's).
    pub reply_to: Option<CommentId>,
    pub author: Author,
    pub text: CommentText,
    pub pin: Pin,
    /// The arrangement version current when it was made.
    pub version: u64,
    /// When and by whom the thread was resolved (on the thread's first comment only).
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<Author>,
    pub created_at: DateTime<Utc>,
}

impl Comment {
    /// The first comment of its thread: itself, or the one it replies to.
    pub fn root(&self) -> CommentId {
        self.reply_to.unwrap_or(self.id)
    }
}
