//! Lambda authorizers as API Gateway runs them in front of routes: which identity a
//! request must carry, the event the authorizer gets, the answer API Gateway gives when
//! it refuses, the cache it keeps, and the context the route's function receives.

mod cache;
mod http;
mod ws;

pub use cache::AuthorizerCache;
pub use http::authorize_http;
pub use ws::authorize_ws;
