//! Permissions proven by behaviour: every AWS call each function makes while the
//! studio is used end to end is recorded, and `template.yaml` must grant it to that
//! function. Grants no call used are printed, so over-grants show up in the test log.

use serde_json::json;
use std::collections::BTreeSet;
use studio::domain::{DisplayName, MemberId, RoomId};
use studio::realtime::{CONNECTION_TTL_SECONDS, Connection, now};
use studio_tests::aws_calls::AwsCalls;
use studio_tests::policies::{covers, grants};
use studio_tests::wav::{form, tone};
use studio_tests::{TestApp, workspace_root};

/// A connection that vanished long ago: the next fan-out finds it gone and cleans up.
async fn plant_ghost(app: &TestApp, id: &str) {
    let t = now();
    let ghost = Connection {
        connection_id: id.into(),
        room_id: RoomId::parse("perm").unwrap(),
        member_id: MemberId::parse("ghost").unwrap(),
        display_name: DisplayName::parse("Ghost").unwrap(),
        connected_at: t - 600,
        expires_at: t + CONNECTION_TTL_SECONDS,
        token_expires_at: None,
    };
    app.rooms().connections.put(&ghost).await.unwrap();
}

/// Uses every route and WebSocket event the way the studio's clients do.
async fn use_the_studio(app: &TestApp) {
    let session = app.create_session("Permissions").await;
    let mut watcher = app.join("perm", "watcher").await;
    plant_ghost(app, "PermGhost0000A=").await;
    let presence = json!({ "roomId": "perm", "memberId": "http", "displayName": "Http" });
    app.send_json(reqwest::Method::POST, "/api/presence", &presence)
        .await;
    app.get("/api/presence?roomId=perm").await;
    app.send_json(reqwest::Method::DELETE, "/api/presence", &presence)
        .await;

    watcher.expect("presence.leave").await;
    let mut ada = app.join("perm", "ada").await;
    let bob = app.join("perm", "bob").await;
    plant_ghost(app, "PermGhost0000B=").await;
    for frame in [
        json!({ "type": "message", "payload": "hi" }),
        json!({ "type": "heartbeat" }),
        json!({ "type": "status", "status": "recording" }),
        json!({ "type": "roster" }),
    ] {
        ada.send(&frame).await;
    }
    ada.expect("presence.roster").await;
    bob.leave().await;
    ada.expect("presence.leave").await;

    let wav = tone(8_000, 1, 0.2, 440.0, 0.5);
    let (content_type, body) = form(Some(("take.wav", "audio/wav", &wav)), Some(&session));
    let (_, upload) = app
        .send(reqwest::Method::POST, "/api/upload", &content_type, body)
        .await;
    let ticket =
        json!({ "filename": "big.wav", "contentType": "audio/wav", "size": wav.len(), "sessionId": session });
    let (_, grant) = app.send_json(reqwest::Method::POST, "/api/upload", &ticket).await;
    let put = app.client.put(grant["url"].as_str().unwrap());
    let put = grant["headers"]
        .as_object()
        .unwrap()
        .iter()
        .fold(put, |r, (k, v)| r.header(k, v.as_str().unwrap()));
    let stored = put.body(wav.clone()).send().await.unwrap();
    let status = stored.status();
    assert!(
        status.is_success(),
        "{status}: {grant} {}",
        stored.text().await.unwrap_or_default()
    );
    app.get(&format!("/api/upload?id={}", grant["id"].as_str().unwrap()))
        .await;
    app.get(&format!("/api/upload?id={}", upload["id"].as_str().unwrap()))
        .await;
    app.get(&format!("/api/upload?sessionId={session}")).await;
    let (_, export) = app
        .send_json(
            reqwest::Method::POST,
            "/api/export",
            &json!({ "sessionId": session }),
        )
        .await;
    let export_path = format!("/api/export?id={}", export["exportId"].as_str().unwrap());
    app.get(&export_path).await;
    let delete = reqwest::Method::DELETE;
    app.send_json(delete.clone(), &export_path, &json!({})).await;
    let upload_path = format!("/api/upload?id={}", upload["id"].as_str().unwrap());
    app.send_json(delete.clone(), &upload_path, &json!({})).await;
    let ticket = json!({ "filename": "never.wav", "contentType": "audio/wav", "size": 10 });
    let (_, unsent) = app.send_json(reqwest::Method::POST, "/api/upload", &ticket).await;
    let unsent_path = format!("/api/upload?id={}", unsent["id"].as_str().unwrap());
    app.send_json(delete, &unsent_path, &json!({})).await;
}

#[tokio::test]
async fn every_aws_call_a_function_makes_is_granted_to_it_in_the_template() {
    let calls = AwsCalls::default();
    let app = TestApp::builder()
        .media()
        .realtime()
        .record_aws_calls(&calls)
        .spawn()
        .await;
    use_the_studio(&app).await;
    let grants = grants();
    let uses = calls.uses();
    assert!(uses.len() > 10, "the scenario made AWS calls: {uses:?}");
    let mut missing = Vec::new();
    let mut used: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (function, action, resource) in &uses {
        let granted = grants.get(function).cloned().unwrap_or_default();
        match granted.iter().find(|(a, r)| a == action && covers(r, resource)) {
            Some((a, r)) => drop(used.insert((function.clone(), a.clone(), r.clone()))),
            None => missing.push(format!("{function}: {action} on {resource}")),
        }
    }
    assert!(
        missing.is_empty(),
        "template.yaml does not grant:\n{}",
        missing.join("\n")
    );
    let unused: Vec<String> = grants
        .iter()
        .flat_map(|(f, set)| set.iter().map(move |(a, r)| (f.clone(), a.clone(), r.clone())))
        .filter(|grant| !used.contains(grant) && grant.1 != "secretsmanager:GetSecretValue")
        .map(|(f, a, r)| format!("{f}: {a} on {r}"))
        .collect();
    println!(
        "grants no call used in {}:\n{}",
        workspace_root().join("template.yaml").display(),
        unused.join("\n")
    );
}
