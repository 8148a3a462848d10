//! `$disconnect`: removes the connection and, with its last one, the presence.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    studio::runtime::serve_ws(studio::functions::fixed::WsDisconnect).await
}
