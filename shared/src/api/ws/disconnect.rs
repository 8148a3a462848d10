//! `$disconnect`: a connection closed. Its row goes, and when it was its member's last
//! connection in the room, so does the presence, and the room is told.

use crate::api::ws::{WsRequest, WsResponse, connection_id, management_endpoint, ok};
use crate::error::ApiError;
use crate::realtime::{Realtime, envelope};

/// Removes the connection and, with its member's last, the member.
pub async fn disconnect(rt: &Realtime, req: &WsRequest) -> Result<WsResponse, ApiError> {
    let id = connection_id(req)?;
    let Some(connection) = rt.connections.remove(id).await? else {
        return Ok(ok());
    };
    if rt.member_left(&connection).await? {
        let endpoint = management_endpoint(req);
        let leave = envelope::leave(&connection.room_id, &connection.member_id);
        rt.broadcast(endpoint.as_deref(), &connection.room_id, &leave, Some(id))
            .await?;
    }
    Ok(ok())
}
