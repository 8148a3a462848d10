//! The local WebSocket API: the `$connect`/`$default`/`$disconnect` events API Gateway
//! sends, routed from `template.yaml`, and the `@connections` management API.

mod event;
mod management;
mod registry;
mod server;
mod socket;

pub use registry::Registry;
pub use server::{MAX_MESSAGE_BYTES, WsSettings, router};
