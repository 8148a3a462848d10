//! How a handler's result becomes a response, applied once by the runtime: a handler
//! returns its success or its error, and never builds an error response itself.

use crate::error::{ApiError, ParityError};
use crate::http::Response;
use crate::http::ws::{WsResponse, ws_response};

/// Something a function can answer with (in the spirit of axum's `IntoResponse`).
pub trait IntoResponse {
    /// The HTTP response; server-side failures are logged on the way.
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        ApiError::into_response(self)
    }
}

impl IntoResponse for ParityError {
    fn into_response(self) -> Response {
        ParityError::into_response(self)
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(answer) => answer.into_response(),
            Err(error) => error.into_response(),
        }
    }
}

/// Something a WebSocket function can answer with. Only `$connect`'s status reaches the
/// client (a refused handshake); the other routes' answers are for the logs.
pub trait IntoWsResponse {
    /// The WebSocket function's result.
    fn into_ws_response(self) -> WsResponse;
}

impl IntoWsResponse for WsResponse {
    fn into_ws_response(self) -> WsResponse {
        self
    }
}

impl IntoWsResponse for ApiError {
    fn into_ws_response(self) -> WsResponse {
        self.log();
        ws_response(self.status().as_u16(), &self.to_json())
    }
}

impl<E: IntoWsResponse> IntoWsResponse for Result<WsResponse, E> {
    fn into_ws_response(self) -> WsResponse {
        self.unwrap_or_else(IntoWsResponse::into_ws_response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_result_answers_with_its_own_status_and_envelope() {
        let result: Result<Response, ApiError> = Err(ApiError::not_found("session", "x"));
        let response = result.into_response();
        assert_eq!(response.status(), 404);
        let ws: Result<WsResponse, ApiError> = Err(ApiError::bad_request("invalid_id", "roomId is required"));
        let ws = ws.into_ws_response();
        assert_eq!(ws.status_code, 400);
        let body = format!("{:?}", ws.body);
        assert!(body.contains("invalid_id"), "{body}");
    }
}
