//! Deployed functions read their secrets with one SigV4-signed `GetSecretValue` call of
//! their own: the real binaries, against a Secrets Manager stand-in that answers only
//! requests whose signature botocore (the AWS SDK for Python) computes the same.

use local_gateway::lambda::FunctionProcess;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use studio_tests::{TestEnv, postgres::fresh_database, workspace_root};

const KEY: &str = "AKIDSTUDIOTEST";
const SECRET: &str = "studio-test-secret-key";
const DB_ARN: &str = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:studio-db-AbCdEf";
const KEYS_ARN: &str = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:studio-keys-AbCdEf";

/// The stand-in, killed when dropped, and its URL.
struct StandIn(Child, String);

impl Drop for StandIn {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn stand_in(secrets: &[(&str, &str)]) -> StandIn {
    let python = workspace_root().join(".local/venv/bin/python3");
    let mut child = Command::new(&python)
        .arg(workspace_root().join("tests/secrets/stand_in.py"))
        .args([KEY, SECRET, "eu-west-1"])
        .args(secrets.iter().map(|(id, value)| format!("{id}={value}")))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} could not run ({e})", python.display()));
    let mut port = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    StandIn(child, format!("http://127.0.0.1:{}", port.trim()))
}

fn binary(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(|deps| deps.parent()).unwrap().join(name)
}

/// The environment Lambda gives a deployed function: credentials, a region elsewhere
/// than the secret's (the ARN's region is the one signed for) and no `DATABASE_URL`.
fn deployed_env(endpoint: &str, secret_key: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env = vec![
        ("AWS_ACCESS_KEY_ID", KEY),
        ("AWS_SECRET_ACCESS_KEY", secret_key),
        ("AWS_SESSION_TOKEN", "session-token"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint),
        ("DATABASE_URL", ""),
        ("STUDIO_TRACES", "off"),
        ("RUST_LOG", "off"),
    ];
    env.extend_from_slice(extra);
    env.into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn event(name: &str) -> Value {
    let text = std::fs::read_to_string(workspace_root().join(format!("events/{name}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn a_postgres_function_reads_its_connection_from_the_secret_with_a_signature_aws_accepts() {
    let config = fresh_database().await;
    let url = TestEnv::get().database_url_for(config.dbname(), "");
    let secrets = stand_in(&[(DB_ARN, &url)]);
    let env = deployed_env(&secrets.1, SECRET, &[("DATABASE_SECRET_ARN", DB_ARN)]);
    let process = FunctionProcess::start(&binary("sessions-get"), "sessions-get", &env)
        .await
        .expect("sessions-get reads its secret during init");
    let answer = process.invoke(event("sessions-get")).await.unwrap();
    assert_eq!(answer["statusCode"], 200, "{answer}");
}

#[tokio::test]
async fn a_request_signed_with_the_wrong_key_is_refused_and_the_cold_start_fails() {
    let secrets = stand_in(&[(DB_ARN, "postgres://unused@127.0.0.1/x")]);
    let env = deployed_env(
        &secrets.1,
        "not-the-secret-key",
        &[("DATABASE_SECRET_ARN", DB_ARN)],
    );
    let started = FunctionProcess::start(&binary("sessions-get"), "sessions-get", &env).await;
    assert!(
        started.is_err(),
        "a function whose secret cannot be read does not finish its init"
    );
}

#[tokio::test]
async fn the_authorizer_reads_its_signing_keys_from_the_secret() {
    let keys = r#"{"kid":"studio-test","secret":"a-signing-secret-of-at-least-32-bytes!"}"#;
    let secrets = stand_in(&[(KEYS_ARN, keys)]);
    let env = deployed_env(
        &secrets.1,
        SECRET,
        &[
            ("STUDIO_ACCESS", "invite"),
            ("STUDIO_TOKEN_KEYS_SECRET_ARN", KEYS_ARN),
            ("STUDIO_TOKEN_KEYS", ""),
            // Where it reads removed members (a token that does not verify reads none).
            ("PRESENCE_TABLE", "presence"),
        ],
    );
    let process = FunctionProcess::start(&binary("authorizer-http"), "authorizer-http", &env)
        .await
        .expect("the authorizer reads its keys during init");
    // The sample event's token is signed with another key: refused, not failed.
    let answer = process.invoke(event("authorizer-http")).await.unwrap();
    assert_eq!(answer["isAuthorized"], false, "{answer}");
}
