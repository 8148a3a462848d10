//! `GET /healthz`: the parity service's liveness probe.

use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("healthz", Service::StudioApi, settings::traces());
    function.serve_http(|_req| async { api::health::healthz() }).await
}
