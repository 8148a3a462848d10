//! The WebSocket events API Gateway sends a function and what the function answers:
//! the WebSocket counterpart of lambda_http's request and response.

use aws_lambda_events::apigw::{ApiGatewayProxyResponse, ApiGatewayWebsocketProxyRequest};
use aws_lambda_events::encodings::Body;
use http::{HeaderMap, HeaderValue, header};
use serde_json::Value;

/// The event API Gateway sends a WebSocket function.
pub type WsRequest = ApiGatewayWebsocketProxyRequest;
/// What a WebSocket function answers; only `$connect`'s status matters to API Gateway.
pub type WsResponse = ApiGatewayProxyResponse;

/// A JSON answer with `status`.
pub fn ws_response(status: u16, body: &Value) -> WsResponse {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut r = WsResponse::default();
    r.status_code = i64::from(status);
    r.headers = headers;
    r.body = Some(Body::Text(body.to_string()));
    r
}

/// `{ "ok": true }`: the event was handled.
pub fn ok() -> WsResponse {
    ws_response(200, &serde_json::json!({ "ok": true }))
}

/// `https://{domainName}/{stage}`: where API Gateway takes `@connections` posts.
pub fn management_endpoint(req: &WsRequest) -> Option<String> {
    let ctx = &req.request_context;
    let domain = ctx.domain_name.as_deref()?;
    let stage = ctx.stage.as_deref().unwrap_or_default();
    Some(
        format!("https://{domain}/{stage}")
            .trim_end_matches('/')
            .to_owned(),
    )
}
