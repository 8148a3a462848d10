//! `GET /api/upload?id=`: an upload's metadata and a fresh presigned URL.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::UploadGet).await
}
