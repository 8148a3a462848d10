//! Spans: one per invocation under the seed's service name, a child per SQL statement.

use opentelemetry::trace::{SpanKind, Status};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SpanData};
use std::collections::HashMap;
use studio::telemetry::{Service, Telemetry};
use studio_tests::{TestApp, app::read};

fn attribute(span: &SpanData, key: &str) -> Option<String> {
    span.attributes
        .iter()
        .find(|kv| kv.key.as_str() == key)
        .map(|kv| kv.value.to_string())
}

#[tokio::test]
async fn an_api_request_makes_an_invocation_span_with_a_child_per_statement() {
    let exporter = InMemorySpanExporter::default();
    let telemetry = Telemetry::with_simple_exporter(&Service::ALL, |_| exporter.clone());
    let address = TestApp::builder().telemetry(telemetry).spawn().await.address;
    let client = reqwest::Client::new();
    let (status, _) = read(
        client
            .post(format!("{address}/api/sessions"))
            .header("content-type", "application/json")
            .body(r#"{"name":"traced"}"#)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 201);

    let spans = exporter.get_finished_spans().unwrap();
    let invocation = spans
        .iter()
        .find(|s| s.name == "POST /api/sessions")
        .expect("an invocation span");
    assert_eq!(invocation.span_kind, SpanKind::Server);
    assert_eq!(
        attribute(invocation, "http.response.status_code").as_deref(),
        Some("201")
    );
    assert_eq!(
        attribute(invocation, "faas.name").as_deref(),
        Some("sessions-create")
    );
    let insert = spans
        .iter()
        .find(|s| s.name == "postgres INSERT")
        .expect("a span for the INSERT");
    assert_eq!(insert.parent_span_id, invocation.span_context.span_id());
    assert_eq!(insert.span_context.trace_id(), invocation.span_context.trace_id());
    assert_eq!(attribute(insert, "db.system.name").as_deref(), Some("postgresql"));
    assert!(
        attribute(insert, "db.query.text")
            .unwrap()
            .starts_with("INSERT INTO sessions")
    );
}

#[tokio::test]
async fn each_route_reports_under_its_seed_service_name_and_continues_a_callers_trace() {
    let exporters: HashMap<Service, InMemorySpanExporter> = Service::ALL
        .iter()
        .map(|&s| (s, InMemorySpanExporter::default()))
        .collect();
    let telemetry = Telemetry::with_simple_exporter(&Service::ALL, |s| exporters[&s].clone());
    let address = TestApp::builder().telemetry(telemetry).spawn().await.address;
    let client = reqwest::Client::new();
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    client
        .get(format!("{address}/api/sessions"))
        .header("traceparent", format!("00-{trace_id}-00f067aa0ba902b7-01"))
        .send()
        .await
        .unwrap();
    client.get(format!("{address}/healthz")).send().await.unwrap();

    let names = |service: Service| -> Vec<String> {
        let spans = exporters[&service].get_finished_spans().unwrap();
        spans
            .into_iter()
            .filter(|s| s.span_kind == SpanKind::Server)
            .map(|s| s.name.into_owned())
            .collect()
    };
    // The list is behind the member-token authorizer (open mode lets everyone through),
    // which reports first under the same service.
    assert_eq!(
        names(Service::StudioWebApi),
        ["authorizer-http", "GET /api/sessions"]
    );
    assert_eq!(names(Service::StudioApi), ["GET /healthz"]);
    assert!(names(Service::RealtimeGateway).is_empty());

    let spans = exporters[&Service::StudioWebApi].get_finished_spans().unwrap();
    let list = spans.iter().find(|s| s.name == "GET /api/sessions").unwrap();
    assert_eq!(list.span_context.trace_id().to_string(), trace_id);
    assert!(list.parent_span_is_remote);
    assert_eq!(list.status, Status::Unset);
}
