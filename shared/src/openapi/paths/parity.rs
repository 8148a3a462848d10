//! `/v1/sessions`: the FastAPI parity routes, with FastAPI's error shapes.

#![allow(dead_code)] // the functions only carry their operation's attributes

use crate::api::sessions::{SessionAnswer, SessionsPage};
use crate::error::{DetailMessage, ValidationDetails};
use crate::openapi::requests::{PageQuery, V1CreateBody};

/// List sessions newest first, paged like `/api/sessions`.
#[utoipa::path(get, path = "/v1/sessions", tag = "parity", operation_id = "v1ListSessions",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of sessions", body = SessionsPage),
        (status = 422, description = "A bad `limit` or `cursor`, in FastAPI's shape", body = ValidationDetails),
        (status = 503, description = "A dependency is unavailable", body = DetailMessage),
    ))]
fn v1_list_sessions() {}

/// Create a session; `name` is required, as in the FastAPI model. The body is read as
/// JSON whatever its content type says, as FastAPI reads it.
#[utoipa::path(post, path = "/v1/sessions", tag = "parity", operation_id = "v1CreateSession",
    request_body(content = V1CreateBody, content_type = "application/json",
        example = json!({ "name": "Friday jam" })),
    responses(
        (status = 200, description = "The session", body = SessionAnswer),
        (status = 413, description = "A body over 64 KiB", body = DetailMessage),
        (status = 422, description = "A missing, mistyped, blank or too long `name`, or a body that is not \
            a JSON object, in FastAPI's shape", body = ValidationDetails),
        (status = 503, description = "A dependency is unavailable", body = DetailMessage),
    ))]
fn v1_create_session() {}
