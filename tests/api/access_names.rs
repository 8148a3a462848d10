//! Display names in invite mode: a guest cannot take the host's name (whatever its
//! case), neither on joining nor on renewing, and a refusal issues no token.

use reqwest::Method;
use serde_json::json;
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;

#[tokio::test]
async fn a_guest_cannot_join_under_the_hosts_name_in_any_case() {
    let app = TestApp::builder().invite(test_tokens()).spawn().await;
    let hosted = app.host_session().await;
    for name in ["Hana", "hana", " HANA "] {
        let body = json!({ "invite": hosted.invite, "displayName": name });
        let (status, answer) = app.send_json(Method::POST, "/api/sessions/join", &body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (409, Some("display_name_taken")),
            "{name}: {answer}"
        );
        assert!(answer.get("token").is_none());
    }
    let joined = app.join_with(&hosted.invite, "Hanna").await;
    assert_eq!(joined.answer["displayName"], "Hanna", "a different name is fine");
}

#[tokio::test]
async fn a_guest_cannot_rename_itself_to_the_hosts_name_on_renewal() {
    let app = TestApp::builder().invite(test_tokens()).spawn().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;
    let (status, answer) = app
        .send_as(
            &guest.token,
            Method::POST,
            "/api/sessions/join",
            &json!({ "displayName": "HANA" }),
        )
        .await;
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (409, Some("display_name_taken")),
        "{answer}"
    );
    let (status, renewed) = app
        .send_as(
            &guest.token,
            Method::POST,
            "/api/sessions/join",
            &json!({ "displayName": "Gustav" }),
        )
        .await;
    assert_eq!((status, &renewed["displayName"]), (200, &json!("Gustav")));
    let (status, host) = app
        .send_as(&hosted.host_token, Method::POST, "/api/sessions/join", &json!({}))
        .await;
    assert_eq!(
        (status, &host["displayName"]),
        (200, &json!("Hana")),
        "the host keeps its own"
    );
}
