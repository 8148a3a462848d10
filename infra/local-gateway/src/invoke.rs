//! Invoking a function with an event, the way Lambda would.
//!
//! In-process is the default: every function shares one process and its clients, and a
//! request costs no process hop. Remote posts the event to a Lambda invoke endpoint
//! (`cargo lambda watch` serves one on :9000), so the real binaries answer.

use lambda_http::{Request, Service, request::LambdaRequest, service_fn};
use lambda_runtime::{Context, LambdaEvent};
use serde_json::Value;
use std::{collections::HashMap, convert::Infallible, path::PathBuf, sync::Arc};
use tokio::sync::Mutex;

use crate::hosted::{Clients, Hosted, functions};
use crate::invoked;
use crate::lambda::FunctionProcess;

use studio::http::ws::WsRequest;
use studio::telemetry::Telemetry;

/// An invocation that did not produce a function result.
#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    #[error("no function is named {0:?}")]
    UnknownFunction(String),
    #[error("the event is not one the function accepts: {0}")]
    BadEvent(#[from] serde_json::Error),
    #[error("the invoke endpoint could not be reached: {0}")]
    Unreachable(String),
    #[error("the function failed: {0}")]
    FunctionError(String),
}

/// How the gateway runs functions.
#[derive(Clone)]
pub enum Invoker {
    /// Calls the handlers in this process.
    InProcess(Arc<InProcess>),
    /// Posts events to a Lambda invoke endpoint such as `http://127.0.0.1:9000`.
    Remote {
        endpoint: String,
        client: reqwest::Client,
    },
    /// Runs each function's own binary from a directory, started on first use.
    Binaries(Arc<Binaries>),
}

/// Function binaries started on demand, each behind its own Runtime API.
pub struct Binaries {
    dir: PathBuf,
    env: Vec<(String, String)>,
    running: Mutex<HashMap<String, Arc<FunctionProcess>>>,
}

/// The suite's functions hosted in this process.
pub struct InProcess {
    functions: HashMap<&'static str, Hosted>,
}

impl Invoker {
    /// An in-process invoker whose functions share `clients` and `telemetry`.
    pub fn in_process(clients: Clients, telemetry: Telemetry) -> Self {
        let functions = functions(Arc::new(clients), &telemetry);
        Self::InProcess(Arc::new(InProcess { functions }))
    }

    /// An invoker that posts to `endpoint`.
    pub fn remote(endpoint: &str) -> Self {
        Self::Remote {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            client: reqwest::Client::new(),
        }
    }

    /// An invoker that runs the binaries in `dir` (such as `target/debug`) with the
    /// gateway's environment plus `env`.
    pub fn binaries(dir: PathBuf, env: Vec<(String, String)>) -> Self {
        Self::Binaries(Arc::new(Binaries {
            dir,
            env,
            running: Mutex::default(),
        }))
    }

    /// Checks that this invoker can run `function` at all: in-process, that it is one of
    /// the suite's functions; from binaries, that its binary exists.
    pub fn check(&self, function: &str) -> Result<(), InvokeError> {
        match self {
            Self::InProcess(local) => local.function(function).map(|_| ()),
            Self::Remote { .. } => Ok(()),
            Self::Binaries(b) if b.dir.join(function).is_file() => Ok(()),
            Self::Binaries(b) => Err(InvokeError::Unreachable(format!(
                "no binary {} (build it with cargo build -p studio-functions)",
                b.dir.join(function).display()
            ))),
        }
    }

    /// Invokes an HTTP function with an API Gateway event; returns its result document.
    pub async fn invoke_http(&self, function: &str, event: Value) -> Result<Value, InvokeError> {
        invoked::record(function);
        match self {
            Self::InProcess(local) => local.invoke_http(function, event).await,
            Self::Remote { endpoint, client } => invoke_remote(client, endpoint, function, &event).await,
            Self::Binaries(binaries) => binaries.invoke(function, event).await,
        }
    }
}

