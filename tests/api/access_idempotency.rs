//! Idempotency without leaks on `POST /api/sessions` in invite mode: the route has no
//! authorizer and its answer holds the host's token and an invite, so its keys must be
//! unguessable, the stored answer is sealed (no token in clear, no key in clear), and
//! it is forgotten no later than the token it holds.

use serde_json::{Value, json};
use studio_tests::TestApp;
use studio_tests::invites::test_tokens;

async fn invite_app() -> TestApp {
    TestApp::builder().invite(test_tokens()).spawn().await
}

/// POST /api/sessions with `key`; the status, whether it was a replay, and the body.
async fn create_with(app: &TestApp, key: &str) -> (u16, bool, Value) {
    let body = json!({ "name": "Band", "hostName": "Hana" })
        .to_string()
        .into_bytes();
    app.post_once("/api/sessions", key, "application/json", body)
        .await
}

#[tokio::test]
async fn a_guessable_key_on_the_create_is_refused_and_creates_nothing() {
    let app = invite_app().await;
    let (status, _, body) = create_with(&app, "s-1").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("weak_idempotency_key"))
    );
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn the_stored_create_answer_holds_no_token_invite_or_key_in_clear() {
    let app = invite_app().await;
    let key = uuid::Uuid::new_v4().to_string();
    let (status, replayed, first) = create_with(&app, &key).await;
    assert_eq!((status, replayed), (201, false), "{first}");
    let rows = app
        .db
        .read("SELECT key, body FROM idempotency_keys", &[])
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let (stored_key, body): (String, String) = (rows[0].get(0), rows[0].get(1));
    let host_token = first["host"]["token"].as_str().unwrap();
    let invite = first["invite"]["token"].as_str().unwrap();
    assert!(!stored_key.contains(&key), "the key is kept only as a hash");
    assert!(!body.contains(host_token) && !body.contains(invite), "{body}");
    let (status, replayed, again) = create_with(&app, &key).await;
    assert_eq!((status, replayed), (201, true));
    assert_eq!(again, first, "the caller who holds the key gets its answer back");
    assert_eq!(app.session_count().await, 1);
}

#[tokio::test]
async fn a_stored_create_answer_expires_no_later_than_the_host_token_in_it() {
    let app = invite_app().await;
    let key = uuid::Uuid::new_v4().to_string();
    let (status, _, first) = create_with(&app, &key).await;
    assert_eq!(status, 201, "{first}");
    let rows = app
        .db
        .read(
            "SELECT extract(epoch FROM expires_at)::bigint FROM idempotency_keys",
            &[],
        )
        .await
        .unwrap();
    let expires_at: i64 = rows[0].get(0);
    let token_expires = first["host"]["expiresAt"].as_i64().unwrap();
    assert!(expires_at <= token_expires, "{expires_at} > {token_expires}");
    // Once that time has passed, the key is free: a retry does the work again rather
    // than hand out a dead token.
    app.db
        .execute(
            "UPDATE idempotency_keys SET expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    let (status, replayed, again) = create_with(&app, &key).await;
    assert_eq!((status, replayed), (201, false), "{again}");
    assert_ne!(again["session"]["id"], first["session"]["id"]);
}
