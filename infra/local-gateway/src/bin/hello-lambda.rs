//! The smallest `lambda_runtime` function: echoes its event. Built with the studio's
//! release profile, it is the baseline the cold-start benchmark compares functions with.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        Ok::<_, Error>(event.payload)
    }))
    .await
}
