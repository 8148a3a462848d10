//! API Gateway's `@connections` management API: how a frame reaches one WebSocket.

mod management;

pub use management::ManagementApi;
