//! The pages over HTTP: what a browser gets before any script runs.

use studio_tests::TestApp;

async fn page(app: &studio_tests::TestApp, path: &str) -> (u16, String, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn the_landing_and_about_pages_are_html_with_a_way_in() {
    let app = TestApp::builder().spawn().await;
    let (status, content_type, body) = page(&app, "/").await;
    assert_eq!((status, content_type.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("<h1>Make music together, live.</h1>"));
    assert!(body.contains(r#"href="/sessions""#));
    let (status, _, body) = page(&app, "/about").await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1>How it works</h1>") && body.contains("<svg"));
}

#[tokio::test]
async fn the_sessions_page_lists_sessions_newest_first_with_names_escaped() {
    let app = TestApp::builder().spawn().await;
    app.post_json("/api/sessions", r#"{"name":"older"}"#).await;
    app.post_json("/api/sessions", r#"{"name":"<script>alert(1)</script>"}"#)
        .await;
    let (status, _, body) = page(&app, "/sessions").await;
    assert_eq!(status, 200);
    let escaped = body
        .find("&#60;script&#62;alert(1)&#60;/script&#62;")
        .expect("the name is escaped");
    assert!(
        !body.contains("<script>alert(1)"),
        "a session name was rendered as markup"
    );
    assert!(escaped < body.find(">older</a>").unwrap(), "newest first");
    assert!(body.contains(r#"id="create-session""#) && body.contains(r#"for="session-name""#));
}

#[tokio::test]
async fn an_unknown_page_is_a_friendly_404_and_an_unknown_api_path_a_json_one() {
    let app = TestApp::builder().spawn().await;
    let (status, content_type, body) = page(&app, "/no/such/page").await;
    assert_eq!(status, 404);
    assert!(content_type.starts_with("text/html"));
    assert!(body.contains("Not found") && body.contains(r#"href="/sessions""#));
    for api_path in ["/api/nothing-here", "/api/", "/api", "/v1/", "/v1/nothing"] {
        let (status, body) = app.get(api_path).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (404, Some("not_found")),
            "{api_path}"
        );
    }
}

#[tokio::test]
async fn the_pages_name_the_api_and_websocket_urls_they_were_configured_with() {
    let app = TestApp::builder().spawn().await;
    let (_, _, body) = page(&app, "/sessions").await;
    let expected = format!(r#"<meta name="studio-ws" content="ws://{}">"#, app.ws_addr);
    assert!(body.contains(&expected), "{expected} in {body}");
    assert!(!body.contains("ws://127.0.0.1:8080"), "{body}");
}

#[tokio::test]
async fn a_room_page_shows_its_session_and_a_missing_one_is_a_friendly_404() {
    let app = TestApp::builder().spawn().await;
    let (_, created) = app.post_json("/api/sessions", r#"{"name":"Room & board"}"#).await;
    let id = created["session"]["id"].as_str().unwrap();
    let (status, _, body) = page(&app, &format!("/sessions/{id}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Room &#38; board</h1>"), "{body}");
    assert!(body.contains(&format!(r#"data-session-id="{id}""#)));
    for missing in [
        format!("/sessions/{}", uuid::Uuid::new_v4()),
        "/sessions/not-a-uuid".to_owned(),
    ] {
        let (status, content_type, body) = page(&app, &missing).await;
        assert_eq!(status, 404, "{missing}");
        assert!(content_type.starts_with("text/html") && body.contains("No session has this address"));
    }
}
