//! `POST /api/export`: renders a session's audio uploads into one WAV in S3.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::ExportCreate).await
}
