//! Landing, about and sessions pages in a real browser.

use fantoccini::Locator;
use studio_tests::{TestApp, browser::Browser};

#[tokio::test]
async fn the_landing_and_about_pages_render_in_a_browser() {
    let app = TestApp::builder().spawn().await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/")).await.unwrap();
    let heading = browser.wait_for("h1").await.text().await.unwrap();
    assert_eq!(heading, "Make music together, live.");
    browser.screenshot("landing").await;
    browser
        .client
        .find(Locator::LinkText("How it works"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_text("h1", "How it works").await;
    assert!(
        browser
            .client
            .find(Locator::Css("figure.diagram svg"))
            .await
            .is_ok()
    );
    browser.screenshot("about").await;
}

#[tokio::test]
async fn creating_a_session_on_the_sessions_page_shows_it_at_once() {
    let app = TestApp::builder().spawn().await;
    app.post_json("/api/sessions", r#"{"name":"Earlier session"}"#)
        .await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/sessions")).await.unwrap();
    browser.wait_for_text("#session-list", "Earlier session").await;
    browser.type_into("#session-name", "Browser jam").await;
    browser.click("#create-session button").await;
    browser
        .wait_for_text("#session-list li:first-child", "Browser jam")
        .await;
    browser.wait_for_text("#create-status", "Created").await;
    let more = browser.client.find(Locator::Css("#load-more")).await.unwrap();
    assert!(
        !more.is_displayed().await.unwrap(),
        "no older page exists, so no button offers one"
    );
    browser.screenshot("sessions").await;
    let (_, body) = app.get("/api/sessions").await;
    assert_eq!(body["sessions"][0]["name"], "Browser jam");
}

#[tokio::test]
async fn a_refused_name_shows_the_apis_reason_and_adds_nothing() {
    let app = TestApp::builder().spawn().await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/sessions")).await.unwrap();
    browser.type_into("#session-name", &"x".repeat(150)).await;
    browser.click("#create-session button").await;
    browser
        .wait_for_text("#create-status", "at most 120 characters")
        .await;
    browser.screenshot("sessions-refused").await;
    assert_eq!(app.session_count().await, 0);
}

#[tokio::test]
async fn an_unknown_page_shows_a_friendly_not_found_page() {
    let app = TestApp::builder().spawn().await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/nowhere")).await.unwrap();
    browser.wait_for_text("h1", "Not found").await;
    browser.screenshot("not-found").await;
}
