//! DynamoDB Local for the tests: the one the test command starts, with uniquely named
//! tables per test.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{Credentials, Region};
use studio_admin::tables::{CONNECTIONS, PRESENCE};

use crate::env::TestEnv;

/// SDK settings for the local stand-ins: a region and dummy static credentials.
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("local", "local", None, None, "studio-tests"))
        .endpoint_url(TestEnv::get().dynamodb())
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
}

/// Creates `presence_<uuid>` and `connections_<uuid>` from the project's definitions.
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
    Tables {
        client,
        presence,
        connections,
    }
}
