//! Hosting the suite's functions in this process, over one set of shared clients.

mod clients;
mod lagging;
mod table;

pub use clients::Clients;
pub use lagging::LaggingIndex;
pub use table::{Hosted, functions};
