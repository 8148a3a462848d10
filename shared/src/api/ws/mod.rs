//! The WebSocket entry points, one per route as API Gateway names them: `$connect`,
//! `$disconnect` and `$default` (a member's frames).

mod connect;
mod disconnect;
mod event;
mod message;
#[cfg(test)]
mod tests;

pub use connect::connect;
pub use disconnect::disconnect;
pub use event::{WsRequest, WsResponse, connection_id, management_endpoint, ok, ws_response};
pub use message::message;
