//! The `/v1` parity routes: the seed's FastAPI service, mirrored path for path, body for
//! body, with FastAPI's 422 validation shape, so its clients work unchanged.

mod sessions;

pub use sessions::{create, list};
