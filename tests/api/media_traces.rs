//! A media request reports its S3 calls as child spans of its invocation, under the
//! web API's service name.

use opentelemetry_sdk::trace::InMemorySpanExporter;
use studio::telemetry::{Service, Telemetry};
use studio_tests::{TestApp, app::read, wav};

#[tokio::test]
async fn an_upload_reports_its_put_object_under_its_invocation() {
    // Only studio-web-api's spans reach this exporter.
    let (exporter, elsewhere) = (InMemorySpanExporter::default(), InMemorySpanExporter::default());
    let telemetry = Telemetry::with_simple_exporter(&Service::ALL, |service| match service {
        Service::StudioWebApi => exporter.clone(),
        _ => elsewhere.clone(),
    });
    let app = TestApp::builder().media().telemetry(telemetry).spawn().await;
    let address = &app.address;
    let tone = wav::tone(8_000, 1, 0.1, 440.0, 0.5);
    let (content_type, body) = wav::form(Some(("a.wav", "audio/wav", &tone)), None);
    let response = reqwest::Client::new()
        .post(format!("{address}/api/upload"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(read(response).await.0, 201);

    let spans = exporter.get_finished_spans().unwrap();
    let invocation = spans
        .iter()
        .find(|s| s.name == "POST /api/upload")
        .expect("an invocation span");
    let put = spans
        .iter()
        .find(|s| s.name == "S3.PutObject")
        .expect("a PutObject span");
    assert_eq!(put.parent_span_id, invocation.span_context.span_id());
    let bucket_attr = put
        .attributes
        .iter()
        .find(|kv| kv.key.as_str() == "aws.s3.bucket");
    assert_eq!(
        bucket_attr.map(|kv| kv.value.to_string()),
        Some(app.bucket.as_ref().unwrap().name.clone())
    );
    assert!(elsewhere.get_finished_spans().unwrap().is_empty());
}
