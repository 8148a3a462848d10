//! `GET /api/openapi.json`, `GET /api/asyncapi.json` and `GET /docs`: the contract
//! documents, compiled in. No database and no AWS client.

use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{docs, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("api-docs", Service::StudioApi, settings::traces());
    docs::prepare();
    function.serve_http(|req| async move { docs::serve(&req) }).await
}
