//! The studio's pages: server-rendered HTML with a little plain JavaScript.

mod handler;
mod urls;
mod views;

pub use handler::{html, not_found, page};
pub use urls::PageUrls;
