//! The HTTP API's Lambda authorizer (payload 2.0, simple responses): verifies the
//! member token in `Authorization` and hands the member to the route in its context.

use std::convert::Infallible;
use studio::adapters::from_env;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{access, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let function = Function::start("authorizer-http", Service::StudioWebApi, settings::traces());
    let config = &from_env::access().await?;
    function
        .serve_json(move |event| async move { Ok::<_, Infallible>(access::authorize_http(config, &event)) })
        .await
}
