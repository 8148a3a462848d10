//! The WebSocket API's port: the handshake at `/` and `@connections` beside it.

use axum::{
    Router,
    extract::{ConnectInfo, State, WebSocketUpgrade},
    http::{HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use serde_json::{Map, Value};
use std::{net::SocketAddr, sync::Arc};
use tokio::sync::mpsc;

use super::api::{MAX_MESSAGE_BYTES, WsApi, WsSettings};
use super::event::{self, ConnectionInfo};
use super::registry::{Handle, Registry};
use super::{management, socket};
use crate::authorize::authorize_ws;
use crate::invoke::Invoker;
use crate::template::WsRoute;

/// The axum application of the WebSocket API.
pub fn router(routes: Vec<WsRoute>, invoker: Invoker, registry: Registry, settings: WsSettings) -> Router {
    let api = Arc::new(WsApi {
        routes,
        invoker,
        registry,
        settings,
    });
    Router::new()
        .route("/", get(handshake))
        .route("/@connections/{id}", any(management::handle))
        .route("/{stage}/@connections/{id}", any(management::handle_staged))
        .with_state(api)
}

fn connection_id() -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE};
    // API Gateway's ids are 16 base64 characters such as "L0SM9cOFvHcCIhw=".
    URL_SAFE.encode(&uuid::Uuid::new_v4().as_bytes()[..11])
}

async fn handshake(
    State(api): State<Arc<WsApi>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    upgrade: WebSocketUpgrade,
) -> Response {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let info = ConnectionInfo {
        connection_id: connection_id(),
        domain_name: text("host"),
        stage: api.settings.stage.clone(),
        connected_at: chrono::Utc::now(),
        source_ip: peer.ip().to_string(),
        user_agent: text("user-agent"),
    };
    let mut header_map = Map::new();
    for (name, value) in &headers {
        header_map.insert(
            name.as_str().to_owned(),
            Value::String(String::from_utf8_lossy(value.as_bytes()).into()),
        );
    }
    let mut query = Map::new();
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        query.insert(k.into_owned(), Value::String(v.into_owned()));
    }
    if let Some(route) = api.route("$connect") {
        let mut connect = event::connect(&info, &header_map, &query);
        if let Some(authorizer) = &route.authorizer {
            match authorize_ws(&api.invoker, authorizer, &header_map, &query, &connect).await {
                Ok(context) => connect["requestContext"]["authorizer"] = context,
                Err(status) => return status.into_response(),
            }
        }
        let function = route.function.as_str();
        let result = api.invoker.invoke_ws(function, connect).await;
        if let Some(refusal) = refused(function, result) {
            return refusal;
        }
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let handle = Handle {
        tx,
        connected_at: info.connected_at,
        source_ip: info.source_ip.clone(),
        user_agent: info.user_agent.clone(),
        last_active: Arc::new(std::sync::Mutex::new(info.connected_at)),
    };
    api.registry.insert(&info.connection_id, handle.clone());
    let failed = (api.clone(), info.connection_id.clone());
    upgrade
        .max_message_size(MAX_MESSAGE_BYTES * 8)
        .on_failed_upgrade(move |_| failed.0.registry.remove(&failed.1))
        .on_upgrade(move |ws| socket::run(api, info, handle, rx, ws))
}

/// A `$connect` that did not answer 2xx refuses the handshake with its status.
fn refused(function: &str, result: Result<Value, crate::invoke::InvokeError>) -> Option<Response> {
    let result = match result {
        Ok(result) => result,
        Err(e) => {
            tracing::error!(%function, error = %e, "$connect failed");
            return Some(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let status = result.get("statusCode").and_then(Value::as_u64).unwrap_or(200);
    if (200..300).contains(&status) {
        return None;
    }
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = result
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Some((status, [("content-type", "application/json")], body).into_response())
}
