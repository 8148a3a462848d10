//! `GET /api/rooms/history?roomId=`: a page of a room's stored envelopes.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("rooms-history", Service::StudioWebApiPresence, settings::traces());
    let rooms = settings::realtime()?;
    let sdk = from_env::aws()?;
    let realtime = &aws::realtime(&sdk, rooms);
    if settings::warm_at_init()? {
        realtime.warm().await;
    }
    let mode = settings::access_mode()?;
    function
        .serve_http(move |req| async move { api::rooms::history(realtime, mode, &req).await })
        .await
}
