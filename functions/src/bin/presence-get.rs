//! `GET /api/presence?roomId=`: the live members of a room.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::PresenceGet).await
}
