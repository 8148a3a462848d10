//! Adapters of the ports, one folder per technology: Postgres, DynamoDB, S3, API
//! Gateway's `@connections`, and memory for unit tests.

pub mod apigw;
pub mod aws;
pub mod dynamo;
pub mod from_env;
pub mod https;
#[cfg(test)]
pub mod memory;
pub mod postgres;
pub mod s3;
pub mod sdk_error;
pub mod secrets;
pub mod warm;
