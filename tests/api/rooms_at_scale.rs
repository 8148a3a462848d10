//! Rooms as real groups use them: a band arriving at once, a member leaving while the
//! room index still lists its connection (as DynamoDB's indexes do on AWS), and rooms
//! at their caps.

use futures::future::join_all;
use serde_json::json;
use std::time::Duration;
use studio::domain::MAX_HTTP_TTL_SECONDS;
use studio::realtime::MAX_ROOM_MEMBERS;
use studio_tests::{Member, TestApp};

#[tokio::test]
async fn members_who_join_at_the_same_moment_all_stay_present_and_reachable() {
    let app = TestApp::builder().realtime().spawn().await;
    let names: Vec<String> = (0..12).map(|i| format!("m{i:02}")).collect();
    let mut members: Vec<Member> = join_all(names.iter().map(|name| app.join("band", name))).await;
    assert_eq!(app.roster("band").await, names, "everyone who joined is present");
    for (i, member) in members.iter_mut().enumerate() {
        member.send(&json!({ "type": "message", "payload": i })).await;
    }
    for (i, member) in members.iter_mut().enumerate() {
        let mut heard: Vec<u64> = Vec::new();
        while heard.len() < names.len() - 1 {
            let frame = member.expect("room.message").await;
            heard.push(frame["payload"].as_u64().unwrap());
        }
        heard.sort();
        let expected: Vec<u64> = (0..names.len() as u64).filter(|&j| j != i as u64).collect();
        assert_eq!(heard, expected, "{} hears every other member once", names[i]);
    }
    assert_eq!(app.roster("band").await, names, "no socket was mistaken for gone");
}

#[tokio::test]
async fn a_leave_is_told_even_while_the_room_index_still_lists_the_closed_connection() {
    let lag = Duration::from_secs(2);
    let app = TestApp::builder().index_lag(lag).spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    // Each join waits out the lag, so the room's Query lists everyone who joined.
    tokio::time::sleep(lag).await;
    let bob = app.join("room-1", "bob").await;
    assert_eq!(ada.expect("presence.join").await["member"]["memberId"], "bob");
    tokio::time::sleep(lag).await;
    // The index still lists bob's connection right after it closes.
    bob.leave().await;
    let left = ada.expect("presence.leave").await;
    assert_eq!(left["memberId"], "bob");
    assert_eq!(app.roster("room-1").await, ["ada"]);
}

#[tokio::test]
async fn presence_written_over_http_lasts_at_most_a_few_minutes() {
    let app = TestApp::builder().realtime().spawn().await;
    let body = json!({ "roomId": "r", "memberId": "planted", "displayName": "P", "ttlSeconds": 3600 });
    let (status, _) = app.send_json(reqwest::Method::POST, "/api/presence", &body).await;
    assert_eq!(status, 200);
    let (_, listed) = app.get("/api/presence?roomId=r").await;
    let member = &listed["members"][0];
    let lifetime = member["expiresAt"].as_i64().unwrap() - member["updatedAt"].as_i64().unwrap();
    assert_eq!(lifetime, i64::from(MAX_HTTP_TTL_SECONDS));
}

#[tokio::test]
async fn a_full_room_refuses_a_newcomer_with_a_clear_409_and_keeps_its_members() {
    let app = TestApp::builder().realtime().spawn().await;
    let app = &app;
    let put = |i: usize| async move {
        let body = json!({ "roomId": "full", "memberId": format!("m{i}"), "displayName": "M" });
        app.send_json(reqwest::Method::POST, "/api/presence", &body)
            .await
            .0
    };
    for batch in (0..MAX_ROOM_MEMBERS).collect::<Vec<_>>().chunks(25) {
        let statuses = join_all(batch.iter().map(|&i| put(i))).await;
        assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    }
    let newcomer = json!({ "roomId": "full", "memberId": "late", "displayName": "Late" });
    let (status, body) = app
        .send_json(reqwest::Method::POST, "/api/presence", &newcomer)
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("room_full")),
        "{body}"
    );
    assert_eq!(put(0).await, 200, "a member already present can still refresh");
    match tokio_tungstenite::connect_async(app.ws_url("full", "late2", "Late")).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 409),
        other => panic!("expected a refused handshake, got {other:?}"),
    }
    assert_eq!(app.roster("full").await.len(), MAX_ROOM_MEMBERS);
}
