//! WebSocket events as API Gateway sends them to Lambda proxy integrations.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

/// What every event of one connection shares.
#[derive(Debug, Clone)]
pub struct ConnectionInfo {
    pub connection_id: String,
    pub domain_name: String,
    pub stage: String,
    pub connected_at: DateTime<Utc>,
    pub source_ip: String,
    pub user_agent: String,
}

fn request_context(info: &ConnectionInfo, route_key: &str, event_type: &str) -> Map<String, Value> {
    let now = Utc::now();
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let context = json!({
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": request_id,
        "requestTime": now.format("%d/%b/%Y:%H:%M:%S %z").to_string(),
        "messageDirection": "IN",
        "stage": info.stage,
        "connectedAt": info.connected_at.timestamp_millis(),
        "requestTimeEpoch": now.timestamp_millis(),
        "identity": { "sourceIp": info.source_ip, "userAgent": info.user_agent },
        "requestId": request_id,
        "domainName": info.domain_name,
        "connectionId": info.connection_id,
        "apiId": "local",
    });
    match context {
        Value::Object(map) => map,
        _ => unreachable!("built as an object"),
    }
}

/// `$connect`: the handshake's headers and query parameters.
pub fn connect(info: &ConnectionInfo, headers: &Map<String, Value>, query: &Map<String, Value>) -> Value {
    let multi = |m: &Map<String, Value>| -> Map<String, Value> {
        m.iter().map(|(k, v)| (k.clone(), json!([v]))).collect()
    };
    let mut event = json!({
        "headers": headers,
        "multiValueHeaders": multi(headers),
        "requestContext": request_context(info, "$connect", "CONNECT"),
        "isBase64Encoded": false,
    });
    if !query.is_empty() {
        event["queryStringParameters"] = Value::Object(query.clone());
        event["multiValueQueryStringParameters"] = Value::Object(multi(query));
    }
    event
}

/// A message for `route_key`: text as is, binary base64-encoded.
pub fn message(info: &ConnectionInfo, route_key: &str, body: &str, base64: bool) -> Value {
    let mut context = request_context(info, route_key, "MESSAGE");
    context.insert(
        "messageId".into(),
        json!(uuid::Uuid::new_v4().simple().to_string()),
    );
    json!({ "requestContext": context, "body": body, "isBase64Encoded": base64 })
}

/// `$disconnect` with the close code and reason.
pub fn disconnect(info: &ConnectionInfo, code: u16, reason: &str) -> Value {
    let mut context = request_context(info, "$disconnect", "DISCONNECT");
    context.insert("disconnectStatusCode".into(), json!(code));
    context.insert("disconnectReason".into(), json!(reason));
    let headers = json!({ "Host": info.domain_name, "x-api-key": "", "X-Forwarded-For": "" });
    json!({ "headers": headers, "requestContext": context, "isBase64Encoded": false })
}
