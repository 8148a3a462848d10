//! The role matrix: every protected route and frame, tried by a host, a performer and a
//! listener. What each answer should be is read off the studio's one table of actions
//! (`studio::access::RULES`): an allowed request succeeds, a refused one is 403
//! `role_forbids` and writes nothing.

use base64::Engine;
use reqwest::Method;
use serde_json::{Value, json};
use studio::access::{Action, ROLES, Role};
use studio_tests::TestApp;
use studio_tests::invites::{Hosted, test_tokens};

/// A protected HTTP route as a member calls it.
#[derive(Debug, Clone, Copy)]
enum Route {
    PresenceGet,
    PresencePut,
    PresenceDelete,
    UploadCreate,
    UploadGet,
    UploadDelete,
    ExportCreate,
    ExportGet,
    ExportDelete,
    ArrangementGet,
    ArrangementEdit,
    CommentsGet,
    CommentsAdd,
    CommentsResolve,
    RoomsHistory,
    SessionsFork,
    Renew,
    ModerationGet,
    ModerationEdit,
}

/// The one table of this test: each route, the action it needs, its status when allowed.
const ROUTES: &[(Route, Action, u16)] = &[
    (Route::PresenceGet, Action::Read, 200),
    (Route::PresencePut, Action::Presence, 200),
    (Route::PresenceDelete, Action::Presence, 200),
    (Route::UploadCreate, Action::Upload, 201),
    (Route::UploadGet, Action::Read, 200),
    (Route::UploadDelete, Action::Delete, 200),
    (Route::ExportCreate, Action::Export, 201),
    (Route::ExportGet, Action::Read, 200),
    (Route::ExportDelete, Action::Delete, 200),
    (Route::ArrangementGet, Action::Read, 200),
    (Route::ArrangementEdit, Action::EditArrangement, 200),
    (Route::CommentsGet, Action::Read, 200),
    (Route::CommentsAdd, Action::Comment, 201),
    // The host's comment: its own for the host, anyone's for the others.
    (Route::CommentsResolve, Action::ResolveComments, 201),
    (Route::RoomsHistory, Action::Read, 200),
    (Route::SessionsFork, Action::Read, 201),
    (Route::Renew, Action::Read, 200),
    (Route::ModerationGet, Action::Moderate, 200),
    (Route::ModerationEdit, Action::Moderate, 200),
];

/// Each frame, the action it needs, and the envelope that shows it was served (to the
/// sender, or to another member watching the room).
const FRAMES: &[(&str, Action, &str, Seen)] = &[
    (
        r#"{"type":"message","payload":{"chat":"hi"}}"#,
        Action::Chat,
        "room.message",
        Seen::ByRoom,
    ),
    (
        r#"{"type":"message","id":"c-1","payload":{"comment":"nice take"}}"#,
        Action::Chat,
        "ack",
        Seen::BySender,
    ),
    (
        r#"{"type":"status","status":"recording"}"#,
        Action::Presence,
        "presence.update",
        Seen::ByRoom,
    ),
    (
        r#"{"type":"roster"}"#,
        Action::Read,
        "presence.roster",
        Seen::BySender,
    ),
];

#[derive(Debug, Clone, Copy)]
enum Seen {
    BySender,
    ByRoom,
}

/// A member of the session, of one role.
struct Who {
    role: Role,
    id: String,
    token: String,
    /// An upload and an export this member may delete if its role allows: its own, or
    /// the host's when it cannot make any.
    upload: String,
    export: String,
    /// An open comment of the host's for this member to resolve.
    comment: String,
}

async fn roles_app() -> TestApp {
    TestApp::builder()
        .media()
        .realtime()
        .invite(test_tokens())
        .spawn()
        .await
}

