//! The routes and functions `template.yaml` declares.

mod load;
mod routes;
mod websocket;

pub use load::{Template, TemplateError};
pub use routes::{HttpRoute, RouteMatch, find};
pub use websocket::WsRoute;
