//! The WebSocket API's REQUEST authorizer on `$connect`: verifies the member token in
//! `?token=`, checks the host has not removed its member, and hands the member to
//! `$connect` in its context.

use studio::adapters::{aws, from_env};
use studio::realtime::now;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{access, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let function = Function::start("authorizer-ws", Service::RealtimeGateway, settings::traces());
    let config = &from_env::access().await?;
    let revocations = &*aws::revocations_for(config.mode)?;
    function
        .serve_json(
            move |event| async move { access::authorize_ws(config, revocations, &event, now()).await },
        )
        .await
}
