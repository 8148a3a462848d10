//! `GET /api/arrangement?sessionId=`: a session's arrangement (tracks, clips, tempo).

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgArrangementStore, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("arrangement-get", Service::StudioWebApi, settings::traces());
    let mode = settings::access_mode()?;
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db.clone());
    let arrangements = &PgArrangementStore::new(db);
    function
        .serve_http(move |req| async move { api::arrangement::get(sessions, arrangements, mode, &req).await })
        .await
}
