//! The local studio serves the contract documents as committed under `docs/`, and the
//! `/docs` page rendered from them, to anyone (no token in either access mode).

use studio_tests::invites::test_tokens;
use studio_tests::{TestApp, workspace_root};

async fn fetch(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn the_studio_serves_both_contract_documents_as_committed_and_the_docs_page() {
    let app = TestApp::builder().spawn().await;
    for (path, file) in [
        ("/api/openapi.json", "docs/openapi.json"),
        ("/api/asyncapi.json", "docs/asyncapi.json"),
    ] {
        let committed = std::fs::read_to_string(workspace_root().join(file)).unwrap();
        let (status, content_type, body) = fetch(&app, path).await;
        assert_eq!(
            (status, content_type.as_str()),
            (200, "application/json"),
            "{path}"
        );
        assert!(body == committed, "{path} is not {file} as committed");
    }
    let (status, content_type, page) = fetch(&app, "/docs").await;
    assert_eq!((status, content_type.as_str()), (200, "text/html; charset=utf-8"));
    for expected in [
        "POST /api/presence",
        "id=\"ws-presenceRoster\"",
        "href=\"/api/asyncapi.json\"",
        "room_full",
    ] {
        assert!(page.contains(expected), "/docs lacks {expected}");
    }
}

#[tokio::test]
async fn in_invite_mode_the_documents_need_no_token() {
    let app = TestApp::builder().invite(test_tokens()).spawn().await;
    for path in ["/api/openapi.json", "/api/asyncapi.json", "/docs"] {
        assert_eq!(fetch(&app, path).await.0, 200, "{path}");
    }
}
