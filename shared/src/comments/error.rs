//! Why a comment operation was refused; each variant has its own code
//! (`error/codes.rs`). A refusal writes nothing.

use super::limits::*;
use crate::arrangement::ArrangementError;

/// A comment operation the studio refuses.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommentError {
    #[error(
        "a comment has 1 to {MAX_COMMENT_CHARS} characters, without control characters other than line breaks and tabs"
    )]
    InvalidText,
    #[error(transparent)]
    InvalidTime(#[from] ArrangementError),
    #[error("no {what} {id} in the session's arrangement")]
    UnknownTarget { what: &'static str, id: String },
    #[error("no comment {0} in this session")]
    UnknownComment(String),
    #[error("a session keeps at most {MAX_SESSION_COMMENTS} comments")]
    SessionQuota,
    #[error("a member writes at most {MAX_MEMBER_COMMENTS} comments in a session")]
    MemberQuota,
    #[error("the thread is already {0}")]
    AlreadySo(&'static str),
}
