//! Omnisonic Studio's admin tasks, kept out of the library that ships to Lambda: create
//! and migrate the database, create the realtime tables. The `studio-admin` binary runs
//! them for the scripts; the tests call them directly.

pub mod migrate;
pub mod tables;
