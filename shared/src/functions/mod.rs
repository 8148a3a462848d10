//! The function suite: names, per-container resources and dispatch.

mod catalog;
mod dispatch;
mod resources;

pub use catalog::{FunctionName, Needs, UnknownFunction};
pub use dispatch::{handle_http, handle_ws_event};
pub use resources::{InitError, Resources};
