//! Domain types: values that check themselves when they are made.

mod ids;
mod page;
mod presence;
mod session;
mod session_name;
mod window;

pub use ids::{
    ExportId, IdError, InvalidMediaId, InvalidSessionId, MAX_ID_CHARS, MemberId, RoomId, SessionId, UploadId,
};
pub use page::{Cursor, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, PageError, PageLimit, PageRequest};
pub use presence::{
    DEFAULT_TTL_SECONDS, DisplayName, MAX_DISPLAY_NAME_CHARS, MAX_HTTP_TTL_SECONDS, MAX_STATUS_CHARS,
    MAX_TTL_SECONDS, MIN_TTL_SECONDS, PresenceError, PresenceMember, PresenceStatus, Ttl,
};
pub use session::{ForkedFrom, Session};
pub use session_name::{DEFAULT_SESSION_NAME, MAX_SESSION_NAME_CHARS, SessionName, SessionNameError};
pub use window::{Window, WindowError, WindowRequest};
