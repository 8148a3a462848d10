//! One open socket: frames in become `$default` (or custom route) invocations, posts
//! from `@connections` go out, and the end becomes `$disconnect`.

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use base64::{Engine, engine::general_purpose::STANDARD};
use futures::{SinkExt, StreamExt};
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::mpsc;

use super::api::{MAX_MESSAGE_BYTES, WsApi};
use super::event::{self, ConnectionInfo};
use super::registry::{Handle, Outbound};

/// Why a connection ended, as `$disconnect` reports it.
struct Ending {
    code: u16,
    reason: String,
}

pub(super) async fn run(
    api: Arc<WsApi>,
    info: ConnectionInfo,
    handle: Handle,
    mut outbound: mpsc::UnboundedReceiver<Outbound>,
    socket: WebSocket,
) {
    let (mut sink, mut stream) = socket.split();
    let (close_tx, mut close_rx) = mpsc::unbounded_channel::<(u16, String)>();
    // Writes are their own task, so a function posting back to this connection while the
    // reader awaits its invocation is never blocked.
    let touched = handle.last_active.clone();
    let writer = tokio::spawn(async move {
        loop {
            // A close with a reason (1009, idle) goes before the plain one queued after it.
            let message = tokio::select! {
                biased;
                Some((code, reason)) = close_rx.recv() => close(code, &reason),
                out = outbound.recv() => match out {
                    Some(Outbound::Frame(bytes)) => match String::from_utf8(bytes.to_vec()) {
                        Ok(text) => Message::Text(text.into()),
                        Err(_) => Message::Binary(bytes),
                    },
                    Some(Outbound::Close) | None => close(1000, "Going away"),
                },
            };
            *touched.lock().unwrap() = chrono::Utc::now();
            let closing = matches!(message, Message::Close(_));
            if sink.send(message).await.is_err() || closing {
                break;
            }
        }
    });
    let ending = read_loop(&api, &info, &handle, &mut stream, &close_tx).await;
    api.registry.remove(&info.connection_id);
    let _ = close_tx.send((ending.code, ending.reason.clone()));
    let _ = handle.tx.send(Outbound::Close);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
    if let Some(function) = api.function("$disconnect") {
        let event = event::disconnect(&info, ending.code, &ending.reason);
        if let Err(e) = api.invoker.invoke_ws(function, event).await {
            tracing::error!(%function, error = %e, "$disconnect failed");
        }
    }
}

fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

async fn read_loop(
    api: &WsApi,
    info: &ConnectionInfo,
    handle: &Handle,
    stream: &mut futures::stream::SplitStream<axum::extract::ws::WebSocket>,
    close_tx: &mpsc::UnboundedSender<(u16, String)>,
) -> Ending {
    let idle = api.settings.idle_timeout;
    loop {
        let next = match tokio::time::timeout(idle, stream.next()).await {
            Err(_) => {
                let _ = close_tx.send((1001, "Going away".into()));
                return Ending {
                    code: 1001,
                    reason: "Idle timeout".into(),
                };
            }
            Ok(next) => next,
        };
        let (body, base64) = match next {
            None | Some(Err(_)) => {
                return Ending {
                    code: 1006,
                    reason: "Connection lost".into(),
                };
            }
            Some(Ok(Message::Close(frame))) => {
                let code = frame.as_ref().map_or(1005, |f| f.code);
                let reason = frame.map(|f| f.reason.to_string()).unwrap_or_default();
                return Ending { code, reason };
            }
            Some(Ok(Message::Text(text))) => (text.to_string(), false),
            Some(Ok(Message::Binary(bytes))) => (STANDARD.encode(&bytes), true),
            Some(Ok(_)) => continue,
        };
        *handle.last_active.lock().unwrap() = chrono::Utc::now();
        let size = if base64 { body.len() / 4 * 3 } else { body.len() };
        if size > MAX_MESSAGE_BYTES {
            let _ = close_tx.send((1009, "Message too big".into()));
            return Ending {
                code: 1009,
                reason: "Message too big".into(),
            };
        }
        dispatch(api, info, handle, &body, base64).await;
    }
}

/// Picks the route as `$request.body.action` would, falling back to `$default`.
async fn dispatch(api: &WsApi, info: &ConnectionInfo, handle: &Handle, body: &str, base64: bool) {
    let action = (!base64)
        .then(|| serde_json::from_str::<Value>(body).ok())
        .flatten()
        .and_then(|v| v.get("action").and_then(Value::as_str).map(str::to_owned));
    let route_key = action
        .filter(|a| api.function(a).is_some())
        .unwrap_or_else(|| "$default".to_owned());
    let Some(function) = api.function(&route_key) else {
        let forbidden = r#"{"message": "Forbidden", "connectionId":"", "requestId":""}"#;
        let _ = handle.tx.send(Outbound::Frame(forbidden.into()));
        return;
    };
    let event = event::message(info, &route_key, body, base64);
    if let Err(e) = api.invoker.invoke_ws(function, event).await {
        tracing::error!(%function, error = %e, "message invocation failed");
        let failed = r#"{"message": "Internal server error"}"#;
        let _ = handle.tx.send(Outbound::Frame(failed.into()));
    }
}
