//! Canonical room ids in invite mode: whatever spelling of its session id a member
//! sends (upper case, no hyphens, `urn:uuid:`), it reaches the one room of its
//! session, never a hidden room of its own; braces are no room id at all (400).

use reqwest::Method;
use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;

fn spellings(session: &str) -> Vec<String> {
    vec![
        session.to_uppercase(),
        session.replace('-', ""),
        format!("urn:uuid:{session}"),
    ]
}

#[tokio::test]
async fn presence_written_under_any_spelling_of_the_session_id_lands_in_the_one_room() {
    let app = TestApp::builder().realtime().invite(test_tokens()).spawn().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    for spelling in spellings(&hosted.session) {
        let body = json!({ "roomId": spelling, "memberId": guest.member_id, "displayName": "Gus" });
        let (status, answer) = app
            .send_as(&guest.token, Method::POST, "/api/presence", &body)
            .await;
        assert_eq!(status, 200, "{spelling}: {answer}");
        let path = format!("/api/presence?roomId={}", urlencode(&spelling));
        let (status, roster) = app.send_as(&guest.token, Method::GET, &path, &Value::Null).await;
        assert_eq!(status, 200, "{spelling}: {roster}");
        assert_eq!(
            roster["members"].as_array().unwrap().len(),
            1,
            "{spelling}: {roster}"
        );
    }
    assert_eq!(
        app.roster_as(&hosted.host_token).await,
        vec![guest.member_id.clone()]
    );
    let braced = json!({ "roomId": format!("{{{}}}", hosted.session), "memberId": guest.member_id });
    let (status, _) = app
        .send_as(&guest.token, Method::POST, "/api/presence", &braced)
        .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_socket_opened_with_an_upper_case_room_id_is_in_the_hosts_room() {
    let app = TestApp::builder().realtime().invite(test_tokens()).spawn().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let upper = hosted.session.to_uppercase();
    let url = app.ws_token_url(&guest.token, &[("roomId", &upper)]);
    let _socket = studio_tests::ws::Member::connect(&url, &guest.member_id).await;
    assert_eq!(
        app.roster_as(&hosted.host_token).await,
        vec![guest.member_id.clone()]
    );
}

fn urlencode(raw: &str) -> String {
    form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}
