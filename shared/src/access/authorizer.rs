//! The two Lambda authorizers, as API Gateway calls them: the HTTP API's (payload 2.0,
//! simple responses, cached by the `Authorization` header) and the WebSocket API's
//! REQUEST authorizer on `$connect` (an IAM policy, the token in `?token=` because
//! browsers cannot set headers on a WebSocket). Both hand the verified member to the
//! function in their context, once they checked the host has not removed it.

use serde_json::{Value, json};

use super::caller::Member;
use super::config::AccessConfig;
use super::mode::AccessMode;
use super::revocations::{Revocations, still_member};
use super::tokens::bearer;
use crate::store::StoreError;

/// Why an authorizer could not answer: `Unauthorized` (a `$connect` without a token,
/// which API Gateway answers 401), or revocations it could not read. The latter fails
/// the invocation (API Gateway answers 500 and caches nothing), where a Deny would be
/// cached and lock a member out for the cache's life.
#[derive(Debug, thiserror::Error)]
pub enum Unauthorized {
    #[error("Unauthorized")]
    NoToken,
    #[error("revocations could not be read: {0}")]
    Unavailable(#[from] StoreError),
}

/// The member `token` names, when it verifies and its member was not removed.
async fn admitted(
    access: &AccessConfig,
    revocations: &dyn Revocations,
    token: &str,
    now: i64,
) -> Result<Option<Member>, StoreError> {
    let Some(tokens) = access.invite_tokens() else {
        return Ok(None);
    };
    let member = match tokens.verify_member(token) {
        Ok(member) => member,
        Err(e) => {
            tracing::info!(reason = %e, "token refused");
            return Ok(None);
        }
    };
    if !still_member(revocations, &member, now).await? {
        tracing::info!(member = %member.member, "token of a removed member refused");
        return Ok(None);
    }
    Ok(Some(member))
}

/// The HTTP authorizer's answer to `event`: `{ isAuthorized, context }`.
pub async fn authorize_http(
    access: &AccessConfig,
    revocations: &dyn Revocations,
    event: &Value,
    now: i64,
) -> Result<Value, Unauthorized> {
    if access.mode == AccessMode::Open {
        return Ok(json!({ "isAuthorized": true, "context": {} }));
    }
    let header = event
        .get("headers")
        .and_then(|h| h.get("authorization"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let token = bearer(header).unwrap_or_default();
    Ok(match admitted(access, revocations, token, now).await? {
        Some(member) => json!({ "isAuthorized": true, "context": member.to_context() }),
        None => json!({ "isAuthorized": false, "context": {} }),
    })
}

/// The WebSocket authorizer's policy for `event`: Allow with the member as context, or
/// Deny (403) for a token that does not verify or whose member was removed; no token
/// at all is [`Unauthorized::NoToken`].
pub async fn authorize_ws(
    access: &AccessConfig,
    revocations: &dyn Revocations,
    event: &Value,
    now: i64,
) -> Result<Value, Unauthorized> {
    let resource = event.get("methodArn").cloned().unwrap_or(Value::Null);
    if access.mode == AccessMode::Open {
        return Ok(policy("anyone", "Allow", resource, json!({})));
    }
    let token = event
        .get("queryStringParameters")
        .and_then(|q| q.get("token"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or(Unauthorized::NoToken)?;
    Ok(match admitted(access, revocations, token, now).await? {
        Some(member) => {
            let context = Value::Object(member.to_context());
            policy(member.member.as_str(), "Allow", resource, context)
        }
        None => policy("unknown", "Deny", resource, json!({})),
    })
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
