//! The realtime tests' socket holds every frame to the AsyncAPI contract, so a frame
//! outside it cannot pass unnoticed: shown with an envelope posted by hand through
//! `@connections` and a frame the contract refuses.

use futures::FutureExt;
use std::panic::AssertUnwindSafe;
use studio_tests::TestApp;

fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[tokio::test]
async fn a_member_socket_fails_the_test_on_an_envelope_outside_the_contract() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let id = app.only_connection("room-1").await;
    let leave_without_member = r#"{"type":"presence.leave","roomId":"room-1"}"#;
    let posted = app
        .management(
            reqwest::Method::POST,
            &format!("/@connections/{id}"),
            leave_without_member,
            true,
        )
        .await;
    assert_eq!(posted.status().as_u16(), 200);
    let outcome = AssertUnwindSafe(ada.next_json()).catch_unwind().await;
    let text = panic_text(outcome.expect_err("the frame breaks the contract"));
    assert!(text.contains("outside the AsyncAPI contract"), "{text}");
    assert!(
        text.contains("memberId"),
        "the reason names the missing field: {text}"
    );
}

#[tokio::test]
async fn a_member_socket_refuses_to_send_a_frame_outside_the_contract_unless_told() {
    let app = TestApp::builder().realtime().spawn().await;
    let mut ada = app.join("room-1", "ada").await;
    let loud = r#"{"type":"status","status":"LOUD"}"#;
    let outcome = AssertUnwindSafe(ada.send_text(loud)).catch_unwind().await;
    let text = panic_text(outcome.expect_err("the frame breaks the contract"));
    assert!(text.contains("outside the AsyncAPI contract"), "{text}");
    ada.send_invalid(loud).await;
    assert_eq!(ada.expect("error").await["error"]["code"], "invalid_status");
}
