//! Where the test run's stand-ins are: one place reads every endpoint the tests use.
//! The test command starts them and exports these variables; a missing one fails the
//! test that needs it with a message that says how to run the tests.

use std::net::SocketAddr;

/// The endpoints and credentials of the test run.
#[derive(Debug, Clone)]
pub struct TestEnv {
    /// `STUDIO_TEST_DATABASE_URL`: a Postgres server (default the local one) whose
    /// `postgres` database can create others.
    pub database_url: String,
    /// `STUDIO_TEST_DYNAMODB_ENDPOINT`: the run's DynamoDB Local.
    pub dynamodb: Option<String>,
    /// `STUDIO_TEST_S3_ENDPOINT`: the run's SeaweedFS.
    pub s3: Option<String>,
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`: what SeaweedFS is configured with.
    pub access_key: Option<(String, String)>,
}

const HOW: &str =
    "run the tests with `bash infra/scripts/test.sh`, which starts the stand-ins and exports it";

impl TestEnv {
    /// Reads the environment.
    pub fn get() -> Self {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.trim().is_empty());
        Self {
            database_url: var("STUDIO_TEST_DATABASE_URL")
                .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".to_owned()),
            dynamodb: var("STUDIO_TEST_DYNAMODB_ENDPOINT"),
            s3: var("STUDIO_TEST_S3_ENDPOINT"),
            access_key: var("AWS_ACCESS_KEY_ID").zip(var("AWS_SECRET_ACCESS_KEY")),
        }
    }

    /// The URL of database `name` on the test server, with extra `query` parameters.
    pub fn database_url_for(&self, name: &str, query: &str) -> String {
        let base = self.database_url.split('?').next().unwrap_or_default();
        let server = base.rsplit_once('/').map_or(base, |(server, _)| server);
        let sep = if query.is_empty() { "" } else { "?" };
        format!("{server}/{name}{sep}{query}")
    }

    /// The Postgres server's address, for a proxy in front of it.
    pub fn postgres_addr(&self) -> SocketAddr {
        let config: tokio_postgres::Config = self.database_url.parse().expect("a valid postgres URL");
        let host = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
            _ => "127.0.0.1".to_owned(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let host = if host == "localhost" {
            "127.0.0.1".to_owned()
        } else {
            host
        };
        format!("{host}:{port}")
            .parse()
            .expect("the test Postgres is at an IP address")
    }

    /// The DynamoDB Local endpoint.
    pub fn dynamodb(&self) -> &str {
        self.dynamodb
            .as_deref()
            .unwrap_or_else(|| panic!("STUDIO_TEST_DYNAMODB_ENDPOINT is not set: {HOW}"))
    }

    /// The SeaweedFS endpoint.
    pub fn s3(&self) -> &str {
        self.s3
            .as_deref()
            .unwrap_or_else(|| panic!("STUDIO_TEST_S3_ENDPOINT is not set: {HOW}"))
    }

    /// SeaweedFS's access key and secret.
    pub fn access_key(&self) -> (&str, &str) {
        let (id, secret) = self
            .access_key
            .as_ref()
            .unwrap_or_else(|| panic!("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set: {HOW}"));
        (id, secret)
    }
}
