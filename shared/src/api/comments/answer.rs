//! A comment as clients receive it: placed in the arrangement version read (a comment on a
//! clip where the clip now is), its time also in seconds and bars:beats as the
//! arrangement's answer shows times.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::arrangement::{Arrangement, Author, ClipId, Samples, TrackId, bars_beats};
use crate::comments::{Comment, CommentId, place};
use crate::domain::SessionId;

/// One comment or reply.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommentAnswer {
    pub id: CommentId,
    pub session_id: SessionId,
    /// Its place among the session's comments, from 1 (the `before`/`after` of paging).
    pub seq: u64,
    /// The thread's first comment, for a reply (`null` for a thread's first comment).
    pub reply_to: Option<CommentId>,
    pub text: String,
    /// `{ memberId, displayName }`: the token's member (open mode: as the client named
    /// itself, or `null`s).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub by: Author,
    /// Where it shows in the version read, in samples at 48 kHz: on a clip, the clip's
    /// start there plus the comment's offset into it.
    pub at: Samples,
    pub at_seconds: f64,
    /// `bar:beat` from 1 in the version read, e.g. `5:1`.
    pub at_bars_beats: String,
    /// The track it shows on (a clip's current track), if any.
    pub track_id: Option<TrackId>,
    pub clip_id: Option<ClipId>,
    /// Its clip (or track) is not in the version read: shown at the time it was made.
    pub detached: bool,
    /// The arrangement version current when it was made.
    pub version: u64,
    /// Its thread is resolved (a reply reports its own row: see its thread's first comment).
    pub resolved: bool,
    pub resolved_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub resolved_by: Option<Author>,
    pub created_at: DateTime<Utc>,
}

impl CommentAnswer {
    /// `comment` as it shows in `doc`.
    pub fn new(comment: &Comment, doc: &Arrangement) -> Self {
        let placed = place(&comment.pin, doc);
        Self {
            id: comment.id,
            session_id: comment.session,
            seq: comment.seq,
            reply_to: comment.reply_to,
            text: comment.text.as_str().to_owned(),
            by: comment.author.clone(),
            at: placed.at,
            at_seconds: placed.at.seconds(),
            at_bars_beats: bars_beats(placed.at, doc.tempo, doc.time_signature),
            track_id: placed.track,
            clip_id: comment.pin.clip.map(|(clip, _)| clip),
            detached: placed.detached,
            version: comment.version,
            resolved: comment.resolved_at.is_some(),
            resolved_at: comment.resolved_at,
            resolved_by: comment.resolved_by.clone(),
            created_at: comment.created_at,
        }
    }
}
