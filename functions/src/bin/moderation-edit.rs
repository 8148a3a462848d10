//! `POST /api/sessions/moderation`: the host's batch of changes to its room (invites,
//! lock, roles, bans), applied in one transaction and carried to the room.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("moderation-edit", Service::StudioWebApi, settings::traces());
    let rooms = settings::realtime()?;
    let sdk = from_env::aws()?;
    let realtime = &aws::realtime(&sdk, rooms);
    if settings::warm_at_init()? {
        realtime.warm().await;
    }
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db);
    let access = &from_env::access().await?;
    function
        .serve_http(move |req| async move { api::moderation::edit(sessions, realtime, access, &req).await })
        .await
}
