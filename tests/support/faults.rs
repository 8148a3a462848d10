//! A stand-in that answers every request with a throttling error, as DynamoDB and S3 do
//! under load, so a test can see what the studio answers its clients then.

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use tokio::net::TcpListener;

/// Which service's throttling answer to give.
#[derive(Debug, Clone, Copy)]
pub enum Throttling {
    /// `ProvisionedThroughputExceededException` (400), as DynamoDB answers.
    DynamoDb,
    /// `SlowDown` (503), as S3 answers.
    S3,
}

/// Starts a server that throttles every request; returns its `http://` endpoint.
pub async fn throttling(kind: Throttling) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new().fallback(move || async move { answer(kind) });
    tokio::spawn(async move { axum::serve(listener, app).await });
    endpoint
}

fn answer(kind: Throttling) -> axum::response::Response {
    match kind {
        Throttling::DynamoDb => (
            StatusCode::BAD_REQUEST,
            [
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amzn-errortype", "ProvisionedThroughputExceededException"),
            ],
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"The level of configured provisioned throughput for the table was exceeded."}"#,
        )
            .into_response(),
        Throttling::S3 => (
            StatusCode::SERVICE_UNAVAILABLE,
            [("content-type", "application/xml")],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        )
            .into_response(),
    }
}
