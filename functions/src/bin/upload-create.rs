//! `POST /api/upload`: stores a multipart audio file in S3, or hands out a presigned PUT.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgIdempotencyStore, PgSessionStore};
use studio::api::idempotent;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("upload-create", Service::StudioWebApi, settings::traces());
    let bucket = settings::media()?;
    let mode = settings::access_mode()?;
    let sdk = from_env::aws()?;
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db.clone());
    let keys = &PgIdempotencyStore::new(db.clone());
    let media = &aws::media(&sdk, &db, &bucket);
    if settings::warm_at_init()? {
        media.warm().await;
    }
    function
        .serve_http(move |req| async move {
            idempotent::once(
                keys,
                "upload-create",
                &req,
                api::media::upload::create(sessions, media, mode, &req),
            )
            .await
        })
        .await
}
