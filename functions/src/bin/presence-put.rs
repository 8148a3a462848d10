//! `POST /api/presence`: upserts a member with a bounded TTL and tells the room.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::PresencePut).await
}
