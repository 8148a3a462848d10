//! `POST /api/sessions/fork`: a new session starting from a version of another, sharing
//! its audio; in invite mode the forker (a member of the source) becomes its host.

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgArrangementStore, PgIdempotencyStore, PgSessionStore};
use studio::api::idempotent;
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("sessions-fork", Service::StudioWebApi, settings::traces());
    let db = Db::connect(&from_env::database().await?).await;
    let keys = &PgIdempotencyStore::new(db.clone());
    let forks = &PgArrangementStore::new(db.clone());
    let sessions = &PgSessionStore::new(db);
    let access = &from_env::access().await?;
    function
        .serve_http(move |req| async move {
            idempotent::once(
                keys,
                "sessions-fork",
                &req,
                api::fork::create(sessions, forks, access, &req),
            )
            .await
        })
        .await
}
