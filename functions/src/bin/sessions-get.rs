//! `GET /api/sessions`: sessions newest first, a page at a time, or one with `?id=`;
//! in invite mode, the caller's own session only.

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("sessions-get", Service::StudioWebApi, settings::traces());
    let mode = settings::access_mode()?;
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db);
    function
        .serve_http(move |req| async move { api::sessions::get(sessions, mode, &req).await })
        .await
}
