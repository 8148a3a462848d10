//! `GET /api/export?id=`: an export and a fresh presigned URL.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::ExportGet).await
}
