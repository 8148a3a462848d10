//! Hosting the suite's functions in this process, over one set of shared clients.

mod clients;
mod table;

pub use clients::Clients;
pub use table::{Hosted, functions};
