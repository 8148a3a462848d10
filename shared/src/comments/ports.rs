//! The port comment handlers talk to (Postgres in production).

use async_trait::async_trait;

use super::error::CommentError;
use super::limits::{MAX_MEMBER_COMMENTS, MAX_SESSION_COMMENTS};
use super::model::{Comment, CommentId, Pin};
use super::text::CommentText;
use crate::arrangement::Author;
use crate::domain::{SessionId, Window};
use crate::store::StoreError;

/// A comment or reply to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComment {
    pub id: CommentId,
    pub session: SessionId,
    pub reply_to: Option<CommentId>,
    pub author: Author,
    pub text: CommentText,
    pub pin: Pin,
    pub version: u64,
}

impl NewComment {
    /// Whether one more comment fits, given how many the session and this comment's
    /// author already wrote (the store counts them under the session's lock).
    pub fn fits(session_count: i64, author_count: i64) -> Result<(), CommentError> {
        if session_count >= MAX_SESSION_COMMENTS {
            Err(CommentError::SessionQuota)
        } else if author_count >= MAX_MEMBER_COMMENTS {
            Err(CommentError::MemberQuota)
        } else {
            Ok(())
        }
    }
}

/// Where comments live.
#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Stores `new` as the session's next comment (its `seq`), unless the session's or
    /// the author's quota is full (then nothing is written).
    async fn add(&self, new: NewComment) -> Result<Result<Comment, CommentError>, StoreError>;

    /// The session's comment `id`, if it has one.
    async fn get(&self, session: SessionId, id: CommentId) -> Result<Option<Comment>, StoreError>;

    /// At most `limit` of the session's comments and replies: newest first below a seq,
    /// or oldest first after one.
    async fn page(
        &self,
        session: SessionId,
        window: Window,
        limit: usize,
    ) -> Result<Vec<Comment>, StoreError>;

    /// Resolves (`by` given) or reopens the thread whose first comment is `root`; `None`
    /// when it already was so (nothing written).
    async fn set_resolved(
        &self,
        session: SessionId,
        root: CommentId,
        by: Option<Author>,
    ) -> Result<Option<Comment>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_quota_counts_before_the_members() {
        assert_eq!(NewComment::fits(0, 0), Ok(()));
        assert_eq!(
            NewComment::fits(MAX_SESSION_COMMENTS, 0),
            Err(CommentError::SessionQuota)
        );
        assert_eq!(
            NewComment::fits(10, MAX_MEMBER_COMMENTS),
            Err(CommentError::MemberQuota)
        );
        assert_eq!(
            NewComment::fits(MAX_SESSION_COMMENTS - 1, MAX_MEMBER_COMMENTS - 1),
            Ok(())
        );
    }
}
