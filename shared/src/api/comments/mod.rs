//! `/api/comments`: comments pinned to a time in the song (docs/arrangement.md#comments).

pub mod answer;
mod edit;
mod get;

pub use edit::edit;
pub use get::{CommentsPage, DEFAULT_COMMENTS, MAX_COMMENTS_PAGE, get};
