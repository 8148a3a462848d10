//! `GET /v1/sessions`: the FastAPI parity listing.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::V1SessionsList).await
}
