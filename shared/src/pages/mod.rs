//! The studio's pages: server-rendered HTML with a little plain JavaScript.

mod config;
mod handler;
mod views;

pub use config::PageConfig;
pub use handler::{html, not_found, page};
