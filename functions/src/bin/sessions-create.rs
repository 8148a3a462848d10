//! `POST /api/sessions`: creates a session (`name` optional); in invite mode
//! its creator becomes the host, with a host token and an invite.

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgIdempotencyStore, PgSessionStore};
use studio::api::idempotent;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("sessions-create", Service::StudioWebApi, settings::traces());
    let db = Db::connect(&from_env::database().await?).await;
    let keys = &PgIdempotencyStore::new(db.clone());
    let sessions = &PgSessionStore::new(db);
    let access = &from_env::access().await?;
    function
        .serve_http(move |req| async move {
            idempotent::once_unscoped(
                keys,
                "sessions-create",
                access.mode,
                &req,
                api::sessions::create(sessions, access, &req),
            )
            .await
        })
        .await
}
