//! A fresh, migrated database for each test on the real Postgres server.

use studio::adapters::postgres::{DatabaseConfig, Db};
use studio_admin::migrate;

use crate::env::TestEnv;

/// The server tests use.
pub fn server_config() -> DatabaseConfig {
    let url = TestEnv::get().database_url;
    DatabaseConfig::from_url(&url).expect("STUDIO_TEST_DATABASE_URL is a valid postgres URL")
}

/// Creates `studio_test_<uuid>` and applies every migration to it.
pub async fn fresh_database() -> DatabaseConfig {
    let name = format!("studio_test_{}", uuid::Uuid::new_v4().simple());
    let config = server_config().with_dbname(&name);
    migrate::prepare(&config)
        .await
        .expect("the test Postgres creates and migrates a database (is it running?)");
    config
}

/// How many rows `table` holds: tests use it to prove a refused request wrote nothing.
pub async fn count_rows(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT count(*) AS n FROM {table}");
    let rows = db.read(&sql, &[]).await.expect("the test database answers");
    rows[0].get("n")
}
