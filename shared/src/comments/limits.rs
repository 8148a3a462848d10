//! The bounds on comments, with their reasons (docs/arrangement.md#comments lists them).
//! The migration's CHECK repeats the text's.

/// Longest comment, in characters: a paragraph about a passage, not a document.
pub const MAX_COMMENT_CHARS: usize = 2000;
/// Comments (replies included) a session keeps: a busy mix's notes many times over,
/// and a bound on what one member can make every reader page through.
pub const MAX_SESSION_COMMENTS: i64 = 5000;
/// Comments one member may write in a session, so one member cannot use up the
/// session's room alone.
pub const MAX_MEMBER_COMMENTS: i64 = 500;
