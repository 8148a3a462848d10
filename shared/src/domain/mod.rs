//! Domain types: values that check themselves when they are made.

mod page;
mod presence;
mod session;
mod session_name;

pub use page::{Cursor, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageError, PageLimit, PageRequest};
pub use presence::{
    DEFAULT_TTL_SECONDS, DisplayName, MAX_TTL_SECONDS, MIN_TTL_SECONDS, MemberId, PresenceError,
    PresenceMember, PresenceStatus, RoomId, Ttl,
};
pub use session::{InvalidSessionId, Session, SessionId};
pub use session_name::{DEFAULT_SESSION_NAME, MAX_SESSION_NAME_CHARS, SessionName, SessionNameError};
