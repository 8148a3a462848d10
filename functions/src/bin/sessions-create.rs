//! `POST /api/sessions`: creates a session (`name` optional).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::SessionsCreate).await
}