impl Binaries {
    /// The running process of `function`, started (or restarted after a crash) as needed.
    pub async fn process(&self, function: &str) -> Result<Arc<FunctionProcess>, InvokeError> {
        let mut running = self.running.lock().await;
        if let Some(process) = running.get(function)
            && process.is_running().await
        {
            return Ok(process.clone());
        }
        let process = FunctionProcess::start(&self.dir.join(function), function, &self.env)
            .await
            .map_err(|e| InvokeError::Unreachable(e.to_string()))?;
        let process = Arc::new(process);
        running.insert(function.to_owned(), process.clone());
        Ok(process)
    }

    async fn invoke(&self, function: &str, event: Value) -> Result<Value, InvokeError> {
        let process = self.process(function).await?;
        process.invoke(event).await.map_err(InvokeError::FunctionError)
    }
}

impl Invoker {
    /// Invokes a WebSocket function with an API Gateway WebSocket event; returns its
    /// result document.
    pub async fn invoke_ws(&self, function: &str, event: Value) -> Result<Value, InvokeError> {
        invoked::record(function);
        match self {
            Self::InProcess(local) => local.invoke_ws(function, event).await,
            Self::Remote { endpoint, client } => invoke_remote(client, endpoint, function, &event).await,
            Self::Binaries(binaries) => binaries.invoke(function, event).await,
        }
    }

    /// Invokes an authorizer with its event; returns its answer, or the failure
    /// (`Unauthorized`, for one) as [`InvokeError::FunctionError`].
    pub async fn invoke_json(&self, function: &str, event: Value) -> Result<Value, InvokeError> {
        invoked::record(function);
        match self {
            Self::InProcess(local) => local.invoke_json(function, event).await,
            Self::Remote { endpoint, client } => invoke_remote(client, endpoint, function, &event).await,
            Self::Binaries(binaries) => binaries.invoke(function, event).await,
        }
    }
}

impl InProcess {
    async fn invoke_json(&self, name: &str, event: Value) -> Result<Value, InvokeError> {
        let Hosted::Json(call) = self.function(name)? else {
            return Err(InvokeError::FunctionError(format!("{name} is not an authorizer")));
        };
        call(event).await.map_err(InvokeError::FunctionError)
    }

    fn function(&self, name: &str) -> Result<&Hosted, InvokeError> {
        self.functions
            .get(name)
            .ok_or_else(|| InvokeError::UnknownFunction(name.to_owned()))
    }

    async fn invoke_ws(&self, name: &str, event: Value) -> Result<Value, InvokeError> {
        let Hosted::Ws(call) = self.function(name)? else {
            return Err(InvokeError::FunctionError(format!(
                "{name} is not a WebSocket function"
            )));
        };
        let request: WsRequest = serde_json::from_value(event)?;
        Ok(serde_json::to_value(call(request).await)?)
    }

    async fn invoke_http(&self, name: &str, event: Value) -> Result<Value, InvokeError> {
        let Hosted::Http(call) = self.function(name)? else {
            return Err(InvokeError::FunctionError(format!(
                "{name} is not an HTTP function"
            )));
        };
        // lambda_http's own adapter turns the event into a request and the response into
        // the API Gateway result, exactly as under the Lambda runtime.
        let request: LambdaRequest = serde_json::from_value(event)?;
        let handler = service_fn(|req: Request| async move { Ok::<_, Infallible>(call(req).await) });
        let mut adapter = lambda_http::Adapter::from(handler);
        let Ok(response) = adapter.call(LambdaEvent::new(request, Context::default())).await;
        Ok(serde_json::to_value(response)?)
    }
}

async fn invoke_remote(
    client: &reqwest::Client,
    endpoint: &str,
    function: &str,
    event: &Value,
) -> Result<Value, InvokeError> {
    let url = format!("{endpoint}/2015-03-31/functions/{function}/invocations");
    let response = client
        .post(url)
        .json(event)
        .send()
        .await
        .map_err(|e| InvokeError::Unreachable(e.to_string()))?;
    let failed = response.headers().contains_key("x-amz-function-error") || !response.status().is_success();
    let body = response
        .bytes()
        .await
        .map_err(|e| InvokeError::Unreachable(e.to_string()))?;
    if failed {
        return Err(InvokeError::FunctionError(
            String::from_utf8_lossy(&body).into_owned(),
        ));
    }
    Ok(serde_json::from_slice(&body)?)
}
