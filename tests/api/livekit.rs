//! Member tokens are LiveKit access tokens: LiveKit's own server SDK verifier (PyPI
//! `livekit-api`) reads the studio's token, and the LiveKit grant a join answer carries.

use serde_json::Value;
use studio::access::{AccessConfig, LiveKit, SigningKey};
use studio_tests::invites::{TEST_KID, TEST_SECRET, test_tokens};
use studio_tests::{TestApp, workspace_root};

/// What LiveKit's own verifier (PyPI `livekit-api`) reads from `token`, or its error.
fn livekit_reads(key: &str, secret: &str, token: &str) -> Result<Value, String> {
    let python = workspace_root().join(".local/venv/bin/python3");
    let output = std::process::Command::new(&python)
        .arg(workspace_root().join("tests/livekit/verify.py"))
        .args([key, secret, token])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} could not run ({e}); the README's test command installs it",
                python.display()
            )
        });
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    Ok(serde_json::from_slice(&output.stdout).unwrap())
}

#[tokio::test]
async fn a_member_token_is_a_livekit_access_token_and_the_join_answer_carries_livekits() {
    const LK_SECRET: &str = "livekit-secret-of-thirty-two-bytes!!";
    let livekit = LiveKit::new(
        "wss://media.example".into(),
        SigningKey::new("APIlivekit", LK_SECRET).unwrap(),
    );
    let access = AccessConfig {
        livekit: Some(livekit),
        ..AccessConfig::invite(test_tokens())
    };
    let app = TestApp::builder().access(access).spawn().await;
    let hosted = app.host_session().await;
    let guest = app.join_with(&hosted.invite, "Gus").await;

    let studio = livekit_reads(TEST_KID, TEST_SECRET, &guest.token).unwrap();
    assert_eq!(studio["identity"], guest.member_id.as_str());
    assert_eq!(studio["name"], "Gus");
    assert_eq!(studio["room"], hosted.session.as_str());
    assert_eq!(
        (studio["roomJoin"].as_bool(), studio["canPublish"].as_bool()),
        (Some(true), Some(true))
    );

    assert_eq!(guest.answer["livekit"]["url"], "wss://media.example");
    let lk_token = guest.answer["livekit"]["token"].as_str().unwrap();
    let media = livekit_reads("APIlivekit", LK_SECRET, lk_token).unwrap();
    assert_eq!(
        (media["identity"].clone(), media["room"].clone()),
        (studio["identity"].clone(), studio["room"].clone())
    );
    // LiveKit refuses the studio's token under its own key, and a forged one.
    assert!(livekit_reads("APIlivekit", LK_SECRET, &guest.token).is_err());
    assert!(livekit_reads(TEST_KID, "another-secret-of-thirty-two-bytes", &guest.token).is_err());
}
