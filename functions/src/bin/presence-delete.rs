//! `DELETE /api/presence`: removes a member and tells the room.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    studio::runtime::serve_http(studio::functions::fixed::PresenceDelete).await
}
