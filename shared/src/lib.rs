//! Omnisonic Studio: the library every function of the suite is built on.
//!
//! - [`domain`]: values that check themselves (every id, session names, presence, paging);
//! - [`sessions`], [`media`], [`realtime`], [`arrangement`], [`comments`]: each feature with the ports it is kept behind;
//! - [`adapters`]: those ports on Postgres, DynamoDB, S3, `@connections` and memory;
//! - [`api`]: one entry point per HTTP route and WebSocket event; [`pages`]: the HTML;
//! - [`http`], [`error`]: reading requests, and how errors answer themselves;
//! - [`idempotency`]: keys that make a create answer once and replay that answer;
//! - [`docs`]: the contract documents as served, and the `/docs` page rendered from them;
//! - [`settings`]: the one place the environment is read;
//! - [`runtime`], [`telemetry`]: the Lambda loop and traces;
//! - `openapi` (feature `openapi`): the HTTP contract as an OpenAPI 3.1 document;
//! - `asyncapi` (feature `asyncapi`): the realtime contract as an AsyncAPI 3.0 document.
//!
//! Each function binary wires what it uses from these parts in its own `main`.

pub mod access;
pub mod adapters;
pub mod api;
pub mod arrangement;
#[cfg(feature = "asyncapi")]
pub mod asyncapi;
pub mod comments;
pub mod docs;
pub mod domain;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod idempotency_seal;
pub mod media;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod pages;
pub mod realtime;
pub mod runtime;
pub mod sessions;
pub mod settings;
pub mod store;
pub mod telemetry;
