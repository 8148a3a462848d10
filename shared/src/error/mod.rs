//! Errors at the studio's boundaries: the `/api` and WebSocket envelope, the `/v1`
//! parity shape, the one mapping from domain errors to codes, and how a handler's
//! result becomes a response.

mod api;
mod codes;
mod envelope;
mod parity;
mod respond;

pub use api::ApiError;
pub use envelope::{DetailMessage, ErrorBody, ErrorEnvelope, GatewayMessage, ValidationDetails};
pub use parity::{Detail, ParityError};
pub use respond::{IntoResponse, IntoWsResponse};
