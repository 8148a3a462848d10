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

/// Connects `member` on `id` to room `r1` in open mode: the handshake's status.
async fn open_connect(rt: &Realtime, id: &str, member: &str) -> u16 {
    let query = format!("roomId=r1&memberId={member}&displayName={member}");
    connect(rt, AccessMode::Open, &event("$connect", id, &query, None))
        .await
        .into_ws_response()
        .status_code as u16
}

/// A `$connect` of `member` in invite mode, as the WebSocket authorizer hands it over.
fn invite_connect(id: &str, session: &str, member: &str, role: &str) -> WsRequest {
    let mut req = event("$connect", id, "", None);
    let context = serde_json::json!({
        "sessionId": session, "memberId": member, "displayName": member,
        "role": role, "expiresAt": (crate::realtime::now() + 600).to_string(),
    });
    req.request_context.authorizer.fields = serde_json::from_value(context).unwrap();
    req
}

#[tokio::test]
async fn a_member_holds_a_few_sockets_and_one_more_is_refused_and_writes_nothing() {
    let rt = realtime(Arc::default());
    for i in 0..crate::realtime::MAX_MEMBER_CONNECTIONS {
        assert_eq!(open_connect(&rt, &format!("c{i}"), "ada").await, 200);
    }
    assert_eq!(open_connect(&rt, "one-more", "ada").await, 409);
    let now = crate::realtime::now();
    assert!(rt.connections.get("one-more", now).await.unwrap().is_none());
    assert_eq!(
        open_connect(&rt, "bob-1", "bob").await,
        200,
        "other members are not held back"
    );
}

#[tokio::test]
async fn one_more_socket_of_a_present_member_is_not_announced_to_the_room() {
    let sender = Arc::new(InMemorySender::default());
    let rt = realtime(sender.clone());
    assert_eq!(open_connect(&rt, "ada-1", "ada").await, 200);
    assert_eq!(open_connect(&rt, "bob-1", "bob").await, 200);
    let told_ada = |sent: &[(String, String)]| sent.iter().filter(|(to, _)| to == "ada-1").count();
    let before = told_ada(&sender.sent());
    assert_eq!(before, 1, "ada heard bob join");
    assert_eq!(open_connect(&rt, "bob-2", "bob").await, 200);
    assert_eq!(told_ada(&sender.sent()), before);
}

#[tokio::test]
async fn a_frame_on_a_socket_whose_token_expired_is_refused_and_the_socket_closed() {
    let sender = Arc::new(InMemorySender::default());
    let rt = realtime(sender.clone());
    let now = crate::realtime::now();
    let connection = crate::realtime::Connection {
        connection_id: "c1".into(),
        room_id: crate::domain::RoomId::parse("r1").unwrap(),
        member_id: crate::domain::MemberId::parse("ada").unwrap(),
        display_name: crate::domain::DisplayName::parse("Ada").unwrap(),
        connected_at: now - 100,
        expires_at: now + 3600,
        token_expires_at: Some(now - 1),
    };
    rt.connections.put(&connection).await.unwrap();
    let frame = r#"{"type":"message","payload":{"text":"still here?"}}"#;
    message(&rt, AccessMode::Invite, &event("$default", "c1", "", Some(frame)))
        .await
        .into_ws_response();
    let sent = sender.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].1.contains("token_expired"), "{}", sent[0].1);
    assert_eq!(
        rt.sender.send(None, "c1", "{}").await,
        Err(crate::realtime::SendError::Gone),
        "the socket was closed"
    );
}

#[tokio::test]
async fn guests_filling_a_room_never_lock_its_host_out() {
    let rt = realtime(Arc::default());
    let session = "6f1c2f7e-3b7a-4d55-9a55-0d4f3c2b1a00";
    let room = crate::domain::RoomId::parse(session).unwrap();
    let name = crate::domain::DisplayName::parse("Guest").unwrap();
    let now = crate::realtime::now();
    for i in 0..crate::realtime::MAX_ROOM_MEMBERS {
        let member = crate::domain::MemberId::parse(&format!("g{i}")).unwrap();
        let write = crate::realtime::PresenceWrite {
            room: &room,
            member: &member,
            display_name: &name,
            status: None,
            ttl: Default::default(),
            now,
            connection: None,
        };
        rt.presence.upsert(write).await.unwrap();
    }
    let guest = connect(
        &rt,
        AccessMode::Invite,
        &invite_connect("late", session, "late", "performer"),
    )
    .await
    .into_ws_response();
    assert_eq!(guest.status_code, 409);
    let host = connect(
        &rt,
        AccessMode::Invite,
        &invite_connect("host", session, "hana", "host"),
    )
    .await
    .into_ws_response();
    assert_eq!(host.status_code, 200);
}
