//! `GET /healthz`: the parity service's liveness probe.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::Healthz).await
}
