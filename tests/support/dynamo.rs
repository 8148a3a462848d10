//! DynamoDB Local for the tests: the one the test command starts, with uniquely named
//! tables per test.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{Credentials, Region};
use studio_admin::tables::{CONNECTIONS, PRESENCE, ROOM_EVENTS};

use crate::env::TestEnv;

/// The access key the tests' DynamoDB tables live under.
pub const LOCAL_KEY: (&str, &str) = ("local", "local");

/// SDK settings for the local stand-ins: a region and dummy static credentials.
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            LOCAL_KEY.0,
            LOCAL_KEY.1,
            None,
            None,
            "studio-tests",
        ))
        .endpoint_url(TestEnv::get().dynamodb())
        .load()
        .await
}

/// SDK settings the studio's own clients use in a test: the stand-in reached at
/// `endpoint` with `(id, secret)` (DynamoDB Local keeps one set of tables per access
/// key), and the HTTP client, deadlines and retries a deployed function has.
pub async fn studio_sdk_config(endpoint: &str, (id, secret): (&str, &str)) -> aws_config::SdkConfig {
    let http = studio::adapters::https::SdkHttpClient::new().expect("the system's certificate authorities");
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(http)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(id, secret, None, None, "studio-tests"))
        .endpoint_url(endpoint)
        .timeout_config(studio::settings::sdk_timeouts())
        .retry_config(studio::settings::sdk_retries())
        .load()
        .await
}

/// A client of the test run's DynamoDB Local.
pub async fn client() -> Client {
    Client::new(&sdk_config().await)
}

/// A fresh pair of realtime tables.
pub struct Tables {
    pub client: Client,
    pub presence: String,
    pub connections: String,
    pub room_events: String,
}

/// Creates `presence_<uuid>`, `connections_<uuid>` and `room_events_<uuid>` from the
/// project's definitions.
pub async fn fresh_tables() -> Tables {
    let client = client().await;
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    let (presence, connections) = (format!("presence_{suffix}"), format!("connections_{suffix}"));
    PRESENCE
        .create(&client, &presence)
        .await
        .expect("DynamoDB Local creates the presence table");
    CONNECTIONS
        .create(&client, &connections)
        .await
        .expect("DynamoDB Local creates the connections table");
    let room_events = format!("room_events_{suffix}");
    ROOM_EVENTS
        .create(&client, &room_events)
        .await
        .expect("DynamoDB Local creates the room events table");
    Tables {
        client,
        presence,
        connections,
        room_events,
    }
}
