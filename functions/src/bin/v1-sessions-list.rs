//! `GET /v1/sessions`: the FastAPI parity listing.

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("v1-sessions-list", Service::StudioApi, settings::traces());
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db);
    function
        .serve_http(move |req| async move { api::v1::list(sessions, &req).await })
        .await
}
