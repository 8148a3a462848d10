//! `GET /api/comments?sessionId=`: a page of a session's comments, placed in the song.

use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgArrangementStore, PgCommentStore, PgSessionStore};
use studio::runtime::Function;
use studio::telemetry::Service;
use studio::{api, settings};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    let function = Function::start("comments-get", Service::StudioWebApi, settings::traces());
    let mode = settings::access_mode()?;
    let db = Db::connect(&from_env::database().await?).await;
    let sessions = &PgSessionStore::new(db.clone());
    let arrangements = &PgArrangementStore::new(db.clone());
    let comments = &PgCommentStore::new(db);
    function
        .serve_http(move |req| async move {
            api::comments::get(sessions, arrangements, comments, mode, &req).await
        })
        .await
}
