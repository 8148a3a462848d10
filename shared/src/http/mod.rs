//! HTTP plumbing shared by every HTTP function.

mod request;
mod response;
pub mod ws;

pub use request::{BodyError, MAX_JSON_BODY, json_object, json_object_untyped, query};
pub use response::{Response, created, json_response, ok};
