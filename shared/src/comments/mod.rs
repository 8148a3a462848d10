//! Comments pinned to a time in the song: a member's note at a timeline position,
//! optionally on a track or a clip, with one level of replies, resolved and reopened as a
//! thread. A comment keeps the arrangement version it was made on; one on a clip keeps
//! its offset into the clip, so it follows the clip when the clip moves. See
//! docs/arrangement.md#comments.

mod envelope;
mod error;
mod limits;
mod model;
mod ops;
mod pin;
mod ports;
mod text;

pub use envelope::{CommentEvent, comment_envelope};
pub use error::CommentError;
pub use limits::*;
pub use model::{Comment, CommentId, Pin};
pub use ops::{CommentOp, RawCommentOp};
pub use pin::{Placed, pin, place};
pub use ports::{CommentStore, NewComment};
pub use text::CommentText;
