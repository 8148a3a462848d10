//! Building Lambda HTTP responses.

use http::{StatusCode, header};
use lambda_http::Body;
use serde::Serialize;

/// The response type every HTTP function returns.
pub type Response = lambda_http::Response<Body>;

/// A JSON response with the given status.
pub fn json_response<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    let text = serde_json::to_string(body).expect("response bodies are plain data");
    lambda_http::Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::Text(text))
        .expect("a status and one header always build")
}

/// A 200 JSON response.
pub fn ok<T: Serialize + ?Sized>(body: &T) -> Response {
    json_response(StatusCode::OK, body)
}

/// A 201 JSON response.
pub fn created<T: Serialize + ?Sized>(body: &T) -> Response {
    json_response(StatusCode::CREATED, body)
}
