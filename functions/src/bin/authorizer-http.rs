//! The HTTP API's Lambda authorizer (payload 2.0, simple responses): verifies the
//! member token in `Authorization`, checks the host has not removed its member, and
//! hands the member to the route in its context.

use studio::adapters::{aws, from_env};
use studio::realtime::now;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{access, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    let function = Function::start("authorizer-http", Service::StudioWebApi, settings::traces());
    let config = &from_env::access().await?;
    let revocations = &*aws::revocations_for(config.mode)?;
    function
        .serve_json(
            move |event| async move { access::authorize_http(config, revocations, &event, now()).await },
        )
        .await
}
