//! `POST /api/upload`: stores a multipart audio file in S3, or hands out a presigned PUT.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::UploadCreate).await
}
