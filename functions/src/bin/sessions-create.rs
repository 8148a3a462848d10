//! `POST /api/sessions`: creates a session (`name` optional).

use studio::adapters::postgres::{Db, PgIdempotencyStore, PgSessionStore};
use studio::api::idempotent;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("sessions-create", Service::StudioWebApi, settings::traces());
    let db = Db::connect(&settings::database().await?).await;
    let keys = &PgIdempotencyStore::new(db.clone());
    let sessions = &PgSessionStore::new(db);
    function
        .serve_http(move |req| async move {
            idempotent::once(
                keys,
                "sessions-create",
                &req,
                api::sessions::create(sessions, &req),
            )
            .await
        })
        .await
}
