//! `GET /`, `/about`, `/sessions`, `/sessions/{id}` and a 404 page for any other path.

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{pages, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("pages", Service::StudioWeb, settings::traces());
    let urls = &settings::pages()?;
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db);
    function
        .serve_http(move |req| async move { pages::page(sessions, urls, &req).await })
        .await
}
