//! The one error type of the `/api` and WebSocket boundaries, and how it looks on the wire:
//! `{ "error": { "code": "...", "message": "..." } }` with a status that says whose fault it is.
//! Which domain error becomes which code is decided in [`super::codes`], once.

use http::StatusCode;

use super::{ErrorBody, ErrorEnvelope};
use crate::http::{Response, json_response};

/// Everything a handler can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The client sent something the studio will not accept.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// The request is well formed but the studio's state refuses it (a full room).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// The request carries no identity, or one that is no longer valid.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    /// The caller is known but may not do this.
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// The request is understood but asks for more than the studio will do (an export
    /// over its caps, an idempotency key reused for another request).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// The caller asked too often; it may retry after `retry_after` seconds (429).
    #[error("{message}")]
    TooManyRequests {
        code: &'static str,
        message: String,
        retry_after: u32,
    },
    /// The named thing does not exist.
    #[error("{what} {id} was not found")]
    NotFound { what: &'static str, id: String },
    /// The body is larger than this route accepts.
    #[error("request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The body is not in a format this route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A dependency is down or did not answer in time; the client may retry.
    #[error("{0} is unavailable, try again shortly")]
    Unavailable(&'static str),
    /// A dependency is throttling the studio; the client may retry after `Retry-After`.
    #[error("{0} is busy, try again in a moment")]
    Throttled(&'static str),
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

    /// A 401: no identity, or an expired or invalid one.
    pub fn unauthorized(code: &'static str, message: impl ToString) -> Self {
        Self::Unauthorized {
            code,
            message: message.to_string(),
        }
    }

    /// A 403: the caller may not do this.
    pub fn forbidden(code: &'static str, message: impl ToString) -> Self {
        Self::Forbidden {
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
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) | Self::Throttled(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. } => code,
            Self::NotFound { .. } => "not_found",
            Self::Conflict { code, .. } | Self::Unprocessable { code, .. } => code,
            Self::Unauthorized { code, .. } | Self::Forbidden { code, .. } => code,
            Self::TooManyRequests { code, .. } => code,
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Unavailable(_) => "unavailable",
            Self::Throttled(_) => "throttled",
            Self::Internal(_) => "internal",
        }
    }

    /// The error envelope as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.envelope()).expect("an envelope is plain data")
    }

    /// The error envelope clients receive.
    pub fn envelope(&self) -> ErrorEnvelope {
        ErrorEnvelope {
            error: ErrorBody {
                code: self.code().to_owned(),
                message: self.to_string(),
            },
        }
    }

    /// Logs a server-side failure with its detail, which stays out of responses.
    pub fn log(&self) {
        match self {
            Self::Internal(detail) => tracing::error!(%detail, "request failed"),
            Self::Unavailable(dependency) => tracing::warn!(%dependency, "dependency unavailable"),
            Self::Throttled(dependency) => tracing::warn!(%dependency, "dependency throttling"),
            _ => {}
        }
    }

    /// Seconds a client should wait before retrying, for the errors worth retrying.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            Self::Throttled(_) => Some(1),
            Self::Unavailable(_) => Some(2),
            Self::TooManyRequests { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// The error as an HTTP response (logged first when it is the studio's failure),
    /// with `Retry-After` when waiting is what helps.
    pub fn into_response(self) -> Response {
        self.log();
        let mut response = json_response(self.status(), &self.envelope());
        if let Some(seconds) = self.retry_after() {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}
