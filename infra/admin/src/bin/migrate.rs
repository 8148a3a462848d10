//! The `migrate` Lambda function, behind the stack's `Migrations` custom resource: applies
//! `migrations/` during a deploy, from inside the VPC. CloudFormation's `Create` and
//! `Update` migrate and `Delete` keeps the schema; any other event (`sam remote invoke
//! MigrateFunction`) migrates and answers with the report.
//!
//! It is a binary of this package, not of `studio-functions`: SAM builds it here
//! (`CodeUri: infra/admin`), so refinery and its dependencies never join the features
//! the route functions are built with.

use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use studio::adapters::from_env;
use studio::adapters::postgres::DatabaseConfig;
use studio::telemetry;
use studio_admin::cloudformation::Responder;
use studio_admin::deploy::{self, Invocation, Outcome};
use studio_admin::migrate;

/// Kept back from the invocation's timeout to answer CloudFormation.
const MARGIN: Duration = Duration::from_secs(10);

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_logging();
    // Unreadable settings fail each request with their message, which CloudFormation
    // shows in the stack's events, instead of leaving the deploy waiting for an answer.
    let database = &from_env::database().await.map_err(|e| e.to_string());
    if let Err(message) = database {
        tracing::error!("{message}");
    }
    let responder = &Responder::new()?;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let budget = deploy::budget(event.context.deadline, now_ms(), MARGIN);
        let run = || deploy::within(budget, migrate_database(database));
        match Invocation::from_event(event.payload)? {
            Invocation::Direct => Ok::<_, lambda_runtime::Error>(serde_json::to_value(run().await?)?),
            Invocation::Resource(request) => {
                let response = deploy::answer(&request, run).await;
                responder.send(&request.response_url, &response).await?;
                Ok(serde_json::to_value(response)?)
            }
        }
    }))
    .await
}

async fn migrate_database(database: &Result<DatabaseConfig, String>) -> Result<Outcome, String> {
    let config = database.as_ref().map_err(Clone::clone)?;
    let report = migrate::prepare(config).await.map_err(|e| e.to_string())?;
    let outcome = Outcome::new(config.dbname(), report);
    tracing::info!("{}", outcome.summary);
    Ok(outcome)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
