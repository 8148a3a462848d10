//! The WebSocket functions: `$connect` and `$disconnect` of a room here, `$default` in
//! [`super::frames`].

use aws_lambda_events::apigw::{ApiGatewayProxyResponse, ApiGatewayWebsocketProxyRequest};
use aws_lambda_events::encodings::Body;
use http::{HeaderMap, HeaderValue, header};
use serde_json::Value;

use super::fanout::Realtime;
use super::protocol::envelope;
use super::store::{CONNECTION_TTL_SECONDS, Connection, PresenceWrite};
use crate::domain::{DisplayName, MemberId, PresenceError, RoomId, Ttl};
use crate::error::ApiError;

/// The event API Gateway sends a WebSocket function.
pub type WsRequest = ApiGatewayWebsocketProxyRequest;
/// What a WebSocket function answers; only `$connect`'s status matters to API Gateway.
pub type WsResponse = ApiGatewayProxyResponse;

/// Which WebSocket event a function handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WsRoute {
    Connect,
    Disconnect,
    Default,
}

/// Runs a WebSocket function. Every failure becomes a response here.
pub async fn handle_ws(route: WsRoute, realtime: Result<&Realtime, ApiError>, req: &WsRequest) -> WsResponse {
    let result = match realtime {
        Ok(rt) => match route {
            WsRoute::Connect => connect(rt, req).await,
            WsRoute::Disconnect => disconnect(rt, req).await,
            WsRoute::Default => super::frames::message(rt, req).await,
        },
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|e| {
        let (status, body) = (e.status().as_u16(), e.to_json());
        // The HTTP conversion logs a server-side failure with its detail, which the
        // answer leaves out; its response itself is not needed.
        drop(e.into_response());
        response(status, &body)
    })
}

fn response(status: u16, body: &Value) -> WsResponse {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut r = WsResponse::default();
    r.status_code = i64::from(status);
    r.headers = headers;
    r.body = Some(Body::Text(body.to_string()));
    r
}

pub(super) fn ok() -> WsResponse {
    response(200, &serde_json::json!({ "ok": true }))
}

/// `https://{domainName}/{stage}`: where API Gateway takes `@connections` posts.
pub fn management_endpoint(req: &WsRequest) -> Option<String> {
    let ctx = &req.request_context;
    let domain = ctx.domain_name.as_deref()?;
    let stage = ctx.stage.as_deref().unwrap_or_default();
    Some(
        format!("https://{domain}/{stage}")
            .trim_end_matches('/')
            .to_owned(),
    )
}

pub(super) fn connection_id(req: &WsRequest) -> Result<&str, ApiError> {
    req.request_context
        .connection_id
        .as_deref()
        .ok_or_else(|| ApiError::bad_request("invalid_event", "the event has no connectionId"))
}

fn invalid(e: PresenceError) -> ApiError {
    let code = match e {
        PresenceError::InvalidTtl => "invalid_ttl",
        PresenceError::InvalidDisplayName => "invalid_display_name",
        _ => "invalid_query",
    };
    ApiError::bad_request(code, e)
}

async fn connect(rt: &Realtime, req: &WsRequest) -> Result<WsResponse, ApiError> {
    let id = connection_id(req)?;
    let q = &req.query_string_parameters;
    let param = |name| q.first(name).unwrap_or_default();
    let room = RoomId::parse(param("roomId")).map_err(invalid)?;
    let member = MemberId::parse(param("memberId")).map_err(invalid)?;
    let name = DisplayName::parse(param("displayName")).map_err(invalid)?;
    let ttl = match q.first("ttlSeconds") {
        Some(raw) => {
            Ttl::parse(raw.parse().map_err(|_| invalid(PresenceError::InvalidTtl))?).map_err(invalid)?
        }
        None => Ttl::default(),
    };
    let now = super::now();
    let connection = Connection {
        connection_id: id.to_owned(),
        room_id: room.clone(),
        member_id: member.clone(),
        display_name: name.clone(),
        connected_at: now,
        expires_at: now + CONNECTION_TTL_SECONDS,
    };
    rt.connections.put(&connection).await?;
    let write = PresenceWrite {
        room: &room,
        member: &member,
        display_name: &name,
        status: None,
        ttl,
        now,
    };
    let (presence, was_live) = rt.presence.upsert(write).await?;
    let kind = if was_live {
        "presence.update"
    } else {
        "presence.join"
    };
    // The new connection is still connecting (API Gateway answers 410 to posts to it),
    // so it is left out rather than mistaken for a stale one.
    let endpoint = management_endpoint(req);
    rt.broadcast(
        endpoint.as_deref(),
        &room,
        &envelope::presence(kind, &room, &presence),
        Some(id),
    )
    .await?;
    Ok(ok())
}

async fn disconnect(rt: &Realtime, req: &WsRequest) -> Result<WsResponse, ApiError> {
    let id = connection_id(req)?;
    let Some(connection) = rt.connections.remove(id).await? else {
        return Ok(ok());
    };
    if rt.member_left(&connection).await? {
        let endpoint = management_endpoint(req);
        let leave = envelope::leave(&connection.room_id, &connection.member_id);
        rt.broadcast(endpoint.as_deref(), &connection.room_id, &leave, Some(id))
            .await?;
    }
    Ok(ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::realtime::{InMemoryConnectionStore, InMemoryPresenceStore, InMemorySender};
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
            concurrency: 2,
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
        let response = handle_ws(WsRoute::Connect, Ok(&rt), &req).await;
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
                handle_ws(WsRoute::Connect, Ok(&rt), &event("$connect", id, &query, None))
                    .await
                    .status_code,
                200
            );
        }
        let before = sender.sent().len();
        handle_ws(
            WsRoute::Default,
            Ok(&rt),
            &event("$default", "c2", "", Some("{oops")),
        )
        .await;
        let sent = &sender.sent()[before..];
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].0, "c2");
        assert!(sent[0].1.contains("malformed_json"), "{}", sent[0].1);
    }
}
