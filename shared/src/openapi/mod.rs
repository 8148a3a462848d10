//! The HTTP contract as an OpenAPI 3.1 document, generated from the handlers' own types
//! (`studio-admin contract openapi` writes `docs/openapi.json`; a test keeps that file
//! equal to this). Only with the `openapi` feature: the functions serve the committed file.

mod answers;
mod document;
mod paths;
mod requests;
mod schemas;

pub use document::{document, to_json};
