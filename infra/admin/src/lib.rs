//! Omnisonic Studio's admin tasks, kept out of the library every route ships with:
//! create and migrate the database, create the realtime tables. The `studio-admin`
//! binary runs them for the scripts, the `migrate` Lambda function runs the migrations
//! during a deploy (as a CloudFormation custom resource), and the tests call them
//! directly.

pub mod cloudformation;
pub mod deploy;
pub mod migrate;
pub mod tables;
