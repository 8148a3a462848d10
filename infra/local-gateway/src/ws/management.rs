//! `@connections/{id}`: POST sends a frame, GET describes the connection, DELETE closes
//! it; an unknown or closed connection is 410 `GoneException`, as on AWS.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
};
use serde_json::json;
use std::sync::Arc;

use super::api::{MAX_MESSAGE_BYTES, WsApi};
use super::registry::Outbound;
use super::sigv4::verify;

pub(super) async fn handle(
    State(api): State<Arc<WsApi>>,
    Path(id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    delay(&api).await;
    if let Err(refusal) = verify(&api.settings.signers, &method, &uri, &headers, &body) {
        return error(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            &refusal.to_string(),
        );
    }
    respond(&api, &id, method, body)
}

pub(super) async fn handle_staged(
    State(api): State<Arc<WsApi>>,
    Path((_stage, id)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    handle(State(api), Path(id), method, uri, headers, body).await
}

/// The round trip a deployed call would take, when the settings add one.
async fn delay(api: &WsApi) {
    if !api.settings.post_latency.is_zero() {
        tokio::time::sleep(api.settings.post_latency).await;
    }
}

fn error(status: StatusCode, kind: &str, message: &str) -> Response {
    let body = json!({ "__type": kind, "message": message }).to_string();
    (
        status,
        [("x-amzn-errortype", kind), ("content-type", "application/json")],
        body,
    )
        .into_response()
}

fn respond(api: &WsApi, id: &str, method: Method, body: Bytes) -> Response {
    let Some(handle) = api.registry.get(id) else {
        return error(StatusCode::GONE, "GoneException", "the connection is gone");
    };
    match method {
        Method::POST => {
            if body.len() > MAX_MESSAGE_BYTES {
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "PayloadTooLargeException",
                    "data is too large",
                );
            }
            if handle.tx.send(Outbound::Frame(body)).is_err() {
                return error(StatusCode::GONE, "GoneException", "the connection is gone");
            }
            StatusCode::OK.into_response()
        }
        Method::GET => {
            let last_active = *handle.last_active.lock().unwrap();
            let description = json!({
                "connectedAt": handle.connected_at.to_rfc3339(),
                "identity": { "sourceIp": handle.source_ip, "userAgent": handle.user_agent },
                "lastActiveAt": last_active.to_rfc3339(),
            });
            (StatusCode::OK, axum::Json(description)).into_response()
        }
        Method::DELETE => {
            let _ = handle.tx.send(Outbound::Close);
            api.registry.remove(id);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => error(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "use POST, GET or DELETE",
        ),
    }
}
