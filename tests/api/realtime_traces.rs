//! Realtime spans: one per WebSocket invocation under `realtime-gateway` with its route
//! key and status, one per presence request under `studio-web-api-presence`, and a
//! child per DynamoDB call.

use local_gateway::Invoker;
use opentelemetry::trace::SpanKind;
use opentelemetry_sdk::trace::{InMemorySpanExporter, SpanData};
use serde_json::Value;
use std::collections::HashMap;
use studio::telemetry::{Service, Telemetry};
use studio_tests::{TestApp, workspace_root};

fn attribute(span: &SpanData, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|kv| kv.key.as_str() == key)
        .map(|kv| kv.value.to_string())
}

fn event(name: &str) -> Value {
    let path = workspace_root().join(format!("events/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A span exporter per service and the telemetry that feeds them.
fn capturing() -> (HashMap<Service, InMemorySpanExporter>, Telemetry) {
    let exporters: HashMap<Service, InMemorySpanExporter> = Service::ALL
        .iter()
        .map(|&s| (s, InMemorySpanExporter::default()))
        .collect();
    let telemetry = Telemetry::with_simple_exporter(&Service::ALL, |s| exporters[&s].clone());
    (exporters, telemetry)
}

#[tokio::test]
async fn websocket_and_presence_invocations_report_under_their_services() {
    let (exporters, telemetry) = capturing();
    let app = TestApp::builder().realtime().spawn().await;
    let invoker = Invoker::in_process(app.clients.clone(), telemetry);
    invoker
        .invoke_ws("ws-connect", event("ws-connect"))
        .await
        .unwrap();
    invoker
        .invoke_http("presence-get", event("presence-get"))
        .await
        .unwrap();

    let spans = exporters[&Service::RealtimeGateway].get_finished_spans().unwrap();
    let connect = spans
        .iter()
        .find(|s| s.span_kind == SpanKind::Server)
        .expect("a $connect span");
    assert_eq!(connect.name, "$connect");
    assert_eq!(attribute(connect, "faas.name").as_deref(), Some("ws-connect"));
    assert_eq!(
        attribute(connect, "http.response.status_code").as_deref(),
        Some("200")
    );
    let put = spans
        .iter()
        .find(|s| s.name == "PutItem connection")
        .expect("a span for the connection write");
    assert_eq!(put.parent_span_id, connect.span_context.span_id());
    assert_eq!(attribute(put, "db.system.name").as_deref(), Some("aws.dynamodb"));

    let presence = exporters[&Service::StudioWebApiPresence]
        .get_finished_spans()
        .unwrap();
    let names: Vec<&str> = presence
        .iter()
        .filter(|s| s.span_kind == SpanKind::Server)
        .map(|s| s.name.as_ref())
        .collect();
    assert_eq!(names, ["GET /api/presence"]);
}

#[tokio::test]
async fn one_trace_follows_an_http_presence_change_to_the_members_who_receive_it() {
    let (exporters, telemetry) = capturing();
    let app = TestApp::builder().realtime().telemetry(telemetry).spawn().await;
    let mut ada = app.join("traced-room", "ada").await;
    let trace_id = "0af7651916cd43dd8448eb211c80319c";
    let response = app
        .client
        .post(format!("{}/api/presence", app.address))
        .header("traceparent", format!("00-{trace_id}-b7ad6b7169203331-01"))
        .json(&serde_json::json!({ "roomId": "traced-room", "memberId": "ben", "displayName": "Ben" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let join = ada.expect("presence.join").await;
    let traceparent = join["traceparent"]
        .as_str()
        .expect("the envelope carries its trace");
    assert!(
        traceparent.starts_with(&format!("00-{trace_id}-")),
        "{traceparent}"
    );

    let spans = exporters[&Service::StudioWebApiPresence]
        .get_finished_spans()
        .unwrap();
    let request = spans.iter().find(|s| s.name == "POST /api/presence").unwrap();
    assert_eq!(request.span_context.trace_id().to_string(), trace_id);
    assert_eq!(request.parent_span_id.to_string(), "b7ad6b7169203331");
    let fan_out = spans
        .iter()
        .find(|s| s.name == "fan-out")
        .expect("a fan-out span");
    assert_eq!(fan_out.parent_span_id, request.span_context.span_id());
    assert_eq!(
        attribute(fan_out, "studio.envelope_type").as_deref(),
        Some("presence.join")
    );
    let sent_from = traceparent.split('-').nth(2).unwrap();
    assert_eq!(sent_from, fan_out.span_context.span_id().to_string());
}

#[tokio::test]
async fn a_lambda_xray_header_is_the_parent_when_no_traceparent_is_sent() {
    let (exporters, telemetry) = capturing();
    let app = TestApp::builder().realtime().spawn().await;
    let invoker = Invoker::in_process(app.clients.clone(), telemetry);
    let mut get = event("presence-get");
    get["headers"]["x-amzn-trace-id"] =
        Value::from("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    invoker.invoke_http("presence-get", get).await.unwrap();
    let spans = exporters[&Service::StudioWebApiPresence]
        .get_finished_spans()
        .unwrap();
    let request = spans.iter().find(|s| s.span_kind == SpanKind::Server).unwrap();
    assert_eq!(
        request.span_context.trace_id().to_string(),
        "5759e988bd862e3fe1be46a994272793"
    );
    assert_eq!(request.parent_span_id.to_string(), "53995c3f42cd8ad8");
}
