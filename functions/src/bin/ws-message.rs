//! `$default`: relays room messages and answers heartbeats, statuses and rosters.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    studio::runtime::serve_ws(studio::functions::fixed::WsMessage).await
}
