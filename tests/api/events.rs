//! Every route's function answers its sample event from `events/`, in-process, as Lambda
//! would run it: HTTP functions on Postgres and S3, realtime ones on DynamoDB Local. Events
//! that name a session, upload or export get ids that exist in the test's stores: the
//! session is created first, each `-get` event runs after its `-create` event and
//! asks for what that one made, and the media `-delete` events run last and remove it.

use local_gateway::Invoker;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use studio::access::{AccessConfig, Member, Role};
use studio::domain::{DisplayName, MemberId, SessionId};
use studio::realtime::now;
use studio::telemetry::Telemetry;
use studio_tests::invites::test_tokens;
use studio_tests::{TestApp, workspace_root};

/// WebSocket events run in a connection's order (connect, message, disconnect); the
/// others by name, so each `-create` runs before its `-get`, and the media deletes
/// after both.
fn order(name: &str) -> (u8, String) {
    let rank = match name {
        // After `sessions-join`, which admits the member it removes.
        "export-delete" | "upload-delete" | "members-remove" => 1,
        "ws-connect" => 2,
        "ws-message" => 3,
        "ws-disconnect" => 4,
        _ => 0,
    };
    (rank, name.to_owned())
}

fn set_query_id(event: &mut Value, id: &str) {
    event["rawQueryString"] = json!(format!("id={id}"));
    event["queryStringParameters"] = json!({ "id": id });
}

/// The events of the HTTP and WebSocket functions. The migrate function's CloudFormation
/// event (it has a `RequestType`) is driven by tests/api/migrate.rs, and the media
/// sweep's scheduled event (a `detail-type`) by tests/api/binaries.rs, each through its
/// binary.
fn sample_events() -> Vec<(String, Value)> {
    let mut events: Vec<(String, Value)> = std::fs::read_dir(workspace_root().join("events"))
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            (name, serde_json::from_str::<Value>(&text).unwrap())
        })
        .filter(|(_, event)| event.get("RequestType").is_none() && event.get("detail-type").is_none())
        .collect();
    events.sort_by_key(|(name, _)| order(name));
    events
}

fn assert_answered(name: &str, result: &Value) -> Value {
    let status = result["statusCode"].as_u64().unwrap();
    assert!((200..300).contains(&status), "{name} answered {result}");
    let body = result["body"].as_str().unwrap();
    if result["headers"]["content-type"] == "text/html; charset=utf-8" {
        assert!(body.starts_with("<!doctype html>"), "{name}: {body}");
        return Value::Null;
    }
    let body: Value = serde_json::from_str(body).unwrap();
    assert!(body.is_object(), "{name}: {body}");
    body
}

/// A member token for `session`.
fn sample_token(session: &str) -> String {
    let tokens = test_tokens();
    let session = SessionId::parse(session).unwrap();
    let member = Member {
        session,
        member: MemberId::parse("m-sample").unwrap(),
        name: DisplayName::parse("Sample").unwrap(),
        role: Role::Performer,
        expires_at: 0,
    };
    tokens.member(&member, now()).token
}

/// The sample session's host, as its authorizer context names it.
fn sample_host(session: &str) -> Value {
    let host = Member {
        session: SessionId::parse(session).unwrap(),
        member: MemberId::parse("m-sample-host").unwrap(),
        name: DisplayName::parse("Host").unwrap(),
        role: Role::Host,
        expires_at: now() + 600,
    };
    json!({ "lambda": host.to_context() })
}

/// An authorizer's sample event, carrying `token`, is allowed with the member in context.
async fn authorize_sample(invoker: &Invoker, name: &str, mut event: Value, token: &str) {
    match name {
        "authorizer-http" => event["headers"]["authorization"] = json!(format!("Bearer {token}")),
        "authorizer-ws" => event["queryStringParameters"]["token"] = json!(token),
        other => panic!("{other} is not an authorizer"),
    }
    let answer = invoker.invoke_json(name, event).await.unwrap();
    let allowed = answer["isAuthorized"] == true
        || answer.pointer("/policyDocument/Statement/0/Effect") == Some(&json!("Allow"));
    assert!(allowed, "{name} answered {answer}");
    assert_eq!(answer["context"]["memberId"], "m-sample", "{name}");
}

