//! Omnisonic Studio: the library every function of the suite is built on.
//!
//! - [`domain`]: values that check themselves (session names, ids, paging);
//! - [`store`] and [`db`]: the ports handlers use and their Postgres/in-memory adapters;
//! - [`api`]: one handler per route; [`functions`]: the suite's names and dispatch;
//! - [`http`], [`error`]: request reading and the error envelope;
//! - [`pages`]: the server-rendered pages;
//! - [`realtime`]: presence, WebSocket connections and the room fan-out;
//! - [`telemetry`], [`runtime`], [`config`]: traces, the Lambda entry point, settings.

pub mod api;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod functions;
pub mod http;
pub mod media;
pub mod pages;
pub mod realtime;
pub mod runtime;
pub mod store;
pub mod telemetry;

pub use error::ApiError;
pub use functions::{FunctionName, Resources};
