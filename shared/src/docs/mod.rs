//! The contract documents as the studio serves them: the committed OpenAPI and AsyncAPI
//! documents as JSON, and `/docs`, a page rendered from both (no script, no CDN).

mod handler;
mod html;
mod http_section;
mod page;
mod schema_text;
mod ws_section;

pub use handler::{ASYNCAPI_JSON, OPENAPI_JSON, prepare, serve};
pub use page::page;
