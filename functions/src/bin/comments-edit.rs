//! `POST /api/comments`: adds, replies to, resolves or reopens a comment and tells the room.

use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgArrangementStore, PgCommentStore, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("comments-edit", Service::StudioWebApi, settings::traces());
    let mode = settings::access_mode()?;
    let rooms = settings::realtime()?;
    let sdk = from_env::aws()?;
    let realtime = &aws::realtime(&sdk, rooms);
    if settings::warm_at_init()? {
        realtime.warm().await;
    }
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db.clone());
    let arrangements = &PgArrangementStore::new(db.clone());
    let comments = &PgCommentStore::new(db);
    function
        .serve_http(move |req| async move {
            api::comments::edit(sessions, arrangements, comments, realtime, mode, &req).await
        })
        .await
}
