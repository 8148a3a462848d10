//! An HTTP request as the API Gateway HTTP API (payload format 2.0) event AWS sends.

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::Utc;
use http::{HeaderMap, Method, Uri, header};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;

use crate::template::HttpRoute;

/// What the gateway knows about one request.
pub struct Incoming<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub peer: SocketAddr,
}

/// Builds the event for `req` matched to `route` with `params`.
pub fn http_event(req: &Incoming<'_>, route: &HttpRoute, params: &BTreeMap<String, String>) -> Value {
    let raw_query = req.uri.query().unwrap_or_default();
    let now = Utc::now();
    let request_id = uuid::Uuid::new_v4().to_string();
    let host = header_text(req.headers, header::HOST).unwrap_or("127.0.0.1");
    let mut event = json!({
        "version": "2.0",
        "routeKey": route.route_key(),
        "rawPath": req.uri.path(),
        "rawQueryString": raw_query,
        "headers": headers(req.headers),
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": host,
            "domainPrefix": host.split('.').next().unwrap_or(host),
            "http": {
                "method": req.method.as_str(),
                "path": req.uri.path(),
                "protocol": "HTTP/1.1",
                "sourceIp": req.peer.ip().to_string(),
                "userAgent": header_text(req.headers, header::USER_AGENT).unwrap_or_default(),
            },
            "requestId": request_id,
            "routeKey": route.route_key(),
            "stage": "$default",
            "time": now.format("%d/%b/%Y:%H:%M:%S %z").to_string(),
            "timeEpoch": now.timestamp_millis(),
        },
        "isBase64Encoded": false,
    });
    let fields = event.as_object_mut().expect("the event is an object");
    insert_optional(fields, req, params, raw_query);
    event
}

fn insert_optional(
    event: &mut Map<String, Value>,
    req: &Incoming<'_>,
    params: &BTreeMap<String, String>,
    raw_query: &str,
) {
    let query = query_parameters(raw_query);
    if !query.is_empty() {
        event.insert("queryStringParameters".into(), json!(query));
    }
    if !params.is_empty() {
        event.insert("pathParameters".into(), json!(params));
    }
    let cookies: Vec<String> = req
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';').map(|c| c.trim().to_owned()))
        .filter(|c| !c.is_empty())
        .collect();
    if !cookies.is_empty() {
        event.insert("cookies".into(), json!(cookies));
    }
    if !req.body.is_empty() {
        let (body, base64) = encode_body(req.headers, req.body);
        event.insert("body".into(), Value::String(body));
        event.insert("isBase64Encoded".into(), Value::Bool(base64));
    }
}

/// Header names lower-cased; repeated headers joined with commas; cookies travel apart.
fn headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        if name == header::COOKIE {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes());
        push_joined(&mut out, name.as_str(), &value);
    }
    out
}

/// Decoded query parameters; repeated ones joined with commas, as API Gateway does.
fn query_parameters(raw: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        push_joined(&mut out, &key, &value);
    }
    out
}

fn push_joined(map: &mut BTreeMap<String, String>, key: &str, value: &str) {
    map.entry(key.to_owned())
        .and_modify(|v| {
            v.push(',');
            v.push_str(value);
        })
        .or_insert_with(|| value.to_owned());
}

/// Text bodies travel as text; anything else base64-encoded, as API Gateway sends them.
fn encode_body(headers: &HeaderMap, body: &[u8]) -> (String, bool) {
    let content_type = header_text(headers, header::CONTENT_TYPE)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let textual = content_type.is_empty()
        || content_type.starts_with("text/")
        || content_type.contains("json")
        || content_type.contains("xml")
        || content_type.starts_with("application/x-www-form-urlencoded")
        || content_type.starts_with("application/javascript");
    match std::str::from_utf8(body) {
        Ok(text) if textual => (text.to_owned(), false),
        _ => (STANDARD.encode(body), true),
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
