//! The local HTTP API.

mod event;
mod result;
mod server;

pub use event::{Incoming, http_event};
pub use result::{gateway_error, http_response};
pub use server::{MAX_REQUEST_BYTES, router};
