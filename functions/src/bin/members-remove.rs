//! `POST /api/sessions/members/remove`: the host removes (or bans) a member: its
//! tokens are revoked, its sockets closed and the room told.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("members-remove", Service::StudioWebApi, settings::traces());
    let mode = settings::access_mode()?;
    let rooms = settings::realtime()?;
    let sdk = from_env::aws()?;
    let realtime = &aws::realtime(&sdk, rooms);
    if settings::warm_at_init()? {
        realtime.warm().await;
    }
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db);
    function
        .serve_http(move |req| async move { api::members::remove(sessions, realtime, mode, &req).await })
        .await
}
