//! The room page in two browsers: live presence and room messages.

use studio_tests::{TestApp, browser::Browser};

async fn join(browser: &Browser, url: &str, name: &str) {
    browser.client.goto(url).await.unwrap();
    browser.type_into("#display-name", name).await;
    browser.click("#join-row button").await;
    browser.wait_for_text("#connection-status", "Connected").await;
}

/// Ada and Ben in the room of a new session named `name`; returns the session's id.
async fn ada_and_ben_in(studio: &TestApp, name: &str) -> (String, Browser, Browser) {
    let id = studio.create_session(name).await;
    let room = studio.url(&format!("/sessions/{id}"));
    let (ada, ben) = tokio::join!(Browser::start(), Browser::start());
    join(&ada, &room, "Ada").await;
    join(&ben, &room, "Ben").await;
    ada.wait_for_text("#members", "Ben").await;
    (id, ada, ben)
}

#[tokio::test]
async fn two_people_in_a_room_see_each_other_and_exchange_a_message() {
    let studio = TestApp::builder().media().realtime().spawn().await;
    let (_, ada, ben) = ada_and_ben_in(&studio, "Live room").await;
    ben.wait_for_text("#members", "Ada").await;
    ben.wait_for_text("#members", "Ben (you)").await;

    ada.type_into("#message-text", "Try the chorus in D").await;
    ada.click("#message-form button").await;
    ben.wait_for_text("#feed", "Try the chorus in D").await;
    ben.wait_for_text("#feed li strong", "Ada").await;
    ada.screenshot("room-ada").await;
    ben.screenshot("room-ben").await;

    ben.client.clone().close().await.unwrap();
    drop(ben);
    ada.wait_without_text("#members", "Ben", "Ben never left Ada's presence list")
        .await;
}

#[tokio::test]
async fn a_room_page_whose_socket_is_cut_reconnects_and_resyncs_its_roster() {
    let studio = TestApp::builder().realtime().spawn().await;
    let (id, ada, ben) = ada_and_ben_in(&studio, "Flaky network").await;

    // The studio drops Ada's connection, as API Gateway does after two hours.
    let cut = drop_socket_of(&studio, &id, "Ada").await;

    ada.wait_for_text("#connection-status", "reconnecting").await;
    ada.wait_for_text("#connection-status", "Connected as Ada").await;
    ada.wait_for_text("#members", "Ben").await;
    ben.wait_for_text("#members", "Ada").await;
    ada.screenshot("room-reconnected").await;
    let rows = studio
        .rooms()
        .connections
        .in_room(
            &studio::domain::RoomId::parse(&id).unwrap(),
            studio::realtime::now(),
        )
        .await
        .unwrap();
    assert!(
        rows.iter()
            .any(|c| c.display_name.as_str() == "Ada" && c.connection_id != cut)
    );
}

#[tokio::test]
async fn a_member_sets_a_status_the_room_sees_and_leaves_with_a_button() {
    let studio = TestApp::builder().realtime().spawn().await;
    let (_, ada, ben) = ada_and_ben_in(&studio, "Status room").await;
    ben.wait_for_text("#joined-name", "Ben").await;
    let status = ben.wait_for("#member-status").await;
    status.select_by_value("recording").await.unwrap();
    ada.wait_for_text("#members", "Ben · recording").await;
    ben.screenshot("room-status").await;
    ben.click("#leave-button").await;
    ben.wait_for_text("#connection-status", "You left the room").await;
    ada.wait_without_text("#members", "Ben", "Ada still sees Ben after he left")
        .await;
}

/// Closes the connection of the member shown as `name` in room `id` through
/// `@connections`, as API Gateway drops one; answers its connection id.
async fn drop_socket_of(studio: &TestApp, id: &str, name: &str) -> String {
    let room_id = studio::domain::RoomId::parse(id).unwrap();
    let rows = studio
        .rooms()
        .connections
        .in_room(&room_id, studio::realtime::now())
        .await
        .unwrap();
    let cut = rows.iter().find(|c| c.display_name.as_str() == name).unwrap();
    let path = format!("/@connections/{}", cut.connection_id);
    let cut_off = studio.management(reqwest::Method::DELETE, &path, "", true).await;
    assert_eq!(cut_off.status(), 204);
    cut.connection_id.clone()
}

/// The lines of the page's message feed, in order.
async fn feed(browser: &Browser) -> Vec<String> {
    let text = browser
        .client
        .find(fantoccini::Locator::Css("#feed"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines().map(str::to_owned).collect()
}

#[tokio::test]
async fn a_page_cut_off_while_others_talk_shows_every_message_once_in_order_after_it_reconnects() {
    let studio = TestApp::builder().realtime().spawn().await;
    let (id, ada, _ben) = ada_and_ben_in(&studio, "Dropped socket").await;
    let mut cy = studio.join(&id, "cy").await;
    cy.send(&serde_json::json!({ "type": "message", "payload": { "text": "m-before" } }))
        .await;
    ada.wait_for_text("#feed", "m-before").await;

    drop_socket_of(&studio, &id, "Ada").await;
    // Cy goes on talking while Ada is away, and after she is back.
    for i in 0..8 {
        cy.send(&serde_json::json!({ "type": "message", "payload": { "text": format!("m{i}") } }))
            .await;
    }
    ada.wait_for_text("#connection-status", "Connected as Ada").await;
    for i in 8..10 {
        cy.send(&serde_json::json!({ "type": "message", "payload": { "text": format!("m{i}") } }))
            .await;
    }
    ada.wait_for_text("#feed", "m9").await;
    let expected: Vec<String> = std::iter::once("m-before".to_owned())
        .chain((0..10).map(|i| format!("m{i}")))
        .collect();
    let seen: Vec<String> = feed(&ada)
        .await
        .iter()
        .filter_map(|line| {
            expected
                .iter()
                .find(|text| line.ends_with(text.as_str()))
                .cloned()
        })
        .collect();
    assert_eq!(seen, expected, "each message once, in the room's order");
}

#[tokio::test]
async fn someone_who_enters_a_room_sees_what_was_said_there_lately() {
    let studio = TestApp::builder().realtime().spawn().await;
    let id = studio.create_session("Catching up").await;
    let mut cy = studio.join(&id, "cy").await;
    for text in ["first take", "second take"] {
        cy.send(&serde_json::json!({ "type": "message", "payload": { "text": text } }))
            .await;
    }
    cy.roster_ids().await;
    let ada = Browser::start().await;
    join(&ada, &studio.url(&format!("/sessions/{id}")), "Ada").await;
    ada.wait_for_text("#feed", "second take").await;
    let lines = feed(&ada).await;
    let first = lines.iter().position(|l| l.contains("first take"));
    let second = lines.iter().position(|l| l.contains("second take"));
    assert!(first.is_some() && first < second, "{lines:?}");
}
