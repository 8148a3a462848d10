//! The two Lambda authorizers, as API Gateway calls them: the HTTP API's (payload 2.0,
//! simple responses, cached by the `Authorization` header) and the WebSocket API's
//! REQUEST authorizer on `$connect` (an IAM policy, the token in `?token=` because
//! browsers cannot set headers on a WebSocket). Both hand the verified member to the
//! function in their context.

use serde_json::{Value, json};

use super::config::AccessConfig;
use super::mode::AccessMode;
use super::tokens::bearer;

/// The HTTP authorizer's answer to `event`: `{ isAuthorized, context }`.
pub fn authorize_http(access: &AccessConfig, event: &Value) -> Value {
    if access.mode == AccessMode::Open {
        return json!({ "isAuthorized": true, "context": {} });
    }
    let header = event
        .get("headers")
        .and_then(|h| h.get("authorization"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let token = bearer(header).unwrap_or_default();
    match access.invite_tokens().map(|t| t.verify_member(token)) {
        Some(Ok(member)) => json!({ "isAuthorized": true, "context": member.to_context() }),
        Some(Err(e)) => {
            tracing::info!(reason = %e, "request refused");
            json!({ "isAuthorized": false, "context": {} })
        }
        None => json!({ "isAuthorized": false, "context": {} }),
    }
}

/// A `$connect` the WebSocket authorizer refuses as unauthenticated: API Gateway
/// answers the handshake 401 when the authorizer fails with `Unauthorized`.
#[derive(Debug, thiserror::Error)]
#[error("Unauthorized")]
pub struct Unauthorized;

/// The WebSocket authorizer's policy for `event`: Allow with the member as context, or
/// Deny (403) for a token that does not verify; no token at all is [`Unauthorized`].
pub fn authorize_ws(access: &AccessConfig, event: &Value) -> Result<Value, Unauthorized> {
    let resource = event.get("methodArn").cloned().unwrap_or(Value::Null);
    if access.mode == AccessMode::Open {
        return Ok(policy("anyone", "Allow", resource, json!({})));
    }
    let token = event
        .get("queryStringParameters")
        .and_then(|q| q.get("token"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or(Unauthorized)?;
    match access.invite_tokens().map(|t| t.verify_member(token)) {
        Some(Ok(member)) => {
            let context = Value::Object(member.to_context());
            Ok(policy(member.member.as_str(), "Allow", resource, context))
        }
        Some(Err(e)) => {
            tracing::info!(reason = %e, "handshake refused");
            Ok(policy("unknown", "Deny", resource, json!({})))
        }
        None => Ok(policy("unknown", "Deny", resource, json!({}))),
    }
}

fn policy(principal: &str, effect: &str, resource: Value, context: Value) -> Value {
    json!({
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{ "Action": "execute-api:Invoke", "Effect": effect, "Resource": resource }],
        },
        "context": context,
    })
}
