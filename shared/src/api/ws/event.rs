//! What every WebSocket route reads from its event (the event and answer types are
//! [`crate::http::ws`]'s).

use crate::error::ApiError;
use crate::http::ws::WsRequest;

/// The connection the event is about.
pub fn connection_id(req: &WsRequest) -> Result<&str, ApiError> {
    req.request_context
        .connection_id
        .as_deref()
        .ok_or_else(|| ApiError::bad_request("invalid_event", "the event has no connectionId"))
}
