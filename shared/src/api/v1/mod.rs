//! The `/v1` FastAPI parity routes.

mod error;
mod sessions;

pub use error::{Detail, ParityError};
pub use sessions::{create, list};
