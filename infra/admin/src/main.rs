//! `studio-admin`: the studio's admin tasks from the command line.
//!
//! ```text
//! studio-admin migrate         create the database DATABASE_URL names when missing, apply migrations/
//! studio-admin create-tables   create PRESENCE_TABLE, CONNECTIONS_TABLE and ROOM_EVENTS_TABLE in the DynamoDB the
//!                              environment points at (DynamoDB Local in dev); existing ones are kept
//! studio-admin contract openapi  print the OpenAPI document of the HTTP routes
//!                              (`studio-admin contract openapi > docs/openapi.json`)
//! studio-admin contract asyncapi print the AsyncAPI document of the realtime rooms
//!                              (`studio-admin contract asyncapi > docs/asyncapi.json`)
//! ```

use std::process::ExitCode;
use studio::adapters::from_env;
use studio::settings;
use studio_admin::{migrate, tables};

async fn run(task: &str) -> Result<String, String> {
    match task {
        "migrate" => {
            let config = from_env::database().await.map_err(|e| e.to_string())?;
            let report = migrate::prepare(&config).await.map_err(|e| e.to_string())?;
            Ok(report.summary(config.dbname()))
        }
        "create-tables" => {
            let rooms = settings::realtime().map_err(|e| e.to_string())?;
            let client = aws_sdk_dynamodb::Client::new(&from_env::aws().map_err(|e| e.to_string())?);
            let (presence, connections) = (&rooms.presence_table, &rooms.connections_table);
            tables::create_all(&client, presence, connections, &rooms.room_events_table)
                .await
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "tables {presence}, {connections} and {} ready",
                rooms.room_events_table
            ))
        }
        other => Err(format!(
            "unknown task {other:?}: use migrate, create-tables or contract openapi|asyncapi"
        )),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let tasks: Vec<String> = std::env::args().skip(1).collect();
    if tasks.first().map(String::as_str) == Some("contract") {
        return contract(&tasks[1..]);
    }
    if tasks.is_empty() {
        eprintln!("usage: studio-admin migrate | create-tables ... | contract openapi|asyncapi");
        return ExitCode::FAILURE;
    }
    for task in &tasks {
        match run(task).await {
            Ok(done) => println!("studio-admin: {done}"),
            Err(message) => {
                eprintln!("studio-admin {task}: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// `contract openapi`: the document on stdout, exactly as `docs/openapi.json` holds it.
fn contract(args: &[String]) -> ExitCode {
    match args {
        [document] if document == "openapi" => {
            print!("{}", studio::openapi::to_json());
            ExitCode::SUCCESS
        }
        [document] if document == "asyncapi" => {
            print!("{}", studio::asyncapi::to_json());
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: studio-admin contract openapi|asyncapi > docs/<document>.json");
            ExitCode::FAILURE
        }
    }
}
