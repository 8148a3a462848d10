//! The Lambda authorizers the template puts in front of routes: the HTTP API's
//! (`Auth.Authorizers` of the `AWS::Serverless::HttpApi`, named by an event's
//! `Auth.Authorizer`) and the WebSocket API's (`AWS::ApiGatewayV2::Authorizer`, named by
//! a route's `AuthorizerId` when its `AuthorizationType` is `CUSTOM`).

use serde_norway::{Mapping, Value};
use std::collections::HashMap;

use super::error::{TemplateError, problem};
use super::refs::{ref_target, referenced};

/// A Lambda authorizer of the HTTP API (payload 2.0, simple responses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAuthorizer {
    /// Its name in the template; part of the cache key.
    pub name: String,
    /// The function's binary.
    pub function: String,
    /// Headers that must all be present (lower-case); their values are the cache key.
    pub identity_headers: Vec<String>,
    /// How long an answer is kept per identity; 0 calls the authorizer every time.
    pub ttl_seconds: u64,
}

/// Where a WebSocket authorizer's identity comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentitySource {
    Query(String),
    Header(String),
}

/// A REQUEST authorizer of the WebSocket API's `$connect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsAuthorizer {
    pub function: String,
    pub identity: Vec<IdentitySource>,
}

/// The HTTP API authorizers by name, from every `AWS::Serverless::HttpApi`.
pub fn http_authorizers(
    resources: &Mapping,
    binaries: &HashMap<String, String>,
) -> Result<HashMap<String, HttpAuthorizer>, TemplateError> {
    let mut found = HashMap::new();
    for (id, resource) in resources {
        if resource.get("Type").and_then(Value::as_str) != Some("AWS::Serverless::HttpApi") {
            continue;
        }
        let id = id.as_str().unwrap_or_default();
        let declared = resource
            .get("Properties")
            .and_then(|p| p.get("Auth"))
            .and_then(|a| a.get("Authorizers"))
            .and_then(Value::as_mapping);
        for (name, spec) in declared.into_iter().flatten() {
            let name = name.as_str().unwrap_or_default().to_owned();
            let function = spec
                .get("FunctionArn")
                .and_then(ref_target)
                .and_then(|f| binaries.get(f))
                .ok_or_else(|| problem(id, format!("authorizer {name} names no function of the template")))?;
            let identity = spec.get("Identity");
            let identity_headers = identity
                .and_then(|i| i.get("Headers"))
                .and_then(Value::as_sequence)
                .map(|hs| {
                    hs.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .unwrap_or_default();
            // SAM's default for ReauthorizeEvery is 300 seconds.
            let ttl_seconds = identity
                .and_then(|i| i.get("ReauthorizeEvery"))
                .and_then(Value::as_u64)
                .unwrap_or(300);
            let authorizer = HttpAuthorizer {
                name: name.clone(),
                function: function.clone(),
                identity_headers,
                ttl_seconds,
            };
            found.insert(name, authorizer);
        }
    }
    Ok(found)
}

/// The authorizer of a WebSocket route's properties, when it is `CUSTOM`.
pub fn ws_authorizer(
    resources: &Mapping,
    binaries: &HashMap<String, String>,
    route_id: &str,
    props: Option<&Value>,
) -> Result<Option<WsAuthorizer>, TemplateError> {
    let kind = props
        .and_then(|p| p.get("AuthorizationType"))
        .and_then(Value::as_str);
    if kind != Some("CUSTOM") {
        return Ok(None);
    }
    let authorizer_id = props
        .and_then(|p| p.get("AuthorizerId"))
        .and_then(ref_target)
        .ok_or_else(|| problem(route_id, "is CUSTOM but names no AuthorizerId"))?;
    let spec = resources
        .get(authorizer_id)
        .and_then(|r| r.get("Properties"))
        .ok_or_else(|| problem(authorizer_id, "is not a resource of the template"))?;
    let function = spec
        .get("AuthorizerUri")
        .and_then(referenced)
        .and_then(|f| binaries.get(f))
        .ok_or_else(|| problem(authorizer_id, "AuthorizerUri names no function of the template"))?;
    let identity = spec
        .get("IdentitySource")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(identity_source)
        .collect();
    Ok(Some(WsAuthorizer {
        function: function.clone(),
        identity,
    }))
}

fn identity_source(raw: &str) -> Option<IdentitySource> {
    if let Some(name) = raw.strip_prefix("route.request.querystring.") {
        return Some(IdentitySource::Query(name.to_owned()));
    }
    raw.strip_prefix("route.request.header.")
        .map(|name| IdentitySource::Header(name.to_ascii_lowercase()))
}
