//! A bucket per test on the SeaweedFS the test command started, so tests never see each
//! other's objects.

use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use studio::adapters::s3::S3Objects;

use crate::env::TestEnv;

/// A test's own bucket and a client for looking inside it.
pub struct TestBucket {
    pub client: Client,
    pub name: String,
}

/// A client for the run's SeaweedFS with the static credentials it is configured with.
pub fn client() -> Client {
    let env = TestEnv::get();
    let (id, secret) = env.access_key();
    let credentials = Credentials::new(id, secret, None, None, "studio-tests");
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(env.s3())
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials)
        .force_path_style(true)
        .build();
    Client::from_conf(config)
}

/// Creates `studio-test-<uuid>`.
pub async fn fresh_bucket() -> TestBucket {
    let client = client();
    let name = format!("studio-test-{}", uuid::Uuid::new_v4().simple());
    client
        .create_bucket()
        .bucket(&name)
        .send()
        .await
        .unwrap_or_else(|e| panic!("SeaweedFS creates bucket {name}: {e:?}"));
    TestBucket { client, name }
}

impl TestBucket {
    /// The studio's object store over this bucket.
    pub fn objects(&self) -> S3Objects {
        S3Objects::new(self.client.clone(), self.name.clone())
    }

    /// Every key in the bucket, sorted.
    pub async fn keys(&self) -> Vec<String> {
        let listed = self
            .client
            .list_objects_v2()
            .bucket(&self.name)
            .send()
            .await
            .unwrap();
        let mut keys: Vec<String> = listed
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_owned))
            .collect();
        keys.sort();
        keys
    }
}
