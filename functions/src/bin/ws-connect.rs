//! `$connect`: records the connection and its presence, tells the room.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    studio::runtime::serve_ws(studio::functions::fixed::WsConnect).await
}
