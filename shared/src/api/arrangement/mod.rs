//! `/api/arrangement`: a session's song (docs/arrangement.md).

pub mod answer;
mod get;
mod input;

pub use get::get;
