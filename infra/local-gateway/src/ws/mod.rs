//! The local WebSocket API: the `$connect`/`$default`/`$disconnect` events API Gateway
//! sends, routed from `template.yaml`, and the `@connections` management API.

mod api;
mod event;
mod management;
mod registry;
mod server;
mod sigv4;
mod socket;

pub use api::{MAX_MESSAGE_BYTES, WsSettings};
pub use registry::Registry;
pub use server::router;
