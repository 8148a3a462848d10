//! Invite mode in two browsers: a host creates a session and shares its invite link; a
//! guest opens it, gives a name and enters the room; a visitor without an invite cannot.

use studio_tests::invites::test_tokens;
use studio_tests::{TestApp, browser::Browser, wav::tone};

#[tokio::test]
async fn a_host_shares_an_invite_link_and_a_guest_who_opens_it_joins_the_room() {
    let studio = TestApp::builder()
        .media()
        .realtime()
        .invite(test_tokens())
        .spawn()
        .await;
    let (host, guest) = tokio::join!(Browser::start(), Browser::start());
    host.client.goto(&studio.url("/sessions")).await.unwrap();
    host.type_into("#session-name", "Invite only").await;
    host.type_into("#host-name", "Hana").await;
    host.click("#create-session button").await;
    host.wait_for_text("#create-status", "Created").await;
    let mut link = String::new();
    for _ in 0..50 {
        let value = host
            .client
            .execute("return document.getElementById('share-link').value", vec![])
            .await
            .unwrap();
        link = value.as_str().unwrap_or_default().to_owned();
        if link.contains("#invite=") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(link.contains("/sessions/") && link.contains("#invite="), "{link}");
    host.screenshot("invite-host-share").await;

    // The host enters with the token the sessions page kept.
    host.click("#share-open").await;
    host.wait_for_text("#connection-status", "Connected as Hana")
        .await;

    guest.client.goto(&link).await.unwrap();
    guest.wait_for_text("#connection-status", "Enter your name").await;
    guest.type_into("#display-name", "Gus").await;
    guest.click("#join-row button").await;
    guest
        .wait_for_text("#connection-status", "Connected as Gus")
        .await;
    guest.wait_for_text("#members", "Hana").await;
    host.wait_for_text("#members", "Gus").await;
    let url = guest.client.current_url().await.unwrap();
    assert!(
        url.fragment().is_none(),
        "the invite leaves the address bar: {url}"
    );

    // The guest's token carries its uploads too.
    let file = std::env::temp_dir().join(format!("studio-invite-{}.wav", uuid::Uuid::new_v4()));
    std::fs::write(&file, tone(22_050, 1, 0.5, 330.0, 0.4)).unwrap();
    guest.type_into("#upload-file", file.to_str().unwrap()).await;
    guest.click("#upload-form button").await;
    guest.wait_for_text("#upload-status", "Uploaded").await;
    std::fs::remove_file(&file).unwrap();
    guest.screenshot("invite-guest-room").await;

    // A visitor with the room's address but no invite is told how to get in.
    let visitor = Browser::start().await;
    visitor
        .client
        .goto(link.split('#').next().unwrap())
        .await
        .unwrap();
    visitor.wait_for_text("#connection-status", "invite link").await;
}
