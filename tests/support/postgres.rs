//! A fresh, migrated database for each test on the real Postgres server.

use studio::{config::DatabaseConfig, db};

/// The server tests use: `STUDIO_TEST_DATABASE_URL`, or the local one.
pub fn server_config() -> DatabaseConfig {
    let url = std::env::var("STUDIO_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    DatabaseConfig::from_url(&url).expect("STUDIO_TEST_DATABASE_URL is a valid postgres URL")
}

/// Creates `studio_test_<uuid>` and applies every migration to it.
pub async fn fresh_database() -> DatabaseConfig {
    let name = format!("studio_test_{}", uuid::Uuid::new_v4().simple());
    let config = server_config().with_dbname(&name);
    db::ensure_database(&config)
        .await
        .expect("Postgres at 127.0.0.1:5432 accepts CREATE DATABASE (is it running?)");
    db::migrate(&db::Db::new(&config))
        .await
        .expect("migrations apply to a fresh database");
    config
}

/// How many rows `table` holds: tests use it to prove a refused request wrote nothing.
pub async fn count_rows(db: &db::Db, table: &str) -> i64 {
    let sql = format!("SELECT count(*) AS n FROM {table}");
    let rows = db.read(&sql, &[]).await.expect("the test database answers");
    rows[0].get("n")
}
