//! The scheduled media sweep: stale pending uploads, expired unbound uploads and
//! exports, objects no row names and expired idempotency keys (`studio::media::sweep`).

use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;
use studio::adapters::aws;
use studio::adapters::from_env;
use studio::adapters::postgres::{Db, PgIdempotencyStore};
use studio::media::{SweepPolicy, sweep};
use studio::{settings, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_logging();
    let bucket = settings::media()?;
    let sdk = from_env::aws()?;
    let db = Db::connect(&from_env::database().await?).await;
    let media = &aws::media(&sdk, &db, &bucket);
    let keys = &PgIdempotencyStore::new(db.clone());
    lambda_runtime::run(service_fn(move |_: LambdaEvent<Value>| async move {
        let report = sweep(media, keys, chrono::Utc::now(), SweepPolicy::DEFAULT).await?;
        Ok::<_, lambda_runtime::Error>(serde_json::to_value(report)?)
    }))
    .await
}
