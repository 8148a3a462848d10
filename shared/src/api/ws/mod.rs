//! The WebSocket entry points, one per route as API Gateway names them: `$connect`,
//! `$disconnect` and `$default` (a member's frames).

mod connect;
mod disconnect;
mod event;
mod message;
#[cfg(test)]
mod tests;

pub use crate::http::ws::{WsRequest, WsResponse, management_endpoint, ok, ws_response};
pub use connect::connect;
pub use disconnect::disconnect;
pub use event::connection_id;
pub use message::message;
