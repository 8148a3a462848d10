//! The AsyncAPI document: the committed `docs/asyncapi.json` is what the envelope and
//! frame types generate, its examples are frames the contract allows, and the checker
//! the realtime tests use refuses what breaks it.

use serde_json::{Value, json};
use studio_tests::asyncapi::Contract;
use studio_tests::workspace_root;

#[test]
fn the_committed_asyncapi_document_is_the_generated_one() {
    let committed = std::fs::read_to_string(workspace_root().join("docs/asyncapi.json")).unwrap_or_default();
    assert!(
        committed == studio::asyncapi::to_json(),
        "docs/asyncapi.json is not what the envelope and frame types generate: regenerate it \
         with `cargo run -q -p studio-admin -- contract asyncapi > docs/asyncapi.json`"
    );
}

#[test]
fn every_example_of_the_document_is_a_frame_of_its_side() {
    let document = studio::asyncapi::document();
    let contract = Contract::get();
    let mut checked = 0;
    for op in document["operations"].as_object().unwrap().values() {
        for reference in op["messages"].as_array().unwrap() {
            let name = reference["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
            let example = document["components"]["messages"][name]["examples"][0]["payload"].to_string();
            let verdict = match op["action"].as_str() {
                Some("send") => contract.check_sent(&example),
                _ => contract.check_received(&example),
            };
            assert_eq!(verdict, Ok(()), "{name}: {example}");
            checked += 1;
        }
    }
    assert_eq!(checked, 21);
}

fn leave() -> Value {
    json!({ "type": "presence.leave", "roomId": "jam-1", "memberId": "ada" })
}

#[test]
fn the_checker_refuses_envelopes_that_break_the_contract() {
    let contract = Contract::get();
    assert_eq!(contract.check_received(&leave().to_string()), Ok(()));
    let traced = json!({ "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });
    let mut with_trace = leave();
    with_trace
        .as_object_mut()
        .unwrap()
        .extend(traced.as_object().unwrap().clone());
    assert_eq!(contract.check_received(&with_trace.to_string()), Ok(()));
    let mut wrong = Vec::new();
    for (field, value) in [
        ("memberId", json!("bad id!")),
        ("roomId", Value::Null),
        ("type", json!("presence.left")),
        ("extra", json!(1)),
        ("traceparent", json!("not a trace")),
    ] {
        let mut frame = leave();
        frame[field] = value;
        wrong.push(frame);
    }
    wrong.push(json!({ "type": "error", "error": { "code": "no_such_code", "message": "x" } }));
    wrong.push(json!({ "type": "presence.roster", "roomId": "r", "members": [], "page": 0, "pages": 1 }));
    wrong.push(json!({ "hi": 1 }));
    for frame in wrong {
        assert!(
            contract.check_received(&frame.to_string()).is_err(),
            "{frame} passed"
        );
    }
}

#[test]
fn the_checker_refuses_client_frames_the_studio_refuses() {
    let contract = Contract::get();
    for good in [
        r#"{"type":"heartbeat"}"#,
        r#"{"type":"chat"}"#,
        "[1]",
        r#"{"type":"message","payload":null}"#,
    ] {
        assert_eq!(contract.check_sent(good), Ok(()), "{good}");
    }
    let oversized = json!({ "type": "message", "payload": "x".repeat(33 * 1024) }).to_string();
    for bad in [
        "not json",
        r#"{"type":"message"}"#,
        r#"{"type":"status","status":"LOUD"}"#,
        r#"{"type":"heartbeat","ttlSeconds":1}"#,
        oversized.as_str(),
    ] {
        assert!(contract.check_sent(bad).is_err(), "{bad} passed");
    }
}
