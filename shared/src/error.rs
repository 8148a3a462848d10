//! The one error type of the `/api` and WebSocket boundaries, and how it looks on the wire:
//! `{ "error": { "code": "...", "message": "..." } }` with a status that says whose fault it is.

use http::StatusCode;
use serde_json::json;

use crate::domain::{InvalidSessionId, PageError, SessionNameError};
use crate::http::{BodyError, Response, json_response};
use crate::store::StoreError;

/// Everything a handler can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The client sent something the studio will not accept.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// The named thing does not exist.
    #[error("{what} {id} was not found")]
    NotFound { what: &'static str, id: String },
    /// The body is larger than this route accepts.
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The body is not in a format this route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A dependency is down; the client may retry.
    #[error("{0} is unavailable, try again shortly")]
    Unavailable(&'static str),
    /// A bug or an unexpected answer from a dependency.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// A 400 with a machine-readable code.
    pub fn bad_request(code: &'static str, message: impl ToString) -> Self {
        Self::BadRequest {
            code,
            message: message.to_string(),
        }
    }

    /// A 404 naming what was looked for.
    pub fn not_found(what: &'static str, id: impl ToString) -> Self {
        Self::NotFound {
            what,
            id: id.to_string(),
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. } => code,
            Self::NotFound { .. } => "not_found",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The error envelope as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        json!({ "error": { "code": self.code(), "message": self.to_string() } })
    }

    /// Logs a server-side failure with its detail, which stays out of responses.
    pub fn log(&self) {
        match self {
            Self::Internal(detail) => tracing::error!(%detail, "request failed"),
            Self::Unavailable(dependency) => tracing::warn!(%dependency, "dependency unavailable"),
            _ => {}
        }
    }

    /// The error as an HTTP response (logged first when it is the studio's failure).
    pub fn into_response(self) -> Response {
        self.log();
        json_response(self.status(), &self.to_json())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable { dependency, detail } => {
                tracing::warn!(%dependency, %detail, "store unavailable");
                Self::Unavailable(dependency)
            }
            StoreError::Internal { .. } => Self::Internal(e.to_string()),
        }
    }
}

impl From<BodyError> for ApiError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { limit } => Self::PayloadTooLarge { limit },
            BodyError::UnsupportedMediaType(_) => Self::UnsupportedMediaType(e.to_string()),
            BodyError::Malformed(_) => Self::bad_request("malformed_json", e),
            BodyError::NotAnObject => Self::bad_request("invalid_body", e),
        }
    }
}

impl From<SessionNameError> for ApiError {
    fn from(e: SessionNameError) -> Self {
        Self::bad_request("invalid_name", e)
    }
}

impl From<InvalidSessionId> for ApiError {
    fn from(e: InvalidSessionId) -> Self {
        Self::bad_request("invalid_id", e)
    }
}

impl From<PageError> for ApiError {
    fn from(e: PageError) -> Self {
        match e {
            PageError::InvalidLimit => Self::bad_request("invalid_limit", e),
            PageError::InvalidCursor => Self::bad_request("invalid_cursor", e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_outage_becomes_a_503_that_names_the_dependency_only() {
        let err = ApiError::from(StoreError::unavailable(
            "postgres",
            "connection refused (10.0.0.5)",
        ));
        assert_eq!(err.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = err.to_json().to_string();
        assert!(body.contains("postgres is unavailable"), "{body}");
        assert!(!body.contains("10.0.0.5"), "detail leaked: {body}");
    }

    #[test]
    fn a_store_bug_becomes_a_500_without_its_detail() {
        let err = ApiError::from(StoreError::internal("postgres", "syntax error at SELEC"));
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!err.to_json().to_string().contains("SELEC"));
    }

    #[test]
    fn bad_input_maps_to_400_with_a_specific_code() {
        let err = ApiError::from(SessionNameError::Empty);
        assert_eq!(
            (err.status(), err.code()),
            (StatusCode::BAD_REQUEST, "invalid_name")
        );
        let err = ApiError::from(InvalidSessionId);
        assert_eq!(err.code(), "invalid_id");
        let err = ApiError::from(BodyError::TooLarge { limit: 10 });
        assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
