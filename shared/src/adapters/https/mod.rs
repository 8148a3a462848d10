//! The functions' one HTTP/1.1 client stack (hyper, rustls on ring): the AWS SDK's
//! connector and the few calls made without an SDK client.

mod client;
mod sdk;
mod tls;

pub use client::{HttpsClient, HttpsError};
pub use sdk::SdkHttpClient;
pub use tls::{pooled, provider, tls_config};
