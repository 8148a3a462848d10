//! `POST /api/sessions/join`: an invite and a display name become a member token (or a
//! member renews its own); invite mode only.

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("sessions-join", Service::StudioWebApi, settings::traces());
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db);
    let access = &from_env::access().await?;
    function
        .serve_http(move |req| async move { api::join::join(sessions, access, &req).await })
        .await
}
