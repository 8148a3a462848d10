//! `/api/arrangement`: a session's song (docs/arrangement.md).

pub mod answer;
mod edit;
mod get;
pub(crate) mod input;

pub(crate) use edit::author;
pub use edit::edit;
pub use get::{ChangesPage, DEFAULT_CHANGES, MAX_CHANGES, get};
pub(crate) use get::{unknown_version, version_param};
