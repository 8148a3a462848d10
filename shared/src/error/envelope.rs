//! The wire shapes of the studio's errors as types, so what a client receives and what
//! the OpenAPI document says it receives come from one definition.

use serde::Serialize;

use super::Detail;

/// `{ "error": { "code", "message" } }`: every `/api` and WebSocket refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

/// The body of an [`ErrorEnvelope`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Machine-readable, stable: clients switch on it (`invalid_name`, `not_found`, ...).
    #[cfg_attr(feature = "openapi", schema(example = "invalid_name"))]
    pub code: String,
    /// For people; its wording may change.
    #[cfg_attr(feature = "openapi", schema(example = "name must not be empty"))]
    pub message: String,
}

/// FastAPI's validation answer on `/v1`: 422 `{ "detail": [ ... ] }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationDetails {
    pub detail: Vec<Detail>,
}

/// FastAPI's answer to any other `/v1` failure: `{ "detail": "..." }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailMessage {
    #[cfg_attr(feature = "openapi", schema(example = "Internal Server Error"))]
    pub detail: String,
}

/// API Gateway's own refusal, before any function runs: `{ "message": "Unauthorized" }`
/// (401, no `Authorization` header) or `{ "message": "Forbidden" }` (403, a token the
/// authorizer refuses). The local gateway answers the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GatewayMessage {
    #[cfg_attr(feature = "openapi", schema(example = "Unauthorized"))]
    pub message: String,
}
