//! `/api/presence` over real HTTP on DynamoDB Local: the roster, TTLs read at query
//! time, bad input, and presence changes reaching the room's WebSockets.

use aws_sdk_dynamodb::types::AttributeValue;
use reqwest::Method;
use serde_json::json;
use studio::realtime::now;
use studio_tests::TestApp;

#[tokio::test]
async fn a_member_posted_over_http_is_listed_and_told_to_connected_members() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let body = json!({ "roomId": "room-1", "memberId": "eve", "displayName": " Eve ", "ttlSeconds": 120 });
    let (status, answer) = app.send_json(Method::POST, "/api/presence", &body).await;
    assert_eq!((status, answer), (200, json!({ "ok": true })));
    let join = ada.expect("presence.join").await;
    assert_eq!(join["member"]["memberId"], "eve");
    assert_eq!(join["member"]["displayName"], "Eve");
    let (_, listed) = app.get("/api/presence?roomId=room-1").await;
    let eve = listed["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["memberId"] == "eve")
        .unwrap()
        .clone();
    let expires = eve["expiresAt"].as_i64().unwrap();
    assert_eq!(expires - eve["updatedAt"].as_i64().unwrap(), 120);

    let update = json!({ "roomId": "room-1", "memberId": "eve", "displayName": "Eve", "status": "away" });
    assert_eq!(app.send_json(Method::POST, "/api/presence", &update).await.0, 200);
    assert_eq!(ada.expect("presence.update").await["member"]["status"], "away");

    let gone = json!({ "roomId": "room-1", "memberId": "eve" });
    assert_eq!(app.send_json(Method::DELETE, "/api/presence", &gone).await.0, 200);
    assert_eq!(ada.expect("presence.leave").await["memberId"], "eve");
    assert_eq!(app.roster("room-1").await, ["ada"]);
}

#[tokio::test]
async fn an_expired_member_drops_out_of_the_roster_without_any_delete() {
    let app = TestApp::builder().realtime().spawn().await;
    let live = json!({ "roomId": "room-1", "memberId": "ada", "displayName": "Ada" });
    assert_eq!(app.send_json(Method::POST, "/api/presence", &live).await.0, 200);
    // A row whose expiresAt has passed, as DynamoDB keeps it until its TTL sweep.
    let past = now() - 5;
    let put = app
        .tables
        .as_ref()
        .unwrap()
        .client
        .put_item()
        .table_name(&app.tables.as_ref().unwrap().presence)
        .item("roomId", AttributeValue::S("room-1".into()))
        .item("memberId", AttributeValue::S("ghost".into()))
        .item("displayName", AttributeValue::S("Ghost".into()))
        .item("status", AttributeValue::S("online".into()))
        .item("updatedAt", AttributeValue::N((past - 60).to_string()))
        .item("expiresAt", AttributeValue::N(past.to_string()));
    put.send().await.unwrap();
    assert_eq!(app.roster("room-1").await, ["ada"]);
    let stored = app
        .tables
        .as_ref()
        .unwrap()
        .client
        .get_item()
        .table_name(&app.tables.as_ref().unwrap().presence)
        .key("roomId", AttributeValue::S("room-1".into()))
        .key("memberId", AttributeValue::S("ghost".into()))
        .send()
        .await
        .unwrap();
    assert!(stored.item().is_some(), "the expired row is still stored");
}

#[tokio::test]
async fn bad_presence_requests_get_clear_errors_and_write_nothing() {
    let app = TestApp::builder().realtime().spawn().await;
    let cases = [
        (
            json!({ "roomId": "room-1", "memberId": "ada", "displayName": "Ada", "ttlSeconds": 4 }),
            "invalid_ttl",
        ),
        (
            json!({ "roomId": "room-1", "memberId": "ada", "displayName": "Ada", "ttlSeconds": 3601 }),
            "invalid_ttl",
        ),
        (
            json!({ "roomId": "room-1", "memberId": "ada", "displayName": "Ada", "ttlSeconds": "60" }),
            "invalid_ttl",
        ),
        (json!({ "memberId": "ada", "displayName": "Ada" }), "invalid_id"),
        (
            json!({ "roomId": "room 1", "memberId": "ada", "displayName": "Ada" }),
            "invalid_id",
        ),
        (
            json!({ "roomId": "room-1", "memberId": "ada", "displayName": "  " }),
            "invalid_display_name",
        ),
        (
            json!({ "roomId": "room-1", "memberId": "ada", "displayName": "Ada", "status": "LOUD" }),
            "invalid_status",
        ),
        (
            json!({ "roomId": 7, "memberId": "ada", "displayName": "Ada" }),
            "invalid_body",
        ),
    ];
    for (body, code) in cases {
        let (status, answer) = app.send_json(Method::POST, "/api/presence", &body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (400, Some(code)),
            "{body}"
        );
    }
    let (status, answer) = app.get("/api/presence").await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (400, Some("invalid_id"))
    );
    let (status, _) = app
        .send_json(Method::DELETE, "/api/presence", &json!({ "roomId": "room-1" }))
        .await;
    assert_eq!(status, 400);
    assert!(app.roster("room-1").await.is_empty());
}
