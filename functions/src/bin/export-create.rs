//! `POST /api/export`: renders a session's arrangement into one WAV in S3.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgArrangementStore, PgIdempotencyStore, PgSessionStore};
use studio::api::idempotent;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("export-create", Service::StudioWebApi, settings::traces());
    let bucket = settings::media()?;
    let mode = settings::access_mode()?;
    let sdk = from_env::aws()?;
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db.clone());
    let keys = &PgIdempotencyStore::new(db.clone());
    let arrangements = &PgArrangementStore::new(db.clone());
    let media = &aws::media(&sdk, &db, &bucket);
    if settings::warm_at_init()? {
        media.warm().await;
    }
    function
        .serve_http(move |req| async move {
            idempotent::once(
                keys,
                "export-create",
                &req,
                api::media::export::create(sessions, arrangements, media, mode, &req),
            )
            .await
        })
        .await
}
