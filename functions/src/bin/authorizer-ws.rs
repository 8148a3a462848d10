//! The WebSocket API's REQUEST authorizer on `$connect`: verifies the member token in
//! `?token=` and hands the member to `$connect` in its context.

use studio::adapters::from_env;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{access, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let function = Function::start("authorizer-ws", Service::RealtimeGateway, settings::traces());
    let config = &from_env::access().await?;
    function
        .serve_json(move |event| async move { access::authorize_ws(config, &event) })
        .await
}
