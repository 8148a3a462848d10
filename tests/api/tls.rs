//! Postgres over TLS: with `sslmode=require` the studio's connections are encrypted, as
//! RDS demands by default.

use studio::{config::DatabaseConfig, db::Db};
use studio_tests::postgres::fresh_database;

#[tokio::test]
async fn with_sslmode_require_the_connection_is_encrypted() {
    let config = fresh_database().await;
    let url = format!(
        "postgres://postgres@127.0.0.1:5432/{}?sslmode=require",
        config.dbname()
    );
    let db = Db::new(&DatabaseConfig::from_url(&url).unwrap());
    let rows = db
        .read("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])
        .await
        .expect("the local Postgres accepts TLS");
    let encrypted: bool = rows[0].get("ssl");
    assert!(encrypted, "the connection is not encrypted");
    studio::db::migrate(&db)
        .await
        .expect("migrations run over TLS too");
}
