//! `DELETE /api/export?id=`: removes an export's row and its object.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::Db;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("export-delete", Service::StudioWebApi, settings::traces());
    let bucket = settings::media()?;
    let mode = settings::access_mode()?;
    let sdk = from_env::aws()?;
    let db = Db::connect(&from_env::database().await?).await;
    let media = &aws::media(&sdk, &db, &bucket);
    if settings::warm_at_init()? {
        media.warm().await;
    }
    function
        .serve_http(move |req| async move { api::media::export::delete(media, mode, &req).await })
        .await
}
