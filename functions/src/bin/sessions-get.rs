//! `GET /api/sessions`: sessions newest first, a page at a time, or one with `?id=`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::SessionsGet).await
}
