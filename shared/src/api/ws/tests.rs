//! Unit tests of the WebSocket entry points over in-memory stores.

use super::*;
use crate::access::AccessMode;
use crate::adapters::memory::{
    InMemoryConnectionStore, InMemoryPresenceStore, InMemoryRoomLog, InMemorySender,
};
use crate::error::IntoWsResponse;
use crate::realtime::Realtime;
use serde_json::Value;
use std::sync::Arc;

fn event(route: &str, connection: &str, query: &str, body: Option<&str>) -> WsRequest {
    let mut value = serde_json::json!({
        "requestContext": {
            "routeKey": route, "connectionId": connection, "connectedAt": 1, "requestTimeEpoch": 1,
            "domainName": "abc.execute-api.eu-west-1.amazonaws.com", "stage": "live"
        },
        "isBase64Encoded": false
    });
    if !query.is_empty() {
        let params: serde_json::Map<String, Value> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
            .collect();
        value["queryStringParameters"] = Value::Object(params);
    }
    if let Some(body) = body {
        value["body"] = Value::String(body.to_owned());
    }
    serde_json::from_value(value).unwrap()
}

fn realtime(sender: Arc<InMemorySender>) -> Realtime {
    Realtime {
        presence: Arc::new(InMemoryPresenceStore::default()),
        connections: Arc::new(InMemoryConnectionStore::default()),
        sender,
        log: Arc::new(InMemoryRoomLog::default()),
        retention: Default::default(),
        rate: Default::default(),
        concurrency: 2,
        revocations: Arc::new(crate::access::NoRevocations),
    }
}

#[test]
fn the_management_endpoint_comes_from_the_event() {
    let req = event("$default", "c1", "", None);
    assert_eq!(
        management_endpoint(&req).as_deref(),
        Some("https://abc.execute-api.eu-west-1.amazonaws.com/live")
    );
}

#[tokio::test]
async fn a_connect_without_a_room_is_refused_and_writes_nothing() {
    let rt = realtime(Arc::default());
    let req = event("$connect", "c1", "memberId=ada&displayName=Ada", None);
    let response = connect(&rt, crate::access::AccessMode::Open, &req)
        .await
        .into_ws_response();
    assert_eq!(response.status_code, 400);
    assert!(
        rt.connections
            .get("c1", crate::realtime::now())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_malformed_frame_is_answered_to_its_sender_only() {
    let sender = Arc::new(InMemorySender::default());
    let rt = realtime(sender.clone());
    for (id, member) in [("c1", "ada"), ("c2", "bob")] {
        let query = format!("roomId=r1&memberId={member}&displayName={member}");
        assert_eq!(
            connect(
                &rt,
                crate::access::AccessMode::Open,
                &event("$connect", id, &query, None)
            )
            .await
            .into_ws_response()
            .status_code,
            200
        );
    }
    let before = sender.sent().len();
    message(&rt, AccessMode::Open, &event("$default", "c2", "", Some("{oops")))
        .await
        .into_ws_response();
    let sent = &sender.sent()[before..];
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "c2");
    assert!(sent[0].1.contains("malformed_json"), "{}", sent[0].1);
}