#[tokio::test]
async fn each_function_answers_its_sample_event_with_a_success() {
    let app = TestApp::builder().media().realtime().spawn().await;
    let session = app.create_session("Sample events").await;
    let invoker = Invoker::in_process(app.clients.clone(), Telemetry::off());
    // The invite-mode functions get real tokens for the sample session.
    let inviting = Invoker::in_process(
        app.clients
            .clone()
            .with_access(AccessConfig::invite(test_tokens())),
        Telemetry::off(),
    );
    let member = sample_token(&session);
    let mut made: BTreeMap<&str, String> = BTreeMap::new();
    let (mut http, mut ws) = (Vec::new(), Vec::new());
    for (name, mut event) in sample_events() {
        if name.starts_with("authorizer-") {
            authorize_sample(&inviting, &name, event, &member).await;
            continue;
        }
        match name.as_str() {
            // The host makes the invite `sessions-join` uses (the names sort it first).
            "moderation-edit" => {
                event["requestContext"]["authorizer"] = sample_host(&session);
                let body = json!({ "sessionId": session, "ops": [{ "op": "createInvite" }] });
                event["body"] = json!(body.to_string());
                let result = inviting.invoke_http(&name, event).await.unwrap();
                let edited = assert_answered(&name, &result);
                let invite = edited["results"][0]["invite"]["token"].as_str().unwrap();
                made.insert("invite", invite.to_owned());
                http.push(name);
                continue;
            }
            "moderation-get" => {
                event["requestContext"]["authorizer"] = sample_host(&session);
                event["rawQueryString"] = json!(format!("sessionId={session}"));
                event["queryStringParameters"] = json!({ "sessionId": session });
                let result = inviting.invoke_http(&name, event).await.unwrap();
                assert_eq!(assert_answered(&name, &result)["invites"][0]["role"], "performer");
                http.push(name);
                continue;
            }
            "sessions-join" => {
                let body = json!({ "invite": made["invite"], "displayName": "Gus" });
                event["body"] = json!(body.to_string());
                let result = inviting.invoke_http(&name, event).await.unwrap();
                let joined = assert_answered(&name, &result);
                assert_eq!(joined["role"], "performer");
                made.insert("member", joined["memberId"].as_str().unwrap().to_owned());
                http.push(name);
                continue;
            }
            "members-remove" => {
                event["requestContext"]["authorizer"] = sample_host(&session);
                let body = json!({ "sessionId": session, "memberId": made["member"] });
                event["body"] = json!(body.to_string());
                let result = inviting.invoke_http(&name, event).await.unwrap();
                assert_eq!(
                    assert_answered(&name, &result)["memberId"],
                    made["member"].as_str()
                );
                http.push(name);
                continue;
            }
            "export-create" => event["body"] = json!(json!({ "sessionId": session }).to_string()),
            "export-get" | "export-delete" => set_query_id(&mut event, &made["export"]),
            "upload-get" | "upload-delete" => set_query_id(&mut event, &made["upload"]),
            "arrangement-edit" => {
                let body = json!({ "sessionId": session, "baseVersion": 0, "operations": [{ "op": "setTempo", "bpm": 96 }] });
                event["body"] = json!(body.to_string());
            }
            "sessions-fork" => {
                let body = json!({ "name": "Sample fork", "forkOf": { "sessionId": session } });
                event["body"] = json!(body.to_string());
            }
            "comments-edit" => {
                let body =
                    json!({ "sessionId": session, "op": "add", "text": "the snare drags", "at": 384000 });
                event["body"] = json!(body.to_string());
            }
            "arrangement-get" | "comments-get" => {
                event["rawQueryString"] = json!(format!("sessionId={session}"));
                event["queryStringParameters"] = json!({ "sessionId": session });
            }
            _ => {}
        }
        let is_http = event.get("version").and_then(Value::as_str) == Some("2.0");
        let result = if is_http {
            invoker.invoke_http(&name, event).await
        } else {
            invoker.invoke_ws(&name, event).await
        };
        let body = assert_answered(&name, &result.unwrap_or_else(|e| panic!("{name}: {e}")));
        match name.as_str() {
            "upload-create" => {
                assert_eq!(body["metadata"]["audio"]["sampleRate"], 8000, "{body}");
                made.insert("upload", body["id"].as_str().unwrap().to_owned());
            }
            "export-create" => {
                made.insert("export", body["exportId"].as_str().unwrap().to_owned());
            }
            _ => {}
        }
        if is_http { http.push(name) } else { ws.push(name) }
    }
    let template = local_gateway::Template::load(&workspace_root().join("template.yaml")).unwrap();
    let mut declared_http: Vec<String> = template.http_routes.into_iter().map(|r| r.function).collect();
    declared_http.sort();
    declared_http.dedup();
    http.sort();
    assert_eq!(http, declared_http, "every HTTP function answered its event");
    assert_eq!(ws, ["ws-connect", "ws-message", "ws-disconnect"]);
    // The sample connection came and went; the sample presence writes left the room empty.
    assert!(app.roster("room-7f3a").await.is_empty());
}
