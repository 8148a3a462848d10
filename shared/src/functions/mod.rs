//! The function suite: names, per-container resources and dispatch.

mod catalog;
mod cold_start;
mod dispatch;
pub mod fixed;
mod handlers;
mod resources;

pub use catalog::{FunctionName, Needs, UnknownFunction};
pub use dispatch::handle_ws_event;
pub use fixed::{Function, Requirements};
pub use resources::{InitError, Resources};
