//! `GET /api/export?id=`: an export and a fresh presigned URL; `?sessionId=`: a page of
//! the session's exports, newest first.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("export-get", Service::StudioWebApi, settings::traces());
    let bucket = settings::media()?;
    let mode = settings::access_mode()?;
    let sdk = from_env::aws()?;
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db.clone());
    let media = &aws::media(&sdk, &db, &bucket);
    function
        .serve_http(move |req| async move { api::media::export::get(sessions, media, mode, &req).await })
        .await
}
