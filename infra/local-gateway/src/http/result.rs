//! A function's result document turned back into the HTTP response API Gateway sends.

use axum::{body::Body, response::Response};
use base64::{Engine, engine::general_purpose::STANDARD};
use http::{HeaderName, HeaderValue, StatusCode, header};
use serde_json::{Value, json};

/// Builds the client's response from a payload-2.0 result. A result without
/// `statusCode` is, as on AWS, a 200 whose body is the result itself.
pub fn http_response(result: &Value) -> Response {
    let Some(status) = result.get("statusCode").and_then(Value::as_u64) else {
        return json_body(StatusCode::OK, result);
    };
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match result.get("body").and_then(Value::as_str) {
        None => Vec::new(),
        Some(text) if result.get("isBase64Encoded").and_then(Value::as_bool) == Some(true) => {
            STANDARD.decode(text).unwrap_or_default()
        }
        Some(text) => text.as_bytes().to_vec(),
    };
    let mut response = Response::builder().status(status);
    for (name, value) in header_pairs(result) {
        response = response.header(name, value);
    }
    response
        .body(Body::from(body))
        .unwrap_or_else(|_| gateway_error(StatusCode::INTERNAL_SERVER_ERROR))
}

fn header_pairs(result: &Value) -> Vec<(HeaderName, HeaderValue)> {
    let mut pairs = Vec::new();
    let mut push = |name: &str, value: &str| {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            pairs.push((n, v));
        }
    };
    if let Some(headers) = result.get("headers").and_then(Value::as_object) {
        for (name, value) in headers {
            push(name, value.as_str().unwrap_or_default());
        }
    }
    if let Some(headers) = result.get("multiValueHeaders").and_then(Value::as_object) {
        for (name, values) in headers {
            for value in values.as_array().into_iter().flatten() {
                push(name, value.as_str().unwrap_or_default());
            }
        }
    }
    for cookie in result
        .get("cookies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        push(header::SET_COOKIE.as_str(), cookie.as_str().unwrap_or_default());
    }
    pairs
}

/// API Gateway's own error answers: `{"message": "..."}` with the status's reason.
pub fn gateway_error(status: StatusCode) -> Response {
    let message = status.canonical_reason().unwrap_or("Error");
    json_body(status, &json!({ "message": message }))
}

/// A response in the studio's error envelope, for what the gateway itself refuses.
pub fn studio_error(status: StatusCode, code: &str, message: &str) -> Response {
    json_body(status, &json!({ "error": { "code": code, "message": message } }))
}

fn json_body(status: StatusCode, value: &Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(value.to_string()))
        .expect("a status and a content type always build")
}