async fn made_upload(app: &TestApp, token: &str) -> String {
    let (status, body) = app.upload_as(token).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// The host, a performer and a listener of one session, each with media to delete.
async fn members(app: &TestApp, hosted: &Hosted) -> Vec<Who> {
    let host_upload = made_upload(app, &hosted.host_token).await;
    let host_export = app.export_as(&hosted.host_token, &hosted.session).await;
    let mut all = Vec::new();
    for &role in ROLES {
        let (id, token) = match role {
            Role::Host => (hosted.host_id.clone(), hosted.host_token.clone()),
            _ => {
                let invite = app.invite_for(&hosted.host_token, role.as_str()).await;
                let joined = app.join_with(&invite, role.as_str()).await;
                assert_eq!(joined.answer["role"], role.as_str(), "{}", joined.answer);
                (joined.member_id, joined.token)
            }
        };
        let (upload, export) = if Action::Upload.allows(role) {
            let export = app.export_as(&token, &hosted.session).await;
            (made_upload(app, &token).await, export)
        } else {
            (host_upload.clone(), host_export.clone())
        };
        let note = json!({ "op": "add", "text": "check the intro", "at": 0 });
        let (status, comment) = app
            .send_as(&hosted.host_token, Method::POST, "/api/comments", &note)
            .await;
        assert_eq!(status, 201, "{comment}");
        all.push(Who {
            role,
            id,
            token,
            upload,
            export,
            comment: comment["id"].as_str().unwrap().to_owned(),
        });
    }
    all
}

async fn call(app: &TestApp, hosted: &Hosted, who: &Who, route: Route) -> (u16, Value) {
    let session = hosted.session.as_str();
    let token = who.token.as_str();
    let none = Value::Null;
    match route {
        Route::PresenceGet => app.send_as(token, Method::GET, "/api/presence", &none).await,
        Route::PresencePut => {
            let body = json!({ "status": "recording" });
            app.send_as(token, Method::POST, "/api/presence", &body).await
        }
        Route::PresenceDelete => {
            let path = format!("/api/presence?memberId={}", who.id);
            app.send_as(token, Method::DELETE, &path, &none).await
        }
        Route::UploadCreate => app.upload_as(token).await,
        Route::UploadGet => {
            let path = format!("/api/upload?id={}", who.upload);
            app.send_as(token, Method::GET, &path, &none).await
        }
        Route::UploadDelete => {
            let path = format!("/api/upload?id={}", who.upload);
            app.send_as(token, Method::DELETE, &path, &none).await
        }
        Route::ExportCreate => {
            let body = json!({ "sessionId": session });
            app.send_as(token, Method::POST, "/api/export", &body).await
        }
        Route::ExportGet => {
            let path = format!("/api/export?id={}", who.export);
            app.send_as(token, Method::GET, &path, &none).await
        }
        Route::ExportDelete => {
            let path = format!("/api/export?id={}", who.export);
            app.send_as(token, Method::DELETE, &path, &none).await
        }
        Route::ArrangementGet => {
            let path = format!("/api/arrangement?sessionId={session}");
            app.send_as(token, Method::GET, &path, &none).await
        }
        Route::ArrangementEdit => {
            let path = format!("/api/arrangement?sessionId={session}");
            let (_, current) = app.send_as(token, Method::GET, &path, &none).await;
            let body = json!({ "sessionId": session, "baseVersion": current["version"],
                "operations": [{ "op": "setTempo", "bpm": 100 }] });
            app.send_as(token, Method::POST, "/api/arrangement", &body).await
        }
        Route::CommentsGet => {
            let path = format!("/api/comments?sessionId={session}");
            app.send_as(token, Method::GET, &path, &none).await
        }
        Route::CommentsAdd => {
            let body = json!({ "sessionId": session, "op": "add", "text": "nice", "at": 48000 });
            app.send_as(token, Method::POST, "/api/comments", &body).await
        }
        Route::CommentsResolve => {
            let body = json!({ "sessionId": session, "op": "resolve", "commentId": who.comment });
            app.send_as(token, Method::POST, "/api/comments", &body).await
        }
        Route::RoomsHistory => {
            let path = format!("/api/rooms/history?roomId={session}");
            app.send_as(token, Method::GET, &path, &none).await
        }
        Route::SessionsFork => {
            let body = json!({ "forkOf": { "sessionId": session } });
            app.send_as(token, Method::POST, "/api/sessions/fork", &body)
                .await
        }
        Route::Renew => {
            app.send_as(token, Method::POST, "/api/sessions/join", &json!({}))
                .await
        }
        Route::ModerationGet => {
            let path = format!("/api/sessions/moderation?sessionId={session}");
            app.send_as(token, Method::GET, &path, &none).await
        }
        Route::ModerationEdit => {
            let body = json!({ "sessionId": session, "ops": [{ "op": "createInvite" }] });
            app.send_as(token, Method::POST, "/api/sessions/moderation", &body)
                .await
        }
    }
}

/// What a refused request could have written.
async fn written(app: &TestApp) -> [i64; 6] {
    let mut counts = [0; 6];
    for (i, table) in [
        "uploads",
        "exports",
        "arrangement_changes",
        "session_members",
        "comments",
        "invites",
    ]
    .iter()
    .enumerate()
    {
        counts[i] = app.row_count(table).await;
    }
    counts
}

#[tokio::test]
async fn every_protected_route_answers_each_role_as_the_table_of_actions_says() {
    let app = roles_app().await;
    let hosted = app.host_session().await;
    let members = members(&app, &hosted).await;
    let mut refused = 0;
    for who in &members {
        for &(route, action, allowed_status) in ROUTES {
            let before = written(&app).await;
            let (status, body) = call(&app, &hosted, who, route).await;
            let seen = (status, body["error"]["code"].as_str());
            if action.allows(who.role) {
                assert_eq!(status, allowed_status, "{:?} {route:?}: {body}", who.role);
            } else {
                refused += 1;
                assert_eq!(
                    seen,
                    (403, Some("role_forbids")),
                    "{:?} {route:?}: {body}",
                    who.role
                );
                assert_eq!(written(&app).await, before, "{:?} {route:?} wrote", who.role);
            }
        }
    }
    assert!(refused > 0, "the listener was refused something");
}

#[tokio::test]
async fn every_frame_is_served_to_each_role_as_the_table_of_actions_says() {
    let app = roles_app().await;
    let hosted = app.host_session().await;
    let members = members(&app, &hosted).await;
    let watcher = app.join_with(&hosted.invite, "Watcher").await;
    let mut room = app.enter(&watcher.token, &watcher.member_id).await;
    for who in &members {
        let mut socket = app.enter(&who.token, &who.id).await;
        room.expect("presence.join").await;
        for &(frame, action, served, seen) in FRAMES {
            socket.send_text(frame).await;
            let frame_seen = match seen {
                Seen::BySender => socket.expect(served).await,
                Seen::ByRoom => room.expect(served).await,
            };
            assert!(action.allows(who.role), "{:?} was served {frame}", who.role);
            assert_eq!(frame_seen["type"], served);
        }
        socket.leave().await;
        room.expect("presence.leave").await;
    }
}

#[tokio::test]
async fn a_members_token_grants_publishing_in_livekit_only_when_its_role_may_publish() {
    let app = roles_app().await;
    let hosted = app.host_session().await;
    for who in members(&app, &hosted).await {
        let payload = who.token.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(claims["studio"]["role"], who.role.as_str());
        assert_eq!(
            claims["video"]["canPublish"],
            Action::Publish.allows(who.role),
            "{:?}",
            who.role
        );
    }
}

#[tokio::test]
async fn an_invite_names_its_role_and_the_join_request_cannot_change_it() {
    let app = roles_app().await;
    let hosted = app.host_session().await;
    let invite = app.invite_for(&hosted.host_token, "listener").await;
    let body = json!({ "invite": invite, "displayName": "Lou", "role": "host" });
    let (status, answer) = app.send_json(Method::POST, "/api/sessions/join", &body).await;
    assert_eq!((status, &answer["role"]), (200, &json!("listener")), "{answer}");
    let token = answer["token"].as_str().unwrap();
    let (status, renewed) = app
        .send_as(
            token,
            Method::POST,
            "/api/sessions/join",
            &json!({ "inviteRole": "performer" }),
        )
        .await;
    assert_eq!((status, &renewed["role"]), (200, &json!("listener")), "{renewed}");
    assert!(renewed.get("invite").is_none(), "only a host hands out invites");
    let (status, refused) = app
        .send_as(
            &hosted.host_token,
            Method::POST,
            "/api/sessions/join",
            &json!({ "inviteRole": "host" }),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (400, Some("invalid_invite_role"))
    );
}
