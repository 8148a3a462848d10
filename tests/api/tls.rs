//! Postgres over TLS: with `sslmode=require` the studio's connections are encrypted, as
//! RDS demands by default.

use studio::adapters::from_env::database_url;
use studio::adapters::postgres::Db;
use studio_tests::{TestEnv, postgres::fresh_database};

#[tokio::test]
async fn with_sslmode_require_the_connection_is_encrypted() {
    let config = fresh_database().await;
    let url = TestEnv::get().database_url_for(config.dbname(), "sslmode=require");
    let db = Db::new(&database_url(&url).unwrap());
    let rows = db
        .read("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .await
        .expect("the local Postgres accepts TLS");
    let encrypted: bool = rows[0].get("ssl");
    assert!(encrypted, "the connection is not encrypted");
    studio_admin::migrate::migrate(&db)
        .await
        .expect("migrations run over TLS too");
}
