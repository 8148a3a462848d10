//! The HTTP API's Lambda authorizer (payload 2.0, simple responses) in front of a route.

use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

use super::cache::AuthorizerCache;
use crate::invoke::Invoker;
use crate::template::HttpAuthorizer;

/// Runs `authorizer` for a request whose payload-2.0 `event` is built: the context to
/// hand the function, or the status of API Gateway's refusal — 401 when an identity header is
/// missing (the authorizer is not called), 403 when it answers `isAuthorized: false`,
/// 500 when it fails.
pub async fn authorize_http(
    invoker: &Invoker,
    cache: &AuthorizerCache,
    authorizer: &HttpAuthorizer,
    headers: &HeaderMap,
    event: &Value,
) -> Result<Value, StatusCode> {
    let mut identity = Vec::new();
    for name in &authorizer.identity_headers {
        match headers.get(name).and_then(|v| v.to_str().ok()) {
            Some(value) if !value.is_empty() => identity.push(value.to_owned()),
            _ => return Err(StatusCode::UNAUTHORIZED),
        }
    }
    let cached = (authorizer.ttl_seconds > 0)
        .then(|| cache.get(&authorizer.name, &identity))
        .flatten();
    let answer = match cached {
        Some(answer) => answer,
        None => {
            let answer = call(invoker, authorizer, &identity, event).await?;
            if authorizer.ttl_seconds > 0 {
                let ttl = Duration::from_secs(authorizer.ttl_seconds);
                cache.put(&authorizer.name, &identity, answer.clone(), ttl);
            }
            answer
        }
    };
    answer.ok_or(StatusCode::FORBIDDEN)
}

/// The authorizer's answer: `Some(context)` when authorized.
async fn call(
    invoker: &Invoker,
    authorizer: &HttpAuthorizer,
    identity: &[String],
    event: &Value,
) -> Result<Option<Value>, StatusCode> {
    let mut request = event.clone();
    if let Some(map) = request.as_object_mut() {
        map.remove("body");
        map.remove("isBase64Encoded");
        let route_key = map.get("routeKey").and_then(Value::as_str).unwrap_or_default();
        let arn = format!(
            "arn:aws:execute-api:local:000000000000:local/$default/{}",
            route_key.replacen(' ', "", 1)
        );
        map.insert("type".into(), json!("REQUEST"));
        map.insert("routeArn".into(), json!(arn));
        map.insert("identitySource".into(), json!(identity));
    }
    match invoker.invoke_json(&authorizer.function, request).await {
        Ok(answer) if answer.get("isAuthorized").and_then(Value::as_bool) == Some(true) => {
            Ok(Some(answer.get("context").cloned().unwrap_or_else(|| json!({}))))
        }
        Ok(_) => Ok(None),
        Err(e) => {
            tracing::error!(function = %authorizer.function, error = %e, "authorizer failed");
            Err(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}
