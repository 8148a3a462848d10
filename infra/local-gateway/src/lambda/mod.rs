//! Running the real function binaries locally behind a Lambda Runtime API.

mod process;
mod runtime_api;
mod tls_proxy;

pub use process::{FunctionProcess, Output};
pub use runtime_api::{Outcome, RuntimeApi};
pub use tls_proxy::TlsProxy;
