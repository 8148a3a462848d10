//! `GET /`, `/about`, `/sessions`, `/sessions/{id}` and a 404 page for any other path.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::Pages).await
}
