//! The WebSocket API's REQUEST authorizer in front of `$connect`.

use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::invoke::{InvokeError, Invoker};
use crate::template::{IdentitySource, WsAuthorizer};

/// Runs `authorizer` for a handshake with `headers` and `query`, whose `$connect`
/// event is `event`: the `requestContext.authorizer` to hand `$connect` (the policy's
/// context and `principalId`), or API Gateway's refusal of the handshake — 401 when the
/// identity is missing or the authorizer fails with `Unauthorized`, 403 when its policy
/// denies, 500 when it fails otherwise.
pub async fn authorize_ws(
    invoker: &Invoker,
    authorizer: &WsAuthorizer,
    headers: &Map<String, Value>,
    query: &Map<String, Value>,
    event: &Value,
) -> Result<Value, StatusCode> {
    let present = |source: &IdentitySource| {
        let value = match source {
            IdentitySource::Query(name) => query.get(name),
            IdentitySource::Header(name) => headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v),
        };
        value.and_then(Value::as_str).is_some_and(|v| !v.is_empty())
    };
    if !authorizer.identity.iter().all(present) {
        return Err(StatusCode::UNAUTHORIZED);
    }
    let mut request = event.clone();
    if let Some(map) = request.as_object_mut() {
        map.insert("type".into(), json!("REQUEST"));
        map.insert(
            "methodArn".into(),
            json!("arn:aws:execute-api:local:000000000000:local/local/$connect"),
        );
    }
    let answer = match invoker.invoke_json(&authorizer.function, request).await {
        Ok(answer) => answer,
        Err(InvokeError::FunctionError(message)) if message.contains("Unauthorized") => {
            return Err(StatusCode::UNAUTHORIZED);
        }
        Err(e) => {
            tracing::error!(function = %authorizer.function, error = %e, "authorizer failed");
            return Err(StatusCode::INTERNAL_SERVER_ERROR);
        }
    };
    if !allows(&answer) {
        return Err(StatusCode::FORBIDDEN);
    }
    let mut context = answer
        .get("context")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    // API Gateway hands every context value to the route as a string.
    for value in context.values_mut() {
        if !value.is_string() {
            *value = json!(value.to_string());
        }
    }
    context.insert(
        "principalId".into(),
        answer.get("principalId").cloned().unwrap_or(Value::Null),
    );
    Ok(Value::Object(context))
}

/// Whether the policy allows the call: some statement allows and none denies.
fn allows(answer: &Value) -> bool {
    let statements = answer
        .pointer("/policyDocument/Statement")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let effect = |s: &Value| s.get("Effect").and_then(Value::as_str).map(str::to_owned);
    statements.iter().any(|s| effect(s).as_deref() == Some("Allow"))
        && !statements.iter().any(|s| effect(s).as_deref() == Some("Deny"))
}
