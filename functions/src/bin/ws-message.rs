//! `$default`: relays room messages and answers heartbeats, statuses and rosters.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let function = Function::start("ws-message", Service::RealtimeGateway, settings::traces());
    let rooms = settings::realtime()?;
    let sdk = from_env::aws()?;
    let realtime = &aws::realtime(&sdk, rooms);
    if settings::warm_at_init()? {
        realtime.warm().await;
    }
    let mode = settings::access_mode()?;
    function
        .serve_ws(move |event| async move { api::ws::message(realtime, mode, &event).await })
        .await
}
