//! `$disconnect`: a connection closed. Its row goes, and when it was its member's last
//! connection in the room, so does the presence, and the room is told.

use crate::api::ws::{WsRequest, WsResponse, connection_id, management_endpoint, ok};
use crate::error::ApiError;
use crate::realtime::{Realtime, envelope};

/// Removes the connection and, with its member's last, the member.
pub async fn disconnect(rt: &Realtime, req: &WsRequest) -> Result<WsResponse, ApiError> {
    let id = connection_id(req)?;
    let Some(departure) = rt.close(id).await? else {
        return Ok(ok());
    };
    if departure.member_left {
        let c = &departure.connection;
        let endpoint = management_endpoint(req);
        let leave = envelope::leave(&c.room_id, &c.member_id);
        rt.broadcast(endpoint.as_deref(), &c.room_id, &leave, Some(id))
            .await?;
    }
    Ok(ok())
}
