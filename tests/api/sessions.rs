//! `/api/sessions` through the gateway: create, fetch, order and page.

use serde_json::Value;
use studio_tests::TestApp;

#[tokio::test]
async fn creating_a_session_returns_it_and_stores_it() {
    let app = TestApp::builder().spawn().await;
    let (status, body) = app
        .post_json("/api/sessions", r#"{"name":"  Friday jam  "}"#)
        .await;
    assert_eq!(status, 201, "{body}");
    let session = &body["session"];
    assert_eq!(session["name"], "Friday jam");
    assert!(uuid::Uuid::parse_str(session["id"].as_str().unwrap()).is_ok());
    assert!(chrono::DateTime::parse_from_rfc3339(session["createdAt"].as_str().unwrap()).is_ok());
    assert_eq!(app.session_count().await, 1);
}

#[tokio::test]
async fn a_session_without_a_name_gets_the_default_name() {
    let app = TestApp::builder().spawn().await;
    let (status, body) = app.post_json("/api/sessions", "").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["session"]["name"], "Untitled session");
    let (_, body) = app.post_json("/api/sessions", r#"{"name":null}"#).await;
    assert_eq!(body["session"]["name"], "Untitled session");
}

#[tokio::test]
async fn a_session_can_be_fetched_by_id() {
    let app = TestApp::builder().spawn().await;
    let (_, created) = app.post_json("/api/sessions", r#"{"name":"Lookup"}"#).await;
    let id = created["session"]["id"].as_str().unwrap();
    let (status, body) = app.get(&format!("/api/sessions?id={id}")).await;
    assert_eq!(status, 200);
    assert_eq!(body["session"], created["session"]);
}

#[tokio::test]
async fn an_unknown_session_id_is_404_in_the_error_envelope() {
    let app = TestApp::builder().spawn().await;
    let (status, body) = app
        .get(&format!("/api/sessions?id={}", uuid::Uuid::new_v4()))
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().unwrap().contains("session"));
}

#[tokio::test]
async fn sessions_are_listed_newest_first() {
    let app = TestApp::builder().spawn().await;
    for name in ["first", "second", "third"] {
        app.post_json("/api/sessions", &format!(r#"{{"name":"{name}"}}"#))
            .await;
    }
    let (status, body) = app.get("/api/sessions").await;
    assert_eq!(status, 200);
    let names: Vec<&str> = body["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["third", "second", "first"]);
    assert!(
        body.get("nextCursor").is_none(),
        "one page holds everything: {body}"
    );
}

#[tokio::test]
async fn an_empty_studio_lists_no_sessions() {
    let app = TestApp::builder().spawn().await;
    let (status, body) = app.get("/api/sessions").await;
    assert_eq!((status, body["sessions"].as_array().unwrap().len()), (200, 0));
}

#[tokio::test]
async fn paging_walks_every_session_once_in_order() {
    let app = TestApp::builder().spawn().await;
    let mut created = Vec::new();
    for i in 0..57 {
        let (_, body) = app
            .post_json("/api/sessions", &format!(r#"{{"name":"s{i}"}}"#))
            .await;
        created.push(body["session"]["id"].as_str().unwrap().to_owned());
    }
    let mut seen: Vec<Value> = Vec::new();
    let mut path = "/api/sessions?limit=10".to_owned();
    let mut pages = 0;
    loop {
        let (status, body) = app.get(&path).await;
        assert_eq!(status, 200, "{body}");
        pages += 1;
        seen.extend(body["sessions"].as_array().unwrap().iter().cloned());
        match body["nextCursor"].as_str() {
            Some(cursor) => path = format!("/api/sessions?limit=10&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 6);
    let ids: Vec<String> = seen
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    created.reverse();
    assert_eq!(ids, created, "every session once, newest first");
}

#[tokio::test]
async fn the_default_page_is_bounded_and_says_where_to_continue() {
    let app = TestApp::builder().spawn().await;
    for i in 0..55 {
        app.post_json("/api/sessions", &format!(r#"{{"name":"n{i}"}}"#))
            .await;
    }
    let (_, body) = app.get("/api/sessions").await;
    assert_eq!(body["sessions"].as_array().unwrap().len(), 50);
    let cursor = body["nextCursor"].as_str().expect("a second page exists");
    let (_, rest) = app.get(&format!("/api/sessions?cursor={cursor}")).await;
    assert_eq!(rest["sessions"].as_array().unwrap().len(), 5);
}
