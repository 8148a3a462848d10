//! A rotated database secret: a container whose credentials the server refuses reads
//! the secret again and rebuilds its pool before answering, against the real Postgres
//! (a login as a role that does not exist is refused with SQLSTATE 28000, as a rotated
//! password is with 28P01).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use studio::adapters::postgres::{DatabaseConfig, Db, Reload};
use studio::store::StoreError;
use studio_tests::{TestEnv, postgres::fresh_database};

/// The test database's URL, logging in as `user`.
fn url_as(dbname: &str, user: &str) -> String {
    let url = TestEnv::get().database_url_for(dbname, "");
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host}")
}

#[tokio::test]
async fn refused_credentials_are_read_again_and_the_pool_rebuilt_before_answering() {
    let dbname = fresh_database().await.dbname().to_owned();
    let stale = DatabaseConfig::from_url(&url_as(&dbname, "rotated_away")).unwrap();
    let current = url_as(&dbname, "postgres");
    let reloads = Arc::new(AtomicUsize::new(0));
    let counter = reloads.clone();
    let reload: Reload = Arc::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        let url = current.clone();
        Box::pin(async move { DatabaseConfig::from_url(&url).map_err(|e| e.to_string()) })
    });
    let db = Db::new(&stale.clone().with_reload(reload));
    let rows = db
        .read("SELECT 1 AS one", &[])
        .await
        .expect("answered after reading the secret again");
    assert_eq!(rows[0].get::<_, i32>("one"), 1);
    db.read("SELECT 1 AS one", &[]).await.unwrap();
    assert_eq!(
        reloads.load(Ordering::SeqCst),
        1,
        "read again once, not per request"
    );

    let without = Db::new(&stale);
    match without.read("SELECT 1", &[]).await {
        Err(StoreError::Unavailable { dependency, .. }) => assert_eq!(dependency, "postgres"),
        other => panic!("refused credentials without a secret to re-read are a 503, got {other:?}"),
    }
}
