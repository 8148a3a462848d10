//! The routes and functions `template.yaml` declares.

mod error;
mod load;
mod routes;
mod websocket;

pub use error::TemplateError;
pub use load::Template;
pub use routes::{HttpRoute, RouteMatch, find};
pub use websocket::WsRoute;
