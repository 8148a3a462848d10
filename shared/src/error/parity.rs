//! Errors of the `/v1` parity routes in FastAPI's shapes: 422 `{ detail: [...] }` for
//! validation, `{ detail: "..." }` otherwise.

use http::StatusCode;
use serde::Serialize;
use serde_json::Value;

use super::{ApiError, DetailMessage, ValidationDetails};
use crate::domain::{MAX_SESSION_NAME_CHARS, PageError, SessionNameError};
use crate::http::{BodyError, Response, json_response};

/// One entry of FastAPI's validation `detail` list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Detail {
    /// Where the error is: `["body", "name"]`, `["query", "limit"]`.
    #[cfg_attr(feature = "openapi", schema(schema_with = loc_schema))]
    pub loc: Vec<Value>,
    pub msg: String,
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "missing"))]
    pub kind: &'static str,
}

/// FastAPI's `loc` in the OpenAPI document: names and list indexes from the request's
/// root to the bad value.
#[cfg(feature = "openapi")]
fn loc_schema() -> impl Into<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    use utoipa::openapi::{ArrayBuilder, OneOfBuilder};
    let item = OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::String))
        .item(ObjectBuilder::new().schema_type(Type::Integer));
    ArrayBuilder::new()
        .items(item)
        .examples([serde_json::json!(["body", "name"])])
}

impl Detail {
    /// A detail at `loc` with pydantic's message and type.
    pub fn new(loc: &[&str], msg: impl Into<String>, kind: &'static str) -> Self {
        Self {
            loc: loc.iter().map(|s| Value::from(*s)).collect(),
            msg: msg.into(),
            kind,
        }
    }
}

/// A `/v1` failure.
#[derive(Debug)]
pub enum ParityError {
    /// 422 with the list of what is wrong.
    Validation(Vec<Detail>),
    /// Any other failure, answered as `{ detail: message }` with the `/api` status.
    Other(ApiError),
}

impl ParityError {
    /// The error as FastAPI would answer it.
    pub fn into_response(self) -> Response {
        match self {
            Self::Validation(detail) => {
                json_response(StatusCode::UNPROCESSABLE_ENTITY, &ValidationDetails { detail })
            }
            Self::Other(e) => {
                let status = e.status();
                let message = match &e {
                    ApiError::Internal(_) => "Internal Server Error".to_owned(),
                    other => other.to_string(),
                };
                e.log();
                json_response(status, &DetailMessage { detail: message })
            }
        }
    }
}

impl From<ApiError> for ParityError {
    fn from(e: ApiError) -> Self {
        Self::Other(e)
    }
}

impl From<BodyError> for ParityError {
    fn from(e: BodyError) -> Self {
        match e {
            BodyError::TooLarge { .. } => Self::Other(e.into()),
            BodyError::Malformed(_) => {
                Self::Validation(vec![Detail::new(&["body"], "JSON decode error", "json_invalid")])
            }
            BodyError::NotAnObject | BodyError::UnsupportedMediaType(_) => {
                Self::Validation(vec![Detail::new(
                    &["body"],
                    "Input should be a valid dictionary or object to extract fields from",
                    "model_attributes_type",
                )])
            }
        }
    }
}

impl From<SessionNameError> for ParityError {
    fn from(e: SessionNameError) -> Self {
        let detail = match e {
            SessionNameError::Empty => Detail::new(
                &["body", "name"],
                "String should have at least 1 character",
                "string_too_short",
            ),
            SessionNameError::TooLong(_) => Detail::new(
                &["body", "name"],
                format!("String should have at most {MAX_SESSION_NAME_CHARS} characters"),
                "string_too_long",
            ),
            SessionNameError::ControlCharacter => {
                Detail::new(&["body", "name"], format!("Value error, {e}"), "value_error")
            }
        };
        Self::Validation(vec![detail])
    }
}

impl From<PageError> for ParityError {
    fn from(e: PageError) -> Self {
        let field = match e {
            PageError::InvalidLimit => "limit",
            PageError::InvalidCursor => "cursor",
        };
        Self::Validation(vec![Detail::new(
            &["query", field],
            format!("Value error, {e}"),
            "value_error",
        )])
    }
}
