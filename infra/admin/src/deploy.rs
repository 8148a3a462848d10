//! Migrations as a step of a deploy, run by the `migrate` Lambda function inside the VPC.
//!
//! CloudFormation invokes it for the stack's `Migrations` custom resource: `Create` and
//! `Update` apply `migrations/`, `Delete` succeeds without touching the database (a
//! deleted stack keeps its data, as the bucket does). Invoked directly (`sam remote
//! invoke`, the console) it applies them too and answers with the same report.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::cloudformation::{Request, RequestType, Response};
use crate::migrate::Report;

/// What invoked the function.
#[derive(Debug, Clone, PartialEq)]
pub enum Invocation {
    /// CloudFormation, for the stack's custom resource.
    Resource(Box<Request>),
    /// A person or a pipeline, with any other event (`{}` will do).
    Direct,
}

impl Invocation {
    /// Tells a custom resource request (it has a `RequestType`) from a direct call.
    pub fn from_event(event: Value) -> Result<Self, serde_json::Error> {
        if event.get("RequestType").is_some() {
            Ok(Self::Resource(Box::new(serde_json::from_value(event)?)))
        } else {
            Ok(Self::Direct)
        }
    }
}

/// A migration run that finished, with the database it ran on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub database: String,
    /// The migrations this run applied, in order.
    pub applied: Vec<String>,
    /// The newest migration the database has applied, after the run.
    pub schema_version: Option<i32>,
    /// One line saying what happened.
    pub summary: String,
}

impl Outcome {
    /// The outcome of `report` on `database`.
    pub fn new(database: &str, report: Report) -> Self {
        Self {
            database: database.to_owned(),
            summary: report.summary(database),
            applied: report.applied,
            schema_version: report.version,
        }
    }

    /// What the template reads with `!GetAtt Migrations.<Key>`.
    pub fn data(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("Database".to_owned(), self.database.clone()),
            ("Applied".to_owned(), self.applied.len().to_string()),
            (
                "SchemaVersion".to_owned(),
                self.schema_version.map_or("none".to_owned(), |v| v.to_string()),
            ),
            ("Summary".to_owned(), self.summary.clone()),
        ])
    }
}

/// The physical id of the schema resource of a database. It stays the same across
/// updates, so CloudFormation never replaces (and never deletes) the resource.
pub fn physical_id(database: &str) -> String {
    format!("schema:{database}")
}

