//! `/api/arrangement`: a session's song (docs/arrangement.md).

pub mod answer;
mod edit;
mod get;
mod input;

pub use edit::edit;
pub use get::{ChangesPage, DEFAULT_CHANGES, MAX_CHANGES, get};
