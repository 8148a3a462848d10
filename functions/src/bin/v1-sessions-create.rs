//! `POST /v1/sessions`: the FastAPI parity create (`name` required).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::V1SessionsCreate).await
}