/// The answer to a custom resource request. `migrate` runs for `Create` and `Update`
/// only, and its error becomes the failure's reason in the stack's events.
pub async fn answer<F, Fut>(request: &Request, migrate: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Outcome, String>>,
{
    match request.request_type {
        RequestType::Delete => request.success(
            request
                .physical_resource_id
                .clone()
                .unwrap_or_else(|| physical_id("unknown")),
            "schema kept: removing the resource never changes the database",
            BTreeMap::new(),
        ),
        RequestType::Create | RequestType::Update => match migrate().await {
            Ok(outcome) => {
                let id = request
                    .physical_resource_id
                    .clone()
                    .unwrap_or_else(|| physical_id(&outcome.database));
                request.success(id, &outcome.summary, outcome.data())
            }
            Err(reason) => request.failure(&physical_id("unmigrated"), &reason),
        },
    }
}

/// How long a run may take: until the invocation's deadline (milliseconds since the
/// epoch) less `margin`, kept for answering CloudFormation.
pub fn budget(deadline_ms: u64, now_ms: u64, margin: Duration) -> Duration {
    Duration::from_millis(deadline_ms.saturating_sub(now_ms)).saturating_sub(margin)
}

/// Runs `work` within `budget`. A run cut short drops its connection, so Postgres rolls
/// back the transaction the migrations run in.
pub async fn within<T>(budget: Duration, work: impl Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::time::timeout(budget, work).await.unwrap_or_else(|_| {
        Err(format!(
            "migrations did not finish within {} s; their transaction was rolled back",
            budget.as_secs()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudformation::Status;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn request(kind: &str, physical_id: Option<&str>) -> Request {
        let mut event: Value = serde_json::from_str(include_str!("../../../events/migrate.json")).unwrap();
        event["RequestType"] = kind.into();
        if let Some(id) = physical_id {
            event["PhysicalResourceId"] = id.into();
        }
        match Invocation::from_event(event).unwrap() {
            Invocation::Resource(request) => *request,
            Invocation::Direct => panic!("a custom resource request"),
        }
    }

    fn outcome() -> Outcome {
        Outcome::new(
            "omnisonic",
            Report {
                applied: vec!["V3__exports".into()],
                version: Some(3),
                newest_known: Some(3),
            },
        )
    }

    #[test]
    fn an_event_without_a_request_type_is_a_direct_call() {
        assert_eq!(
            Invocation::from_event(serde_json::json!({})).unwrap(),
            Invocation::Direct
        );
        let malformed = serde_json::json!({ "RequestType": "Create" });
        assert!(Invocation::from_event(malformed).is_err());
    }

    #[tokio::test]
    async fn create_migrates_and_names_the_database_schema() {
        let response = answer(&request("Create", None), || async { Ok(outcome()) }).await;
        assert_eq!(response.status, Status::Success);
        assert_eq!(response.physical_resource_id, "schema:omnisonic");
        assert_eq!(response.data["SchemaVersion"], "3");
        assert_eq!(response.data["Applied"], "1");
        assert_eq!(response.data["Database"], "omnisonic");
        assert_eq!(
            response.reason,
            "database omnisonic is at V3: applied V3__exports"
        );
    }

    #[tokio::test]
    async fn update_migrates_and_keeps_the_physical_id() {
        let response = answer(&request("Update", Some("schema:old")), || async { Ok(outcome()) }).await;
        assert_eq!(response.status, Status::Success);
        assert_eq!(response.physical_resource_id, "schema:old");
    }

    #[tokio::test]
    async fn a_failed_migration_fails_the_resource_with_its_reason() {
        let failed = answer(&request("Update", Some("schema:omnisonic")), || async {
            Err("migration failed: V4__broken".to_owned())
        })
        .await;
        assert_eq!(failed.status, Status::Failed);
        assert_eq!(failed.reason, "migration failed: V4__broken");
        assert_eq!(failed.physical_resource_id, "schema:omnisonic");
        let on_create = answer(&request("Create", None), || async {
            Err("no database".to_owned())
        })
        .await;
        assert_eq!(on_create.status, Status::Failed);
        assert_eq!(on_create.physical_resource_id, "schema:unmigrated");
    }

    #[tokio::test]
    async fn delete_succeeds_without_touching_the_database() {
        let ran = AtomicBool::new(false);
        let response = answer(&request("Delete", Some("schema:omnisonic")), || async {
            ran.store(true, Ordering::SeqCst);
            Ok(outcome())
        })
        .await;
        assert!(!ran.load(Ordering::SeqCst), "Delete must not migrate");
        assert_eq!(response.status, Status::Success);
        assert_eq!(response.physical_resource_id, "schema:omnisonic");
        assert!(response.data.is_empty());
    }

    #[test]
    fn the_budget_leaves_a_margin_before_the_deadline() {
        let margin = Duration::from_secs(10);
        assert_eq!(budget(100_000, 40_000, margin), Duration::from_secs(50));
        assert_eq!(budget(100_000, 95_000, margin), Duration::ZERO);
        assert_eq!(budget(100_000, 200_000, margin), Duration::ZERO);
    }

    #[tokio::test]
    async fn a_run_past_its_budget_fails_and_says_so() {
        let slow = async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok::<_, String>(())
        };
        let err = within(Duration::from_millis(20), slow).await.unwrap_err();
        assert!(err.contains("did not finish within"), "{err}");
        assert_eq!(
            within(Duration::from_secs(1), async { Ok::<_, String>(7) }).await,
            Ok(7)
        );
    }
}
