//! The routes and functions `template.yaml` declares.

mod authorizers;
mod conditions;
mod error;
mod load;
mod refs;
mod routes;
mod websocket;

pub use authorizers::{HttpAuthorizer, IdentitySource, WsAuthorizer};
pub use conditions::Parameters;
pub use error::TemplateError;
pub use load::Template;
pub use routes::{HttpRoute, RouteMatch, find};
pub use websocket::WsRoute;
